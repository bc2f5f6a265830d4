"""Sonodesk's SVG icons, tinted with the palette and sharp at any size and pixel ratio.

Reads resources/icons/*.svg; touches nothing else. ``icon("play")`` is the whole API most
widgets need; ``app_icon()`` is the window and tray logo.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from sonodesk.core.paths import resource_dir

APP_ICON_NAME = "sonodesk"
_TINT_TOKEN = "currentColor"


def icons_dir() -> Path:
    return resource_dir() / "icons"


def icon_names() -> tuple[str, ...]:
    """Every tintable icon shipped in resources/icons (the app logo excluded)."""
    return tuple(sorted(p.stem for p in icons_dir().glob("*.svg") if p.stem != APP_ICON_NAME))


@cache
def _svg_source(name: str) -> str:
    path = icons_dir() / f"{name}.svg"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KeyError(f"no icon named {name!r} in {icons_dir()}") from None


@cache
def _renderer(name: str, rgba: int | None) -> QSvgRenderer:
    source = _svg_source(name)
    if rgba is not None:
        # Substituting the colour (rather than relying on the SVG "color" attribute) also
        # tints icons whose paths set fill="currentColor" on their own.
        color = QColor.fromRgba(rgba)
        source = source.replace(_TINT_TOKEN, color.name(QColor.NameFormat.HexRgb))
        if color.alpha() < 255:
            source = source.replace("<svg ", f'<svg opacity="{color.alphaF():.3f}" ', 1)
    return QSvgRenderer(QByteArray(source.encode("utf-8")))


def _palette_color(mode: QIcon.Mode) -> QColor:
    palette = QGuiApplication.palette()
    if mode is QIcon.Mode.Disabled:
        return palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText)
    if mode is QIcon.Mode.Selected:
        return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.HighlightedText)
    return palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.WindowText)


def _square(rect: QRectF) -> QRectF:
    side = min(rect.width(), rect.height())
    return QRectF(
        rect.x() + (rect.width() - side) / 2, rect.y() + (rect.height() - side) / 2, side, side
    )


class SvgIconEngine(QIconEngine):
    """Draws one SVG as vectors, in a fixed colour or the palette's colour for each mode."""

    def __init__(self, name: str, color: QColor | None = None, *, tint: bool = True) -> None:
        super().__init__()
        self._name = name
        self._color = QColor(color) if color is not None else None
        self._tint = tint
        _svg_source(name)  # an unknown name fails here, where the caller can see it

    def _rgba(self, mode: QIcon.Mode) -> int | None:
        if not self._tint:
            return None
        if self._color is not None:
            if mode is QIcon.Mode.Disabled:
                faded = QColor(self._color)
                faded.setAlphaF(self._color.alphaF() * 0.4)
                return faded.rgba()
            return self._color.rgba()
        return _palette_color(mode).rgba()

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        _renderer(self._name, self._rgba(mode)).render(painter, _square(QRectF(rect)))

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        scale = max(1.0, float(scale))
        pixmap = QPixmap(QSize(round(size.width() * scale), round(size.height() * scale)))
        pixmap.fill(Qt.GlobalColor.transparent)
        if not pixmap.isNull():
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            rect = QRectF(0, 0, pixmap.width(), pixmap.height())
            _renderer(self._name, self._rgba(mode)).render(painter, _square(rect))
            painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self._name, self._color, tint=self._tint)

    def key(self) -> str:
        return "SonodeskSvgIconEngine"

    def iconName(self) -> str:
        return self._name


@cache
def _icon(name: str, rgba: int | None) -> QIcon:
    color = QColor.fromRgba(rgba) if rgba is not None else None
    return QIcon(SvgIconEngine(name, color))


def icon(name: str, *, color: QColor | None = None) -> QIcon:
    """The named icon, tinted with ``color`` or (by default) the current palette's text colour.

    Raises KeyError for a name that is not in resources/icons.
    """
    return _icon(name, color.rgba() if color is not None else None)


@cache
def app_icon() -> QIcon:
    """The Sonodesk logo in its own colours."""
    return QIcon(SvgIconEngine(APP_ICON_NAME, tint=False))
