"""The budget hook in the real job engine against the sandbox: refused before anything is sent."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

from core.test_spend_data import Seeder
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.spend import BudgetPolicy, budget_status, check_batch, make_budget_check
from sonodesk.sandbox.catalog import SFX_MODEL_ID
from support.clients import FAST_ENGINE, provider_for

SFX = {"prompt": "wind through trees", "duration": 0.5}  # the sandbox charges 0.5 CU for it


def _engine(provider, store: JobStore, home: Path, policy: BudgetPolicy) -> JobEngine:  # type: ignore[no-untyped-def]
    return JobEngine(
        store,
        {provider.provider_id: provider},
        takes_dir=home / "takes",
        http=provider.http,
        timing=FAST_ENGINE,
        max_concurrent=1,
        budget_check=make_budget_check(store, policy),
    )


def test_job_over_the_cap_fails_before_any_post(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(sandbox.api_url)
        store = JobStore(tmp_path / "jobs.db")
        Seeder(store).job(when=time.time(), provider="sandbox", cost=48.0)
        engine = _engine(provider, store, tmp_path, BudgetPolicy({"sandbox": 50.0}))
        try:
            job = engine.submit("sandbox", SFX_MODEL_ID, SFX, quoted_cost=4.0)
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.FAILED
            assert final.error == (
                "This would bring today's Sandbox spend to 52 CU, over your 50 CU daily cap."
            )
            assert final.hint == "Raise the cap in Preferences or wait until tomorrow."
            assert final.remote_id is None and final.submit_attempts == 0
            stats = sandbox.stats()
            assert stats["generatePosts"] == 0 and stats["jobsCreated"] == 0

            cheap = engine.submit("sandbox", SFX_MODEL_ID, SFX, quoted_cost=1.5)
            done = await asyncio.wait_for(engine.wait(cheap.id), 30)
            assert done.state is JobState.DONE, done.error
            assert sandbox.stats()["generatePosts"] == 1
        finally:
            await engine.aclose()
            await provider.aclose()
            store.close()

    asyncio.run(scenario())


def test_batch_checked_whole_then_every_job_passes_the_hook(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(sandbox.api_url)
        store = JobStore(tmp_path / "jobs.db")
        Seeder(store).job(when=time.time(), provider="sandbox", cost=45.0)
        policy = BudgetPolicy({"sandbox": 50.0})
        engine = _engine(provider, store, tmp_path, policy)
        try:
            status = budget_status(store, policy, "sandbox")
            refused = check_batch([2.0] * 3, status)  # 45 + 6 > 50: nothing is submitted
            assert not refused.ok and "These 3 takes (6 CU)" in (refused.message or "")
            assert check_batch([2.0] * 2, status).ok  # 49: fits
            batch = engine.new_batch_id()
            jobs = [
                engine.submit(
                    "sandbox",
                    SFX_MODEL_ID,
                    {**SFX, "seed": n},
                    quoted_cost=2.0,
                    batch_id=batch,
                    batch_index=n,
                )
                for n in range(2)
            ]
            finals = await asyncio.wait_for(asyncio.gather(*(engine.wait(j.id) for j in jobs)), 30)
            assert [f.state for f in finals] == [JobState.DONE, JobState.DONE]
            assert sandbox.stats()["generatePosts"] == 2
        finally:
            await engine.aclose()
            await provider.aclose()
            store.close()

    asyncio.run(scenario())
