"""The provider switcher: Sandbox / Scenario / AI/ML API as one segmented control.

A click on a set-up provider asks to switch to it (``sig_provider_chosen``); a click on one
with no key asks for the accounts dialog (``sig_setup_requested``). It switches nothing itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QToolButton, QWidget

from sonodesk.core.accounts import PROVIDER_IDS, ProviderStatus
from sonodesk.core.catalog.labels import provider_label
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.widgets.paint import with_alpha

_DOT = 8
_ICON = 12


class ProviderSwitcher(QWidget):
    sig_provider_chosen = Signal(str)  # a set-up provider other than the current one
    sig_setup_requested = Signal(str)  # a provider without a key: open the accounts dialog

    def __init__(
        self,
        statuses: Sequence[ProviderStatus] = (),
        current: str = "sandbox",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("providerSwitcher")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._statuses: dict[str, ProviderStatus] = {}
        self._current = current
        self._buttons: dict[str, QToolButton] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for number, provider_id in enumerate(PROVIDER_IDS):
            button = QToolButton(self)
            button.setObjectName(f"switch_{provider_id}")
            button.setText(provider_label(provider_id))
            button.setCheckable(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setIconSize(QSize(_ICON, _ICON))
            button.setFont(theme.scaled(button.font(), 0.9))
            last = len(PROVIDER_IDS) - 1
            button.setProperty(
                "segment", "first" if number == 0 else "last" if number == last else "middle"
            )
            button.clicked.connect(lambda _=False, p=provider_id: self._on_segment_clicked(p))
            self._buttons[provider_id] = button
            layout.addWidget(button)
        self.set_statuses(statuses)
        self._apply_style()

    # -- public API -------------------------------------------------------------------------

    def set_statuses(self, statuses: Sequence[ProviderStatus]) -> None:
        """What each provider's segment says (set up or not, and where the key is)."""
        self._statuses = {s.provider_id: s for s in statuses}
        self._refresh()

    def set_current(self, provider_id: str) -> None:
        """The provider the session uses now (the caller sets it after switching)."""
        self._current = provider_id
        self._refresh()

    def current(self) -> str:
        return self._current

    def button(self, provider_id: str) -> QToolButton:
        return self._buttons[provider_id]

    def is_configured(self, provider_id: str) -> bool:
        status = self._statuses.get(provider_id)
        # Without a summary only the sandbox is known to work.
        return status.configured if status is not None else provider_id == "sandbox"

    # -- behaviour --------------------------------------------------------------------------

    def _on_segment_clicked(self, provider_id: str) -> None:
        self._refresh()  # the click toggled the button; the current provider decides the check
        if provider_id == self._current:
            return
        if self.is_configured(provider_id):
            self.sig_provider_chosen.emit(provider_id)
        else:
            self.sig_setup_requested.emit(provider_id)

    def _refresh(self) -> None:
        for provider_id, button in self._buttons.items():
            configured = self.is_configured(provider_id)
            button.setChecked(provider_id == self._current)
            button.setIcon(self._marker(provider_id, configured))
            button.setToolTip(self._tooltip(provider_id, configured))
            button.setAccessibleName(
                f"{provider_label(provider_id)}, {'set up' if configured else 'not set up'}"
            )

    def _tooltip(self, provider_id: str, configured: bool) -> str:
        label = provider_label(provider_id)
        status = self._statuses.get(provider_id)
        detail = status.detail if status is not None else ""
        if provider_id == self._current:
            action = f"In use: {label}."
        elif configured:
            action = f"Click to switch to {label}."
        else:
            action = f"Click to add {'an' if label[0] in 'AEIOU' else 'a'} {label} key."
        return f"{action} {detail}".strip()

    def _marker(self, provider_id: str, configured: bool) -> QIcon:
        colors = theme.colors()
        if not configured:
            return icon("add", color=colors.muted)
        # The sandbox's dot is amber and a cloud account's green, as in the status badge.
        color = colors.accent if provider_id == "sandbox" else colors.success
        return _dot_icon(color, self.devicePixelRatioF())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()
            self._refresh()

    def _apply_style(self) -> None:
        colors = theme.colors()
        checked_fill = with_alpha(colors.accent, 0.16)
        fill = (
            f"rgba({checked_fill.red()}, {checked_fill.green()}, {checked_fill.blue()}, "
            f"{checked_fill.alpha()})"
        )
        radius = theme.RADIUS
        sheet = (
            "QToolButton { border: 1px solid palette(mid); background: palette(button);"
            " padding: 2px 9px 2px 7px; margin: 0; }"
            "QToolButton:hover { background: palette(midlight); }"
            f"QToolButton:checked {{ background: {fill}; border-color: {colors.accent.name()};"
            " font-weight: 600; }"
            'QToolButton[segment="first"] { border-top-left-radius: '
            f"{radius}px; border-bottom-left-radius: {radius}px; }}"
            'QToolButton[segment="middle"], QToolButton[segment="last"] { border-left: none; }'
            'QToolButton[segment="last"] { border-top-right-radius: '
            f"{radius}px; border-bottom-right-radius: {radius}px; }}"
        )
        if sheet != self.styleSheet():  # restyling raises PaletteChange again: stop there
            self.setStyleSheet(sheet)


def _dot_icon(color: QColor, ratio: float) -> QIcon:
    side = round(_ICON * max(1.0, ratio))
    pixmap = QPixmap(side, side)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)
    radius = _DOT * max(1.0, ratio) / 2
    painter.drawEllipse(QPointF(side / 2, side / 2), radius, radius)
    painter.end()
    pixmap.setDevicePixelRatio(max(1.0, ratio))
    return QIcon(pixmap)
