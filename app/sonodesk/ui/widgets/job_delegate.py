"""Paints one job card (model, prompt, progress bar, status, times, cost, error) and turns a click
on its action button into ``sig_action_clicked(job_id, action)``. Draws and hit-tests only.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QRegion
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from sonodesk.core.jobs.eta import (
    ProgressKind,
    ProgressView,
    format_age,
    format_clock,
    progress_view,
)
from sonodesk.core.jobs.records import JobRecord
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.models.jobs_model import (
    ACTION_ROLE,
    COST_ROLE,
    ELAPSED_ROLE,
    ETA_ROLE,
    JOB_ROLE,
    NOW_ROLE,
    JobAction,
    shows_error_line,
)
from sonodesk.ui.theme import ThemeColors
from sonodesk.ui.widgets.paint import draw_elided, with_alpha

_CARD_MARGIN = 3
_HPAD = 12
_VPAD = 9
_LINE_GAP = 4
_BAR_HEIGHT = 4
_BUTTON_HPAD = 8
_INDETERMINATE_PERIOD = 1.4  # seconds for the busy segment to cross the bar
_INDETERMINATE_SPAN = 0.28  # fraction of the bar the busy segment covers

_ACTION_LABELS = {
    JobAction.STOP: ("Stop", "stop"),
    JobAction.RETRY: ("Retry", "retry"),
    JobAction.OPEN: ("Open", "play"),
}

_AnyIndex = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class _Lines:
    """Where each line of a card sits: name and button, prompt, bar, status, error."""

    header: QRectF
    prompt: QRectF
    bar: QRectF
    status: QRectF
    error: QRectF


@dataclass(frozen=True)
class _Fonts:
    """The card's fonts and the sizes that follow from them, for one base font."""

    name: QFont
    small: QFont
    status: QFont
    name_height: int
    small_metrics: QFontMetrics

    @property
    def small_height(self) -> int:
        return self.small_metrics.height()

    def card_height(self, error_line: bool) -> int:
        small = self.small_height
        height = 2 * (_CARD_MARGIN + _VPAD) + self.name_height
        height += _LINE_GAP + small + _LINE_GAP + 2 + _BAR_HEIGHT + _LINE_GAP + small
        return height + (_LINE_GAP + small if error_line else 0)


