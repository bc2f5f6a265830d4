"""DayChart: spend per day as bars (spent solid, in-flight lighter on top), a dashed daily cap
line, hover tooltips. Paints itself with QPainter; holds only the series it was given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from sonodesk.core.spend import DayAmount, format_amount
from sonodesk.ui import theme
from sonodesk.ui.widgets.paint import with_alpha

_TOP = 14
_BOTTOM = 22
_RIGHT = 6
_BAR_GAP = 0.28  # share of a day's slot left empty between bars


def nice_step(top: float, ticks: int = 4) -> float:
    """A round gridline step (1, 2, 2.5 or 5 × 10^n) giving about ``ticks`` lines up to ``top``."""
    if top <= 0:
        return 1.0
    raw = top / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


class DayChart(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendDayChart")
        self.setMouseTracking(True)
        self.setMinimumHeight(150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._days: tuple[DayAmount, ...] = ()
        self._unit = ""
        self._cap: float | None = None
        self._today: date | None = None
        self._hover: int | None = None

    def set_series(
        self,
        days: Sequence[DayAmount],
        unit: str,
        *,
        cap: float | None = None,
        today: date | None = None,
    ) -> None:
        """Show ``days`` (oldest first) in ``unit``; ``cap`` draws a daily cap line."""
        self._days, self._unit, self._cap, self._today = tuple(days), unit, cap, today
        self._hover = None
        self.update()

    def days(self) -> tuple[DayAmount, ...]:
        return self._days

    def sizeHint(self) -> QSize:
        return QSize(560, 180)

    # -- geometry ------------------------------------------------------------------------------

    def _scale(self) -> tuple[float, float]:
        """(top of the value axis, gridline step)."""
        peak = max([d.spent + d.pending for d in self._days] + [self._cap or 0.0, 0.0])
        step = nice_step(peak * 1.08 if peak > 0 else 1.0)
        return max(step, math.ceil(peak * 1.08 / step) * step), step

    def _plot(self) -> QRectF:
        metrics = QFontMetrics(self.font())
        top, _ = self._scale()
        label_width = metrics.horizontalAdvance(_tick_text(top)) + 10
        return QRectF(self.rect()).adjusted(label_width, _TOP, -_RIGHT, -_BOTTOM)

    def _slot(self, plot: QRectF) -> float:
        return plot.width() / max(1, len(self._days))

    def _index_at(self, x: float) -> int | None:
        plot = self._plot()
        if not self._days or not plot.left() <= x <= plot.right():
            return None
        return min(len(self._days) - 1, int((x - plot.left()) / self._slot(plot)))

    # -- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = self.palette()
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        plot = self._plot()
        top, step = self._scale()
        painter.setFont(self.font())
        if not any(d.spent or d.pending for d in self._days):
            painter.setPen(muted)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No spend in these days")
            painter.end()
            return

        def y_of(value: float) -> float:
            return plot.bottom() - plot.height() * (value / top)

        # Gridlines and their labels.
        value = 0.0
        while value <= top + 1e-9:
            y = round(y_of(value)) + 0.5
            painter.setPen(QPen(with_alpha(colors.border, 0.9 if value == 0 else 0.5), 1))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(muted)
            painter.drawText(
                QRectF(0, y - 9, plot.left() - 6, 18),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                _tick_text(value),
            )
            value += step

        slot = self._slot(plot)
        width = max(2.0, slot * (1 - _BAR_GAP))
        for index, day in enumerate(self._days):
            x = plot.left() + slot * index + (slot - width) / 2
            is_today = day.day == self._today
            hovered = index == self._hover
            fill = colors.accent if (is_today or hovered) else with_alpha(colors.accent, 0.75)
            spent_top = y_of(day.spent)
            if day.spent > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(QRectF(x, spent_top, width, y_of(0) - spent_top), 2, 2)
            if day.pending > 0:
                pending_top = y_of(day.spent + day.pending)
                painter.setPen(QPen(with_alpha(colors.accent, 0.8), 1, Qt.PenStyle.DashLine))
                painter.setBrush(with_alpha(colors.accent, 0.22))
                painter.drawRoundedRect(
                    QRectF(x + 0.5, pending_top, width - 1, spent_top - pending_top), 2, 2
                )
            self._draw_day_label(painter, index, x + width / 2, plot, muted)

        if self._cap is not None:
            y = y_of(self._cap)
            painter.setPen(QPen(colors.danger, 1.2, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(colors.danger)
            label = f"daily cap {format_amount(self._cap, self._unit)}"
            painter.drawText(
                QRectF(plot.left(), y - 18, plot.width() - 4, 16),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom,
                label,
            )
        painter.end()

    def _draw_day_label(
        self, painter: QPainter, index: int, x: float, plot: QRectF, color: QColor
    ) -> None:
        day = self._days[index].day
        last = index == len(self._days) - 1
        # Every 7th day counted back from the newest, so "Today" and its weekday line up.
        if (len(self._days) - 1 - index) % 7 != 0:
            return
        text = "Today" if last and day == self._today else f"{day.day} {day:%b}"
        painter.setPen(color)
        rect = QRectF(x - 40, plot.bottom() + 4, 80, _BOTTOM - 4)
        painter.drawText(rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, text)

    # -- hover ---------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        index = self._index_at(event.position().x())
        if index != self._hover:
            self._hover = index
            self.update()
        if index is None:
            QToolTip.hideText()
            return
        day = self._days[index]
        lines = [f"{day.day:%a} {day.day.day} {day.day:%b}"]
        lines.append(f"{format_amount(day.spent, self._unit)} spent")
        if day.pending:
            lines.append(f"{format_amount(day.pending, self._unit)} still running")
        QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)

    def leaveEvent(self, event: object) -> None:
        self._hover = None
        self.update()


def _tick_text(value: float) -> str:
    return format_amount(value, "").strip()
