"""An uncertain submit to a provider that cannot list jobs fails honestly and is never resent."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import httpx

from sonodesk.core.errors import BadRequestError, TransportError
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.jobs.runner import EngineTiming
from sonodesk.core.jobs.store import JobStore, new_id
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers.base import RemoteJob, SubmitResult

TIMING = EngineTiming(
    refused_backoff=RetryPolicy(attempts=100, base_delay=0.01, max_delay=0.02),
    reconcile_misses=2,
    reconcile_grace=0.0,
    reconcile_interval=0.01,
)
UNCONFIRMED = (
    "The AI/ML API did not confirm this job; it may still run and be charged — "
    "check your AI/ML API dashboard."
)


class DroppingProvider:
    """The first POST is lost after sending; a second one is refused (so a test ends)."""

    provider_id = "fake"
    display_name = "AI/ML API"
    supports_cancel = False
    cost_unit = "credits"

    def __init__(self, *, lists: bool) -> None:
        if not lists:
            self.can_list_jobs = False
        self.submits = 0
        self.listings = 0

    async def submit(self, model_id: str, params: Any) -> SubmitResult:
        self.submits += 1
        if self.submits == 1:
            raise TransportError("The connection was interrupted.", sent=True)
        raise BadRequestError("Second submit refused.", status=400)

    async def find_jobs_since(self, created_after: float) -> list[RemoteJob]:
        self.listings += 1
        return []

    async def get_job(self, job_id: str) -> RemoteJob:
        raise AssertionError("nothing to poll")

    async def aclose(self) -> None:
        return None


def run_engine(provider: DroppingProvider, home: Path, job: JobRecord | None = None) -> JobRecord:
    async def scenario() -> JobRecord:
        async with httpx.AsyncClient() as http:
            store = JobStore(home / "jobs.db")
            providers: dict[str, Any] = {"fake": provider}  # a partial, duck-typed provider
            engine = JobEngine(store, providers, takes_dir=home / "takes", http=http, timing=TIMING)
            try:
                if job is None:
                    submitted = engine.submit("fake", "google/lyria2", {"prompt": "x"})
                else:
                    store.insert_job(job)
                    (submitted,) = await engine.start()
                return await asyncio.wait_for(engine.wait(submitted.id), 10)
            finally:
                await engine.aclose()
                store.close()

    return asyncio.run(scenario())


def test_a_dropped_post_is_failed_with_an_honest_message(tmp_path: Path) -> None:
    provider = DroppingProvider(lists=False)
    final = run_engine(provider, tmp_path)
    assert final.state is JobState.FAILED and final.error == UNCONFIRMED
    assert final.hint and "Retry only if" in final.hint
    assert final.remote_id is None and final.finished_at is not None
    assert provider.submits == 1 and provider.listings == 0


def test_a_job_found_mid_submit_after_a_crash_is_not_resent(tmp_path: Path) -> None:
    now = time.time()
    crashed = JobRecord(
        id=new_id("job"),
        provider="fake",
        model_id="google/lyria2",
        params={"prompt": "x"},
        state=JobState.SUBMITTING,
        created_at=now - 5,
        updated_at=now - 5,
        submit_started_at=now - 5,
        submit_attempts=1,
    )
    provider = DroppingProvider(lists=False)
    final = run_engine(provider, tmp_path, crashed)
    assert final.state is JobState.FAILED and final.error == UNCONFIRMED
    assert provider.submits == 0


def test_providers_that_can_list_keep_reconciling_then_resubmitting(tmp_path: Path) -> None:
    provider = DroppingProvider(lists=True)
    final = run_engine(provider, tmp_path)
    assert provider.listings >= TIMING.reconcile_misses
    assert provider.submits == 2  # Scenario's behaviour: not listed after the grace -> resend
    assert final.state is JobState.FAILED and final.error == "Second submit refused."
