"""The job engine against the sandbox: faults, reconciliation, downloads, uploads, limits."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from sonodesk.core.errors import CancelRefusedError
from sonodesk.core.jobs.engine import JobChanged, TakeAdded
from sonodesk.core.jobs.records import JobState
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from sonodesk.sandbox.faults import FaultConfig
from sonodesk.sandbox.launcher import SandboxOptions, start_in_thread
from support.clients import engine_for, provider_for

SFX = {"prompt": "wind through trees", "duration": 0.5}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_takes_match_server(sandbox, engine) -> int:  # type: ignore[no-untyped-def]
    """Every take is complete, decodable and byte-identical to what the server served."""
    count = 0
    for take in engine.store.takes():
        path = Path(take.file_path)
        assert path.is_file() and not path.name.startswith(".")
        info = sandbox.asset_info(take.asset_ref)
        assert sha256(path) == info["sha256"] == take.sha256
        data, rate = sf.read(path)
        assert len(data) > 0 and rate > 0
        count += 1
    leftovers = [p for p in Path(engine.takes_dir).rglob("*") if p.name.endswith(".part")]
    assert not leftovers
    return count


def test_one_job_end_to_end_with_events(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    events: list[object] = []

    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        engine.subscribe(events.append)
        try:
            job = engine.submit(
                "sandbox",
                SFX_MODEL_ID,
                {**SFX, "numOutputs": 2, "seed": 5},
                model_name="Sandbox SFX",
            )
            stored = engine.store.get_job(job.id)  # written before anything was sent
            assert stored.state is JobState.QUEUED
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.DONE, final.error
            takes = engine.store.takes_for_job(job.id)
            assert [t.output_index for t in takes] == [0, 1]
            assert [t.seed for t in takes] == [5, 6]
            assert all(t.duration and abs(t.duration - 0.5) < 0.05 for t in takes)
            assert final.cost and takes[0].cost == pytest.approx(final.cost / 2)
            assert_takes_match_server(live_sandbox, engine)
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())
    states = [e.job.state for e in events if isinstance(e, JobChanged)]
    assert states[0] is JobState.QUEUED and states[-1] is JobState.DONE
    assert JobState.SUBMITTING in states and JobState.RUNNING in states
    assert JobState.DOWNLOADING in states
    assert sum(isinstance(e, TakeAdded) for e in events) == 2


@pytest.mark.slow
def test_thirty_jobs_through_twenty_percent_faults(tmp_path: Path) -> None:
    faults = FaultConfig(rate=0.2, seed=11, slow_seconds=0.3, remaining_seconds=0.2)
    server = start_in_thread(SandboxOptions(time_scale=0.05, faults=faults))
    try:

        async def scenario() -> None:
            provider = provider_for(server.api_url)
            engine = engine_for(provider, tmp_path, max_concurrent=6)
            try:
                jobs = [
                    engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": n, "outputFormat": fmt})
                    for n, fmt in zip(range(30), ["wav", "flac", "mp3", "ogg"] * 8, strict=False)
                ]
                finals = await asyncio.wait_for(
                    asyncio.gather(*(engine.wait(j.id) for j in jobs)), 240
                )
                failed = [f for f in finals if f.state is not JobState.DONE]
                # A job_failure fault fails the job on the server: that is an honest outcome.
                for job in failed:
                    assert job.state is JobState.FAILED and job.remote_id, job.error
                server_jobs = server.jobs()
                remote_ids = [f.remote_id for f in finals]
                assert len(set(remote_ids)) == 30
                assert len(server_jobs) == 30, "exactly one server job per submit"
                assert assert_takes_match_server(server, engine) == 30 - len(failed)
                stats = server.stats()
                assert stats["faultsTotal"] >= 10, stats["faults"]
            finally:
                await engine.aclose()
                await provider.aclose()

        asyncio.run(scenario())
    finally:
        server.stop()


def test_dropped_post_is_reconciled_not_resubmitted(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            live_sandbox.script_fault("drop_after", "generate")
            job = engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": 77})
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.DONE and final.submit_attempts == 1
            server_jobs = live_sandbox.jobs()
            assert len(server_jobs) == 1 and server_jobs[0]["jobId"] == final.remote_id
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_refused_and_unsent_posts_are_retried(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            live_sandbox.script_fault("rate_limit", "generate")
            live_sandbox.script_fault("server_error", "generate", status=503)
            live_sandbox.script_fault("drop_before", "generate")
            job = engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": 1})
            final = await asyncio.wait_for(engine.wait(job.id), 60)
            assert final.state is JobState.DONE
            assert len(live_sandbox.jobs()) == 1
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_500_after_post_is_reconciled(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            live_sandbox.script_fault("server_error", "generate", status=500)
            job = engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": 2})
            final = await asyncio.wait_for(engine.wait(job.id), 60)
            assert final.state is JobState.DONE
            # A 500 before the work creates no job: reconcile finds none and submits again.
            assert len(live_sandbox.jobs()) == 1
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_expired_url_then_fresh_url_and_truncation_never_kept(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            live_sandbox.script_fault("expired_url", "cdn")
            live_sandbox.script_fault("truncate", "cdn")
            job = engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": 3})
            final = await asyncio.wait_for(engine.wait(job.id), 60)
            assert final.state is JobState.DONE
            assert assert_takes_match_server(live_sandbox, engine) == 1
            stats = live_sandbox.stats()
            assert stats["faults"].get("expired_url") == 1
            assert stats["faults"].get("truncate") == 1
            # Each attempt asked for a fresh URL first.
            asset_gets = sum(
                n for route, n in stats["requests"].items() if route.startswith("GET /v1/assets/")
            )
            assert asset_gets >= 3, stats["requests"]
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_failed_job_reports_server_error_and_hint(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            live_sandbox.script_fault("job_failure", "generate")
            job = engine.submit("sandbox", SFX_MODEL_ID, SFX)
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.FAILED and final.error and final.remote_id
            assert engine.store.takes_for_job(job.id) == []
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_bad_params_fail_with_the_field_named(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            job = engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "duration": 500})
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.FAILED and final.error_field == "duration"
            assert live_sandbox.jobs() == []
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_team_concurrency_limit_lowers_the_cap(tmp_path: Path) -> None:
    server = start_in_thread(SandboxOptions(time_scale=0.1, max_concurrent_jobs=2))
    try:

        async def scenario() -> None:
            provider = provider_for(server.api_url)
            engine = engine_for(provider, tmp_path, max_concurrent=5)
            try:
                jobs = [
                    engine.submit("sandbox", SFX_MODEL_ID, {**SFX, "seed": n}) for n in range(6)
                ]
                finals = await asyncio.wait_for(
                    asyncio.gather(*(engine.wait(j.id) for j in jobs)), 120
                )
                assert all(f.state is JobState.DONE for f in finals)
                assert len(server.jobs()) == 6
                assert engine.gate("sandbox").limit <= 3
            finally:
                await engine.aclose()
                await provider.aclose()

        asyncio.run(scenario())
    finally:
        server.stop()


def test_upload_then_process_through_the_engine(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "loop.wav"
    rate = 22050
    tone = (0.3 * np.sin(2 * np.pi * 330 * np.arange(rate) / rate)).astype("float32")
    sf.write(source, tone, rate)

    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path / "home")
        uploading: list[float | None] = []

        def on_event(event: object) -> None:
            if isinstance(event, JobChanged) and event.job.state is JobState.UPLOADING:
                uploading.append(event.job.progress)

        engine.subscribe(on_event)
        try:
            job = engine.submit(
                "sandbox",
                TOOLS_MODEL_ID,
                {"cutPoints": [0.25, 0.5], "outputFormat": "wav"},
                files={"audio": str(source)},
            )
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.DONE, final.error
            assert final.files == {} and final.params["audio"].startswith("asset")
            takes = engine.store.takes_for_job(job.id)
            assert len(takes) == 3
            lengths = [sf.info(t.file_path).frames for t in takes]
            assert abs(sum(lengths) - rate) <= 3
            assert uploading and uploading[-1] == 1.0  # the job showed its upload moving
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())


def test_cancel_queued_locally_and_refusal_when_running(tmp_path: Path) -> None:
    server = start_in_thread(SandboxOptions(time_scale=0.5))
    try:

        async def scenario() -> None:
            provider = provider_for(server.api_url)
            engine = engine_for(provider, tmp_path, max_concurrent=1)
            try:
                # A 3-minute sketch runs ~8 s here: long enough for adaptive polling to see it
                # running (a short job can go from queued to done between two polls).
                running = engine.submit(
                    "sandbox", MUSIC_MODEL_ID, {"prompt": "slow ambient pads", "duration": 180}
                )
                waiting = engine.submit("sandbox", SFX_MODEL_ID, SFX)
                stopped = await engine.cancel(waiting.id)
                assert stopped.state is JobState.STOPPED and "nothing was charged" in stopped.error
                for _ in range(1500):
                    job = engine.store.get_job(running.id)
                    if job.remote_status in ("in-progress", "finalizing"):
                        break
                    await asyncio.sleep(0.02)
                assert job.remote_status in ("in-progress", "finalizing"), job.remote_status
                with pytest.raises(CancelRefusedError):
                    await engine.cancel(running.id)
                untracked = await engine.stop_tracking(running.id)
                assert untracked.state is JobState.STOPPED
                assert len(server.jobs()) == 1
            finally:
                await engine.aclose()
                await provider.aclose()

        asyncio.run(scenario())
    finally:
        server.stop()


def test_polling_is_frugal(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Adaptive polling: a few requests per job, not one every few hundred milliseconds."""
    live_sandbox.settings(timeScale=0.5)

    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        engine = engine_for(provider, tmp_path)
        try:
            job = engine.submit("sandbox", MUSIC_MODEL_ID, {"prompt": "house", "duration": 20})
            final = await asyncio.wait_for(engine.wait(job.id), 60)
            assert final.state is JobState.DONE
            assert final.polls <= 10, final.polls
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())
