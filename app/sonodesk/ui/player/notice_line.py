"""NoticeLine: one line under the player for problems worth reading, most important first.

Shows and hides text only; where the problems come from is the PlayerWidget's business.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

# A dead output matters more than one unreadable file, which beats a device hint.
KINDS = ("output", "take", "info")


class NoticeLine(QFrame):
    """Keeps one message per kind (see ``KINDS``) and shows the most important; hidden if none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerNotice")
        self._messages: dict[str, str] = {}
        self._icon = QLabel()
        self._label = QLabel()
        self._label.setObjectName("noticeText")
        self._label.setWordWrap(True)
        self._label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.setSpacing(8)
        row.addWidget(self._icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self._label, 1)
        self.hide()

    def text(self) -> str:
        """The message shown ("" when hidden)."""
        return "" if self.isHidden() else self._label.text()

    def set_icon(self, icon: QIcon) -> None:
        self._icon.setPixmap(icon.pixmap(QSize(16, 16), self.devicePixelRatioF()))

    def set_message(self, kind: str, message: str | None) -> None:
        """Set (or with None/"" clear) the message of ``kind``."""
        if kind not in KINDS:
            raise ValueError(f"unknown notice kind {kind!r}")
        if message:
            self._messages[kind] = message
        else:
            self._messages.pop(kind, None)
        shown = next((self._messages[k] for k in KINDS if k in self._messages), None)
        if shown is None:
            self.hide()
            self._label.clear()
            return
        self._label.setText(shown)
        self.show()
