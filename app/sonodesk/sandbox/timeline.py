"""A job's status as a pure function of time: a per-job plan of stage lengths, then lookup.

pending -> queued -> (sometimes warming-up) -> in-progress -> finalizing -> success, with
the lengths drawn deterministically from the job id and scaled by the job's time_scale. A
job reports success only once its audio exists. No I/O, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sonodesk.sandbox.ids import unit
from sonodesk.sandbox.records import JobRecord

TERMINAL = frozenset({"success", "failure", "canceled"})
CANCELLABLE = frozenset({"pending", "queued"})
_PROGRESS_TICK = 0.5  # nominal seconds between progress updates (and updatedAt changes)


@dataclass(frozen=True)
class Plan:
    """Stage lengths in nominal seconds (multiply by the job's time_scale for real ones)."""

    pending: float
    queued: float
    warming: float  # 0: this job skips warming-up
    running: float
    finalizing: float
    fail_fraction: float  # where in in-progress an injected failure strikes

    @property
    def total(self) -> float:
        return self.pending + self.queued + self.warming + self.running + self.finalizing


@dataclass(frozen=True)
class JobView:
    status: str
    progress: float
    history: tuple[tuple[str, float], ...]  # (status, epoch seconds), oldest first
    updated_at: float
    expected_end: float  # when the timeline (not the render) is over, epoch seconds

    @property
    def terminal(self) -> bool:
        return self.status in TERMINAL


def plan_for(job: JobRecord) -> Plan:
    def jitter(salt: str) -> float:
        return unit(job.job_id, salt)

    # ~1 s of model start-up plus 0.08 s per second of audio per output, +-30 %.
    work = 1.0 + 0.08 * job.audio_seconds * max(job.outputs, 1)
    return Plan(
        pending=0.2 + 0.4 * jitter("pending"),
        queued=0.5 + 2.0 * jitter("queued"),
        warming=(1.5 + 2.5 * jitter("warming")) if jitter("warms") < 0.3 else 0.0,
        running=work * (0.7 + 0.6 * jitter("running")),
        finalizing=0.3 + 0.7 * jitter("finalizing"),
        fail_fraction=0.2 + 0.6 * jitter("fail"),
    )


def evaluate(job: JobRecord, now: float) -> JobView:
    plan = plan_for(job)
    scale = job.time_scale
    start = job.created_at
    stages = [("pending", start)]
    offset = plan.pending
    stages.append(("queued", start + offset * scale))
    offset += plan.queued
    if plan.warming > 0:
        stages.append(("warming-up", start + offset * scale))
        offset += plan.warming
    run_start = start + offset * scale
    stages.append(("in-progress", run_start))
    run_end = run_start + plan.running * scale
    stages.append(("finalizing", run_end))
    final_end = run_end + plan.finalizing * scale

    ending: tuple[str, float] | None = None
    if job.failure is not None:
        ending = ("failure", run_start + plan.running * plan.fail_fraction * scale)
    elif job.rendered_at is not None:
        ending = ("failure" if job.render_error else "success", max(final_end, job.rendered_at))
    if job.canceled_at is not None and (ending is None or job.canceled_at < ending[1]):
        ending = ("canceled", job.canceled_at)

    history = [(status, at) for status, at in stages if at <= now]
    if ending is not None:
        history = [(status, at) for status, at in history if at < ending[1]]
        if ending[1] <= now:
            history.append(ending)
    if not history:  # a clock that went backwards; never report an empty history
        history = [stages[0]]
    status, since = history[-1]
    progress, updated = _progress(status, since, now, run_start, plan, scale)
    if status == "failure":
        progress = _running_progress(min(since, run_end), run_start, plan, scale)
    return JobView(status, progress, tuple(history), max(updated, since), final_end)


def _progress(
    status: str, since: float, now: float, run_start: float, plan: Plan, scale: float
) -> tuple[float, float]:
    if status == "success":
        return 1.0, since
    if status == "in-progress":
        tick = _PROGRESS_TICK * scale
        ticked = since + math.floor((now - since) / tick) * tick if tick > 0 else now
        return _running_progress(ticked, run_start, plan, scale), ticked
    if status == "finalizing":
        length = max(plan.finalizing * scale, 1e-9)
        share = min(max((now - since) / length, 0.0), 1.0)
        return round(0.95 + 0.04 * share, 3), since
    return 0.0, since


def _running_progress(at: float, run_start: float, plan: Plan, scale: float) -> float:
    length = max(plan.running * scale, 1e-9)
    share = min(max((at - run_start) / length, 0.0), 1.0)
    # Fast at first, slower towards the end, as model progress bars tend to be.
    return round(0.95 * (1 - (1 - share) ** 1.6), 3)
