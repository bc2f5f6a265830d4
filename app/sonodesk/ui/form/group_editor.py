"""Repeatable sub-forms (inputs_array): numbered row cards with Add, Remove and Move up/down.

Each row is a FieldGrid of editors built from ``spec.children`` by the registry, with paths
such as ``sections[2].bars``; errors at those paths land on the right row's editor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.schema import default_row, initial_value, parse_path
from sonodesk.core.schema.editor_hints import row_noun
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.field_grid import FieldGrid, label_width_for
from sonodesk.ui.form.labels import ErrorLabel, MutedLabel


class RowCard(QWidget):
    """One row: a header ("Section 2" and its buttons) over a compact grid of fields."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupRow")
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 8, 10)
        column.setSpacing(6)
        header = QHBoxLayout()
        header.setSpacing(2)
        self.title = QLabel(title, self)
        self.title.setFont(style.scaled_font(self.title.font(), 0.92, bold=True))
        header.addWidget(self.title)
        header.addStretch(1)
        column.addLayout(header)
        # Created before the buttons so Tab visits the fields first, then Move and Remove.
        self.grid = FieldGrid(self, row_spacing=6)
        column.addWidget(self.grid)
        self.error_label = ErrorLabel(self)
        self.error_label.hide()
        column.addWidget(self.error_label)
        self.up_button = self._tool("up", "Move up")
        self.down_button = self._tool("down", "Move down")
        self.remove_button = self._tool("remove", "Remove")
        for button in (self.up_button, self.down_button, self.remove_button):
            header.addWidget(button)

    def _tool(self, icon_name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setIcon(style.icon(icon_name))
        button.setAutoRaise(True)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        return button

    def set_title(self, title: str) -> None:
        self.title.setText(title)
        self.up_button.setAccessibleName(f"Move {title.lower()} up")
        self.down_button.setAccessibleName(f"Move {title.lower()} down")
        self.remove_button.setAccessibleName(f"Remove {title.lower()}")

    def set_row_error(self, message: str | None) -> None:
        self.error_label.setText(message or "")
        self.error_label.setVisible(bool(message))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        pen = QPen(style.border_color(palette))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(style.subtle_fill(palette))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, style.RADIUS, style.RADIUS)
        painter.end()


