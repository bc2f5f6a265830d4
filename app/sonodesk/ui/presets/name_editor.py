"""A one-line inline editor for a preset's name: Enter or ✓ confirms, Esc or ✕ cancels.

Non-modal by construction (it is a row, not a dialog). Knows nothing about presets: it emits
the typed text and the caller decides whether the name can be used.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QToolButton, QWidget

from sonodesk.core.presets.model import MAX_NAME
from sonodesk.ui.form import style


class NameEditor(QWidget):
    """``sig_accepted(text)`` on confirm (the editor stays until the caller calls ``finish``)."""

    sig_accepted = Signal(str)
    sig_cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetNameEditor")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.line = QLineEdit(self, objectName="presetNameEdit")
        self.line.setMaxLength(MAX_NAME)
        self.line.setClearButtonEnabled(False)
        self.line.returnPressed.connect(self.accept)
        self.line.installEventFilter(self)
        self.line.textChanged.connect(self._on_text_changed)
        self.ok_button = _tool(self, "check", "Save the name (Enter)", "presetNameOk")
        self.ok_button.clicked.connect(self.accept)
        self.cancel_button = _tool(self, "close", "Cancel (Esc)", "presetNameCancel")
        self.cancel_button.clicked.connect(self.cancel)
        row.addWidget(self.line, 1)
        row.addWidget(self.ok_button)
        row.addWidget(self.cancel_button)

    def start(self, text: str, placeholder: str) -> None:
        """Show the editor holding ``text`` (selected), ready to type."""
        self.line.setText(text)
        self.line.setPlaceholderText(placeholder)
        self.line.setAccessibleName(placeholder)
        self.line.selectAll()
        self.show()
        self.line.setFocus()
        self._on_text_changed(text)

    def text(self) -> str:
        return self.line.text()

    def accept(self) -> None:
        if self.line.text().strip():
            self.sig_accepted.emit(self.line.text())

    def cancel(self) -> None:
        self.sig_cancelled.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.line
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            # Esc must cancel the name, not close the window the bar sits in.
            self.cancel()
            return True
        return super().eventFilter(watched, event)

    def _on_text_changed(self, text: str) -> None:
        self.ok_button.setEnabled(bool(text.strip()))


def _tool(parent: QWidget, icon_name: str, tip: str, name: str) -> QToolButton:
    button = QToolButton(parent, objectName=name)
    button.setIcon(style.icon(icon_name))
    button.setToolTip(tip)
    button.setAccessibleName(tip)
    button.setAutoRaise(True)
    return button
