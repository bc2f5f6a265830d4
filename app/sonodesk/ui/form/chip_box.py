"""An input-looking box of removable chips with a trailing text entry (tags, number lists).

Enter or a comma turns the typed text into chips, Backspace on an empty entry removes the
last chip, clicking a chip removes it. Parsing each entry is the owner's job (``parse``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QLineEdit, QSizePolicy, QWidget

from sonodesk.ui.form import style
from sonodesk.ui.form.chips import ChipButton, FlowLayout

# Turns typed text into items, or raises ValueError with the message to show.
Parser = Callable[[str], list[object]]


class ChipBox(QWidget):
    """Chips plus an entry. ``sig_items_changed`` fires when the user adds or removes one."""

    sig_items_changed = Signal()
    sig_entry_error = Signal(str)  # "" clears
    sig_count_changed = Signal()  # also on programmatic changes (for counters)

    def __init__(
        self,
        parse: Parser,
        render: Callable[[object], str],
        *,
        max_items: int | None = None,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._parse = parse
        self._render = render
        self._max = max_items
        self._placeholder = placeholder
        self._items: list[object] = []
        self._chips: list[ChipButton] = []
        self._invalid_items: set[int] = set()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.flow = FlowLayout(self, spacing=5, stretch_last=True)
        self.flow.setContentsMargins(5, 4, 5, 4)
        self.entry = QLineEdit(self)
        self.entry.setFrame(False)
        self.entry.setMinimumWidth(90)
        # As tall as a chip, so an empty box and a filled one have the same height.
        self.entry.setFixedHeight(ChipButton("x").sizeHint().height())
        self.entry.setPlaceholderText(placeholder)
        self.entry.setAttribute(Qt.WidgetAttribute.WA_MacShowFocusRect, False)
        self.entry.installEventFilter(self)
        self.entry.returnPressed.connect(self.commit_entry)
        self.entry.textEdited.connect(self._on_text_edited)
        self.entry.editingFinished.connect(self._on_editing_finished)
        self.flow.addWidget(self.entry)
        self.setFocusProxy(self.entry)

    # -- items -------------------------------------------------------------------------------

    def items(self) -> list[object]:
        return list(self._items)

    def count(self) -> int:
        return len(self._items)

    def set_items(self, items: list[object]) -> None:
        for chip in self._chips:
            chip.deleteLater()
        self._chips = []
        self._items = []
        for item in items:
            self._append(item)
        self._refresh_entry()
        self.sig_count_changed.emit()

    def pending_text(self) -> str:
        return self.entry.text().strip()

    def mark_invalid(self, indexes: set[int]) -> None:
        self._invalid_items = set(indexes)
        for index, chip in enumerate(self._chips):
            chip.set_invalid(index in self._invalid_items)

    def _append(self, item: object) -> None:
        chip = ChipButton(self._render(item), self, removable=True)
        chip.clicked.connect(lambda _checked=False, c=chip: self._remove_chip(c))
        self.flow.insertWidget(len(self._chips), chip)
        chip.show()
        self._chips.append(chip)
        self._items.append(item)

    def _remove_chip(self, chip: ChipButton) -> None:
        if chip not in self._chips:
            return
        index = self._chips.index(chip)
        self._chips.pop(index)
        self._items.pop(index)
        chip.deleteLater()
        self._refresh_entry()
        self.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_items_changed.emit()

    def _full(self) -> bool:
        return self._max is not None and len(self._items) >= self._max

    def _refresh_entry(self) -> None:
        full = self._full()
        self.entry.setPlaceholderText(
            f"Up to {self._max}" if full else (self._placeholder if not self._items else "")
        )
        self.entry.setReadOnly(full)
        self.updateGeometry()

    # -- typing ------------------------------------------------------------------------------

    def commit_entry(self) -> bool:
        """Turn the entry's text into chips; False (and an error) when it cannot be read."""
        text = self.entry.text().strip()
        if not text:
            return True
        try:
            parsed = self._parse(text)
        except ValueError as exc:
            self.sig_entry_error.emit(str(exc))
            return False
        added = False
        for item in parsed:
            if item in self._items:
                continue
            if self._full():
                self.sig_entry_error.emit(f"Up to {self._max} items.")
                break
            self._append(item)
            added = True
        self.entry.clear()
        self.sig_entry_error.emit("")
        self._refresh_entry()
        if added:
            self.sig_items_changed.emit()
        return True

    def _on_text_edited(self, text: str) -> None:
        if text.endswith((",", ";")):
            self.entry.setText(text[:-1])
            self.commit_entry()
        else:
            self.sig_entry_error.emit("")

    def _on_editing_finished(self) -> None:
        if not self.entry.hasFocus():
            self.commit_entry()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.entry and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() == Qt.Key.Key_Backspace and not self.entry.text() and self._chips:
                self._remove_chip(self._chips[-1])
                return True
        if watched is self.entry and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return super().eventFilter(watched, event)

    # -- looks -------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        focused = self.entry.hasFocus()
        pen = QPen(style.accent_color(palette) if focused else style.border_color(palette))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(palette.color(palette.ColorRole.Base))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, 4, 4)
        painter.end()
