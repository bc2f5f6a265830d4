"""Scenario-looking ids, deterministic per-id jitter, and ISO-8601 timestamps. No I/O, no Qt."""

from __future__ import annotations

import hashlib
import re
import secrets
import string
from datetime import UTC, datetime

_ALPHABET = string.ascii_letters + string.digits
_ID_LENGTH = 25  # like job_ocZCnG1Df35XRL1QyCZSRxAG8
ID_PATTERN = re.compile(r"^[a-z]+_[A-Za-z0-9]{1,64}$")


def new_id(prefix: str) -> str:
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(_ID_LENGTH))


def is_safe_id(value: str) -> bool:
    """True for ids this server could have minted: safe as a file name, never a path."""
    return bool(ID_PATTERN.match(value))


def unit(key: str, salt: str) -> float:
    """A stable number in [0, 1) for (key, salt): the same job always draws the same jitter."""
    digest = hashlib.sha256(f"{key}\x00{salt}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def iso(epoch: float) -> str:
    """2026-11-21T07:20:00.123Z, the form every Scenario date uses."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def parse_iso(text: str) -> float:
    """Epoch seconds from an ISO-8601 date; ValueError when it is not one."""
    value = text.strip()
    if value.endswith(("Z", "z")):
        value = value[:-1] + "+00:00"
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()
