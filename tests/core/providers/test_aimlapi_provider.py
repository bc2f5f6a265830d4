"""AimlApiProvider over a mock transport: auth, nesting, retries, inlining, outputs."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from sonodesk.core import redact
from sonodesk.core.errors import (
    BadRequestError,
    CancelRefusedError,
    ConfigError,
    ProtocolError,
    ServerError,
    TransportError,
)
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers.aimlapi import NO_CANCEL, AimlApiProvider
from sonodesk.core.providers.base import Provider, can_list_jobs
from sonodesk.core.providers.scenario_upload import UploadError
from sonodesk.core.providers.status import RemoteStatus

KEY = "aiml-unit-key-4242"
GEN = "0b0c2a36-1a8e-4a61-9d0c-3d3b5b1f2a77:lyria2"
CDN = "https://cdn.aimlapi.com/generations/x/1.wav"
FAST = RetryPolicy(attempts=4, base_delay=0.0, max_delay=0.0)
Handler = Callable[[httpx.Request], httpx.Response]


def provider_with(handler: Handler, **kwargs: Any) -> tuple[AimlApiProvider, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return handler(request)

    http = httpx.AsyncClient(transport=httpx.MockTransport(record))
    provider = AimlApiProvider(api_key=KEY, http=http, read_policy=FAST, **kwargs)
    return provider, seen


def generation(status: str, **extra: Any) -> dict[str, Any]:
    return {"id": GEN, "status": status, "audio_file": None, "error": None, **extra}


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_it_is_a_provider_without_cancel_or_job_list() -> None:
    provider = AimlApiProvider(api_key=KEY)
    assert isinstance(provider, Provider)
    assert provider.supports_cancel is False and can_list_jobs(provider) is False
    assert provider.cost_unit == "credits" and provider.provider_id == "aimlapi"
    assert provider.base_url == "https://api.aimlapi.com"
    assert redact.redact(f"key {KEY}") == "key •••"
    assert "authorization" not in {k.lower() for k in provider.http.headers}
    run(provider.aclose())
    assert can_list_jobs(object()) is True  # providers that do not say can list (Scenario)


def test_plain_http_is_refused_except_on_loopback() -> None:
    with pytest.raises(ConfigError):
        AimlApiProvider(api_key=KEY, base_url="http://api.aimlapi.com")
    local = AimlApiProvider(api_key=KEY, base_url="http://127.0.0.1:9/")
    assert local.base_url == "http://127.0.0.1:9"
    run(local.aclose())


def test_submit_nests_dotted_params_and_sends_the_key() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=generation("queued", meta={"usage": {"credits_used": 7}}))

    provider, seen = provider_with(handler)
    params = {"prompt": "rain", "audio_setting.format": "wav", "model": "ignored"}
    result = run(provider.submit("minimax/music-2.6", params))
    (request,) = seen
    assert request.method == "POST" and request.url.path == "/v2/generate/audio"
    assert request.headers["Authorization"] == f"Bearer {KEY}"
    assert json.loads(request.content) == {
        "model": "minimax/music-2.6",
        "prompt": "rain",
        "audio_setting": {"format": "wav"},
    }
    assert result.job.job_id == GEN and result.job.status is RemoteStatus.QUEUED
    assert result.cost == 7


def test_a_submit_is_never_retried() -> None:
    provider, seen = provider_with(lambda r: httpx.Response(502, json={"message": "Bad Gateway"}))
    with pytest.raises(ServerError):
        run(provider.submit("google/lyria2", {"prompt": "x"}))
    assert len(seen) == 1


def test_a_dropped_connection_is_a_sent_transport_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("closed", request=request)

    provider, _seen = provider_with(handler)
    with pytest.raises(TransportError) as raised:
        run(provider.submit("google/lyria2", {"prompt": "x"}))
    assert raised.value.sent is True


def test_a_400_names_the_form_field_from_the_bundled_schema() -> None:
    body = {
        "message": "Body validation error! Invalid enum value. Expected 'mp3' | 'wav' | 'pcm', "
        "received 'ogg' at \"audio_setting.format\"",
        "statusCode": "400",
    }
    provider, _seen = provider_with(lambda r: httpx.Response(400, json=body))
    with pytest.raises(BadRequestError) as raised:
        run(provider.submit("minimax/music-2.0", {"audio_setting.format": "ogg"}))
    assert raised.value.field == "audio_setting.format"


def test_reads_retry_transient_failures() -> None:
    answers = [
        httpx.Response(503, json={"message": "Service Unavailable"}),
        httpx.Response(429, json={"message": "Too Many Requests"}),
        httpx.Response(200, json=generation("generating")),
    ]
    provider, seen = provider_with(lambda r: answers.pop(0))
    job = run(provider.get_job(GEN))
    assert job.status is RemoteStatus.IN_PROGRESS and len(seen) == 3
    assert all(r.url.params["generation_id"] == GEN for r in seen)


def test_an_answer_that_is_not_json_is_a_protocol_error() -> None:
    provider, _seen = provider_with(lambda r: httpx.Response(200, text="<html>"))
    with pytest.raises(ProtocolError):
        run(provider.get_job(GEN))


def test_outputs_resolve_from_the_last_answer_then_refresh_on_retry() -> None:
    fresh = "https://cdn.aimlapi.com/generations/x/2.wav"
    urls = [CDN, fresh]

    def handler(request: httpx.Request) -> httpx.Response:
        audio = {"url": urls.pop(0), "content_type": "audio/wav", "file_size": 99}
        return httpx.Response(200, json=generation("completed", audio_file=audio))

    provider, seen = provider_with(handler)

    async def scenario() -> None:
        job = await provider.get_job(GEN)
        assert job.output_refs == (CDN,)
        first = await provider.resolve_output(CDN)
        assert (first.url, first.size, first.mime_type) == (CDN, 99, "audio/wav")
        assert len(seen) == 1  # the first download uses the answer at hand
        again = await provider.resolve_output(CDN)
        assert again.ref == CDN and again.url == fresh and len(seen) == 2
        unknown = await provider.resolve_output("https://cdn.aimlapi.com/other.mp3")
        assert unknown.size is None and unknown.file_format == "mp3"

    run(scenario())


def test_quote_cancel_and_listing_are_honest() -> None:
    provider, seen = provider_with(lambda r: httpx.Response(500))

    async def scenario() -> None:
        quote = await provider.quote("google/lyria2", {"prompt": "x"})
        assert quote.cost is None and quote.unit == "credits"
        assert await provider.find_jobs_since(0.0) == []
        with pytest.raises(CancelRefusedError, match="no cancel") as raised:
            await provider.cancel(GEN)
        assert raised.value.message == NO_CANCEL

    run(scenario())
    assert seen == []


def test_upload_inlines_audio_as_a_data_url(tmp_path: Path) -> None:
    provider = AimlApiProvider(api_key=KEY, inline_cap=1000)
    song = tmp_path / "take.mp3"
    song.write_bytes(b"ID3" + bytes(200))
    progress: list[tuple[int, int]] = []

    async def scenario() -> None:
        ref = await provider.upload(
            song, progress=lambda done, total: progress.append((done, total))
        )
        head, _, data = ref.partition(",")
        assert head == "data:audio/mpeg;base64" and base64.b64decode(data) == song.read_bytes()
        assert progress == [(203, 203)]
        big = tmp_path / "long.wav"
        big.write_bytes(bytes(1001))
        with pytest.raises(UploadError, match="up to 1000 bytes"):
            await provider.upload(big)
        empty = tmp_path / "empty.wav"
        empty.write_bytes(b"")
        with pytest.raises(UploadError, match="empty"):
            await provider.upload(empty)
        text = tmp_path / "notes.txt"
        text.write_text("hi")
        with pytest.raises(UploadError, match="does not look like audio"):
            await provider.upload(text)
        await provider.aclose()

    run(scenario())
