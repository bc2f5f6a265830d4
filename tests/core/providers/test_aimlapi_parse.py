"""AI/ML API answers -> RemoteJob/RemoteAsset, and error bodies -> typed errors."""

from __future__ import annotations

from typing import Any

import pytest

from sonodesk.core import redact
from sonodesk.core.errors import (
    AuthError,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    ProtocolError,
    RateLimitedError,
    ServerError,
)
from sonodesk.core.providers.aimlapi_parse import (
    AudioFile,
    asset_from,
    audio_file,
    error_for,
    job_from_json,
)
from sonodesk.core.providers.status import RemoteStatus

GEN = "60ac7c34-3224-4b14-8e7d-0aa0db708325:music-2.0"
URL = "https://cdn.aimlapi.com/generations/hippo/1757963033314-8ca7729d.mp3"


def error_body(message: str, status: int) -> dict[str, Any]:
    return {
        "message": message,
        "path": "/v2/generate/audio",
        "requestId": "0ecc0daf-ba3e-46d9-a693-85e8d22669bf",
        "statusCode": str(status),
        "timestamp": "2026-11-21T07:55:15.749Z",
    }


@pytest.mark.parametrize(
    ("word", "status"),
    [
        ("queued", RemoteStatus.QUEUED),
        ("waiting", RemoteStatus.QUEUED),
        ("generating", RemoteStatus.IN_PROGRESS),
        ("active", RemoteStatus.IN_PROGRESS),
        ("processing", RemoteStatus.IN_PROGRESS),
        ("completed", RemoteStatus.SUCCESS),
        ("error", RemoteStatus.FAILURE),
        ("Completed ", RemoteStatus.SUCCESS),
        ("dreaming", None),
        (None, None),
    ],
)
def test_statuses(word: Any, status: RemoteStatus | None) -> None:
    job = job_from_json({"id": GEN, "status": word})
    assert job.status is status and job.job_id == GEN
    assert job.terminal is (status in (RemoteStatus.SUCCESS, RemoteStatus.FAILURE))


def test_a_completed_generation() -> None:
    payload = {
        "id": GEN,
        "status": "completed",
        "audio_file": {
            "url": URL,
            "content_type": "audio/mpeg",
            "file_name": "song.mp3",
            "file_size": 1234567,
        },
        "error": None,
        "meta": {"usage": {"credits_used": 120000, "usd_spent": 0.06}},
    }
    job = job_from_json(payload)
    assert job.output_refs == (URL,) and job.cost == 120000.0 and job.error is None
    known = audio_file(payload)
    assert known == AudioFile(URL, "audio/mpeg", "song.mp3", 1234567)
    asset = asset_from(URL, known)
    assert (asset.ref, asset.url, asset.mime_type, asset.size) == (URL, URL, "audio/mpeg", 1234567)
    assert asset.file_format == "mp3"


def test_an_errored_generation_carries_its_message() -> None:
    redact.register_secret("sk-secret-in-error-0001")
    job = job_from_json(
        {
            "id": GEN,
            "status": "error",
            "error": {
                "name": "GenerationError",
                "message": "Lyrics rejected sk-secret-in-error-0001",
            },
        }
    )
    assert job.status is RemoteStatus.FAILURE and job.output_refs == ()
    assert job.error == "Lyrics rejected •••"
    assert job_from_json({"id": GEN, "error": "plain text"}).error == "plain text"
    assert job_from_json({"id": GEN, "error": {"name": "Timeout"}}).error == "Timeout"


@pytest.mark.parametrize(
    "payload",
    [None, [], {"status": "queued"}, {"id": ""}, {"id": "a b"}, {"id": "x" * 301}, {"id": 5}],
)
def test_unusable_ids_are_protocol_errors(payload: Any) -> None:
    with pytest.raises(ProtocolError):
        job_from_json(payload)


def test_odd_fields_become_none() -> None:
    job = job_from_json(
        {
            "id": GEN,
            "status": "completed",
            "audio_file": {"url": 7, "file_size": "big"},
            "meta": {"usage": {"credits_used": -3}},
        }
    )
    assert job.output_refs == () and job.cost is None
    assert audio_file({"audio_file": {"url": URL, "file_size": True}}) == AudioFile(URL)
    assert audio_file({"audio_file": {"url": "x" * 9000}}) is None
    bare = asset_from(URL, None)
    assert bare.url == URL and bare.size is None and bare.file_format == "mp3"
    assert asset_from("https://cdn.example/noext", None).file_format is None


def test_a_newer_answer_replaces_the_url_but_keeps_the_ref() -> None:
    fresh = AudioFile("https://cdn.aimlapi.com/new.wav", "audio/wav", "new.wav", 10)
    asset = asset_from(URL, fresh)
    assert asset.ref == URL and asset.url == fresh.url and asset.file_format == "wav"


def test_400_names_the_field_through_the_finder() -> None:
    message = "Body validation error! Invalid enum value. Expected 'mp3' | 'wav' | 'pcm', "
    message += "received 'ogg' at \"audio_setting.format\""
    asked: list[str] = []

    def finder(reason: str) -> str | None:
        asked.append(reason)
        return "audio_setting.format"

    error = error_for(400, error_body(message, 400), {}, service="AI/ML API", field_for=finder)
    assert isinstance(error, BadRequestError) and error.field == "audio_setting.format"
    assert asked == [message] and error.trace_id == "0ecc0daf-ba3e-46d9-a693-85e8d22669bf"
    assert "received 'ogg'" in error.message
    plain = error_for(400, error_body(message, 400), {}, service="AI/ML API")
    assert plain.field is None


def test_auth_billing_and_timeouts() -> None:
    auth = error_for(
        401, error_body("This request requires a valid API key", 401), {}, service="AI/ML API"
    )
    assert isinstance(auth, AuthError) and "AI/ML API key" in (auth.hint or "")
    broke = error_for(
        403, error_body("You've run out of credits. Please top up", 403), {}, service="AI/ML API"
    )
    assert isinstance(broke, ForbiddenError) and "top up" in (broke.hint or "")
    assert "run out of credits" in broke.message
    plan = error_for(403, error_body("Not available on your plan", 403), {}, service="AI/ML API")
    assert isinstance(plan, ForbiddenError) and "plan" in (plan.hint or "")
    timeout = error_for(504, error_body("Generation timeout", 504), {}, service="AI/ML API")
    assert isinstance(timeout, ServerError) and timeout.retryable and timeout.status == 504
    assert "Generation timeout" in timeout.message
    assert isinstance(error_for(404, error_body("nope", 404), {}, service="X"), NotFoundError)
    assert isinstance(error_for(502, "<html>Bad Gateway</html>", {}, service="X"), ServerError)


def test_429_reads_concurrency_and_retry_after() -> None:
    busy = error_for(
        429,
        error_body("Too Many Requests: too many concurrent generations (limit 2)", 429),
        {"Retry-After": "3"},
        service="AI/ML API",
    )
    assert isinstance(busy, RateLimitedError) and busy.concurrency_limit and busy.limit == 2
    assert busy.retry_after == 3
    hourly = error_for(429, error_body("Free tier: hourly limit reached", 429), {}, service="X")
    assert isinstance(hourly, RateLimitedError) and not hourly.concurrency_limit
