"""Transport icons: the app's SVG set when present, else Qt's standard ones tinted to the palette.

Reads icons only; draws no widgets and keeps no state beyond what QIcon caches.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QStyle

log = logging.getLogger(__name__)

# Fallbacks, named by the app icon set's file names.
_STANDARD = {
    "play": QStyle.StandardPixmap.SP_MediaPlay,
    "pause": QStyle.StandardPixmap.SP_MediaPause,
    "stop": QStyle.StandardPixmap.SP_MediaStop,
    "loop": QStyle.StandardPixmap.SP_BrowserReload,
    "volume": QStyle.StandardPixmap.SP_MediaVolume,
    "volume-mute": QStyle.StandardPixmap.SP_MediaVolumeMuted,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
}
# Multicolour standard icons lose their shape when flattened to one colour.
_KEEP_COLOURS = frozenset({"loop", "warning"})
_SIZES = (16, 24, 32, 48)

IconFunction = Callable[..., QIcon]


def _app_icon_function() -> IconFunction | None:
    try:
        module = importlib.import_module("sonodesk.ui.icons")
    except ImportError:
        return None
    function = getattr(module, "icon", None)
    return function if callable(function) else None


def transport_icon(name: str, colour: QColor | None = None) -> QIcon:
    """The icon called ``name`` ("play", "pause", "stop", "loop", "volume", …).

    ``colour`` tints it (e.g. the text colour on an accent-filled button); by default it
    follows the palette's text colour.
    """
    app_icon = _app_icon_function()
    if app_icon is not None:
        try:
            found = app_icon(name) if colour is None else app_icon(name, color=colour)
        except (OSError, KeyError, ValueError) as exc:
            log.info("app icon %r unavailable (%s); using the standard one", name, exc)
        else:
            if not found.isNull():
                return found
    return _standard_icon(name, colour)


def toggle_icon(name: str, on_colour: QColor) -> QIcon:
    """``name`` in the text colour when off and in ``on_colour`` when checked."""
    return QIcon(_ByStateEngine(transport_icon(name), transport_icon(name, on_colour)))


class _ByStateEngine(QIconEngine):
    """Draws one icon for the Off state and another for On (checked buttons)."""

    def __init__(self, off: QIcon, on: QIcon) -> None:
        super().__init__()
        self._off, self._on = off, on

    def _pick(self, state: QIcon.State) -> QIcon:
        return self._on if state is QIcon.State.On else self._off

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._pick(state).paint(painter, rect, Qt.AlignmentFlag.AlignCenter, mode, state)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self._pick(state).pixmap(size, mode, state)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        return self._pick(state).pixmap(size, scale, mode, state)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return self._pick(state).actualSize(size, mode, state)

    def clone(self) -> QIconEngine:
        return _ByStateEngine(self._off, self._on)


def _standard_icon(name: str, colour: QColor | None) -> QIcon:
    source = QApplication.style().standardIcon(_STANDARD[name])
    if name in _KEEP_COLOURS:
        return source
    palette = QApplication.palette()
    normal = colour or palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText)
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText)
    icon = QIcon()
    for size in _SIZES:
        base = source.pixmap(size, size)
        for state in (QIcon.State.Off, QIcon.State.On):
            icon.addPixmap(_tinted(base, normal), QIcon.Mode.Normal, state)
            icon.addPixmap(_tinted(base, normal), QIcon.Mode.Active, state)
            icon.addPixmap(_tinted(base, disabled), QIcon.Mode.Disabled, state)
    return icon


def _tinted(pixmap: QPixmap, colour: QColor) -> QPixmap:
    """``pixmap``'s shape (its alpha) filled with ``colour``."""
    out = QPixmap(pixmap.size())
    out.setDevicePixelRatio(pixmap.devicePixelRatio())
    out.fill(Qt.GlobalColor.transparent)
    painter = QPainter(out)
    painter.drawPixmap(0, 0, pixmap)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
    painter.fillRect(out.rect(), colour)
    painter.end()
    return out
