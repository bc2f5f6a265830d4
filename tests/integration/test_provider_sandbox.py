"""Every Scenario client call round-trips against the sandbox over real loopback HTTP."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from sonodesk.core.errors import (
    AuthError,
    BadRequestError,
    CancelRefusedError,
    NotFoundError,
    RateLimitedError,
    TransportError,
)
from sonodesk.core.net.download import download_file
from sonodesk.core.providers.status import RemoteStatus
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from sonodesk.sandbox.launcher import SandboxOptions, start_in_thread
from support.clients import provider_for

SFX = {"prompt": "rain on a tin roof", "duration": 1, "seed": 3}


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


async def _wait_terminal(provider, job_id: str, timeout: float = 30.0):  # type: ignore[no-untyped-def]
    seen = []
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        job = await provider.get_job(job_id)
        if not seen or seen[-1] != job.status:
            seen.append(job.status)
        if job.terminal:
            return job, seen
        await asyncio.sleep(0.02)
    raise AssertionError(f"job {job_id} did not finish; saw {seen}")


def test_models_list_and_retrieve(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            models = await provider.list_models(privacy="public")
            ids = {m.model_id for m in models}
            assert {MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID} <= ids
            kits = await provider.list_models(privacy="private")
            assert kits and all("kit" in k.tags for k in kits)
            music = await provider.get_model(MUSIC_MODEL_ID)
            assert music.inputs and {i["name"] for i in music.inputs} >= {"prompt", "duration"}
            assert "txt2audio" in music.capabilities
            with pytest.raises(NotFoundError):
                await provider.get_model("model_nope")
        finally:
            await provider.aclose()

    run(scenario())


def test_quote_submit_poll_download(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            quote = await provider.quote(SFX_MODEL_ID, SFX)
            assert quote.cost and quote.cost > 0 and quote.unit == "CU"
            before = len(live_sandbox.jobs())
            result = await provider.submit(SFX_MODEL_ID, SFX)
            assert len(live_sandbox.jobs()) == before + 1  # the dry run created no job
            job, seen = await _wait_terminal(provider, result.job.job_id)
            assert job.status is RemoteStatus.SUCCESS and job.output_refs
            assert seen.index(RemoteStatus.SUCCESS) > 0
            asset = await provider.resolve_output(job.output_refs[0])
            assert asset.size and asset.mime_type and asset.mime_type.startswith("audio/")
            path = tmp_path / "take.wav"
            got = await download_file(provider.http, asset.url, path, expected_size=asset.size)
            info = live_sandbox.asset_info(job.output_refs[0])
            assert got.sha256 == info["sha256"] and got.size == asset.size
            data, rate = sf.read(path)
            assert abs(len(data) / rate - 1.0) < 0.05
            assert (await provider.download_url(job.output_refs[0])).startswith("http://127.0.0.1")
        finally:
            await provider.aclose()

    run(scenario())


def test_list_jobs_pages_through_empty_pages(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            created = [
                (await provider.submit(SFX_MODEL_ID, {**SFX, "seed": n})).job.job_id
                for n in range(7)
            ]
            live_sandbox.settings(emptyPages=True)
            pages, token = [], None
            while True:
                page, token = await provider.list_jobs_page(token=token, page_size=2)
                pages.append(page)
                if not token:
                    break
            assert any(not page for page in pages[:-1]), "expected empty pages with a token"
            listed = {j.job_id for page in pages for j in page}
            assert set(created) <= listed
            everything = await provider.find_jobs_since(0)
            assert set(created) <= {j.job_id for j in everything}
            assert all(j.inputs is not None for j in everything)
        finally:
            await provider.aclose()

    run(scenario())


def test_cancel_queued_and_refused_when_running(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        live_sandbox.settings(timeScale=2.0)  # slow enough to catch the queued phase
        provider = provider_for(live_sandbox.api_url)
        try:
            job = (await provider.submit(SFX_MODEL_ID, SFX)).job
            canceled = await provider.cancel(job.job_id)
            assert canceled.status is RemoteStatus.CANCELED
            live_sandbox.settings(timeScale=0.3)
            job = (await provider.submit(SFX_MODEL_ID, {**SFX, "seed": 9})).job
            for _ in range(400):
                current = await provider.get_job(job.job_id)
                if current.status is RemoteStatus.IN_PROGRESS:
                    break
                await asyncio.sleep(0.01)
            with pytest.raises(CancelRefusedError) as refused:
                await provider.cancel(job.job_id)
            assert str(refused.value) == "This job can't be cancelled, its credits are committed."
        finally:
            await provider.aclose()

    run(scenario())


def test_error_mapping(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            with pytest.raises(BadRequestError) as bad:
                await provider.submit(SFX_MODEL_ID, {**SFX, "duration": 99})
            assert bad.value.field == "duration"
            with pytest.raises(BadRequestError) as unknown:
                await provider.submit(SFX_MODEL_ID, {**SFX, "volume": 3})
            assert unknown.value.field == "volume"
            with pytest.raises(NotFoundError):
                await provider.get_job("job_missing")
            live_sandbox.script_fault("rate_limit", "generate")
            with pytest.raises(RateLimitedError) as limited:
                await provider.submit(SFX_MODEL_ID, SFX)
            assert limited.value.retry_after is not None
            live_sandbox.script_fault("drop_after", "generate")
            with pytest.raises(TransportError) as dropped:
                await provider.submit(SFX_MODEL_ID, SFX)
            assert dropped.value.sent is True
        finally:
            await provider.aclose()

    run(scenario())


def test_reads_retry_through_server_faults(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            job = (await provider.submit(SFX_MODEL_ID, SFX)).job
            for kind in ("server_error", "rate_limit", "drop_before", "drop_after"):
                live_sandbox.script_fault(kind, "jobs")
                assert (await provider.get_job(job.job_id)).job_id == job.job_id
        finally:
            await provider.aclose()

    run(scenario())


def test_wrong_credentials_are_an_auth_error(tmp_path: Path) -> None:
    server = start_in_thread(SandboxOptions(time_scale=0.05, require_credentials="right:secret"))
    try:

        async def scenario() -> None:
            wrong = provider_for(server.api_url, api_key="wrong", api_secret="nope")
            right = provider_for(server.api_url, api_key="right", api_secret="secret")
            try:
                with pytest.raises(AuthError):
                    await wrong.list_models()
                assert await right.list_models()
            finally:
                await wrong.aclose()
                await right.aclose()

        run(scenario())
    finally:
        server.stop()


def test_unreachable_server_is_a_not_sent_transport_error() -> None:
    async def scenario() -> None:
        provider = provider_for("http://127.0.0.1:9/v1")
        try:
            with pytest.raises(TransportError) as err:
                await provider.submit(SFX_MODEL_ID, SFX)
            assert err.value.sent is False
        finally:
            await provider.aclose()

    run(scenario())


def test_upload_wav_into_the_audio_tools(live_sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rate = 44100
    t = np.arange(rate * 2) / rate
    ramp = (np.sin(2 * np.pi * 220 * t) * np.linspace(0.05, 0.8, t.size)).astype("float32")
    source = tmp_path / "source.wav"
    sf.write(source, np.column_stack([ramp, ramp]), rate, subtype="PCM_16")
    progress: list[tuple[int, int]] = []

    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)
        try:
            asset_id = await provider.upload(source, progress=lambda d, t: progress.append((d, t)))
            assert asset_id
            params = {
                "audio": asset_id,
                "startTime": 0.5,
                "endTime": 1.5,
                "reverse": True,
                "outputFormat": "wav",
            }
            job = (await provider.submit("model_sonodesk-audio-tools", params)).job
            done, _ = await _wait_terminal(provider, job.job_id)
            assert done.status is RemoteStatus.SUCCESS
            asset = await provider.resolve_output(done.output_refs[0])
            path = tmp_path / "out.wav"
            await download_file(provider.http, asset.url, path, expected_size=asset.size)
            data, out_rate = sf.read(path)
            assert out_rate == rate and abs(len(data) - rate) < rate * 0.01
            # Reversed: the trimmed ramp gets quieter towards the end instead of louder.
            first, last = np.abs(data[: rate // 4]).mean(), np.abs(data[-rate // 4 :]).mean()
            assert first > last
        finally:
            await provider.aclose()

    run(scenario())
    assert progress and progress[-1][0] == progress[-1][1] == source.stat().st_size


def test_sdk_env_vars_do_not_leak(live_sandbox, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("SCENARIO_CUSTOM_HEADERS", "X-Leak: yes")
    monkeypatch.setenv("SCENARIO_BASE_URL", "https://elsewhere.invalid/v1")
    seen: list[dict[str, str]] = []

    async def scenario() -> None:
        provider = provider_for(live_sandbox.api_url)

        async def record(request):  # type: ignore[no-untyped-def]
            seen.append(dict(request.headers))

        provider.http.event_hooks["request"].append(record)
        try:
            await provider.list_models()
        finally:
            await provider.aclose()

    run(scenario())
    assert seen and all("x-leak" not in {k.lower() for k in h} for h in seen)


def test_decoding_from_memory_matches_server_bytes(live_sandbox) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> bytes:
        provider = provider_for(live_sandbox.api_url)
        try:
            job = (await provider.submit(SFX_MODEL_ID, {**SFX, "outputFormat": "flac"})).job
            done, _ = await _wait_terminal(provider, job.job_id)
            asset = await provider.resolve_output(done.output_refs[0])
            assert asset.mime_type == "audio/flac"
            return (await provider.http.get(asset.url)).content
        finally:
            await provider.aclose()

    data = run(scenario())
    samples, rate = sf.read(io.BytesIO(data))
    assert rate > 0 and len(samples) > 0
