"""Small QPainter helpers shared by the hand-painted rows: pills, elided text, tinted fills.

Draws only into the painter it is given; holds no state.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QIcon, QPainter, QPen

PILL_HPAD = 6
PILL_ICON_GAP = 3


def with_alpha(color: QColor, alpha: float) -> QColor:
    result = QColor(color)
    result.setAlphaF(max(0.0, min(1.0, alpha)))
    return result


def pill_width(font: QFont, text: str, *, has_icon: bool = False) -> float:
    metrics = QFontMetrics(font)
    icon_room = metrics.height() - 4 + PILL_ICON_GAP if has_icon else 0
    # +2: elidedText rounds the advance down and would clip a text that exactly fits.
    return metrics.horizontalAdvance(text) + 2 * PILL_HPAD + icon_room + 2


def draw_pill(
    painter: QPainter,
    x: float,
    y: float,
    text: str,
    font: QFont,
    color: QColor,
    *,
    icon: QIcon | None = None,
    filled: bool = False,
    max_width: float | None = None,
) -> float:
    """Draw a rounded label at (x, y) (top-left); returns its width."""
    metrics = QFontMetrics(font)
    height = metrics.height() + 2
    width = pill_width(font, text, has_icon=icon is not None)
    if max_width is not None and width > max_width:
        width = max(max_width, 2 * PILL_HPAD)
    rect = QRectF(x, y, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(with_alpha(color, 0.55), 1))
    painter.setBrush(with_alpha(color, 0.16 if filled else 0.0))
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), height / 2, height / 2)
    text_x = x + PILL_HPAD
    if icon is not None:
        side = metrics.height() - 4
        icon.paint(painter, round(text_x), round(y + (height - side) / 2), side, side)
        text_x += side + PILL_ICON_GAP
    painter.setFont(font)
    painter.setPen(color)
    room = max(0.0, x + width - PILL_HPAD - text_x)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, round(room))
    painter.drawText(QRectF(text_x, y, room + 1, height), Qt.AlignmentFlag.AlignVCenter, shown)
    painter.restore()
    return width


def draw_elided(
    painter: QPainter,
    rect: QRectF,
    text: str,
    font: QFont,
    color: QColor,
    *,
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
) -> None:
    """One line of text, elided at the right to fit ``rect``."""
    metrics = QFontMetrics(font)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, int(rect.width())))
    painter.setFont(font)
    painter.setPen(color)
    painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown)
