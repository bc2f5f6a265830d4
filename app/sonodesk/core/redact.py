"""Keep secrets out of text: a process-wide registry of secret values and a masking function.

Credentials are registered when loaded; every log record and every user-facing error text
passes through ``redact``. Also masks Authorization headers and signed-URL signatures.
No Qt, no I/O.
"""

from __future__ import annotations

import base64
import logging
import re
import threading

MASK = "•••"
# Real API keys and secrets are long; masking short strings would also mask ordinary words
# ("secret", "sandbox") wherever they appear.
_MIN_SECRET_LEN = 8
_lock = threading.Lock()
_secrets: set[str] = set()
_PATTERNS = (
    re.compile(r"(?i)(authorization\s*[:=]\s*)(basic|bearer)\s+[A-Za-z0-9._~+/=-]+"),
    re.compile(r"(?i)\b(basic|bearer)\s+[A-Za-z0-9._~+/=-]{12,}"),
    re.compile(r"(?i)([?&](?:signature|policy|key-pair-id|x-amz-signature|token)=)[^&\s]+"),
)


def register_secret(value: str | None) -> None:
    """Remember a secret so it is masked wherever it would appear."""
    if not value or len(value) < _MIN_SECRET_LEN:
        return
    with _lock:
        _secrets.add(value)


def forget_all() -> None:
    """Empty the registry (tests start from a clean one)."""
    with _lock:
        _secrets.clear()


def register_basic_auth(key: str | None, secret: str | None) -> None:
    register_secret(key)
    register_secret(secret)
    if key and secret:
        register_secret(base64.b64encode(f"{key}:{secret}".encode()).decode("ascii"))


def redact(text: str) -> str:
    if not text:
        return text
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, MASK)
    text = _PATTERNS[0].sub(lambda m: f"{m.group(1)}{m.group(2)} {MASK}", text)
    text = _PATTERNS[1].sub(lambda m: f"{m.group(1)} {MASK}", text)
    return _PATTERNS[2].sub(lambda m: f"{m.group(1)}{MASK}", text)


class RedactingFormatter(logging.Formatter):
    """Formats a record (message, arguments and traceback) and masks secrets in the result."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
