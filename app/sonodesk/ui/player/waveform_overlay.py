"""Paint what moves over the cached waveform: playhead, hover time, focus ring, empty state.

Stateless drawing helpers for WaveformView; no widget, no timers, no playback.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPolygonF

from sonodesk.ui.player.waveform_paint import CORNER_RADIUS, WaveColours, draw_border, wave_rect

PLAYHEAD_CAP = 5.0  # half-width of the playhead's triangle; repaint strips must cover it


def paint_playhead(painter: QPainter, size: QSize, dpr: float, x: float, colour: QColor) -> None:
    """A line snapped to whole device pixels (never blended, so sharp at any scale) and a cap."""
    device_x = min(round(x * dpr), round(size.width() * dpr) - max(1, round(dpr)))
    left = device_x / dpr
    line_w = max(1, round(dpr)) / dpr
    area = wave_rect(size.width(), size.height())
    painter.fillRect(QRectF(left, 0.0, line_w, area.height()), colour)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    mid = left + line_w / 2.0
    cap = PLAYHEAD_CAP
    painter.drawPolygon(
        QPolygonF([QPointF(mid - cap, 0.0), QPointF(mid + cap, 0.0), QPointF(mid, cap)])
    )
    painter.restore()


def paint_hover(
    painter: QPainter,
    size: QSize,
    dpr: float,
    x: float,
    label: str,
    colours: WaveColours,
    font: QFont,
) -> None:
    """A hairline under the pointer and a small time bubble beside it (flipped at the edge)."""
    area = wave_rect(size.width(), size.height())
    painter.fillRect(QRectF(round(x * dpr) / dpr, 0.0, 1.0 / dpr, area.height()), colours.hover)
    metrics = QFontMetricsF(font)
    bubble = QRectF(0, 0, metrics.horizontalAdvance(label) + 10, metrics.height() + 4)
    fits_right = x + 6 + bubble.width() <= size.width()
    bubble.moveTo(x + 6 if fits_right else x - 6 - bubble.width(), 4)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.bubble)
    painter.drawRoundedRect(bubble, 3, 3)
    painter.setPen(colours.bubble_text)
    painter.setFont(font)
    painter.drawText(bubble, Qt.AlignmentFlag.AlignCenter, label)
    painter.restore()


def paint_focus(painter: QPainter, size: QSize, colour: QColor) -> None:
    ring = QColor(colour)
    ring.setAlphaF(0.8)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(ring)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    rect = QRectF(0.5, 0.5, size.width() - 1.0, size.height() - 1.0)
    painter.drawRoundedRect(rect, CORNER_RADIUS, CORNER_RADIUS)
    painter.restore()


def paint_empty(
    painter: QPainter, size: QSize, dpr: float, text: str, colours: WaveColours, font: QFont
) -> None:
    """The panel with a centre line and a hint, centred, breaking the line around it."""
    width, height = size.width(), size.height()
    painter.fillRect(QRectF(0, 0, width, height), colours.surround)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colours.background)
    painter.drawRoundedRect(QRectF(0, 0, width, height), CORNER_RADIUS, CORNER_RADIUS)
    painter.restore()
    draw_border(painter, width, height, dpr, colours.border)
    painter.fillRect(QRectF(0, height / 2.0 - 0.5 / dpr, width, 1.0 / dpr), colours.centre)
    metrics = QFontMetricsF(font)
    shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, width - 24)
    box = QRectF(12, 0, width - 24, height)
    gap = QRectF(0, 0, metrics.horizontalAdvance(shown) + 20, metrics.height() + 8)
    gap.moveCenter(box.center())
    painter.fillRect(gap, colours.background)
    painter.setPen(colours.placeholder)
    painter.setFont(font)
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, shown)
