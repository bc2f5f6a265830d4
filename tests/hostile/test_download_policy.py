"""Downloads against a hostile server over loopback: only https (or loopback), every redirect
hop checked, a size cap, audio content types only, and no name from the server used as a path.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import pytest
import soundfile as sf

from sonodesk.core.errors import DownloadError, UnsafeUrlError
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.net.download import download_file
from sonodesk.core.net.http import make_http_client
from sonodesk.core.providers.aimlapi import AimlApiProvider
from support.clients import FAST_ENGINE, FAST_READS, provider_for
from support.local_server import (
    LocalServer,
    bytes_answer,
    endless_answer,
    json_answer,
    redirect_to,
)


def _wav(seconds: float = 0.25, rate: int = 8000) -> bytes:
    tone = 0.3 * np.sin(2 * np.pi * 440 * np.arange(int(seconds * rate)) / rate)
    buffer = io.BytesIO()
    sf.write(buffer, tone.astype(np.float32), rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


WAV = _wav()


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with LocalServer() as running:
        yield running


def _fetch(url: str, final: Path, **kwargs: Any) -> Any:
    async def run() -> Any:
        async with make_http_client() as client:
            return await download_file(client, url, final, **kwargs)

    return asyncio.run(run())


def _nothing_written(folder: Path) -> None:
    assert not folder.exists() or [p.name for p in folder.iterdir()] == []


def test_a_plain_download_works_and_is_verified(server: LocalServer, tmp_path: Path) -> None:
    server.on("GET", "/take.wav", bytes_answer(WAV))
    done = _fetch(
        server.base_url + "/take.wav", tmp_path / "t" / "take.wav", expected_size=len(WAV)
    )
    assert done.path.read_bytes() == WAV and done.sha256 == hashlib.sha256(WAV).hexdigest()


@pytest.mark.parametrize(
    "location",
    [
        "https://127.0.0.1:{port}/take.wav",  # another scheme, even to the same host
        "http://203.0.113.9/take.wav",  # another host over plain http
        "http://cdn.example.com/take.wav",  # a name, plain http
        "file:///etc/passwd",
        "ftp://127.0.0.1/take.wav",
        "//203.0.113.9/take.wav",  # scheme-relative: plain http to another host
    ],
)
def test_a_redirect_to_another_scheme_or_host_is_refused(
    server: LocalServer, tmp_path: Path, location: str
) -> None:
    port = server.base_url.rsplit(":", 1)[1]
    server.on("GET", "/start.wav", redirect_to(location.format(port=port)))
    server.on("GET", "/take.wav", bytes_answer(WAV))
    folder = tmp_path / "takes"
    with pytest.raises(UnsafeUrlError) as caught:
        _fetch(server.base_url + "/start.wav", folder / "take.wav")
    assert caught.value.message == (
        "The download was redirected to an address Sonodesk refuses to use."
    )
    assert not caught.value.retryable
    assert server.hits[("GET", "/take.wav")] == 0  # the refused hop was never followed
    _nothing_written(folder)


def test_a_redirect_chain_is_cut_after_three_hops(server: LocalServer, tmp_path: Path) -> None:
    for n in range(5):
        server.on("GET", f"/hop{n}", redirect_to(f"/hop{n + 1}"))
    with pytest.raises(DownloadError, match="redirected too many times"):
        _fetch(server.base_url + "/hop0", tmp_path / "takes" / "take.wav")
    assert server.hits[("GET", "/hop4")] == 0
    _nothing_written(tmp_path / "takes")


@pytest.mark.parametrize(
    "url",
    [
        "http://203.0.113.9/take.wav",
        "http://cdn.example.com/take.wav?Signature=x",
        "http://[2001:db8::1]/take.wav",
        "ftp://127.0.0.1/take.wav",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "https:///no-host",
        "",
    ],
)
def test_an_unsafe_url_is_refused_before_any_connection(tmp_path: Path, url: str) -> None:
    requests: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, content=WAV, headers={"Content-Type": "audio/wav"})

    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(record)) as client:
            await download_file(client, url, tmp_path / "takes" / "take.wav")

    with pytest.raises(UnsafeUrlError):
        asyncio.run(run())
    assert requests == []
    _nothing_written(tmp_path / "takes")


def test_a_body_larger_than_the_cap_is_cut_off(server: LocalServer, tmp_path: Path) -> None:
    # No Content-Length: only counting the bytes as they arrive can stop it.
    server.on("GET", "/huge.wav", endless_answer(b"\0" * 65536, chunks=200))
    with pytest.raises(DownloadError) as caught:
        _fetch(server.base_url + "/huge.wav", tmp_path / "takes" / "take.wav", max_bytes=256 * 1024)
    assert caught.value.message == "The take is larger than Sonodesk accepts."
    assert not caught.value.retryable
    _nothing_written(tmp_path / "takes")


def test_a_declared_length_over_the_cap_is_refused_unread(
    server: LocalServer, tmp_path: Path
) -> None:
    server.on("GET", "/big.wav", bytes_answer(b"\0" * (512 * 1024)))
    with pytest.raises(DownloadError, match="larger than Sonodesk accepts"):
        _fetch(server.base_url + "/big.wav", tmp_path / "takes" / "take.wav", max_bytes=100_000)
    with pytest.raises(DownloadError, match="larger than Sonodesk accepts"):
        _fetch(
            server.base_url + "/big.wav",
            tmp_path / "takes" / "take.wav",
            max_bytes=100_000,
            expected_size=10**12,
        )
    assert server.hits[("GET", "/big.wav")] == 1  # the announced size alone refused the second
    _nothing_written(tmp_path / "takes")


@pytest.mark.parametrize(
    "content_type", ["text/html", "text/html; charset=utf-8", "application/json", "image/png"]
)
def test_a_page_instead_of_audio_is_refused(
    server: LocalServer, tmp_path: Path, content_type: str
) -> None:
    server.on("GET", "/take.wav", bytes_answer(b"<html>Access denied</html>", content_type))
    with pytest.raises(DownloadError) as caught:
        _fetch(server.base_url + "/take.wav", tmp_path / "takes" / "take.wav")
    kind = content_type.split(";")[0]
    assert caught.value.message == (
        f"The server sent {kind} instead of audio; the take was not saved."
    )
    _nothing_written(tmp_path / "takes")


HOSTILE_NAME = "../../../../evil.wav"
HOSTILE_HEADERS = {"Content-Disposition": f'attachment; filename="{HOSTILE_NAME}"'}


def _scenario_routes(server: LocalServer) -> None:
    """A Scenario-shaped server whose job and asset answers are full of path tricks."""
    base = server.base_url
    server.on("POST", "/v1/generate/custom/model_tricky", json_answer({"job": {"jobId": "job_1"}}))
    job = {
        "jobId": "job_1",
        "status": "success",
        "progress": 1,
        # "." and ".." are path segments and "../x" holds a separator: only asset_1 is an id.
        "metadata": {"assetIds": ["..", ".", "../../etc/passwd", "asset_1"]},
    }
    server.on("GET", "/v1/jobs/job_1", json_answer({"job": job}))
    asset = {
        "id": "asset_1",
        "url": f"{base}/cdn/a/b/../../../evil.wav?name={HOSTILE_NAME}",
        "mimeType": "audio/wav",
        "metadata": {"name": HOSTILE_NAME, "fileName": "/etc/cron.d/evil", "seed": 3},
        "properties": {"format": "../../sh", "size": len(WAV)},
    }
    server.on("GET", "/v1/assets/asset_1", json_answer({"asset": asset}))
    server.on("GET", "/evil.wav", bytes_answer(WAV, headers=HOSTILE_HEADERS))


def _aimlapi_routes(server: LocalServer) -> None:
    generation = {"id": "gen-1:music-2.0", "status": "queued"}
    server.on("POST", "/v2/generate/audio", json_answer(generation))
    done = {
        **generation,
        "status": "completed",
        "audio_file": {
            "url": f"{server.base_url}/files/x/../../evil.wav",
            "file_name": HOSTILE_NAME,
            "content_type": "audio/wav",
        },
    }
    server.on("GET", "/v2/generate/audio", json_answer(done))
    server.on("GET", "/evil.wav", bytes_answer(WAV, headers=HOSTILE_HEADERS))


async def _fast_sleep(seconds: float) -> None:
    await asyncio.sleep(min(seconds, 0.05))


@pytest.mark.parametrize("flavour", ["scenario", "aimlapi"])
def test_names_from_the_server_are_never_used_as_paths(
    server: LocalServer, tmp_path: Path, flavour: str
) -> None:
    home = tmp_path / "deep" / "er" / "home"
    if flavour == "scenario":
        _scenario_routes(server)
        provider: Any = provider_for(server.base_url + "/v1")
        model, params = "model_tricky", {"prompt": "../../../x"}
    else:
        _aimlapi_routes(server)
        provider = AimlApiProvider(
            api_key="k" * 16,
            base_url=server.base_url,
            read_policy=FAST_READS,
            models_dir=tmp_path / "no-models",
        )
        model, params = "minimax/music-2.0", {"prompt": "../../../x"}

    async def scenario() -> None:
        engine = JobEngine(
            JobStore(home / "jobs.db"),
            {provider.provider_id: provider},
            takes_dir=home / "takes",
            http=provider.http,
            timing=FAST_ENGINE,
            sleep=_fast_sleep,
        )
        try:
            job = engine.submit(provider.provider_id, model, params)
            final = await asyncio.wait_for(engine.wait(job.id), 30)
            assert final.state is JobState.DONE, final.error
            (take,) = engine.store.takes_for_job(job.id)
            path = Path(take.file_path)
            assert path.parent.parent == home / "takes" and path.read_bytes() == WAV
            assert path.suffix == ".wav" and ".." not in path.name and "evil" not in path.name
            assert job.id.split("_")[1][:6] in path.name  # our own name: date, model, job
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(scenario())
    everything = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert not [p for p in everything if "evil" in p.name or p.name == "passwd"]
    assert all(p.is_relative_to(home) for p in everything)
