"""Timing for a job row: progress history, ETA by linear extrapolation, clock text, and the
kind of progress bar a job deserves. Pure: no Qt, no I/O, no clock of its own.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.providers.status import RemoteStatus

Reading = tuple[float, float]  # (epoch seconds, progress 0..1)

# Readings older than this say little about the current speed (warm-up, queueing).
HISTORY_LENGTH = 8
_MIN_SPAN_SECONDS = 1.0
_MIN_GAIN = 0.005


def estimate_remaining(history: Sequence[Reading], now: float) -> float | None:
    """Seconds left, extrapolating the rate between the oldest and newest readings.

    None when the history cannot tell: fewer than two readings, too short a span, no
    measurable progress, or readings that go backwards. Never negative.
    """
    if len(history) < 2:
        return None
    (t0, p0), (t1, p1) = history[0], history[-1]
    span = t1 - t0
    gain = p1 - p0
    if span < _MIN_SPAN_SECONDS or gain < _MIN_GAIN or not 0.0 <= p1 <= 1.0:
        return None
    rate = gain / span
    remaining = (1.0 - p1) / rate - max(0.0, now - t1)
    return max(0.0, remaining)


class ProgressHistory:
    """The last few distinct (time, progress) readings of one job."""

    def __init__(self, maxlen: int = HISTORY_LENGTH) -> None:
        self._readings: deque[Reading] = deque(maxlen=maxlen)

    def add(self, when: float, progress: float | None) -> None:
        if progress is None:
            return
        if self._readings:
            last_time, last_progress = self._readings[-1]
            if progress == last_progress:
                return
            if progress < last_progress or when < last_time:
                self._readings.clear()  # a restart or a new phase: old speed no longer applies
        self._readings.append((when, progress))

    def readings(self) -> tuple[Reading, ...]:
        return tuple(self._readings)

    def remaining(self, now: float) -> float | None:
        return estimate_remaining(self._readings, now)


def format_clock(seconds: float | None) -> str:
    """42 -> "0:42", 605 -> "10:05", 3725 -> "1:02:05"; "" for None."""
    if seconds is None:
        return ""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def elapsed(job: JobRecord, now: float) -> float:
    """Seconds since the job was created; its whole run time once it has finished."""
    end = job.finished_at if job.state.terminal and job.finished_at is not None else now
    return max(0.0, end - job.created_at)


class ProgressKind(StrEnum):
    IDLE = "idle"  # waiting for a slot: nothing is moving yet
    DETERMINATE = "determinate"
    INDETERMINATE = "indeterminate"
    DONE = "done"
    FAILED = "failed"
    STOPPED = "stopped"


@dataclass(frozen=True)
class ProgressView:
    kind: ProgressKind
    fraction: float | None = None  # 0..1, only for DETERMINATE


def progress_view(job: JobRecord) -> ProgressView:
    """Which bar to draw: a measured fraction only while the server is running the job."""
    if job.state is JobState.DONE:
        return ProgressView(ProgressKind.DONE, 1.0)
    if job.state is JobState.FAILED:
        return ProgressView(ProgressKind.FAILED)
    if job.state is JobState.STOPPED:
        return ProgressView(ProgressKind.STOPPED)
    if job.state is JobState.QUEUED:
        return ProgressView(ProgressKind.IDLE)
    if job.state is JobState.UPLOADING and job.progress is not None:
        return ProgressView(ProgressKind.DETERMINATE, min(1.0, max(0.0, job.progress)))
    measuring = job.remote in (RemoteStatus.IN_PROGRESS, RemoteStatus.FINALIZING)
    if job.state is JobState.RUNNING and measuring and job.progress is not None:
        return ProgressView(ProgressKind.DETERMINATE, min(1.0, max(0.0, job.progress)))
    # Queued or warming up: the server reports 0 but measures nothing yet.
    return ProgressView(ProgressKind.INDETERMINATE)


def format_age(seconds: float) -> str:
    """How long ago, coarsely: "just now", "4 min ago", "2 h ago", "3 d ago"."""
    if seconds < 45:
        return "just now"
    if seconds < 3600:
        return f"{max(1, int(seconds // 60))} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    return f"{int(seconds // 86400)} d ago"
