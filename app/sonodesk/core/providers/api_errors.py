"""Turn an error response (status, JSON body, headers) into a typed, user-safe ApiError. No Qt.

Scenario puts its explanation in ``reason`` (or ``message``/``error``/``detail``), a 429 in
``remainingSeconds``; the AI/ML API uses ``message``. Server text is trimmed and cleaned
before it reaches a user, and anything registered as a secret is masked.
"""

from __future__ import annotations

import email.utils
import math
import re
import time
from collections.abc import Mapping
from typing import Any

from sonodesk.core import redact
from sonodesk.core.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
)

MAX_REASON_CHARS = 300
_QUOTED_FIELD = re.compile(r'^\s*"([A-Za-z0-9_.\[\]]{1,120})"')
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_PLANS = {25: "Starter", 50: "Pro", 75: "Max", 100: "Enterprise"}


def reason_from_body(body: object) -> str | None:
    """The server's own explanation, from the first field that carries one."""
    if isinstance(body, str):
        return clean_text(body) or None
    if not isinstance(body, Mapping):
        return None
    for key in ("reason", "message", "error", "detail", "errorMessage"):
        value = body.get(key)
        if isinstance(value, Mapping):  # {"error": {"message": ...}} (AI/ML API, others)
            value = value.get("message") or value.get("reason")
        if isinstance(value, list) and value:
            value = "; ".join(
                str(v.get("msg", v)) if isinstance(v, Mapping) else str(v) for v in value[:3]
            )
        if isinstance(value, str) and value.strip():
            return clean_text(value)
    return None


def clean_text(text: str) -> str:
    """Collapse control characters, cap the length, mask known secrets."""
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > MAX_REASON_CHARS:
        text = text[: MAX_REASON_CHARS - 1].rstrip() + "…"
    return redact.redact(text)


def field_from_reason(reason: str | None) -> str | None:
    """Joi-style messages start with the quoted input name: '"duration" must be ...'."""
    if not reason:
        return None
    match = _QUOTED_FIELD.match(reason)
    return match.group(1) if match else None


def retry_after_seconds(body: object, headers: Mapping[str, str]) -> float | None:
    """The wait a 429/503 asks for: body remainingSeconds, then retry-after-ms, Retry-After."""
    if isinstance(body, Mapping):
        value = _finite(body.get("remainingSeconds"))
        if value is not None:
            return max(0.0, value)
    lower = {k.lower(): v for k, v in headers.items()}
    ms = _finite(lower.get("retry-after-ms"))
    if ms is not None:
        return max(0.0, ms / 1000)
    header = lower.get("retry-after")
    if header:
        seconds = _finite(header)
        if seconds is not None:
            return max(0.0, seconds)
        try:
            when = email.utils.parsedate_to_datetime(header)
        except (TypeError, ValueError):
            return None
        return max(0.0, when.timestamp() - time.time())
    return None


def _finite(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _concurrency_details(body: object, reason: str | None) -> tuple[bool, int | None]:
    limit: int | None = None
    if isinstance(body, Mapping):
        details = body.get("details")
        if isinstance(details, Mapping):
            raw = _finite(details.get("actionLimit"))
            limit = int(raw) if raw is not None and raw >= 1 else None
    text = (reason or "").lower()
    concurrency = limit is not None or "concurren" in text or "in flight" in text
    if concurrency and limit is None:
        match = re.search(r"limit\D{0,12}(\d{1,4})", text)
        limit = int(match.group(1)) if match else None
    return concurrency, limit


def error_from_response(
    status: int,
    body: object,
    headers: Mapping[str, str],
    *,
    service: str = "The service",
) -> ApiError:
    """Map one HTTP error response to the matching ApiError subclass."""
    reason = reason_from_body(body)
    trace = None
    if isinstance(body, Mapping):
        raw_trace = body.get("traceId") or body.get("trace_id") or body.get("requestId")
        trace = clean_text(str(raw_trace))[:80] if raw_trace else None
    common: dict[str, Any] = {"status": status, "reason": reason, "trace_id": trace}
    if status == 400 or status == 422:
        field = field_from_reason(reason)
        text = reason or "The request was not accepted."
        return BadRequestError(f"{service} rejected the parameters: {text}", field=field, **common)
    if status == 401:
        return AuthError(
            f"{service} did not accept the API key or secret.",
            hint="Check your credentials in Settings → Accounts.",
            **common,
        )
    if status == 403:
        return ForbiddenError(
            f"{service} refused this request: {reason or 'not allowed for this account.'}",
            hint="The model may need a higher plan, or the key belongs to another project.",
            **common,
        )
    if status == 404:
        return NotFoundError(
            f"{service} does not know this item: {reason or 'not found'}.", **common
        )
    if status == 429:
        concurrency, limit = _concurrency_details(body, reason)
        text = (
            f"Too many jobs are running for your team{f' (limit {limit})' if limit else ''}."
            if concurrency
            else "The service is receiving too many requests right now."
        )
        return RateLimitedError(
            text,
            retry_after=retry_after_seconds(body, headers),
            concurrency_limit=concurrency,
            limit=limit,
            hint="Sonodesk waits and tries again by itself.",
            **common,
        )
    if status == 408 or status >= 500:
        return ServerError(
            f"{service} had a temporary problem (HTTP {status}).",
            retry_after=retry_after_seconds(body, headers),
            **common,
        )
    return ApiError(
        f"{service} answered with an error (HTTP {status}): {reason or 'no details'}.", **common
    )


def plan_name(access_restriction: int) -> str | None:
    """The plan that unlocks a model with this accessRestrictions level."""
    for level in sorted(_PLANS):
        if access_restriction <= level:
            return _PLANS[level] if access_restriction > 0 else None
    return "Enterprise"
