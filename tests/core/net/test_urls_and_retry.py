"""Only https leaves the machine; retries wait sensibly and stop on permanent errors."""

from __future__ import annotations

import asyncio

import pytest

from sonodesk.core.errors import (
    BadRequestError,
    ConfigError,
    RateLimitedError,
    TransportError,
    UnsafeUrlError,
)
from sonodesk.core.net.retry import RetryPolicy, backoff_delay, retry_idempotent
from sonodesk.core.net.urls import check_api_base_url, check_download_url, url_is_allowed


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://api.cloud.scenario.com/v1", True),
        ("http://127.0.0.1:8787/v1", True),
        ("http://localhost:9/v1", True),
        ("http://[::1]:9/", True),
        ("http://api.cloud.scenario.com/v1", False),
        ("http://10.0.0.5/", False),
        ("ftp://example.com/x", False),
        ("file:///etc/passwd", False),
        ("javascript:alert(1)", False),
        ("https://", False),
    ],
)
def test_url_policy(url: str, ok: bool) -> None:
    assert url_is_allowed(url) is ok


def test_checks_raise_user_errors() -> None:
    assert check_api_base_url("https://x.test/v1/") == "https://x.test/v1"
    with pytest.raises(ConfigError):
        check_api_base_url("http://example.com/v1")
    with pytest.raises(UnsafeUrlError):
        check_download_url("http://cdn.example.com/file.mp3")


def test_backoff_grows_with_jitter_and_cap() -> None:
    policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
    lows = [backoff_delay(n, policy, rng=lambda: 0.0) for n in range(6)]
    highs = [backoff_delay(n, policy, rng=lambda: 1.0) for n in range(6)]
    assert lows == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert highs == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_retry_idempotent_retries_transient_and_honours_server_delay() -> None:
    waits: list[float] = []
    calls = 0

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise TransportError("down", sent=True)
        if calls == 2:
            raise RateLimitedError("busy", retry_after=4.0, status=429)
        return "ok"

    assert asyncio.run(retry_idempotent(flaky, sleep=sleep)) == "ok"
    assert calls == 3 and waits[1] == 4.0


def test_retry_idempotent_stops_on_permanent_errors() -> None:
    calls = 0

    async def bad() -> None:
        nonlocal calls
        calls += 1
        raise BadRequestError("no", status=400)

    async def no_sleep(_s: float) -> None:
        return None

    with pytest.raises(BadRequestError):
        asyncio.run(retry_idempotent(bad, sleep=no_sleep))
    assert calls == 1
