"""Error responses become typed errors with user-safe text and the right retry facts."""

from __future__ import annotations

from sonodesk.core import redact
from sonodesk.core.errors import (
    AuthError,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)
from sonodesk.core.providers.api_errors import error_from_response, plan_name, reason_from_body


def test_reason_fields_in_order_of_preference() -> None:
    assert reason_from_body({"reason": "r", "message": "m"}) == "r"
    assert reason_from_body({"message": "m", "error": "e"}) == "m"
    assert reason_from_body({"error": {"name": "X", "message": "nested"}}) == "nested"
    assert reason_from_body({"detail": [{"msg": "bad a"}, {"msg": "bad b"}]}) == "bad a; bad b"
    assert reason_from_body({"unrelated": 1}) is None
    assert reason_from_body(["not", "a", "dict"]) is None


def test_400_names_the_field() -> None:
    err = error_from_response(400, {"reason": '"duration" must be less than or equal to 180'}, {})
    assert isinstance(err, BadRequestError)
    assert err.field == "duration"
    assert "180" in str(err)


def test_status_classes() -> None:
    assert isinstance(error_from_response(401, {}, {}), AuthError)
    assert isinstance(error_from_response(403, {"reason": "plan"}, {}), ForbiddenError)
    assert isinstance(
        error_from_response(404, {"reason": "Job job_x not found"}, {}), NotFoundError
    )
    for status in (408, 500, 502, 503, 504):
        err = error_from_response(status, None, {})
        assert isinstance(err, ServerError) and err.retryable


def test_429_reads_remaining_seconds_and_headers() -> None:
    err = error_from_response(429, {"reason": "slow down", "remainingSeconds": 3}, {})
    assert isinstance(err, RateLimitedError) and err.retry_after == 3 and not err.concurrency_limit
    err = error_from_response(429, {}, {"Retry-After": "7"})
    assert err.retry_after == 7
    err = error_from_response(429, {}, {"retry-after-ms": "1500"})
    assert err.retry_after == 1.5
    err = error_from_response(429, {"remainingSeconds": "NaN"}, {})
    assert err.retry_after is None


def test_429_concurrency_limit_is_recognised() -> None:
    body = {
        "reason": "Too many concurrent jobs for your team (limit 3)",
        "details": {"actionName": "generate", "actionLimit": 3},
        "remainingSeconds": 2,
    }
    err = error_from_response(429, body, {})
    assert err.concurrency_limit and err.limit == 3
    assert "limit 3" in str(err)
    err = error_from_response(429, {"reason": "Concurrency limit of 2 jobs reached"}, {})
    assert err.concurrency_limit and err.limit == 2


def test_server_text_is_trimmed_cleaned_and_redacted() -> None:
    redact.register_secret("sk-live-SECRETVALUE")
    body = {"reason": "bad\x00key sk-live-SECRETVALUE " + "x" * 1000}
    text = str(error_from_response(400, body, {}))
    assert "SECRETVALUE" not in text and "\x00" not in text
    assert len(text) < 400


def test_plan_names() -> None:
    assert plan_name(0) is None
    assert plan_name(25) == "Starter"
    assert plan_name(50) == "Pro"
    assert plan_name(60) == "Max"
    assert plan_name(100) == "Enterprise"
