"""The small window shown while the session opens (the embedded sandbox can take a second).

Shows a logo, a status line and a busy bar; emits ``sig_closed`` when the user closes it.
Knows nothing about what is being started.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

from sonodesk.ui import theme
from sonodesk.ui.icons import app_icon
from sonodesk.ui.widgets.common import muted_label


class StartupWindow(QWidget):
    sig_closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("startupWindow")
        self._finished = False
        self.setWindowTitle("Sonodesk")
        self.setWindowIcon(app_icon())
        self.setFixedSize(QSize(360, 220))

        logo = QLabel(self)
        logo.setPixmap(app_icon().pixmap(QSize(64, 64), self.devicePixelRatioF()))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        title = QLabel("Sonodesk", self)
        title.setFont(theme.scaled(title.font(), 1.5, bold=True))
        title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status = muted_label("Starting…", self)
        self.status.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.status.setWordWrap(True)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)
        self.busy.setTextVisible(False)
        self.busy.setFixedHeight(4)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(theme.SPACING)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addWidget(self.busy)

    def set_status(self, text: str) -> None:
        self.status.setText(text)

    def finish(self) -> None:
        """Close because start-up is over (not a user request to quit)."""
        self._finished = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        if event.isAccepted() and not self._finished:
            self.sig_closed.emit()
