"""Read AI/ML API answers (generations, error bodies) into neutral types, trusting nothing.

Missing fields, wrong types, huge strings and unknown statuses end in a sane value or a
ProtocolError; error responses become the typed ApiErrors of api_errors.py with AI/ML API
hints. No Qt, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from sonodesk.core.errors import (
    ApiError,
    AuthError,
    BadRequestError,
    ForbiddenError,
    ProtocolError,
    ServerError,
)
from sonodesk.core.providers.api_errors import clean_text, error_from_response
from sonodesk.core.providers.base import RemoteAsset, RemoteJob
from sonodesk.core.providers.status import parse_status

MAX_ID_CHARS = 300
MAX_URL_CHARS = 8000
_BILLING_WORDS = ("credit", "balance", "billing", "payment", "top up", "top-up")


@dataclass(frozen=True)
class AudioFile:
    """``audio_file`` of a completed generation: the URL and what the answer said about it."""

    url: str
    content_type: str | None = None
    file_name: str | None = None
    size: int | None = None


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any, limit: int) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value[:limit] if value else None


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def generation_id(value: Any) -> str | None:
    """``<uuid>:<model>``-style ids: short, printable, no spaces; anything else is None."""
    text = _text(value, MAX_ID_CHARS + 1)
    if text is None or len(text) > MAX_ID_CHARS or not text.isprintable() or " " in text:
        return None
    return text


def audio_file(payload: Any) -> AudioFile | None:
    data = _dict(_dict(payload).get("audio_file"))
    url = _text(data.get("url"), MAX_URL_CHARS + 1)
    if url is None or len(url) > MAX_URL_CHARS:
        return None
    size = number(data.get("file_size"))
    return AudioFile(
        url=url,
        content_type=_text(data.get("content_type"), 100),
        file_name=_text(data.get("file_name"), 300),
        size=int(size) if size is not None and 0 < size < 2**53 else None,
    )


def credits_used(payload: Any) -> float | None:
    usage = _dict(_dict(_dict(payload).get("meta")).get("usage"))
    used = number(usage.get("credits_used"))
    return used if used is not None and used >= 0 else None


def job_from_json(payload: Any) -> RemoteJob:
    """One generation (the create and fetch answers share this shape)."""
    data = _dict(payload)
    job_id = generation_id(data.get("id"))
    if job_id is None:
        raise ProtocolError("The AI/ML API's answer had no usable generation id.")
    raw_status = _text(data.get("status"), 40) or ""
    output = audio_file(data)
    return RemoteJob(
        job_id=job_id,
        status=parse_status(raw_status),
        raw_status=raw_status,
        output_refs=(output.url,) if output is not None else (),
        error=_error_message(data.get("error")),
        cost=credits_used(data),
    )


def _error_message(value: Any) -> str | None:
    if isinstance(value, dict):
        text = _text(value.get("message"), 1000) or _text(value.get("name"), 200)
    else:
        text = _text(value, 1000)
    return clean_text(text) if text else None


def asset_from(ref: str, known: AudioFile | None) -> RemoteAsset:
    """The download for an output ref (the URL first answered), from the latest answer."""
    url = known.url if known is not None else ref
    file_format = None
    if known is not None and known.file_name:
        file_format = PurePosixPath(known.file_name).suffix.lstrip(".").lower() or None
    if file_format is None:
        file_format = PurePosixPath(urlsplit(url).path).suffix.lstrip(".").lower() or None
    return RemoteAsset(
        ref=ref,
        url=url,
        mime_type=known.content_type if known is not None else None,
        size=known.size if known is not None else None,
        file_format=file_format if file_format and len(file_format) <= 8 else None,
    )


def error_for(
    status: int,
    body: object,
    headers: Mapping[str, str],
    *,
    service: str,
    field_for: Callable[[str], str | None] | None = None,
) -> ApiError:
    """The typed error for an AI/ML API error response, with hints that fit this service."""
    error = error_from_response(status, body, headers, service=service)
    reason = error.reason
    common: dict[str, Any] = {"status": status, "reason": reason, "trace_id": error.trace_id}
    if isinstance(error, BadRequestError) and error.field is None and reason and field_for:
        # "Body validation error! ... at "audio_setting.format"": name the form's field.
        error.field = field_for(reason)
    if isinstance(error, AuthError):
        error.hint = "Check your AI/ML API key in Settings → Accounts."
    if isinstance(error, ForbiddenError):
        billing = any(word in (reason or "").lower() for word in _BILLING_WORDS)
        hint = (
            "Your AI/ML API balance is used up: top up your credits on aimlapi.com, then retry."
            if billing
            else "The key's plan may not include this model, or your credits ran out; "
            "check your AI/ML API dashboard."
        )
        return ForbiddenError(
            f"{service} refused this request: {reason or 'not allowed for this account.'}",
            hint=hint,
            **common,
        )
    if status == 504:
        return ServerError(
            f"{service} did not finish the generation in time ({reason or 'generation timeout'}).",
            hint="Try again; long songs take longer.",
            **common,
        )
    return error
