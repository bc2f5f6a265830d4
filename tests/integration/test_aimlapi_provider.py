"""The AI/ML API provider and the job engine against the sandbox's /v2 routes over loopback."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import soundfile as sf

from sonodesk.core.errors import AuthError, BadRequestError, CancelRefusedError
from sonodesk.core.jobs.engine import JobChanged
from sonodesk.core.jobs.records import JobState
from sonodesk.core.providers.status import RemoteStatus
from sonodesk.sandbox.engine import INJECTED_FAILURE
from support.aimlapi_clients import (
    aiml_jobs,
    aimlapi_engine_for,
    aimlapi_provider_for,
    sine_wav,
)

SONG = {
    "prompt": "dreamy lofi hip hop with warm keys",
    "lyrics": "[Verse]\nStreetlights flicker, the night breeze sighs\nShadows stretch as I walk",
    "audio_setting.format": "wav",
    "audio_setting.audio_sample_rate": 44100,
}
UNCONFIRMED = (
    "The AI/ML API did not confirm this job; it may still run and be charged — "
    "check your AI/ML API dashboard."
)


async def _fast_sleep(seconds: float) -> None:
    # Poll twenty times as often as a real client would, so short sandbox jobs show every
    # status on their way through.
    await asyncio.sleep(seconds * 0.05)


def _run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 90))


def _served_sha(sandbox: Any, remote_id: str) -> str:
    (job,) = [j for j in aiml_jobs(sandbox) if remote_id.startswith(_uuid(j["jobId"]))]
    return sandbox.asset_info(job["assetIds"][0])["sha256"]


def _uuid(job_id: str) -> str:
    hexed = job_id.removeprefix("aiml_")
    return f"{hexed[:8]}-{hexed[8:12]}-{hexed[12:16]}-{hexed[16:20]}-{hexed[20:]}"


def test_provider_polls_through_queued_and_generating_to_completed(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(time_scale=0.25)

    async def scenario() -> None:
        provider = aimlapi_provider_for(sandbox.base_url)
        try:
            result = await provider.submit("minimax/music-2.0", SONG)
            assert result.job.job_id.endswith(":music-2.0")
            assert result.job.status is RemoteStatus.QUEUED and result.cost and result.cost > 0
            seen = [result.job.status]
            while not (job := await provider.get_job(result.job.job_id)).terminal:
                if job.status is not seen[-1]:
                    seen.append(job.status)
                await asyncio.sleep(0.01)
            assert job.status is RemoteStatus.SUCCESS
            assert seen == [RemoteStatus.QUEUED, RemoteStatus.IN_PROGRESS]
            assert job.raw_status == "completed" and job.cost == result.cost
            asset = await provider.resolve_output(job.output_refs[0])
            assert asset.url == job.output_refs[0]
            assert asset.mime_type == "audio/wav" and asset.file_format == "wav"
            assert asset.size and asset.size > 1000
        finally:
            await provider.aclose()

    _run(scenario())


def test_engine_runs_a_song_and_keeps_a_decodable_take(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    raw_statuses: list[str] = []

    def listen(event: object) -> None:
        status = event.job.remote_status if isinstance(event, JobChanged) else None
        if status and (not raw_statuses or raw_statuses[-1] != status):
            raw_statuses.append(status)

    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path, sleep=_fast_sleep)
        engine.subscribe(listen)
        try:
            job = engine.submit("aimlapi", "minimax/music-2.0", SONG, model_name="Music 2.0")
            final = await engine.wait(job.id)
            assert final.state is JobState.DONE, final.error
            assert final.cost and final.cost > 0 and final.submit_attempts == 1
            (take,) = engine.store.takes_for_job(job.id)
            data, rate = sf.read(take.file_path)
            assert len(data) > rate * 5 and rate == 44100
            assert take.sha256 == _served_sha(live_sandbox, final.remote_id or "")
            assert take.params == SONG  # the flat form values, as the form produced them
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())
    assert raw_statuses[-1] == "completed"
    order = ["queued", "generating", "completed"]
    assert [order.index(s) for s in raw_statuses] == sorted(order.index(s) for s in raw_statuses)
    (sent,) = [j["input"]["aimlapi"] for j in aiml_jobs(live_sandbox)]
    assert sent["audio_setting"] == {"format": "wav", "audio_sample_rate": 44100}


def test_a_running_job_cannot_be_cancelled(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path, sleep=_fast_sleep)
        try:
            job = engine.submit("aimlapi", "google/lyria2", {"prompt": "slow strings"})
            while engine.store.get_job(job.id).remote_id is None:
                await asyncio.sleep(0.01)
            with pytest.raises(CancelRefusedError):
                await engine.cancel(job.id)
            with pytest.raises(CancelRefusedError, match="has no cancel"):
                await provider.cancel(engine.store.get_job(job.id).remote_id or "")
            assert (await engine.wait(job.id)).state is JobState.DONE
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())


def test_error_status_carries_its_message_into_the_job(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    live_sandbox.script_fault("job_failure", "aimlapi_generate")

    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path, sleep=_fast_sleep)
        try:
            job = engine.submit("aimlapi", "google/lyria2", {"prompt": "ambient pads", "seed": 4})
            final = await engine.wait(job.id)
            assert final.state is JobState.FAILED and final.remote_id
            assert final.error == INJECTED_FAILURE["error"]
            assert final.remote_status == "error"
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({**SONG, "audio_setting.format": "ogg"}, "audio_setting.format"),
        ({**SONG, "prompt": "short"}, "prompt"),
    ],
)
def test_a_rejected_body_names_the_field(live_sandbox, tmp_path: Path, params, field) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path)
        try:
            with pytest.raises(BadRequestError) as raised:
                await provider.submit("minimax/music-2.0", params)
            assert raised.value.status == 400 and raised.value.field == field
            assert "Body validation error!" in raised.value.message
            final = await engine.wait(engine.submit("aimlapi", "minimax/music-2.0", params).id)
            assert final.state is JobState.FAILED and final.error_field == field
            assert final.remote_id is None
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())
    assert aiml_jobs(live_sandbox) == []


def test_a_missing_key_is_an_auth_error(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url, api_key="")
        try:
            with pytest.raises(AuthError) as raised:
                await provider.submit("google/lyria2", {"prompt": "rain on a tin roof"})
            assert raised.value.status == 401 and "AI/ML API key" in (raised.value.hint or "")
            with pytest.raises(AuthError):
                await provider.get_job("00000000-0000-0000-0000-000000000000:lyria2")
        finally:
            await provider.aclose()

    _run(scenario())


def test_a_dropped_post_fails_honestly_and_is_never_sent_twice(
    live_sandbox, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    live_sandbox.script_fault("drop_after", "aimlapi_generate")

    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path)
        try:
            job = engine.submit("aimlapi", "google/lyria2", {"prompt": "uncertain rain"})
            final = await engine.wait(job.id)
            assert final.state is JobState.FAILED and final.error == UNCONFIRMED
            assert final.submit_attempts == 1 and final.remote_id is None
            await asyncio.sleep(1.0)  # longer than the engine's reconcile grace in tests
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())
    assert len(aiml_jobs(live_sandbox)) == 1, "the server ran the job exactly once"
    stats = live_sandbox.stats()
    assert stats["generatePosts"] == 1 and stats["faults"] == {"drop_after": 1}


def test_a_cover_inlines_local_audio_and_downloads_through_cdn_faults(
    live_sandbox,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    reference = tmp_path / "hum.wav"
    reference.write_bytes(sine_wav(7.0))
    live_sandbox.script_fault("expired_url", "cdn")
    live_sandbox.script_fault("truncate", "cdn")
    params = {"prompt": "a warm acoustic cover", "audio_setting.sample_rate": 24000}

    async def scenario() -> None:
        provider = aimlapi_provider_for(live_sandbox.base_url)
        engine = aimlapi_engine_for(provider, tmp_path / "home", sleep=_fast_sleep)
        try:
            job = engine.submit(
                "aimlapi",
                "minimax/music-cover",
                params,
                files={"reference_audio_url": str(reference)},
            )
            final = await engine.wait(job.id)
            assert final.state is JobState.DONE, final.error
            assert final.params["reference_audio_url"].startswith("data:audio/wav;base64,")
            (take,) = engine.store.takes_for_job(job.id)
            data, rate = sf.read(take.file_path)
            assert len(data) > 0 and rate > 0
            assert take.sha256 == _served_sha(live_sandbox, final.remote_id or "")
        finally:
            await engine.aclose()
            await provider.aclose()

    _run(scenario())
    (sent,) = [j["input"]["aimlapi"] for j in aiml_jobs(live_sandbox)]
    assert sent["audio_setting"] == {"sample_rate": 24000}
    assert sent["reference_audio_url"].startswith("<inline audio")  # not 100 KB of base64
    faults = live_sandbox.stats()["faults"]
    assert faults == {"expired_url": 1, "truncate": 1}
