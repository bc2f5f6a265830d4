"""SweepCellView: one painted cell of the sweep grid: job state, price, progress, and a play
button once the take exists. Emits clicks; knows nothing about players or the engine.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from sonodesk.core.audio.timefmt import format_clock
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.spend import format_amount
from sonodesk.core.sweeps import SweepCell
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.widgets.paint import draw_elided, with_alpha

_PAD = 10
_BUTTON = 34
_DOT = 7
# States with something to measure; a waiting job shows no bar (nothing moves yet).
_MOVING = (JobState.UPLOADING, JobState.SUBMITTING, JobState.RUNNING, JobState.DOWNLOADING)


class SweepCellView(QWidget):
    sig_clicked = Signal(int)  # the cell index

    def __init__(self, cell: SweepCell, unit: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sweepCell")
        self.cell = cell
        self._unit = unit
        self.job: JobRecord | None = None
        self.take: TakeRecord | None = None
        self.selected = False
        self.playing = False
        self.setMinimumSize(QSize(136, 86))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(cell.label)

    @property
    def has_play_button(self) -> bool:
        return self.take is not None

    def state_text(self) -> str:
        return self.job.status_text if self.job is not None else "Not sent"

    def set_job(self, job: JobRecord) -> None:
        self.job = job
        tip = self.cell.label
        if job.state is JobState.FAILED and job.error:
            tip += f"\n{job.error}"
        self.setToolTip(tip)
        self.update()

    def set_take(self, take: TakeRecord) -> None:
        self.take = take
        self.update()

    def set_marks(self, *, selected: bool, playing: bool) -> None:
        if (selected, playing) != (self.selected, self.playing):
            self.selected, self.playing = selected, playing
            self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() is Qt.MouseButton.LeftButton:
            self.sig_clicked.emit(self.cell.index)

    # -- painting ------------------------------------------------------------------------------

    def _state_color(self) -> QColor:
        colors = theme.colors()
        state = self.job.state if self.job is not None else None
        if state is JobState.DONE:
            return colors.success
        if state is JobState.FAILED:
            return colors.danger
        if state in (JobState.RUNNING, JobState.DOWNLOADING, JobState.SUBMITTING):
            return colors.accent
        return colors.muted

    def _price_text(self) -> str:
        job = self.job
        cost = job.cost if job is not None and job.cost is not None else self.cell.quoted_cost
        if cost is None:
            return ""
        estimated = job is None or job.cost is None
        return f"{'≈ ' if estimated else ''}{format_amount(cost, self._unit)}"

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        rect = QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5)
        fill = with_alpha(colors.accent, 0.10) if self.playing else colors.subtle
        border = colors.accent if self.selected else colors.border
        painter.setPen(QPen(border, 2 if self.selected else 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, theme.RADIUS, theme.RADIUS)

        small = theme.scaled(self.font(), 0.86)
        state_color = self._state_color()
        line = QRectF(rect.left() + _PAD, rect.top() + 6, rect.width() - 2 * _PAD, 18)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(state_color)
        painter.drawEllipse(QRectF(line.left(), line.center().y() - _DOT / 2, _DOT, _DOT))
        price = self._price_text()
        price_width = painter.fontMetrics().horizontalAdvance(price) + 4 if price else 0
        state = QRectF(
            line.left() + _DOT + 6, line.top(), line.width() - _DOT - 6 - price_width, line.height()
        )
        draw_elided(painter, state, self.state_text(), small, text)
        if price:
            right = Qt.AlignmentFlag.AlignRight
            draw_elided(painter, line, price, small, muted, align=right)

        body = QRectF(rect.left(), line.bottom(), rect.width(), rect.bottom() - line.bottom() - 6)
        job = self.job
        if self.take is not None:
            self._paint_play(painter, body, colors)
        elif job is not None and job.state is JobState.FAILED:
            painter.setFont(small)
            painter.setPen(colors.danger)
            where = body.adjusted(_PAD, 2, -_PAD, -2)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(where, flags, job.error or "Failed")
        elif job is not None and job.state in _MOVING:
            self._paint_progress(painter, body, job.progress, colors)
        painter.end()

    def _paint_play(self, painter: QPainter, body: QRectF, colors: theme.ThemeColors) -> None:
        center = body.center()
        button = QRectF(center.x() - _BUTTON / 2, center.y() - _BUTTON / 2, _BUTTON, _BUTTON)
        painter.setPen(Qt.PenStyle.NoPen)
        lit = self.playing or self.selected
        painter.setBrush(colors.accent if lit else colors.track)
        painter.drawEllipse(button)
        glyph = icon("pause" if self.playing else "play", color=colors.on_accent if lit else None)
        side = 16
        nudge = 0 if self.playing else 1  # a play triangle looks centred a pixel to the right
        x, y = round(center.x() - side / 2 + nudge), round(center.y() - side / 2)
        glyph.paint(painter, x, y, side, side)
        take = self.take
        if take is not None and take.duration:
            painter.setFont(theme.tabular(theme.scaled(self.font(), 0.82)))
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            where = QRectF(
                button.right() + 8, button.top(), body.right() - button.right() - 8, button.height()
            )
            clock = format_clock(take.duration, tenths=take.duration < 10)
            painter.drawText(where, Qt.AlignmentFlag.AlignVCenter, clock)

    def _paint_progress(
        self, painter: QPainter, body: QRectF, progress: float | None, colors: theme.ThemeColors
    ) -> None:
        track = QRectF(body.left() + _PAD, body.center().y() - 2, body.width() - 2 * _PAD, 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.track)
        painter.drawRoundedRect(track, 2, 2)
        if progress is not None and progress > 0:
            done = QRectF(track.left(), track.top(), track.width() * min(1.0, progress), 4)
            painter.setBrush(colors.accent)
            painter.drawRoundedRect(done, 2, 2)
