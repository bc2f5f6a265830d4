"""The form's look in one place: palette-derived colours, spacing, fonts, icons, wheel guard.

Reads the app theme and icon set when they exist and falls back to the palette and QStyle
icons otherwise. Holds no widget state.
"""

from __future__ import annotations

import logging
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QColor, QFont, QIcon, QPalette
from PySide6.QtWidgets import QApplication, QLineEdit, QStyle, QWidget

log = logging.getLogger(__name__)

SPACING: Final = 8  # between controls in a row
ROW_SPACING: Final = 10  # between form rows
SECTION_SPACING: Final = 18  # above a group heading
LABEL_MIN_WIDTH: Final = 92
LABEL_MAX_WIDTH: Final = 150
RADIUS: Final = 6
OUTLINE: Final = 2  # room around a control for the invalid outline

_FALLBACK_ICONS: Final = {
    "add": QStyle.StandardPixmap.SP_FileDialogNewFolder,
    "remove": QStyle.StandardPixmap.SP_DialogCloseButton,
    "close": QStyle.StandardPixmap.SP_DialogCloseButton,
    "up": QStyle.StandardPixmap.SP_ArrowUp,
    "down": QStyle.StandardPixmap.SP_ArrowDown,
    "upload": QStyle.StandardPixmap.SP_DialogOpenButton,
    "open": QStyle.StandardPixmap.SP_DialogOpenButton,
    "file-audio": QStyle.StandardPixmap.SP_FileIcon,
    "play": QStyle.StandardPixmap.SP_MediaPlay,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
    "generate": QStyle.StandardPixmap.SP_MediaPlay,
    "dice": QStyle.StandardPixmap.SP_BrowserReload,
    "lock": QStyle.StandardPixmap.SP_DialogApplyButton,
    "unlock": QStyle.StandardPixmap.SP_DialogResetButton,
    "retry": QStyle.StandardPixmap.SP_BrowserReload,
}


def icon(name: str, color: QColor | None = None) -> QIcon:
    """The app's icon ``name`` (palette-tinted), else the closest QStyle standard icon."""
    try:
        from sonodesk.ui import icons

        return icons.icon(name, color=color)
    except (ImportError, KeyError, AttributeError):
        log.debug("icon %r unavailable; using the style's", name)
    style = QApplication.style()
    pixmap = _FALLBACK_ICONS.get(name, QStyle.StandardPixmap.SP_FileIcon)
    return style.standardIcon(pixmap) if style is not None else QIcon()


def _theme_colors() -> object | None:
    try:
        from sonodesk.ui import theme

        return theme.colors()
    except (ImportError, AttributeError):
        return None


def _is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def error_color(palette: QPalette) -> QColor:
    """The colour of error text and outlines (the theme's "danger", else a readable red)."""
    colors = _theme_colors()
    if colors is not None and hasattr(colors, "danger"):
        return QColor(colors.danger)
    return QColor("#f07a72") if _is_dark(palette) else QColor("#c62828")


def accent_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Accent)


def on_accent_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.HighlightedText)


def muted_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.PlaceholderText)


def subtle_fill(palette: QPalette) -> QColor:
    """A card background one step away from the window colour, in either theme."""
    window = palette.color(QPalette.ColorRole.Window)
    return window.lighter(112) if _is_dark(palette) else window.darker(104)


def border_color(palette: QPalette) -> QColor:
    return palette.color(QPalette.ColorRole.Mid)


def scaled_font(font: QFont, factor: float, *, bold: bool = False) -> QFont:
    result = QFont(font)
    if result.pointSizeF() > 0:
        result.setPointSizeF(result.pointSizeF() * factor)
    else:
        result.setPixelSize(max(1, round(result.pixelSize() * factor)))
    if bold:
        result.setWeight(QFont.Weight.DemiBold)
    return result


def monospace_font(font: QFont) -> QFont:
    result = QFont(font)
    result.setFamilies(["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"])
    result.setStyleHint(QFont.StyleHint.Monospace)
    return result


def tidy_clear_button(line_edit: QLineEdit, *, muted: bool = False) -> None:
    """Turn on a line edit's clear button, drawn with the app's palette-tinted × icon."""
    line_edit.setClearButtonEnabled(True)
    color = muted_color(line_edit.palette()) if muted else None
    for action in line_edit.findChildren(QAction):
        if action.objectName() == "_q_qlineeditclearaction":
            action.setIcon(icon("close", color))


class _WheelGuard(QObject):
    """Scrolling the form must scroll it, not change the value under the pointer."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        wheel = event.type() == QEvent.Type.Wheel
        if wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()  # ignored, so Qt hands it on to the scroll area
            return True
        return False


_wheel_guard: _WheelGuard | None = None


def guard_wheel(*widgets: QWidget) -> None:
    """Let wheel events reach these spin boxes, sliders and combos only once they have focus."""
    global _wheel_guard
    if _wheel_guard is None:
        _wheel_guard = _WheelGuard()
    for widget in widgets:
        widget.setFocusPolicy(_without_wheel(widget.focusPolicy()))
        widget.installEventFilter(_wheel_guard)


def _without_wheel(policy: Qt.FocusPolicy) -> Qt.FocusPolicy:
    if policy == Qt.FocusPolicy.WheelFocus:
        return Qt.FocusPolicy.StrongFocus
    return policy
