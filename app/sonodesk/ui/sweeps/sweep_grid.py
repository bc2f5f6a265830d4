"""SweepGrid: a sweep's takes as a grid labelled by what differs (rows: the first setting;
columns: the second, or the seeds). Click a cell or move with the arrow keys to audition it.

Fed by the owner: ``update_job`` and ``take_added`` from the engine's events (after a restart,
replay the stored jobs and takes through the same two methods). Plays through the injected
QtPlayer; submits nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.spend import format_amount
from sonodesk.core.sweeps import SweepPlan
from sonodesk.ui import theme
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.sweeps.sweep_cell import SweepCellView

HINT = "Click a cell or use the arrow keys to listen · Space plays or pauses"
_MOVES = {
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
}


class SweepGrid(QWidget):
    """Signals: sig_cell_selected(int): the selected cell's index (its job's batch_index)."""

    sig_cell_selected = Signal(int)

    def __init__(
        self,
        plan: SweepPlan,
        job_ids: Mapping[int, str],
        *,
        player: QtPlayer | None = None,
        title: str = "",
        unit: str = "CU",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sweepGrid")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.plan = plan
        self._player = player
        self._title = title
        self._index_of_job = {job_id: index for index, job_id in job_ids.items()}
        self._current = 0
        self._cells = [SweepCellView(cell, unit, self) for cell in plan.cells]
        self._unit = unit
        for view in self._cells:
            view.sig_clicked.connect(self._on_cell_clicked)

        heading = QLabel(title or "Sweep")
        heading.setFont(theme.scaled(self.font(), 1.15, bold=True))
        self.subtitle = QLabel(plan.describe())
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.progress = QLabel(objectName="sweepProgress")
        self.progress.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.setSpacing(theme.SPACING)
        top.addWidget(heading)
        top.addWidget(self.subtitle, 1)
        top.addWidget(self.progress)

        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setWidget(self._build_grid())
        hint = QLabel(HINT)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(hint)

        if player is not None:
            player.sig_state_changed.connect(lambda _state: self._refresh_marks())
            player.sig_take_loaded.connect(lambda _path, _duration: self._refresh_marks())
            player.sig_take_unloaded.connect(self._refresh_marks)
        self._refresh_marks()
        self._refresh_progress()

    def _build_grid(self) -> QWidget:
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        rows, columns = self.plan.rows, self.plan.columns
        # Headers name the setting and its value ("seed 1235"): a bare number says too little.
        column_count = len(columns.values) if columns else 1
        for c in range(column_count):
            text = columns.describe(c) if columns else ""
            grid.addWidget(self._header(text, centered=True), 0, c + 1)
        for r in range(len(rows.values)):
            grid.addWidget(self._header(rows.describe(r)), r + 1, 0)
        for view in self._cells:
            grid.addWidget(view, view.cell.row + 1, view.cell.column + 1)
        for c in range(column_count):
            grid.setColumnStretch(c + 1, 1)
        for r in range(len(rows.values)):
            grid.setRowStretch(r + 1, 1)
        return grid_widget

    def _header(self, text: str, *, centered: bool = False) -> QLabel:
        label = QLabel(text)
        label.setFont(theme.scaled(self.font(), 0.92, bold=True))
        align = Qt.AlignmentFlag.AlignHCenter if centered else Qt.AlignmentFlag.AlignLeft
        label.setAlignment(align | Qt.AlignmentFlag.AlignVCenter)
        label.setContentsMargins(2, 0, 8, 0)
        return label

    # -- fed by the owner ----------------------------------------------------------------------

    def update_job(self, job: JobRecord) -> None:
        """A job of this sweep changed (JobChanged); other jobs are ignored."""
        index = self._index_of_job.get(job.id)
        if index is None:
            return
        self._cells[index].set_job(job)
        self._refresh_progress()

    def take_added(self, take: TakeRecord, job: JobRecord) -> None:
        """A take arrived (TakeAdded); the cell shows the job's first output."""
        index = self._index_of_job.get(job.id)
        if index is None or take.output_index != 0:
            return
        self._cells[index].set_job(job)
        self._cells[index].set_take(take)
        self._refresh_progress()

    # -- selection and audition ----------------------------------------------------------------

    def cell_view(self, index: int) -> SweepCellView:
        return self._cells[index]

    def current_index(self) -> int:
        return self._current

    def select_cell(self, index: int, *, audition: bool = False) -> None:
        index = max(0, min(index, len(self._cells) - 1))
        changed = index != self._current
        self._current = index
        self.scroll.ensureWidgetVisible(self._cells[index], 8, 8)
        self._refresh_marks()
        if changed:
            self.sig_cell_selected.emit(index)
        if audition:
            self.audition(index)

    def audition(self, index: int, *, toggle: bool = False) -> bool:
        """Play the cell's take from the start (or pause/resume it when ``toggle`` and loaded)."""
        take = self._cells[index].take
        player = self._player
        if take is None or player is None:
            return False
        if toggle and player.has_take and player.path == take.file_path:
            player.toggle()
            return True
        title = f"{self._title} — {self.plan.cells[index].label}" if self._title else ""
        return player.load_take(
            take.file_path, title=title or self.plan.cells[index].label, autoplay=True
        )

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _MOVES:
            d_row, d_col = _MOVES[Qt.Key(key)]
            rows, columns = self.plan.shape
            cell = self.plan.cells[self._current]
            row = max(0, min(rows - 1, cell.row + d_row))
            column = max(0, min(columns - 1, cell.column + d_col))
            target = row * columns + column
            if target != self._current:
                self.select_cell(target, audition=True)
            return
        if key == Qt.Key.Key_Space:
            self.audition(self._current, toggle=True)
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.audition(self._current)
            return
        super().keyPressEvent(event)

    def _on_cell_clicked(self, index: int) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        toggle = index == self._current
        self.select_cell(index)
        self.audition(index, toggle=toggle)

    # -- display -------------------------------------------------------------------------------

    def _refresh_marks(self) -> None:
        player = self._player
        playing_path = player.path if player is not None and player.is_playing else None
        for view in self._cells:
            playing = view.take is not None and view.take.file_path == playing_path
            view.set_marks(selected=view.cell.index == self._current, playing=playing)

    def progress_text(self) -> str:
        jobs = [v.job for v in self._cells if v.job is not None]
        done = sum(j.state is JobState.DONE for j in jobs)
        failed = sum(j.state is JobState.FAILED for j in jobs)
        running = sum(not j.state.terminal for j in jobs)
        parts = [f"{done} of {len(self._cells)} done"]
        if running:
            parts.append(f"{running} running")
        if failed:
            parts.append(f"{failed} failed")
        spent = sum(j.cost for j in jobs if j.cost is not None and j.state is JobState.DONE)
        if spent:
            parts.append(format_amount(spent, self._unit))
        return " · ".join(parts)

    def _refresh_progress(self) -> None:
        self.progress.setText(self.progress_text())
