"""Vector glyphs the library paints itself: rating stars and the favourite heart, with hit tests.

Draws into the painter it is given and measures; holds no state. Shared by the table's
delegate and the stand-alone rating and favourite widgets so both look the same.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

MAX_STARS = 5
STAR_GAP = 3.0


def star_path(rect: QRectF) -> QPainterPath:
    """A five-pointed star filling ``rect`` (point up), slightly rounded by its pen."""
    cx, cy = rect.center().x(), rect.center().y() + rect.height() * 0.05
    outer = min(rect.width(), rect.height()) / 2
    inner = outer * 0.45
    path = QPainterPath()
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        point = QPointF(cx + radius * math.cos(angle), cy + radius * math.sin(angle))
        if i == 0:
            path.moveTo(point)
        else:
            path.lineTo(point)
    path.closeSubpath()
    return path


def heart_path(rect: QRectF) -> QPainterPath:
    """A heart filling ``rect``: two lobes meeting in a point at the bottom."""
    side = min(rect.width(), rect.height())
    x = rect.center().x() - side / 2
    y = rect.center().y() - side / 2
    w = h = side
    path = QPainterPath(QPointF(x + w / 2, y + h * 0.92))
    path.cubicTo(x + w * 0.08, y + h * 0.62, x - w * 0.02, y + h * 0.28, x + w * 0.22, y + h * 0.12)
    path.cubicTo(x + w * 0.36, y + h * 0.02, x + w * 0.48, y + h * 0.12, x + w / 2, y + h * 0.26)
    path.cubicTo(x + w * 0.52, y + h * 0.12, x + w * 0.64, y + h * 0.02, x + w * 0.78, y + h * 0.12)
    path.cubicTo(x + w * 1.02, y + h * 0.28, x + w * 0.92, y + h * 0.62, x + w / 2, y + h * 0.92)
    path.closeSubpath()
    return path


def stars_width(size: float) -> float:
    return MAX_STARS * size + (MAX_STARS - 1) * STAR_GAP


def star_rects(left: float, top: float, size: float) -> list[QRectF]:
    return [QRectF(left + i * (size + STAR_GAP), top, size, size) for i in range(MAX_STARS)]


def star_at(left: float, size: float, x: float) -> int | None:
    """The star (1..5) under ``x`` for stars drawn from ``left``; None outside them."""
    if x < left - STAR_GAP / 2 or x > left + stars_width(size) + STAR_GAP / 2:
        return None
    return max(1, min(MAX_STARS, int((x - left + STAR_GAP / 2) // (size + STAR_GAP)) + 1))


def paint_stars(
    painter: QPainter,
    left: float,
    top: float,
    size: float,
    rating: int,
    on: QColor,
    off: QColor,
    *,
    preview: int | None = None,
) -> None:
    """``rating`` filled stars then outlined ones; ``preview`` (hover) shows a pending rating."""
    shown = rating if preview is None else preview
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for number, rect in enumerate(star_rects(left, top, size), start=1):
        path = star_path(rect)
        if number <= shown:
            painter.setPen(
                QPen(
                    on,
                    1.0,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.setBrush(on)
        else:
            painter.setPen(
                QPen(
                    off,
                    1.1,
                    Qt.PenStyle.SolidLine,
                    Qt.PenCapStyle.RoundCap,
                    Qt.PenJoinStyle.RoundJoin,
                )
            )
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
    painter.restore()


def paint_heart(painter: QPainter, rect: QRectF, filled: bool, color: QColor) -> None:
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(
        QPen(color, 1.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
    )
    painter.setBrush(color if filled else Qt.BrushStyle.NoBrush)
    painter.drawPath(heart_path(rect))
    painter.restore()
