"""The job timeline as a pure function of time: order, progress, cancel, failure, render gating."""

from __future__ import annotations

import numpy as np

from sonodesk.sandbox.records import JobRecord
from sonodesk.sandbox.timeline import evaluate, plan_for

ORDER = ["pending", "queued", "warming-up", "in-progress", "finalizing", "success"]


def _job(job_id: str = "job_abc", **changes: object) -> JobRecord:
    job = JobRecord(
        job_id=job_id,
        model_id="model_sonodesk-sfx",
        input={"prompt": "rain"},
        params={"prompt": "rain"},
        seed=1,
        created_at=1000.0,
        time_scale=1.0,
        outputs=1,
        asset_ids=["asset_a"],
        cost=0.5,
        audio_seconds=5.0,
    )
    for key, value in changes.items():
        setattr(job, key, value)
    return job


def test_statuses_follow_the_documented_order_and_progress_rises() -> None:
    job = _job(rendered_at=1000.0)
    plan = plan_for(job)
    previous_rank, previous_progress = -1, -1.0
    for now in np.linspace(1000.0, 1000.0 + plan.total + 1, 400):
        view = evaluate(job, float(now))
        rank = ORDER.index(view.status)
        assert rank >= previous_rank
        assert view.progress >= previous_progress - 1e-9
        previous_rank, previous_progress = rank, view.progress
        dates = [at for _, at in view.history]
        assert dates == sorted(dates)
    final = evaluate(job, 1000.0 + plan.total + 1)
    assert final.status == "success" and final.progress == 1.0
    assert [s for s, _ in final.history][-2:] == ["finalizing", "success"]


def test_progress_peaks_near_095_while_running() -> None:
    job = _job(rendered_at=1000.0)
    plan = plan_for(job)
    start = 1000.0 + plan.pending + plan.queued + plan.warming
    assert evaluate(job, start + 0.01).progress < 0.2
    late = evaluate(job, start + plan.running * 0.999)
    assert late.status == "in-progress" and 0.85 <= late.progress <= 0.95


def test_success_waits_for_the_audio() -> None:
    job = _job()
    after = 1000.0 + plan_for(job).total + 50
    assert evaluate(job, after).status == "finalizing"
    job.rendered_at = after - 10
    view = evaluate(job, after)
    assert view.status == "success"
    assert view.history[-1] == ("success", after - 10)


def test_time_scale_shrinks_every_stage() -> None:
    slow, fast = _job(time_scale=1.0), _job(time_scale=0.1)
    slow_end = evaluate(slow, 1e9).expected_end - 1000.0
    fast_end = evaluate(fast, 1e9).expected_end - 1000.0
    assert abs(fast_end - slow_end * 0.1) < 1e-6


def test_stage_lengths_vary_by_job_but_are_stable_per_job() -> None:
    plans = [plan_for(_job(f"job_{i}")) for i in range(40)]
    assert len({round(p.running, 6) for p in plans}) > 30
    assert any(p.warming > 0 for p in plans) and any(p.warming == 0 for p in plans)
    assert plan_for(_job("job_7")) == plan_for(_job("job_7"))
    base = 1.0 + 0.08 * 5.0
    assert all(base * 0.7 - 1e-9 <= p.running <= base * 1.3 + 1e-9 for p in plans)


def test_longer_audio_and_more_outputs_take_longer() -> None:
    short = plan_for(_job(audio_seconds=2.0))
    long = plan_for(_job(audio_seconds=60.0, outputs=3))
    assert long.running > short.running * 5


def test_cancel_ends_the_history() -> None:
    job = _job(canceled_at=1000.1, rendered_at=1000.0)
    view = evaluate(job, 2000.0)
    assert view.status == "canceled"
    assert view.history[-1] == ("canceled", 1000.1)
    assert all(at <= 1000.1 for _, at in view.history)


def test_injected_failure_strikes_while_running() -> None:
    job = _job(failure={"error": "boom", "hint": "retry"})
    view = evaluate(job, 1e9)
    assert view.status == "failure"
    statuses = [s for s, _ in view.history]
    assert statuses[-2:] == ["in-progress", "failure"]
    assert 0.0 < view.progress < 0.95


def test_render_error_fails_after_finalizing() -> None:
    job = _job(rendered_at=1000.0, render_error="bad input")
    view = evaluate(job, 1e9)
    assert view.status == "failure"
    assert [s for s, _ in view.history][-2:] == ["finalizing", "failure"]
