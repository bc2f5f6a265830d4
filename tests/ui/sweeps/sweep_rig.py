"""Sweep UI test data: the sandbox SFX model's specs, a 3 × 4 plan, and job/take records whose
audio files really exist (short tones), so a QtPlayer on a FakeOutput can play them.
"""

from __future__ import annotations

import random
from pathlib import Path

from fakes.fake_audio import write_tone
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.schema import specs_from_scenario
from sonodesk.core.sweeps import SweepPlan, plan_sweep
from sonodesk.sandbox.catalog import SFX_INPUTS

SPECS = specs_from_scenario(SFX_INPUTS, {})
BASE = {
    "prompt": "heavy rain on a tin roof",
    "preset": "rain",
    "duration": 5,
    "intensity": 0.6,
    "seed": 1234,
    "outputFormat": "wav",
}
T0 = 1_786_700_000.0


def sweep_plan() -> SweepPlan:
    plan = plan_sweep(SPECS, BASE, [("intensity", [0.3, 0.6, 0.9])], seeds=4, rng=random.Random(2))
    return plan.with_quotes({cell.index: 0.5 for cell in plan.cells})


def job_for(plan: SweepPlan, index: int, state: JobState, **changes: object) -> JobRecord:
    cell = plan.cells[index]
    return JobRecord(
        id=f"job_{index:02d}",
        provider="sandbox",
        model_id="model_sonodesk-sfx",
        model_name="Sonodesk SFX",
        params=cell.params,
        state=state,
        created_at=T0 + index,
        updated_at=T0 + index,
        batch_id="batch_sweep",
        batch_index=index,
        label=cell.label,
        quoted_cost=cell.quoted_cost,
        cost=0.5 if state in (JobState.DONE, JobState.RUNNING, JobState.DOWNLOADING) else None,
        **changes,  # type: ignore[arg-type]
    )


def take_for(job: JobRecord, folder: Path, seconds: float = 0.4) -> TakeRecord:
    path = folder / f"{job.id}.wav"
    write_tone(path, seconds, 48_000, channels=2)
    return TakeRecord(
        id=f"take_{job.id}",
        job_id=job.id,
        output_index=0,
        provider=job.provider,
        model_id=job.model_id,
        params=job.params,
        file_path=str(path),
        created_at=job.created_at + 10,
        duration=seconds,
        title=job.label or "",
    )


def job_ids(plan: SweepPlan) -> dict[int, str]:
    return {cell.index: f"job_{cell.index:02d}" for cell in plan.cells}
