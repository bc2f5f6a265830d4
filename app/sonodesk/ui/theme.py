"""Fusion with Sonodesk's dark and light palettes, one amber accent, and shared metrics.

Touches only the QApplication's style, palette and stylesheet. Widgets read ``colors()``
for the few semantic colours a palette has no role for (success, danger, warning).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

from sonodesk.core.paths import resource_dir

DEFAULT_THEME = "dark"
_THEME_PROPERTY = "sonodeskTheme"
_STYLE_PROPERTY = "sonodeskStyle"

# Metrics shared by every hand-painted row so the panels line up.
SPACING = 8
MARGIN = 12
RADIUS = 6


@dataclass(frozen=True)
class ThemeColors:
    """Semantic colours beyond the palette roles."""

    accent: QColor
    on_accent: QColor
    success: QColor
    danger: QColor
    warning: QColor
    muted: QColor  # secondary text
    subtle: QColor  # card and hover fill
    border: QColor
    track: QColor  # empty part of progress bars


@dataclass(frozen=True)
class _Theme:
    roles: dict[QPalette.ColorRole, str]
    disabled: dict[QPalette.ColorRole, str]
    colors: dict[str, str]


R = QPalette.ColorRole

_DARK = _Theme(
    roles={
        R.Window: "#1f2024",
        R.WindowText: "#e3e4e8",
        R.Base: "#17181b",
        R.AlternateBase: "#1c1d21",
        R.ToolTipBase: "#2c2e33",
        R.ToolTipText: "#e9eaee",
        R.PlaceholderText: "#7c808a",
        R.Text: "#e8e9ed",
        R.Button: "#2b2d32",
        R.ButtonText: "#e3e4e8",
        R.BrightText: "#ffffff",
        R.Light: "#3a3d44",
        R.Midlight: "#32353b",
        R.Mid: "#3b3e45",
        R.Dark: "#121316",
        R.Shadow: "#0b0b0d",
        R.Highlight: "#e9a23b",
        R.HighlightedText: "#1b1307",
        R.Link: "#f0b45a",
        R.LinkVisited: "#d79a45",
        R.Accent: "#e9a23b",
    },
    disabled={
        R.WindowText: "#6c7079",
        R.Text: "#6c7079",
        R.ButtonText: "#6c7079",
        R.Highlight: "#4a4032",
        R.HighlightedText: "#9a9388",
        R.Button: "#26282c",
    },
    colors={
        "accent": "#e9a23b",
        "on_accent": "#1b1307",
        "success": "#4fbf7a",
        "danger": "#ea5f5f",
        "warning": "#e9b949",
        "muted": "#989ca6",
        "subtle": "#26282d",
        "border": "#33363c",
        "track": "#2e3036",
    },
)

_LIGHT = _Theme(
    roles={
        R.Window: "#f2f2f4",
        R.WindowText: "#202126",
        R.Base: "#fbfbfc",
        R.AlternateBase: "#f5f5f7",
        R.ToolTipBase: "#fbfbfc",
        R.ToolTipText: "#202126",
        R.PlaceholderText: "#8b8f99",
        R.Text: "#1c1d21",
        R.Button: "#e8e8ec",
        R.ButtonText: "#202126",
        R.BrightText: "#000000",
        R.Light: "#ffffff",
        R.Midlight: "#ececef",
        R.Mid: "#c9cad0",
        R.Dark: "#a6a8b0",
        R.Shadow: "#7d7f87",
        R.Highlight: "#e39a2d",
        R.HighlightedText: "#1d1405",
        R.Link: "#b26a0c",
        R.LinkVisited: "#8d5610",
        R.Accent: "#e39a2d",
    },
    disabled={
        R.WindowText: "#a3a5ad",
        R.Text: "#a3a5ad",
        R.ButtonText: "#a3a5ad",
        R.Highlight: "#e7d6bc",
        R.HighlightedText: "#7f7565",
        R.Button: "#ececef",
    },
    colors={
        "accent": "#d98a1c",
        "on_accent": "#1d1405",
        "success": "#2f9d5b",
        "danger": "#d64545",
        "warning": "#b7791f",
        "muted": "#6c707a",
        "subtle": "#ebebef",
        "border": "#d8d9de",
        "track": "#e1e2e7",
    },
)

_THEMES = {"dark": _DARK, "light": _LIGHT}


def theme_names() -> tuple[str, ...]:
    return tuple(_THEMES)


def palette_for(name: str) -> QPalette:
    """The full palette of a theme; unknown names give the default theme."""
    theme = _THEMES.get(name, _THEMES[DEFAULT_THEME])
    palette = QPalette()
    for role, value in theme.roles.items():
        palette.setColor(QPalette.ColorGroup.All, role, QColor(value))
    for role, value in theme.disabled.items():
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(value))
    # Inactive windows keep the accent: a dimmed selection reads as "disabled" in an editor.
    palette.setColor(
        QPalette.ColorGroup.Inactive,
        R.Highlight,
        palette.color(QPalette.ColorGroup.Active, R.Highlight),
    )
    return palette


def _stylesheet() -> str:
    try:
        return (resource_dir() / "styles" / "app.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication, name: str = DEFAULT_THEME) -> str:
    """Switch the whole application to a theme; returns the name actually applied."""
    if name not in _THEMES:
        name = DEFAULT_THEME
    # With a stylesheet set, app.style() is Qt's stylesheet proxy (no name), so remember instead.
    if app.property(_STYLE_PROPERTY) != "fusion":
        fusion = QStyleFactory.create("Fusion")
        if fusion is not None:
            app.setStyle(fusion)
            app.setProperty(_STYLE_PROPERTY, "fusion")
    app.setPalette(palette_for(name))
    app.setStyleSheet(_stylesheet())
    app.setProperty(_THEME_PROPERTY, name)
    return name


def current_theme() -> str:
    app = QGuiApplication.instance()
    value = app.property(_THEME_PROPERTY) if app is not None else None
    return value if isinstance(value, str) and value in _THEMES else DEFAULT_THEME


def colors(name: str | None = None) -> ThemeColors:
    """Semantic colours of a theme (default: the one applied)."""
    theme = _THEMES.get(name or current_theme(), _THEMES[DEFAULT_THEME])
    return ThemeColors(**{key: QColor(value) for key, value in theme.colors.items()})


def tabular(font: QFont) -> QFont:
    """A copy of ``font`` whose digits all have one width, so running times do not jitter."""
    result = QFont(font)
    result.setFeature(QFont.Tag("tnum"), 1)
    return result


def scaled(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    """A copy of ``font`` at ``factor`` times its size (point or pixel, whichever it uses)."""
    result = QFont(font)
    if result.pointSizeF() > 0:
        result.setPointSizeF(result.pointSizeF() * factor)
    else:
        result.setPixelSize(max(1, round(result.pixelSize() * factor)))
    if bold:
        result.setWeight(QFont.Weight.DemiBold)
    return result
