"""Job timing: ETA extrapolation, progress history, clock text and progress-bar kinds."""

from __future__ import annotations

import pytest

from sonodesk.core.jobs.eta import (
    ProgressHistory,
    ProgressKind,
    elapsed,
    estimate_remaining,
    format_age,
    format_clock,
    progress_view,
)
from sonodesk.core.jobs.records import JobRecord, JobState


def _job(state: JobState, **changes: object) -> JobRecord:
    fields: dict[str, object] = {
        "id": "job_1",
        "provider": "sandbox",
        "model_id": "m",
        "params": {},
        "state": state,
        "created_at": 100.0,
        "updated_at": 100.0,
    }
    fields.update(changes)
    return JobRecord(**fields)  # type: ignore[arg-type]


def test_linear_extrapolation() -> None:
    # 10% per 2 s, at 50%: 10 s left when asked right at the last reading.
    assert estimate_remaining([(0.0, 0.3), (4.0, 0.5)], now=4.0) == pytest.approx(10.0)
    # Time since the last reading counts down the estimate, never below zero.
    assert estimate_remaining([(0.0, 0.3), (4.0, 0.5)], now=7.0) == pytest.approx(7.0)
    assert estimate_remaining([(0.0, 0.3), (4.0, 0.5)], now=60.0) == 0.0


@pytest.mark.parametrize(
    "history",
    [
        [],
        [(0.0, 0.2)],
        [(0.0, 0.2), (0.5, 0.4)],  # too short a span to trust
        [(0.0, 0.4), (5.0, 0.4)],  # no progress
        [(0.0, 0.6), (5.0, 0.4)],  # backwards
        [(0.0, 0.2), (5.0, 1.5)],  # nonsense value
    ],
)
def test_unknown_eta_is_none(history: list[tuple[float, float]]) -> None:
    assert estimate_remaining(history, now=10.0) is None


def test_history_keeps_distinct_readings_and_resets_on_a_new_phase() -> None:
    history = ProgressHistory(maxlen=3)
    history.add(0.0, None)
    for when, value in ((0.0, 0.1), (1.0, 0.1), (2.0, 0.2), (3.0, 0.3), (4.0, 0.4)):
        history.add(when, value)
    assert history.readings() == ((2.0, 0.2), (3.0, 0.3), (4.0, 0.4))
    assert history.remaining(4.0) == pytest.approx(6.0)
    history.add(5.0, 0.05)  # progress went back: a new phase, old speed is void
    assert history.readings() == ((5.0, 0.05),)
    assert history.remaining(5.0) is None


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(None, ""), (0, "0:00"), (42.4, "0:42"), (605, "10:05"), (3725, "1:02:05"), (-3, "0:00")],
)
def test_format_clock(seconds: float | None, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(5, "just now"), (60, "1 min ago"), (3599, "59 min ago"), (7200, "2 h ago"),
     (3 * 86400, "3 d ago")],
)  # fmt: skip
def test_format_age(seconds: float, text: str) -> None:
    assert format_age(seconds) == text


def test_elapsed_runs_until_finished() -> None:
    assert elapsed(_job(JobState.RUNNING), now=130.0) == 30.0
    assert elapsed(_job(JobState.DONE, finished_at=124.0), now=999.0) == 24.0
    assert elapsed(_job(JobState.QUEUED), now=50.0) == 0.0


def test_progress_kinds() -> None:
    assert progress_view(_job(JobState.QUEUED)).kind is ProgressKind.IDLE
    measuring = _job(JobState.RUNNING, progress=0.62, remote_status="in-progress")
    view = progress_view(measuring)
    assert (view.kind, view.fraction) == (ProgressKind.DETERMINATE, 0.62)
    finalizing = progress_view(_job(JobState.RUNNING, progress=0.97, remote_status="finalizing"))
    assert finalizing.kind is ProgressKind.DETERMINATE
    # Queued or warming up on the server: it reports 0 but measures nothing yet.
    for word in ("pending", "queued", "warming-up", None):
        job = _job(JobState.RUNNING, progress=0.0, remote_status=word)
        assert progress_view(job).kind is ProgressKind.INDETERMINATE
    assert progress_view(_job(JobState.RUNNING)).kind is ProgressKind.INDETERMINATE
    # An upload reports its own bytes; other local steps have no fraction.
    uploading = progress_view(_job(JobState.UPLOADING, progress=0.5))
    assert (uploading.kind, uploading.fraction) == (ProgressKind.DETERMINATE, 0.5)
    assert progress_view(_job(JobState.UPLOADING)).kind is ProgressKind.INDETERMINATE
    for state in (JobState.SUBMITTING, JobState.RECONCILING):
        assert progress_view(_job(state, progress=0.5)).kind is ProgressKind.INDETERMINATE
    assert progress_view(_job(JobState.DOWNLOADING)).kind is ProgressKind.INDETERMINATE
    assert progress_view(_job(JobState.DONE)).kind is ProgressKind.DONE
    assert progress_view(_job(JobState.FAILED)).kind is ProgressKind.FAILED
