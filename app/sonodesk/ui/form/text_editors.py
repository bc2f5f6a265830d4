"""Editors for text: prompts and other long text (growing, counted), single lines, raw JSON.

They show and read text only; length limits are counted like the service counts them (UTF-16
units, via core). No validation of the whole form.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeyEvent, QPalette, QResizeEvent, QTextCursor, QTextLayout
from PySide6.QtWidgets import QFrame, QLineEdit, QPlainTextEdit, QSizePolicy, QWidget

from sonodesk.core.schema import parse_json_text
from sonodesk.core.schema.validate import text_length
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.labels import MutedLabel


class GrowingTextEdit(QPlainTextEdit):
    """A plain-text box that grows with its content between ``min_lines`` and ``max_lines``.

    Tab moves the focus on (forms are navigated with Tab); Ctrl+Enter is left to the window's
    Generate shortcut instead of inserting a line break.
    """

    def __init__(self, min_lines: int = 3, max_lines: int = 10, parent: QWidget | None = None):
        super().__init__(parent)
        self._min_lines = min_lines
        self._max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.textChanged.connect(self._fit)
        self._fit()

    def _lines(self) -> int:
        # QPlainTextEdit lays out only what it shows, so count wrapped lines here, stopping
        # once the maximum is reached (cheap even for a 40,000-character script).
        document = self.document()
        width = self.viewport().width() - 2 * document.documentMargin()
        option = document.defaultTextOption()
        lines = 0
        block = document.begin()
        while block.isValid() and lines < self._max_lines:
            layout = QTextLayout(block.text(), self.font())
            layout.setTextOption(option)
            layout.beginLayout()
            count = 0
            while lines + count < self._max_lines:
                line = layout.createLine()
                if not line.isValid():
                    break
                line.setLineWidth(max(1.0, width))
                count += 1
            layout.endLayout()
            lines += max(1, count)
            block = block.next()
        return max(self._min_lines, min(self._max_lines, lines))

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        doc_margin = round(self.document().documentMargin())
        return (
            lines * self.fontMetrics().lineSpacing()
            + 2 * doc_margin
            + margins.top()
            + margins.bottom()
            + 2
        )

    def _fit(self) -> None:
        height = self._height_for(self._lines())
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(self._lines()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # a new width re-wraps the text

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ctrl = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if ctrl and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.ignore()  # let the panel's Generate action have it
            return
        super().keyPressEvent(event)


class LongTextEditor(FieldEditor):
    """Multi-line text (prompts, lyrics, scripts) with a live "312 / 500" counter."""

    wide = True

    def _build(self) -> None:
        nested = "[" in self.path  # inside a row card: keep rows compact
        min_lines = 4 if self.spec.prompt else 2 if nested else 3
        self.edit = GrowingTextEdit(min_lines=min_lines, max_lines=12, parent=self)
        self.edit.setPlaceholderText(self.spec.placeholder)
        self.edit.setAccessibleName(self.spec.label)
        self.body.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.counter = MutedLabel(parent=self)
        self.counter.setObjectName("charCounter")
        self.counter.setVisible(self.spec.max_length is not None)
        self.add_footer_widget(self.counter)
        self.edit.textChanged.connect(self._on_text_changed)
        self._update_counter()

    def help_text(self) -> str:
        return self.spec.hint  # the counter already states the limit

    def _on_text_changed(self) -> None:
        self._update_counter()
        self._user_changed()

    def _update_counter(self) -> None:
        limit = self.spec.max_length
        if limit is None:
            return
        count = text_length(self.edit.toPlainText())
        self.counter.setText(f"{count} / {limit}")
        over = count > limit
        palette = QPalette(self.palette())
        color = style.error_color(palette) if over else style.muted_color(palette)
        palette.setColor(QPalette.ColorRole.WindowText, color)
        palette.setColor(QPalette.ColorRole.PlaceholderText, color)
        self.counter.setPalette(palette)
        self.counter.setProperty("over", over)

    def counter_text(self) -> str:
        return self.counter.text()

    def counter_over_limit(self) -> bool:
        return bool(self.counter.property("over"))

    def value(self) -> str | None:
        text = self.edit.toPlainText()
        return text if text else None

    def _apply(self, value: Any) -> None:
        self.edit.setPlainText("" if value is None else str(value))
        self.edit.moveCursor(QTextCursor.MoveOperation.End)  # typing continues the text


class TextEditor(FieldEditor):
    """A single line of text."""

    def _build(self) -> None:
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.spec.placeholder)
        self.edit.setAccessibleName(self.spec.label)
        style.tidy_clear_button(self.edit)
        self.body.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(lambda _text: self._user_changed())

    def value(self) -> str | None:
        return self.edit.text() or None

    def _apply(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))


class JsonEditor(FieldEditor):
    """Any type the form does not know, edited as JSON text (checked as the user types)."""

    wide = True

    def _build(self) -> None:
        self.edit = GrowingTextEdit(min_lines=3, max_lines=14, parent=self)
        self.edit.setFont(style.monospace_font(self.edit.font()))
        self.edit.setPlaceholderText(self.spec.placeholder or 'JSON, e.g. {"key": "value"}')
        self.edit.setFrameShape(QFrame.Shape.StyledPanel)
        self.edit.setAccessibleName(self.spec.label)
        self.body.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self.edit.textChanged.connect(self._on_text_changed)

    def help_text(self) -> str:
        return self.spec.hint or "Edited as JSON: this setting's type is new to Sonodesk."

    def _parsed(self) -> tuple[Any, str | None]:
        text = self.edit.toPlainText()
        if not text.strip():
            return None, None
        try:
            return parse_json_text(text), None
        except ValueError as exc:
            return None, str(exc)

    def _on_text_changed(self) -> None:
        self.set_local_error(self._parsed()[1])
        self._user_changed()

    def value(self) -> Any:
        return self._parsed()[0]

    def _apply(self, value: Any) -> None:
        text = "" if value is None else json.dumps(value, indent=2, ensure_ascii=False)
        self.edit.setPlainText(text)
        self.set_local_error(None)
