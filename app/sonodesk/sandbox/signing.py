"""Signed, expiring URLs for the sandbox CDN and part uploads (HMAC-SHA256 over path + expiry).

The secret lives only in this process, so a restarted server invalidates old URLs, like a
rotated CDN key. No I/O, no Qt.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import time
from collections.abc import Mapping
from urllib.parse import urlencode


class UrlSigner:
    def __init__(self, secret: bytes | None = None) -> None:
        self._secret = secret or secrets.token_bytes(32)

    def sign(self, path: str, ttl: float, *, now: float | None = None) -> tuple[str, int]:
        """Query string and expiry (whole epoch seconds, like CloudFront's ``Expires``)."""
        moment = time.time() if now is None else now
        expires = math.ceil(moment + max(ttl, 0.0))
        query = urlencode({"Expires": expires, "Signature": self._digest(path, expires)})
        return query, expires

    def check(self, path: str, query: Mapping[str, str], *, now: float | None = None) -> str | None:
        """None when valid, else why not: "missing", "tampered" or "expired"."""
        raw_expires, signature = query.get("Expires"), query.get("Signature")
        if not raw_expires or not signature:
            return "missing"
        try:
            expires = int(raw_expires)
        except ValueError:
            return "tampered"
        if not hmac.compare_digest(self._digest(path, expires), signature):
            return "tampered"
        moment = time.time() if now is None else now
        if moment > expires:
            return "expired"
        return None

    def _digest(self, path: str, expires: int) -> str:
        message = f"{path}\n{expires}".encode()
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()