class GroupListEditor(FieldEditor):
    """GROUP_LIST fields. ``value()`` is a list of ``{child name: value}`` rows."""

    wide = True
    outline_errors = False

    def _build(self) -> None:
        first = self.spec.children[0].label if self.spec.children else None
        self.noun = row_noun(self.spec.label, first)
        self.cards: list[RowCard] = []
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(0, 0, 0, 0)
        self.rows_layout.setSpacing(6)
        column.addLayout(self.rows_layout)
        footer = QHBoxLayout()
        self.add_button = QPushButton(style.icon("add"), f"Add {self.noun}", self)
        self.add_button.setObjectName("addRowButton")
        self.add_button.setAccessibleName(f"Add {self.noun} to {self.spec.label}")
        self.add_button.clicked.connect(self.add_row)
        footer.addWidget(self.add_button)
        footer.addStretch(1)
        self.count_label = MutedLabel("", self)
        footer.addWidget(self.count_label)
        column.addLayout(footer)
        self.body.addLayout(column, 1)
        self.setFocusProxy(self.add_button)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._refresh_controls()

    def help_text(self) -> str:
        return self.spec.hint

    # -- value -------------------------------------------------------------------------------

    def value(self) -> list[dict[str, Any]]:
        return [self._row_value(card) for card in self.cards]

    @staticmethod
    def _row_value(card: RowCard) -> dict[str, Any]:
        return {editor.spec.name: editor.value() for editor in card.grid.editors()}

    def _apply(self, value: Any) -> None:
        rows = (
            [row for row in value if isinstance(row, Mapping)]
            if isinstance(value, list | tuple)
            else []
        )
        while len(self.cards) > len(rows):
            self._drop_last_card()
        while len(self.cards) < len(rows):
            self._append_card()
        for card, row in zip(self.cards, rows, strict=True):
            self._fill(card, row)
        self._refresh_controls()

    def _fill(self, card: RowCard, row: Mapping[str, Any]) -> None:
        for editor in card.grid.editors():
            name = editor.spec.name
            editor.set_value(row[name] if name in row else initial_value(editor.spec))
        card.grid.update_required(self._row_value(card))

    # -- rows --------------------------------------------------------------------------------

    def _append_card(self) -> RowCard:
        index = len(self.cards)
        card = RowCard(self._title(index), self)
        registry = self.context.registry
        if registry is None:
            # Imported here: the registry module imports this one.
            from sonodesk.ui.form.editor_registry import default_registry

            registry = default_registry()
        for child in self.spec.children:
            editor = registry.create(
                child, path=f"{self.path}[{index}].{child.name}", context=self.context
            )
            card.grid.add_editor(editor)
            editor.sig_changed.connect(lambda c=card: self._on_child_changed(c))
            editor.sig_preview_requested.connect(self.sig_preview_requested)
        card.grid.set_label_width(label_width_for([card.grid]))
        card.up_button.clicked.connect(
            lambda _=False, c=card: self.move_row(self.cards.index(c), -1)
        )
        card.down_button.clicked.connect(
            lambda _=False, c=card: self.move_row(self.cards.index(c), 1)
        )
        card.remove_button.clicked.connect(
            lambda _=False, c=card: self.remove_row(self.cards.index(c))
        )
        self.rows_layout.addWidget(card)
        self.cards.append(card)
        return card

    def _drop_last_card(self) -> None:
        card = self.cards.pop()
        card.hide()
        card.deleteLater()

    def _title(self, index: int) -> str:
        return f"{self.noun[:1].upper()}{self.noun[1:]} {index + 1}"

    def _refresh_controls(self) -> None:
        limit = self.spec.max_length
        count = len(self.cards)
        self.add_button.setEnabled(limit is None or count < limit)
        self.count_label.setText(f"{count} of {limit}" if limit is not None else "")
        for index, card in enumerate(self.cards):
            card.set_title(self._title(index))
            card.up_button.setEnabled(index > 0)
            card.down_button.setEnabled(index < count - 1)

    def add_row(self) -> None:
        """Append a row with the sub-fields' defaults and put the cursor in it."""
        limit = self.spec.max_length
        if limit is not None and len(self.cards) >= limit:
            return
        card = self._append_card()
        self._quiet += 1
        try:
            self._fill(card, default_row(self.spec))
        finally:
            self._quiet -= 1
        self._refresh_controls()
        editors = card.grid.editors()
        if editors:
            editors[0].focus_editor()
        self._user_changed()

    def remove_row(self, index: int) -> None:
        if not 0 <= index < len(self.cards):
            return
        rows = self.value()
        del rows[index]
        self.set_value(rows)
        if self.cards:
            self.cards[min(index, len(self.cards) - 1)].remove_button.setFocus()
        else:
            self.add_button.setFocus()
        self._user_changed()

    def move_row(self, index: int, step: int) -> None:
        target = index + step
        if not (0 <= index < len(self.cards) and 0 <= target < len(self.cards)):
            return
        rows = self.value()
        rows[index], rows[target] = rows[target], rows[index]
        self.set_value(rows)  # same shape, so the cards stay and only their values swap
        button = self.cards[target].up_button if step < 0 else self.cards[target].down_button
        (button if button.isEnabled() else self.cards[target].remove_button).setFocus()
        self._user_changed()

    def _on_child_changed(self, card: RowCard) -> None:
        card.grid.update_required(self._row_value(card))
        self._user_changed()

    # -- errors and nesting ------------------------------------------------------------------

    def nested_editors(self) -> list[FieldEditor]:
        return [editor for card in self.cards for editor in card.grid.editors()]

    def editor_at(self, path: str) -> FieldEditor | None:
        if path == self.path:
            return self
        for editor in self.nested_editors():
            if path == editor.path or path.startswith((editor.path + ".", editor.path + "[")):
                return editor.editor_at(path)
        return None

    def route_error(self, path: str, message: str) -> bool:
        target = self.editor_at(path)
        if target is not None and target is not self:
            return target.route_error(path, message)
        if target is self:
            self.set_error(message)
            return True
        parts = parse_path(path)
        index = parts[-1] if parts and isinstance(parts[-1], int) else None
        if index is not None and 0 <= index < len(self.cards):
            self.cards[index].set_row_error(message)  # about the row as a whole
            return True
        return False

    def clear_errors(self) -> None:
        super().clear_errors()
        for card in self.cards:
            card.set_row_error(None)
        for editor in self.nested_editors():
            editor.clear_errors()
