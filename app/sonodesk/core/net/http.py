"""The shared httpx client, and how network failures become TransportError. No Qt.

Redirects are never followed automatically: a download follows them itself, checking each
hop against the URL policy (see download.py).
"""

from __future__ import annotations

import httpx

from sonodesk import __version__
from sonodesk.core.errors import TransportError

USER_AGENT = f"Sonodesk/{__version__}"

# connect: fail fast when the host is unreachable; read: generation POSTs and large chunks
# can legitimately take a while on a slow link.
DEFAULT_TIMEOUT = httpx.Timeout(connect=10.0, read=60.0, write=60.0, pool=30.0)

# These exceptions mean no byte of the request reached the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.UnsupportedProtocol)


def make_http_client(*, timeout: httpx.Timeout = DEFAULT_TIMEOUT) -> httpx.AsyncClient:
    """One pooled client for API calls, uploads and downloads."""
    return httpx.AsyncClient(
        timeout=timeout,
        follow_redirects=False,
        limits=httpx.Limits(max_connections=32, max_keepalive_connections=16),
        headers={"User-Agent": USER_AGENT},
        trust_env=False,  # keep proxies/certs from the environment out of a desktop app's calls
    )


def transport_error(exc: BaseException, *, what: str = "The server") -> TransportError:
    """Classify an httpx failure: could the server have received the request?"""
    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, httpx.HTTPError):
        cause = cause.__cause__ or cause.__context__
    if isinstance(cause, _NOT_SENT):
        return TransportError(
            f"{what} could not be reached.",
            sent=False,
            hint="Check your internet connection; nothing was sent.",
        )
    if isinstance(cause, httpx.TimeoutException):
        return TransportError(f"{what} did not answer in time.", sent=True)
    return TransportError(f"The connection to {what.lower()} was interrupted.", sent=True)


def json_or_text(response: httpx.Response, *, limit: int = 300) -> object:
    """An error body for the message: its JSON, or the start of its text when it is not JSON
    (HTML from a proxy, or nesting deep enough to exhaust the parser)."""
    try:
        return response.json()
    except (ValueError, RecursionError):
        return response.text[:limit]
