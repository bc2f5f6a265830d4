"""Spend test data (no tests here): a JobStore with jobs in every billing situation, in UTC."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.jobs.store import JobStore, new_id

TZ = UTC
NOW = datetime(2026, 8, 14, 15, 0, tzinfo=TZ).timestamp()
HOUR = 3600.0
DAY = 24 * HOUR


def at(days_ago: float, hours: float = 0.0) -> float:
    """A moment ``days_ago`` days before NOW's day, at 09:00 UTC plus ``hours``."""
    base = datetime(2026, 8, 14, 9, 0, tzinfo=TZ).timestamp()
    return base - days_ago * DAY + hours * HOUR


@dataclass
class Seeder:
    store: JobStore

    def job(
        self,
        *,
        when: float,
        state: JobState = JobState.DONE,
        provider: str = "scenario",
        model_id: str = "model_music",
        model_name: str = "Music Sketch",
        cost: float | None = None,
        quoted: float | None = None,
        remote: bool = True,
        remote_status: str | None = None,
        outputs: int = 0,
        takes: int = 0,
        **extra: Any,
    ) -> JobRecord:
        if remote_status is None and remote:
            remote_status = {
                JobState.DONE: "success",
                JobState.FAILED: "failure",
                JobState.RUNNING: "in-progress",
                JobState.DOWNLOADING: "success",
            }.get(state)
        job = JobRecord(
            id=new_id("job"),
            provider=provider,
            model_id=model_id,
            model_name=model_name,
            params={"prompt": "rain", "seed": 1},
            state=state,
            created_at=when,
            updated_at=when,
            remote_id=new_id("remote") if remote else None,
            remote_status=remote_status,
            outputs=tuple(f"asset_{n}" for n in range(max(outputs, takes))),
            cost=cost,
            quoted_cost=quoted,
            submitted_at=when if remote else None,
            finished_at=when + 30 if state.terminal else None,
            **extra,
        )
        self.store.insert_job(job)
        for index in range(takes):
            self.store.insert_take(
                TakeRecord(
                    id=new_id("take"),
                    job_id=job.id,
                    output_index=index,
                    provider=provider,
                    model_id=model_id,
                    params=job.params,
                    file_path=f"/takes/{job.id}_{index}.wav",
                    created_at=when + 40,
                    cost=(cost / takes) if cost is not None else None,
                )
            )
        return job


def open_store(tmp: Path) -> JobStore:
    return JobStore(tmp / "jobs.db")