class JobDelegate(QStyledItemDelegate):
    """Job cards. The panel repaints active rows; this class keeps no per-row state.

    A paint that only exposes a card's progress bar (the busy animation repaints just that
    strip, 25 times a second) draws only the card's background and the bar.
    """

    sig_action_clicked = Signal(str, str)  # job id, JobAction value

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pressed: tuple[str, str] | None = None
        # Views ask for sizes and rects of every row on each layout and paint: building
        # fonts and metrics each time was most of that cost.
        self._fonts_for: dict[str, _Fonts] = {}

    # -- geometry ---------------------------------------------------------------------------

    def _fonts(self, base: QFont) -> _Fonts:
        key = base.key()
        fonts = self._fonts_for.get(key)
        if fonts is None:
            name = theme.scaled(base, 1.0, bold=True)
            small = theme.tabular(theme.scaled(base, 0.88))
            fonts = _Fonts(
                name,
                small,
                theme.scaled(small, 1.0, bold=True),
                QFontMetrics(name).height(),
                QFontMetrics(small),
            )
            self._fonts_for[key] = fonts
        return fonts

    def sizeHint(self, option: QStyleOptionViewItem, index: _AnyIndex) -> QSize:
        job = index.data(JOB_ROLE)
        error_line = isinstance(job, JobRecord) and shows_error_line(job)
        height = self._fonts(option.font).card_height(error_line)
        return QSize(option.rect.width() or 300, height)

    def button_rect(self, option_rect: QRect, action: str | None, font: QFont) -> QRectF:
        """Where the row's action button sits (empty when the row has no action)."""
        if not action:
            return QRectF()
        fonts = self._fonts(font)
        metrics = fonts.small_metrics
        label, _ = _ACTION_LABELS[JobAction(action)]
        height = metrics.height() + 6
        width = metrics.horizontalAdvance(label) + metrics.height() + 3 + 2 * _BUTTON_HPAD
        card = _card(option_rect)
        top = card.top() + _VPAD + (fonts.name_height - height) / 2
        return QRectF(card.right() - _HPAD - width, top, width, height)

    def bar_rect(self, option_rect: QRect, font: QFont) -> QRectF:
        """Where the row's progress bar sits."""
        return self._lines(option_rect, font).bar

    def status_rect(self, option_rect: QRect, font: QFont) -> QRectF:
        """Where the row's status line (state, times, cost) sits."""
        return self._lines(option_rect, font).status

    def _lines(self, option_rect: QRect, font: QFont) -> _Lines:
        fonts = self._fonts(font)
        card = _card(option_rect)
        left, width = card.left() + _HPAD, card.width() - 2 * _HPAD
        small = fonts.small_height
        header = QRectF(left, card.top() + _VPAD, width, fonts.name_height)
        prompt = QRectF(left, header.bottom() + _LINE_GAP, width, small)
        bar = QRectF(left, prompt.bottom() + _LINE_GAP + 2, width, _BAR_HEIGHT)
        status = QRectF(left, bar.bottom() + _LINE_GAP, width, small)
        error = QRectF(left, status.bottom() + _LINE_GAP, width, small)
        return _Lines(header, prompt, bar, status, error)

    # -- painting ---------------------------------------------------------------------------

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _AnyIndex) -> None:
        job = index.data(JOB_ROLE)
        if not isinstance(job, JobRecord):
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        palette = option.palette
        fonts = self._fonts(option.font)
        card = _card(option.rect)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)

        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(with_alpha(colors.accent, 0.16) if selected else colors.subtle)
        painter.drawRoundedRect(card, theme.RADIUS, theme.RADIUS)
        if hovered and not selected:
            painter.setBrush(with_alpha(palette.color(QPalette.ColorRole.Text), 0.04))
            painter.drawRoundedRect(card, theme.RADIUS, theme.RADIUS)

        # The animation repaints only bars and the clock only status lines: draw just the
        # lines this paint exposes (the background under them is drawn above, clipped).
        lines = self._lines(option.rect, option.font)
        exposed = _exposed(getattr(option.widget, "paint_region", None), option.rect)
        text = palette.color(QPalette.ColorRole.Text)
        view = progress_view(job)
        if exposed is None or exposed.intersects(lines.header):
            self._paint_header(painter, option, index, job, lines.header, text, hovered)
        if exposed is None or exposed.intersects(lines.prompt):
            draw_elided(painter, lines.prompt, job.prompt or "No prompt", fonts.small, colors.muted)
        if exposed is None or exposed.intersects(lines.bar):
            self._paint_bar(painter, lines.bar, view, colors)
        if exposed is None or exposed.intersects(lines.status):
            self._paint_status(painter, lines.status, job, index, view, fonts, colors, text)
        if shows_error_line(job) and (exposed is None or exposed.intersects(lines.error)):
            message = " ".join(p for p in (job.error, job.hint) if p)
            color = colors.danger if view.kind is ProgressKind.FAILED else colors.muted
            draw_elided(painter, lines.error, message, fonts.small, color)
        painter.restore()

    def _paint_header(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: _AnyIndex,
        job: JobRecord,
        header: QRectF,
        text: QColor,
        hovered: bool,
    ) -> None:
        fonts = self._fonts(option.font)
        action = index.data(ACTION_ROLE)
        right = header.right()
        if action:
            button = self.button_rect(option.rect, action, option.font)
            self._paint_button(painter, button, JobAction(action), fonts.small, text, hovered)
            right = button.left() - theme.SPACING
        name_rect = QRectF(header.left(), header.top(), right - header.left(), header.height())
        draw_elided(painter, name_rect, job.model_name or job.model_id, fonts.name, text)

    def _paint_status(
        self,
        painter: QPainter,
        line: QRectF,
        job: JobRecord,
        index: _AnyIndex,
        view: ProgressView,
        fonts: _Fonts,
        colors: ThemeColors,
        text: QColor,
    ) -> None:
        status = job.status_text
        if view.kind is ProgressKind.DETERMINATE and view.fraction is not None:
            status += f" · {round(view.fraction * 100)}%"
        elif view.kind is ProgressKind.DONE and len(job.outputs) > 1:
            status += f" · {len(job.outputs)} takes"
        times = self._times_text(job, index)
        times_width = fonts.small_metrics.horizontalAdvance(times) + 2
        draw_elided(
            painter,
            line.adjusted(line.width() - times_width, 0, 0, 0),
            times,
            fonts.small,
            colors.muted,
            align=Qt.AlignmentFlag.AlignRight,
        )
        draw_elided(
            painter,
            line.adjusted(0, 0, -times_width - theme.SPACING, 0),
            status,
            fonts.status,
            _status_color(view.kind, colors, text),
        )

    def _times_text(self, job: JobRecord, index: _AnyIndex) -> str:
        now = index.data(NOW_ROLE) or time.time()
        parts = []
        if job.state.terminal:
            parts.append(format_age(now - (job.finished_at or job.updated_at)))
            parts.append(format_clock(index.data(ELAPSED_ROLE)))
        else:
            parts.append(format_clock(index.data(ELAPSED_ROLE)))
            eta = index.data(ETA_ROLE)
            if eta is not None:
                parts.append(f"~{format_clock(eta)} left")
        cost = index.data(COST_ROLE)
        if cost:
            parts.append(cost)
        return " · ".join(p for p in parts if p)

    def _paint_bar(
        self, painter: QPainter, rect: QRectF, view: ProgressView, colors: ThemeColors
    ) -> None:
        kind = view.kind
        radius = rect.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.track)
        painter.drawRoundedRect(rect, radius, radius)
        fill: QRectF | None = None
        color = colors.accent
        if kind is ProgressKind.DETERMINATE:
            fraction = view.fraction or 0.0
            fill = QRectF(
                rect.left(), rect.top(), max(rect.height(), rect.width() * fraction), rect.height()
            )
        elif kind is ProgressKind.INDETERMINATE:
            phase = (time.monotonic() % _INDETERMINATE_PERIOD) / _INDETERMINATE_PERIOD
            span = rect.width() * _INDETERMINATE_SPAN
            start = rect.left() - span + (rect.width() + span) * phase
            fill = QRectF(start, rect.top(), span, rect.height()).intersected(rect)
        elif kind is ProgressKind.DONE:
            fill, color = rect, colors.success
        elif kind is ProgressKind.FAILED:
            fill, color = rect, colors.danger
        elif kind is ProgressKind.STOPPED:
            fill, color = rect, with_alpha(colors.muted, 0.45)
        if fill is not None and fill.width() > 0:
            painter.setBrush(color)
            painter.drawRoundedRect(fill, radius, radius)

    def _paint_button(
        self,
        painter: QPainter,
        rect: QRectF,
        action: JobAction,
        font: QFont,
        text: QColor,
        hovered: bool,
    ) -> None:
        label, icon_name = _ACTION_LABELS[action]
        colors = theme.colors()
        painter.setPen(with_alpha(text, 0.22))
        painter.setBrush(with_alpha(text, 0.08 if hovered else 0.0))
        painter.drawRoundedRect(
            rect.adjusted(0.5, 0.5, -0.5, -0.5), rect.height() / 2, rect.height() / 2
        )
        metrics = QFontMetrics(font)
        side = metrics.height() - 2
        tint = colors.accent if action is JobAction.OPEN else text
        icon(icon_name, color=tint).paint(
            painter,
            round(rect.left() + _BUTTON_HPAD),
            round(rect.center().y() - side / 2),
            side,
            side,
        )
        draw_elided(
            painter,
            QRectF(rect.left() + _BUTTON_HPAD + side + 3, rect.top(), rect.width(), rect.height()),
            label,
            font,
            text,
        )

    # -- clicks -----------------------------------------------------------------------------

    def editorEvent(
        self, event: QEvent, model: object, option: QStyleOptionViewItem, index: _AnyIndex
    ) -> bool:
        kind = event.type()
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonRelease):
            return super().editorEvent(event, model, option, index)  # type: ignore[arg-type]
        assert isinstance(event, QMouseEvent)
        action = index.data(ACTION_ROLE)
        job = index.data(JOB_ROLE)
        if (
            not action
            or not isinstance(job, JobRecord)
            or event.button() != Qt.MouseButton.LeftButton
        ):
            return False
        inside = self.button_rect(option.rect, action, option.font).contains(event.position())
        if kind == QEvent.Type.MouseButtonPress:
            self._pressed = (job.id, action) if inside else None
            return inside
        pressed, self._pressed = self._pressed, None
        if inside and pressed == (job.id, action):
            self.sig_action_clicked.emit(job.id, action)
            return True
        return False


def _card(option_rect: QRect) -> QRectF:
    return QRectF(option_rect).adjusted(_CARD_MARGIN, _CARD_MARGIN, -_CARD_MARGIN, -_CARD_MARGIN)


def _exposed(region: QRegion | None, row: QRect) -> QRectF | None:
    """The part of ``row`` being painted (None: unknown, paint everything)."""
    if region is None:
        return None
    return QRectF(region.intersected(row).boundingRect())


def _status_color(kind: ProgressKind, colors: ThemeColors, text: QColor) -> QColor:
    if kind is ProgressKind.DONE:
        return colors.success
    if kind is ProgressKind.FAILED:
        return colors.danger
    if kind in (ProgressKind.STOPPED, ProgressKind.IDLE):
        return colors.muted
    return text
