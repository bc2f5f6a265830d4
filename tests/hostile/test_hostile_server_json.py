"""Hostile server answers, beyond the parser unit tests (tests/core/providers): AI/ML API
generations and error bodies of any shape, and answers that travel over real HTTP into the
real providers and the job engine. Every one ends in a value, a typed SonodeskError, or a job
that says what happened: never another exception, never a hang.
"""

from __future__ import annotations

import asyncio
import io
import itertools
import json
import math
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import soundfile as sf
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.errors import ApiError, ProtocolError, RateLimitedError, SonodeskError
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers import aimlapi_parse
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.api_errors import error_from_response
from sonodesk.core.providers.status import RemoteStatus
from support.clients import FAST_ENGINE, provider_for
from support.local_server import LocalServer, bytes_answer

# Made at run time: hypothesis borrows string literals from the source, and an answer about
# our own job that says "success, no audio" is the server's word, not garbage.
JOB_ID = "job_" + uuid.uuid4().hex
_ONE_TRY = RetryPolicy(attempts=1)  # each hostile answer is judged once, not retried away
HUGE = st.integers(10_000, 200_000).map(lambda n: "x" * n)
STATUSES = ["success", "failure", "in-progress", "completed", "error", "queued", "generating",
            "cancelled", "FAILED", "exploded", "", " success "]  # fmt: skip
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=40)
    | st.sampled_from(STATUSES)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)
