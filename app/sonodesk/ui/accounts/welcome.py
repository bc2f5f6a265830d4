"""The first-run welcome card: you are in the offline sandbox, and how to add a cloud key.

Only shows text and forwards two intents; whoever places it decides when it appears and
remembers that it was dismissed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from sonodesk.ui import theme
from sonodesk.ui.icons import app_icon, icon
from sonodesk.ui.widgets.paint import with_alpha

TITLE = "Welcome to Sonodesk"
BODY = (
    "You're in the offline sandbox: everything works, nothing is billed. "
    "Add a Scenario or AI/ML API key to use 50+ cloud models."
)
_LOGO = 44


class WelcomePanel(QFrame):
    """A card with the sandbox explanation, "Add an API key…" and "Got it"."""

    sig_add_key_requested = Signal()
    sig_dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcomePanel")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)

        logo = QLabel(self)
        logo.setObjectName("welcomeLogo")
        logo.setPixmap(app_icon().pixmap(QSize(_LOGO, _LOGO), self.devicePixelRatioF()))
        logo.setFixedSize(QSize(_LOGO, _LOGO))

        self.title = QLabel(TITLE, self)
        self.title.setObjectName("welcomeTitle")
        self.title.setFont(theme.scaled(self.title.font(), 1.2, bold=True))
        self.body = QLabel(BODY, self)
        self.body.setObjectName("welcomeBody")
        self.body.setWordWrap(True)

        self.add_key_button = QPushButton(
            icon("add", color=theme.colors().on_accent), "Add an API key…", self
        )
        self.add_key_button.setObjectName("welcomeAddKey")
        self.add_key_button.setDefault(True)
        self.dismiss_button = QPushButton("Got it", self)
        self.dismiss_button.setObjectName("welcomeDismiss")
        self.dismiss_button.setFlat(True)
        self.add_key_button.clicked.connect(self.sig_add_key_requested)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)

        buttons = QHBoxLayout()
        buttons.setSpacing(theme.SPACING)
        buttons.addWidget(self.add_key_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        text = QVBoxLayout()
        text.setSpacing(6)
        text.addWidget(self.title)
        text.addWidget(self.body)
        text.addSpacing(4)
        text.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(18, 16, 18, 16)
        layout.setSpacing(16)
        layout.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(text, 1)
        self._apply_style()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()  # the theme changed: the accent tint follows it

    def _apply_style(self) -> None:
        colors = theme.colors()
        border = _rgba(with_alpha(colors.accent, 0.45))
        fill = _rgba(with_alpha(colors.accent, 0.07))
        # The palette has no role for a tinted accent, so these two colours are computed.
        sheet = (
            f"QFrame#welcomePanel {{ background-color: {fill}; border: 1px solid {border};"
            f" border-radius: {theme.RADIUS + 4}px; }}"
            f"QPushButton#welcomeAddKey {{ background-color: {colors.accent.name()};"
            f" color: {colors.on_accent.name()}; border: none; border-radius: {theme.RADIUS}px;"
            " padding: 6px 14px; font-weight: 600; }"
            "QPushButton#welcomeAddKey:hover { background-color: palette(highlight); }"
            f"QPushButton#welcomeDismiss {{ padding: 6px 12px; border-radius: {theme.RADIUS}px; }}"
        )
        if sheet != self.styleSheet():  # restyling raises PaletteChange again: stop there
            self.setStyleSheet(sheet)

    def _on_dismiss_clicked(self) -> None:
        self.hide()
        self.sig_dismissed.emit()


def _rgba(color: QColor) -> str:
    return f"rgba({color.red()}, {color.green()}, {color.blue()}, {color.alpha()})"
