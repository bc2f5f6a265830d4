"""Retry rules for idempotent calls: which failures are transient, and how long to wait.

Submits (POST /generate) never go through here: the job engine decides those, because a
blind retry could start and bill a second job. No Qt, no I/O.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from sonodesk.core.errors import (
    ApiError,
    DownloadError,
    RateLimitedError,
    ServerError,
    TransportError,
)

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5  # total tries, including the first
    base_delay: float = 0.5
    max_delay: float = 20.0
    # A server asking us to wait longer than this is treated as if it asked for this long;
    # the caller's loop (e.g. polling) comes back later anyway.
    max_retry_after: float = 60.0


DEFAULT_READ_POLICY = RetryPolicy()


def backoff_delay(
    attempt: int, policy: RetryPolicy, rng: Callable[[], float] = random.random
) -> float:
    """Exponential backoff with jitter for retry number ``attempt`` (0-based).

    Half the delay is fixed and half random, so many clients that failed together spread
    out, but none of them comes back almost immediately.
    """
    ceiling = min(policy.max_delay, policy.base_delay * (2**attempt))
    return ceiling / 2 + rng() * ceiling / 2


def is_transient(error: BaseException) -> bool:
    """True for failures a repeat of an idempotent call may fix."""
    if isinstance(error, TransportError):
        return True
    if isinstance(error, ApiError):
        return error.retryable
    if isinstance(error, DownloadError):
        return error.retryable
    return False


def server_delay(error: BaseException, policy: RetryPolicy) -> float | None:
    """The wait the server asked for (429 remainingSeconds / Retry-After), capped."""
    if isinstance(error, RateLimitedError | ServerError) and error.retry_after is not None:
        return max(0.0, min(error.retry_after, policy.max_retry_after))
    return None


async def retry_idempotent(
    operation: Callable[[], Awaitable[T]],
    *,
    policy: RetryPolicy = DEFAULT_READ_POLICY,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    what: str = "request",
) -> T:
    """Run ``operation`` until it succeeds, a permanent error occurs, or attempts run out."""
    attempt = 0
    while True:
        try:
            return await operation()
        except Exception as error:
            attempt += 1
            if not is_transient(error) or attempt >= policy.attempts:
                raise
            delay = server_delay(error, policy)
            if delay is None:
                delay = backoff_delay(attempt - 1, policy)
            log.info(
                "%s failed (%s); retry %d in %.2fs", what, type(error).__name__, attempt, delay
            )
            await sleep(delay)
