"""The jobs panel: every job newest first with live progress, and the user's intent on each.

It renders JobRecords it is handed and emits what the user asks for (stop, stop tracking,
retry, open the take); the caller talks to the engine. It never calls the engine itself.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from html import escape

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QFont,
    QGuiApplication,
    QHideEvent,
    QKeyEvent,
    QPaintEvent,
    QPalette,
    QRegion,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QListView, QMenu, QVBoxLayout, QWidget

from sonodesk.core.jobs.eta import ProgressKind, progress_view
from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.ui import theme
from sonodesk.ui.icons import icon
from sonodesk.ui.models.jobs_model import JOB_ROLE, JobAction, JobsModel, primary_action
from sonodesk.ui.widgets.common import muted_label, pane_header
from sonodesk.ui.widgets.job_delegate import JobDelegate
from sonodesk.ui.widgets.notice_bar import NoticeBar

CLOCK_INTERVAL_MS = 1000
ANIMATION_INTERVAL_MS = 40


class JobList(QListView):
    """The list of job cards; while it paints, ``paint_region`` is the area being repainted, so
    the delegate can skip what lies outside it."""

    paint_region: QRegion | None = None

    def dataChanged(
        self,
        top_left: QModelIndex | QPersistentModelIndex,
        bottom_right: QModelIndex | QPersistentModelIndex,
        roles: Sequence[int] = (),
    ) -> None:
        # QListView lays out every row again and repaints the whole viewport on any data
        # change, in case a row's height changed (8-20 ms with a dozen cards on screen, for
        # each progress update). JobsModel announces height changes with layoutChanged, so a
        # data change only needs its rows repainted, which the base item view does.
        QAbstractItemView.dataChanged(self, top_left, bottom_right, list(roles))

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_region = event.region()
        try:
            super().paintEvent(event)
        finally:
            self.paint_region = None


class JobsPanel(QWidget):
    """Job cards with one action each, a context menu, and an inline cancel-refused notice."""

    sig_cancel_requested = Signal(str)
    sig_stop_tracking_requested = Signal(str)
    sig_retry_requested = Signal(str)
    sig_open_take_requested = Signal(str)

    def __init__(
        self, *, clock: Callable[[], float] = time.time, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("jobsPanel")
        # Side panes sit on the darker base colour so the centre reads as the workspace.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.model = JobsModel(clock, self)
        self._refused_job: str | None = None

        self.delegate = JobDelegate(self)
        self.list = JobList(self)
        self.list.setObjectName("jobList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(self.delegate)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setMouseTracking(True)
        self.list.setFrameShape(QListView.Shape.NoFrame)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.setAccessibleName("Jobs")

        self.count_label = muted_label(parent=self)
        self.empty_label = muted_label("No jobs yet. Generated takes appear here.", self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.notice = NoticeBar(self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN - 4, theme.MARGIN, theme.MARGIN - 4, 0)
        layout.setSpacing(theme.SPACING)
        layout.addLayout(pane_header("Jobs", self.count_label))
        layout.addWidget(self.notice)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.list, 1)
        layout.addStretch(0)  # takes the room only while the list is hidden (empty state)

        # Elapsed times tick once a second; the busy animation runs only while a visible row
        # needs it, and both repaint just the rows concerned.
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_INTERVAL_MS)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        self._animation_timer = QTimer(self)
        self._animation_timer.setInterval(ANIMATION_INTERVAL_MS)
        self._animation_timer.timeout.connect(self._on_animation_timer_timeout)

        self.delegate.sig_action_clicked.connect(self._on_delegate_action_clicked)
        # Enter and double-click, not `activated`: its trigger differs between platforms and
        # would fire twice on a double-click where single-click activation is the style.
        self.list.doubleClicked.connect(self._on_list_activated)
        self.list.installEventFilter(self)
        self.list.customContextMenuRequested.connect(self._on_list_context_menu_requested)
        self.model.rowsInserted.connect(self._on_model_changed)
        self.model.modelReset.connect(self._on_model_changed)
        self.model.dataChanged.connect(self._on_model_changed)
        self._on_model_changed()

    # -- feeding ----------------------------------------------------------------------------

    def set_jobs(self, jobs: Iterable[JobRecord]) -> None:
        """Fill from the store at start (``store.jobs(limit=...)``), replacing what is shown."""
        self.model.set_jobs(jobs)

    def update_job(self, job: JobRecord) -> None:
        """Slot for EngineBridge.sig_job_changed: one row changes or appears."""
        self.model.upsert(job)
        if job.id == self._refused_job and job.state.terminal:
            self._refused_job = None
            self.notice.dismiss()

    def select_job(self, job_id: str) -> bool:
        row = self.model.row_of(job_id)
        if row < 0:
            return False
        index = self.model.index(row)
        self.list.setCurrentIndex(index)
        self.list.scrollTo(index)
        return True

    def current_job_id(self) -> str | None:
        job = self.list.currentIndex().data(JOB_ROLE)
        return job.id if isinstance(job, JobRecord) else None

    def show_cancel_refused(self, job_id: str, message: str) -> None:
        """Say honestly why the job keeps running, and offer to stop tracking it instead."""
        self._refused_job = job_id
        job = self.model.job(job_id)
        name = escape(job.model_name or job.model_id) if job is not None else "This job"
        self.notice.show_notice(
            f"<b>{name}</b> keeps running. {escape(message)}<br>"
            "Stop tracking removes it from this list; the server may still finish it.",
            [
                ("Stop tracking", lambda: self._on_notice_stop_tracking(job_id)),
                ("Keep waiting", self._on_notice_keep_waiting),
            ],
            kind="warning",
        )

    # -- actions ----------------------------------------------------------------------------

    def request_action(self, job_id: str, action: JobAction | str) -> None:
        """Emit the signal for an action on a job (the button, menu and keyboard all end here)."""
        action = JobAction(action)
        if action is JobAction.STOP:
            self.sig_cancel_requested.emit(job_id)
        elif action is JobAction.RETRY:
            self.sig_retry_requested.emit(job_id)
        elif action is JobAction.OPEN:
            self.sig_open_take_requested.emit(job_id)

    def _on_delegate_action_clicked(self, job_id: str, action: str) -> None:
        self.request_action(job_id, action)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.list
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self._on_list_activated(self.list.currentIndex())
            return True
        return super().eventFilter(watched, event)

    def _on_list_activated(self, index: QModelIndex) -> None:
        job = index.data(JOB_ROLE)
        if isinstance(job, JobRecord) and job.state is JobState.DONE:
            self.sig_open_take_requested.emit(job.id)

    def _on_notice_stop_tracking(self, job_id: str) -> None:
        self._refused_job = None
        self.sig_stop_tracking_requested.emit(job_id)

    def _on_notice_keep_waiting(self) -> None:
        self._refused_job = None

    def _on_list_context_menu_requested(self, position: QPoint) -> None:
        menu = self.context_menu(self.list.indexAt(position))
        if menu is not None:
            menu.popup(self.list.viewport().mapToGlobal(position))

    def context_menu(self, index: QModelIndex) -> QMenu | None:
        """The right-click menu for a row (None outside rows); built fresh each time."""
        job = index.data(JOB_ROLE)
        if not isinstance(job, JobRecord):
            return None
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        action = primary_action(job)
        if job.state is JobState.DONE and job.outputs:
            self._add(
                menu, "Open take", "play", lambda: self.request_action(job.id, JobAction.OPEN)
            )
        if action is JobAction.STOP:
            self._add(menu, "Stop", "stop", lambda: self.request_action(job.id, JobAction.STOP))
            self._add(
                menu,
                "Stop tracking",
                "stop-tracking",
                lambda: self.sig_stop_tracking_requested.emit(job.id),
            )
        if action is JobAction.RETRY:
            self._add(menu, "Retry", "retry", lambda: self.request_action(job.id, JobAction.RETRY))
        if job.prompt:
            menu.addSeparator()
            self._add(menu, "Copy prompt", None, lambda: _copy(job.prompt))
        if job.error:
            message = " ".join(p for p in (job.error, job.hint) if p)
            self._add(menu, "Copy error", None, lambda: _copy(message))
        return menu

    def _add(
        self, menu: QMenu, text: str, icon_name: str | None, slot: Callable[[], None]
    ) -> QAction:
        item = menu.addAction(icon(icon_name), text) if icon_name else menu.addAction(text)
        item.triggered.connect(slot)
        return item

    # -- repainting -------------------------------------------------------------------------

    def _on_model_changed(self, *_: object) -> None:
        active = self.model.active_count()
        total = self.model.rowCount()
        self.count_label.setText(f"{active} active · {total} total" if active else str(total or ""))
        self.empty_label.setVisible(total == 0)
        self.list.setVisible(total > 0)
        if active and not self._clock_timer.isActive():
            self._clock_timer.start()
        elif not active:
            self._clock_timer.stop()
        self._update_animation()

    def _visible_rows(self, rows: Iterable[int]) -> list[int]:
        # The rows at the viewport's top and bottom edges bound what is on screen: two
        # lookups, where asking each row for its rectangle costs one sizeHint per row.
        viewport = self.list.viewport().rect()
        first = self.list.indexAt(viewport.topLeft())
        if not first.isValid():  # no rows, or a gap at the top: ask each row after all
            return [
                r for r in rows if self.list.visualRect(self.model.index(r)).intersects(viewport)
            ]
        last = self.list.indexAt(viewport.bottomLeft())
        end = last.row() if last.isValid() else self.model.rowCount() - 1
        return [r for r in rows if first.row() <= r <= end]

    def _busy_rows(self) -> list[int]:
        return [
            row
            for row in self.model.active_rows()
            if progress_view(self.model.job_at(row)).kind is ProgressKind.INDETERMINATE
        ]

    def _update_animation(self) -> None:
        busy = bool(self._busy_rows()) and self.isVisible()
        if busy and not self._animation_timer.isActive():
            self._animation_timer.start()
        elif not busy:
            self._animation_timer.stop()

    def is_animating(self) -> bool:
        return self._animation_timer.isActive()

    def _repaint_rows(self, rows: Iterable[int], part: Callable[[QRect, QFont], QRectF]) -> None:
        """Repaint ``part`` (the delegate's bar_rect or status_rect) of the visible ``rows``."""
        viewport = self.list.viewport()
        font = self.list.font()
        for row in self._visible_rows(rows):
            viewport.update(part(self.list.visualRect(self.model.index(row)), font).toAlignedRect())

    def _on_clock_timer_timeout(self) -> None:
        # Elapsed times and estimates are on the status line; nothing else moves with time.
        self._repaint_rows(self.model.active_rows(), self.delegate.status_rect)

    def _on_animation_timer_timeout(self) -> None:
        rows = self._busy_rows()
        if not rows:
            self._animation_timer.stop()
            return
        self._repaint_rows(rows, self.delegate.bar_rect)  # only the busy segment moves

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._update_animation()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._animation_timer.stop()


def _copy(text: str) -> None:
    clipboard = QGuiApplication.clipboard()
    if clipboard is not None:
        clipboard.setText(text)
