"""The jobs list model: JobRecords newest first, updated row by row, with a progress history per
job for the ETA. Holds records only; it never calls the engine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from enum import StrEnum
from html import escape
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from sonodesk.core.catalog.labels import cost_unit, format_cost
from sonodesk.core.jobs.eta import ProgressHistory, elapsed
from sonodesk.core.jobs.records import JobRecord, JobState

JOB_ROLE = Qt.ItemDataRole.UserRole + 1  # JobRecord
ETA_ROLE = Qt.ItemDataRole.UserRole + 2  # seconds left, or None
ELAPSED_ROLE = Qt.ItemDataRole.UserRole + 3  # seconds
COST_ROLE = Qt.ItemDataRole.UserRole + 4  # "2 CU", "≈ 4 CU" or None
ACTION_ROLE = Qt.ItemDataRole.UserRole + 5  # JobAction value, or None
NOW_ROLE = Qt.ItemDataRole.UserRole + 6  # the model's clock, so painting and ETA agree

_AnyIndex = QModelIndex | QPersistentModelIndex


class JobAction(StrEnum):
    """The one button a job row offers."""

    STOP = "stop"
    RETRY = "retry"
    OPEN = "open"


def primary_action(job: JobRecord) -> JobAction | None:
    if not job.state.terminal:
        return JobAction.STOP
    if job.state in (JobState.FAILED, JobState.STOPPED):
        return JobAction.RETRY
    if job.state is JobState.DONE and job.outputs:
        return JobAction.OPEN
    return None


def shows_error_line(job: JobRecord) -> bool:
    """Whether the job's card has a line for its error (a taller card)."""
    return bool(job.error) and job.state in (JobState.FAILED, JobState.STOPPED)


def job_cost(job: JobRecord) -> str | None:
    """The billed cost, or the quote (marked approximate) while there is no bill yet."""
    unit = cost_unit(job.provider)
    if job.cost is not None:
        return format_cost(job.cost, unit)
    return format_cost(job.quoted_cost, unit, approximate=True)


class JobsModel(QAbstractListModel):
    """Newest job first. ``upsert`` touches one row; only ``set_jobs`` resets.

    A changed row is announced with ``dataChanged``; when its card also changes height (an
    error line comes or goes) ``layoutChanged`` comes first, so views lay the rows out again.
    """

    def __init__(self, clock: Callable[[], float] = time.time, parent: Any = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._jobs: list[JobRecord] = []
        self._rows: dict[str, int] = {}
        self._history: dict[str, ProgressHistory] = {}

    # -- updates ----------------------------------------------------------------------------

    def set_jobs(self, jobs: Iterable[JobRecord]) -> None:
        ordered = sorted(jobs, key=lambda j: j.created_at, reverse=True)
        self.beginResetModel()
        self._jobs = ordered
        self._history = {}
        for job in ordered:
            self._record_progress(job)
        self._reindex()
        self.endResetModel()

    def upsert(self, job: JobRecord) -> int:
        """Add a new job in date order or replace a known one; returns its row."""
        row = self._rows.get(job.id)
        if row is not None:
            reshaped = shows_error_line(self._jobs[row]) != shows_error_line(job)
            if reshaped:
                self.layoutAboutToBeChanged.emit()
            self._jobs[row] = job
            self._record_progress(job)
            if reshaped:
                self.layoutChanged.emit()
            index = self.index(row)
            self.dataChanged.emit(index, index)
            return row
        row = 0
        while row < len(self._jobs) and self._jobs[row].created_at > job.created_at:
            row += 1
        self.beginInsertRows(QModelIndex(), row, row)
        self._jobs.insert(row, job)
        self._record_progress(job)
        self._reindex()
        self.endInsertRows()
        return row

    def _record_progress(self, job: JobRecord) -> None:
        if job.state.terminal:
            self._history.pop(job.id, None)
            return
        if job.state is JobState.RUNNING and job.progress is not None:
            self._history.setdefault(job.id, ProgressHistory()).add(self._clock(), job.progress)

    def _reindex(self) -> None:
        self._rows = {job.id: row for row, job in enumerate(self._jobs)}

    # -- queries ----------------------------------------------------------------------------

    def now(self) -> float:
        return self._clock()

    def job(self, job_id: str) -> JobRecord | None:
        row = self._rows.get(job_id)
        return self._jobs[row] if row is not None else None

    def job_at(self, row: int) -> JobRecord:
        return self._jobs[row]

    def row_of(self, job_id: str) -> int:
        return self._rows.get(job_id, -1)

    def active_rows(self) -> list[int]:
        return [row for row, job in enumerate(self._jobs) if not job.state.terminal]

    def eta(self, job_id: str) -> float | None:
        history = self._history.get(job_id)
        return history.remaining(self._clock()) if history is not None else None

    def active_count(self) -> int:
        return sum(1 for job in self._jobs if not job.state.terminal)

    # -- Qt model ---------------------------------------------------------------------------

    def rowCount(self, parent: _AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._jobs)

    def flags(self, index: _AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def data(self, index: _AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._jobs):
            return None
        job = self._jobs[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{job.model_name or job.model_id} · {job.status_text}"
        if role == JOB_ROLE:
            return job
        if role == ETA_ROLE:
            return self.eta(job.id)
        if role == ELAPSED_ROLE:
            return elapsed(job, self._clock())
        if role == COST_ROLE:
            return job_cost(job)
        if role == ACTION_ROLE:
            action = primary_action(job)
            return action.value if action is not None else None
        if role == NOW_ROLE:
            return self._clock()
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(job)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [job.model_name or job.model_id, job.status_text, job.prompt]
            return ", ".join(p for p in parts if p)
        return None


def _tooltip(job: JobRecord) -> str:
    lines = [f"<b>{escape(job.model_name or job.model_id)}</b> · {escape(job.status_text)}"]
    if job.prompt:
        lines.append(escape(job.prompt))
    if job.error:
        lines.append(f"<b>{escape(job.error)}</b>")
    if job.hint:
        lines.append(escape(job.hint))
    if job.remote_id:
        lines.append(f"<code>{escape(job.remote_id)}</code>")
    return "<p style='white-space:pre-wrap'>" + "<br>".join(lines) + "</p>"
