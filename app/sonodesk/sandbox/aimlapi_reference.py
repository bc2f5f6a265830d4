"""The reference audio of an AI/ML API music-cover request: base64 decoded and measured.

The sandbox never fetches a client's URL (it stays offline); base64 and ``data:`` URLs are
checked like the real service would: audio, 6 s to 6 min, at most 50 MB. No Qt.
"""

from __future__ import annotations

import base64
import binascii
import io

import soundfile as sf

from sonodesk.sandbox.aimlapi_catalog import MAX_REFERENCE_BYTES, REFERENCE_SECONDS


class ReferenceInvalid(ValueError):
    """Why the reference audio was refused; ``str(exc)`` is the detail the service sends."""


def inline_bytes(value: str) -> bytes | None:
    """The decoded bytes of base64 or a ``data:`` URL; None for an http(s) URL."""
    if value.startswith(("http://", "https://")):
        return None
    payload = value.split(";base64,", 1)[1] if value.startswith("data:") else value
    if len(payload) > MAX_REFERENCE_BYTES * 4 // 3 + 8:
        raise ReferenceInvalid("Reference audio must be at most 50 MB")
    try:
        return base64.b64decode("".join(payload.split()), validate=True)
    except (binascii.Error, ValueError):
        raise ReferenceInvalid("Invalid base64 audio") from None


def measure(data: bytes) -> float:
    """Duration in seconds of valid reference audio; ReferenceInvalid otherwise."""
    if len(data) > MAX_REFERENCE_BYTES:
        raise ReferenceInvalid("Reference audio must be at most 50 MB")
    try:
        info = sf.info(io.BytesIO(data))
    except Exception:  # soundfile raises several types for unreadable input
        raise ReferenceInvalid("Reference audio could not be decoded") from None
    seconds = info.frames / info.samplerate if info.samplerate > 0 else 0.0
    low, high = REFERENCE_SECONDS
    if not low <= seconds <= high:
        raise ReferenceInvalid(
            f"Reference audio must be 6 seconds to 6 minutes long (it is {seconds:.1f} s)"
        )
    return seconds