generations = st.fixed_dictionaries(
    {},
    optional={
        "id": json_values | st.sampled_from(["gen-1:music-2.0", "", "a b", "x" * 400]),
        "status": json_values | st.sampled_from(STATUSES),
        "audio_file": json_values
        | st.fixed_dictionaries(
            {},
            optional={
                "url": json_values | st.sampled_from(["https://cdn.x/a.mp3", "ftp://x", ""]),
                "file_name": json_values | st.sampled_from(["../../x.wav", "a.verylongext", "."]),
                "content_type": json_values,
                "file_size": json_values,
            },
        ),
        "error": json_values | st.fixed_dictionaries({}, optional={"message": json_values}),
        "meta": st.fixed_dictionaries(
            {}, optional={"usage": st.dictionaries(st.just("credits_used"), json_values)}
        ),
    },
)
FAST = settings(
    max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
OVER_HTTP = settings(
    max_examples=30,
    deadline=10_000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(payload=generations | json_values)
def test_any_generation_gives_a_job_or_protocol_error(payload: Any) -> None:
    try:
        job = aimlapi_parse.job_from_json(payload)
    except ProtocolError as exc:
        assert exc.message.endswith(".")
        return
    assert job.job_id and len(job.job_id) <= aimlapi_parse.MAX_ID_CHARS and " " not in job.job_id
    assert job.status is None or isinstance(job.status, RemoteStatus)
    assert job.cost is None or (math.isfinite(job.cost) and job.cost >= 0)
    assert job.error is None or len(job.error) <= 1000
    for ref in job.output_refs:
        asset = aimlapi_parse.asset_from(ref, aimlapi_parse.audio_file(payload))
        # A format is a short plain word or nothing: never a path piece from file_name.
        assert asset.file_format is None or (
            len(asset.file_format) <= 8 and "/" not in asset.file_format
        )
        assert asset.size is None or asset.size > 0


error_bodies = (
    json_values
    | st.fixed_dictionaries(
        {},
        optional={
            "reason": json_values | HUGE,
            "message": json_values,
            "error": json_values,
            "detail": json_values,
            "traceId": json_values,
            "remainingSeconds": json_values | st.sampled_from([-5, 1e308, "7", "soon"]),
            "details": st.dictionaries(st.just("actionLimit"), json_values),
        },
    )
    | HUGE
)
headers = st.dictionaries(
    st.sampled_from(["Retry-After", "retry-after-ms", "X-Other"]),
    st.text(max_size=40)
    | st.sampled_from(["Mon, 01 Jan 99999 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "-1"]),
)


@FAST
@given(
    status=st.integers(400, 599),
    body=error_bodies,
    head=headers,
    service=st.sampled_from(["Scenario", "AI/ML API"]),
)
def test_any_error_response_maps_to_a_typed_error(
    status: int, body: Any, head: dict[str, str], service: str
) -> None:
    if service == "Scenario":
        error = error_from_response(status, body, head, service=service)
    else:
        error = aimlapi_parse.error_for(
            status, body, head, service=service, field_for=lambda _r: None
        )
    assert isinstance(error, ApiError) and error.status == status
    assert error.message.startswith((service, "Too many", "The service")), error.message
    assert len(error.message) < 1200 and "\n" not in error.message
    if isinstance(error, RateLimitedError) or getattr(error, "retry_after", None) is not None:
        wait = error.retry_after  # type: ignore[attr-defined]
        assert wait is None or (math.isfinite(wait) and wait >= 0)


# -- over HTTP, into the real providers --------------------------------------------------------

hostile_bodies = st.one_of(
    json_values.map(lambda v: json.dumps(v).encode()),
    st.binary(max_size=200),
    st.sampled_from(
        [
            b"",
            b"null",
            b"[" * 50_000 + b"]" * 50_000,  # nested far past the parser's recursion limit
            b'{"job": ' * 3000 + b"1" + b"}" * 3000,
            b'{"job": {"jobId": JOB_ID, "status": "success", "progress": NaN}}',
            b'{"asset": {"url": "' + b"h" * 200_000 + b'"}}',
            b"\xef\xbb\xbf{}",
            b'{"jobId": "..", "status": "success", "metadata": {"assetIds": [".."]}}',
        ]
    ),
)


@pytest.fixture
def server():  # type: ignore[no-untyped-def]
    with LocalServer() as running:
        yield running


def _raw(body: bytes, status: int) -> Any:
    async def handle(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, body=body, content_type="application/json")

    return handle


@OVER_HTTP
@given(body=hostile_bodies, status=st.sampled_from([200, 200, 200, 201, 400, 404, 429, 500, 503]))
def test_the_scenario_provider_survives_any_answer(
    server: LocalServer, body: bytes, status: int
) -> None:
    for path in (f"/v1/jobs/{JOB_ID}", "/v1/assets/asset_1", "/v1/models/model_1", "/v1/jobs",
                 "/v1/models", "/v1/generate/custom/model_1"):  # fmt: skip
        server.on("GET" if "generate" not in path else "POST", path, _raw(body, status))

    async def run() -> None:
        provider = provider_for(server.base_url + "/v1", read_policy=_ONE_TRY)
        try:
            for call in (
                lambda: provider.get_job(JOB_ID),
                lambda: provider.resolve_output("asset_1"),
                lambda: provider.get_model("model_1"),
                lambda: provider.find_jobs_since(0.0),
                lambda: provider.list_models(),
                lambda: provider.submit("model_1", {"prompt": "x"}),
            ):
                try:
                    await asyncio.wait_for(call(), 10)
                except SonodeskError as exc:
                    assert exc.message and exc.message[0].isupper()
        finally:
            await provider.aclose()

    asyncio.run(run())


@OVER_HTTP
@given(body=hostile_bodies, status=st.sampled_from([200, 200, 400, 401, 403, 429, 500, 504]))
def test_the_aimlapi_provider_survives_any_answer(
    server: LocalServer, tmp_path: Path, body: bytes, status: int
) -> None:
    server.on("GET", "/v2/generate/audio", _raw(body, status))
    server.on("POST", "/v2/generate/audio", _raw(body, status))

    async def run() -> None:
        provider = AimlApiProvider(
            api_key="k" * 16,
            base_url=server.base_url,
            read_policy=_ONE_TRY,
            models_dir=tmp_path / "no-models",
        )
        try:
            for call in (
                lambda: provider.get_job("gen-1:music-2.0"),
                lambda: provider.submit("minimax/music-2.0", {"prompt": "x"}),
            ):
                try:
                    await asyncio.wait_for(call(), 10)
                except SonodeskError as exc:
                    assert exc.message and exc.message[0].isupper()
        finally:
            await provider.aclose()

    asyncio.run(run())


# -- into the engine: garbage while polling, then an answer ----------------------------------

WAV_URL_PATH = "/cdn/take.wav"
final_answers = st.sampled_from(["success", "failure", "failure-hostile"])


def _tiny_wav() -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, np.zeros(800, dtype=np.float32), 8000, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


async def _quick(seconds: float) -> None:
    await asyncio.sleep(min(seconds, 0.01))


@settings(OVER_HTTP, max_examples=20)
@given(garbage=st.lists(hostile_bodies, min_size=1, max_size=4), last=final_answers)
def test_garbage_while_polling_never_stops_a_job(
    server: LocalServer, tmp_path: Path, garbage: list[bytes], last: str
) -> None:
    """The engine keeps polling through nonsense (the server may recover) and then reports
    the real outcome; it never ends a job as an internal error."""
    wav = _tiny_wav()
    job = {"jobId": JOB_ID, "status": "in-progress", "progress": -3}
    done = {"jobId": JOB_ID, "status": "success", "metadata": {"assetIds": ["asset_1"]}}
    failed = {"jobId": JOB_ID, "status": "failure", "metadata": {"error": "It broke."}}
    hostile = {
        "jobId": JOB_ID,
        "status": "FAILED ",
        "metadata": {"error": "\x1b[31mred\x00\n" + "y" * 50_000, "hint": 7},
    }
    final = {"success": done, "failure": failed, "failure-hostile": hostile}[last]
    answers = itertools.chain(
        [json.dumps({"job": job}).encode(), *garbage],
        itertools.repeat(json.dumps({"job": final}).encode()),
    )

    async def poll(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=next(answers), content_type="application/json")

    server.on("POST", "/v1/generate/custom/model_1", _raw(json.dumps({"job": job}).encode(), 200))
    server.on("GET", f"/v1/jobs/{JOB_ID}", poll)
    asset = {"id": "asset_1", "url": server.base_url + WAV_URL_PATH, "mimeType": "audio/wav"}
    server.on("GET", "/v1/assets/asset_1", _raw(json.dumps({"asset": asset}).encode(), 200))
    server.on("GET", WAV_URL_PATH, bytes_answer(wav))
    home = tmp_path / f"home-{len(list(tmp_path.iterdir()))}"

    async def run() -> None:
        provider = provider_for(server.base_url + "/v1", read_policy=_ONE_TRY)
        engine = JobEngine(
            JobStore(home / "jobs.db"),
            {"sandbox": provider},
            takes_dir=home / "takes",
            http=provider.http,
            timing=FAST_ENGINE,
            sleep=_quick,
        )
        try:
            submitted = engine.submit("sandbox", "model_1", {"prompt": "x"})
            result = await asyncio.wait_for(engine.wait(submitted.id), 20)
            if last == "success":
                assert result.state is JobState.DONE, result.error
                (take,) = engine.store.takes_for_job(result.id)
                assert Path(take.file_path).read_bytes() == wav
            else:
                assert result.state is JobState.FAILED
                assert result.error and "internal error" not in result.error
                assert result.error.isprintable() and len(result.error) <= 1000
        finally:
            await engine.aclose()
            await provider.aclose()

    asyncio.run(run())
