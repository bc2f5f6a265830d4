"""JobsModel: newest first, row-level updates, ETA history; checked by Qt's model tester."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import Qt

from sonodesk.core.jobs.records import JobState
from sonodesk.ui.models.jobs_model import (
    ACTION_ROLE,
    COST_ROLE,
    ELAPSED_ROLE,
    ETA_ROLE,
    JOB_ROLE,
    JobAction,
    JobsModel,
    job_cost,
    primary_action,
)
from ui.shell.sample_data import NOW, job, sample_jobs


class Clock:
    def __init__(self, now: float = NOW) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _ids(model: JobsModel) -> list[str]:
    return [model.index(r).data(JOB_ROLE).id for r in range(model.rowCount())]


def test_model_tester_while_jobs_arrive_and_change(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    clock = Clock()
    model = JobsModel(clock)
    qtmodeltester.check(model, force_py=False)
    model.set_jobs(sample_jobs()[3:])
    new = job(10, JobState.QUEUED, age=0)
    model.upsert(new)
    for step in range(5):
        clock.now += 2
        model.upsert(
            dataclasses.replace(new, state=JobState.RUNNING, progress=step / 5, remote_id="r")
        )
    model.upsert(job(11, JobState.QUEUED, age=10_000))  # an old job lands at the bottom
    model.upsert(dataclasses.replace(new, state=JobState.DONE, outputs=("a",), finished_at=NOW))
    qtmodeltester.check(model, force_py=True)
    assert _ids(model)[0] == "job_0010"
    assert _ids(model)[-1] == "job_0011"


def test_newest_first_and_one_row_per_job() -> None:
    model = JobsModel(Clock())
    jobs = sample_jobs()
    model.set_jobs(reversed(jobs))
    assert _ids(model) == [j.id for j in jobs]
    model.upsert(dataclasses.replace(jobs[2], progress=0.5))
    assert model.rowCount() == len(jobs)
    assert model.job(jobs[2].id).progress == 0.5


def test_upsert_touches_one_row_only(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = JobsModel(Clock())
    jobs = sample_jobs()
    model.set_jobs(jobs)
    changed: list[tuple[int, int]] = []
    model.dataChanged.connect(lambda a, b, *_: changed.append((a.row(), b.row())))
    with qtbot.assertNotEmitted(model.modelReset):
        model.upsert(dataclasses.replace(jobs[3], cost=3.0))
    assert changed == [(3, 3)]


def test_eta_from_the_progress_history() -> None:
    clock = Clock()
    model = JobsModel(clock)
    running = job(1, JobState.RUNNING, progress=0.2, remote_id="r", age=10)
    model.set_jobs([running])
    assert model.index(0).data(ETA_ROLE) is None  # one reading says nothing about speed
    clock.now += 4
    model.upsert(dataclasses.replace(running, progress=0.4))
    assert model.index(0).data(ETA_ROLE) == pytest.approx(12.0)
    assert model.index(0).data(ELAPSED_ROLE) == pytest.approx(14.0)
    model.upsert(
        dataclasses.replace(running, state=JobState.DONE, progress=1.0, finished_at=clock.now)
    )
    assert model.index(0).data(ETA_ROLE) is None


def test_roles_for_actions_cost_and_tooltips() -> None:
    model = JobsModel(Clock())
    jobs = {j.state: j for j in sample_jobs()}
    model.set_jobs(jobs.values())

    def data(state: JobState, role: int) -> object:
        return model.index(model.row_of(jobs[state].id)).data(role)

    assert data(JobState.QUEUED, ACTION_ROLE) == JobAction.STOP
    assert data(JobState.RUNNING, ACTION_ROLE) == JobAction.STOP
    assert data(JobState.DONE, ACTION_ROLE) == JobAction.OPEN
    assert data(JobState.FAILED, ACTION_ROLE) == JobAction.RETRY
    assert data(JobState.STOPPED, ACTION_ROLE) == JobAction.RETRY
    assert data(JobState.DONE, COST_ROLE) == "0.5 CU"
    tooltip = data(JobState.FAILED, Qt.ItemDataRole.ToolTipRole)
    assert "Your plan does not include" in tooltip and "Upgrade the team" in tooltip
    assert "Failed" in data(JobState.FAILED, Qt.ItemDataRole.DisplayRole)


def test_primary_action_and_cost_rules() -> None:
    assert primary_action(job(1, JobState.DONE)) is None  # nothing to open
    assert primary_action(job(1, JobState.DONE, outputs=("a",))) is JobAction.OPEN
    assert job_cost(job(1, JobState.RUNNING, quoted_cost=4.0)) == "≈ 4 CU"
    assert job_cost(job(1, JobState.DONE, quoted_cost=4.0, cost=3.5)) == "3.5 CU"
    assert job_cost(job(1, JobState.DONE, provider="aimlapi", cost=12.0)) == "12 credits"
    assert job_cost(job(1, JobState.QUEUED)) is None


def test_a_card_that_changes_height_is_announced_as_a_layout_change() -> None:
    model = JobsModel(Clock())
    running = job(1, JobState.RUNNING, remote_id="r", progress=0.2)
    model.set_jobs([running, job(2, JobState.DONE, outputs=("a",))])
    seen: list[str] = []
    model.layoutChanged.connect(lambda *_: seen.append("layout"))
    model.dataChanged.connect(lambda a, b, *_: seen.append(f"data {a.row()}-{b.row()}"))
    model.upsert(dataclasses.replace(running, progress=0.6))
    assert seen == ["data 0-0"]  # same height: the views repaint one row
    seen.clear()
    model.upsert(dataclasses.replace(running, state=JobState.FAILED, error="Boom."))
    assert seen == ["layout", "data 0-0"]  # the error line makes the card taller
