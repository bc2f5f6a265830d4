"""Small aiohttp helpers: JSON and CDN-style XML errors, capped body reading, dropping a connection.

No state, no Qt.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, NoReturn

from aiohttp import web

JSON_TYPE = "application/json"


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    return web.Response(
        text=json.dumps(body, separators=(",", ":"), ensure_ascii=False),
        status=status,
        content_type=JSON_TYPE,
        headers=headers,
    )


def json_error(
    status: int, reason: str, headers: dict[str, str] | None = None, **extra: Any
) -> web.Response:
    return json_response({"reason": reason, **extra}, status=status, headers=headers)


def xml_error(status: int, code: str, message: str) -> web.Response:
    """The body shape CloudFront/S3 send for signed-URL failures."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message></Error>"
    )
    return web.Response(text=body, status=status, content_type="application/xml")


class BodyError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


async def read_capped(request: web.Request, limit: int) -> bytes:
    """The raw body, refusing (413) past ``limit`` bytes without buffering the excess."""
    declared = request.content_length
    if declared is not None and declared > limit:
        raise BodyError(413, f"Request body too large (limit {limit} bytes)")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.content.iter_chunked(64 * 1024):
        size += len(chunk)
        if size > limit:
            raise BodyError(413, f"Request body too large (limit {limit} bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


async def read_json(request: web.Request, limit: int, *, empty: Any = None) -> Any:
    """Parsed JSON body; ``empty`` for no body at all; BodyError(400) for anything else."""
    raw = await read_capped(request, limit)
    if not raw.strip():
        return empty
    try:
        return json.loads(raw, parse_constant=_reject_constant)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BodyError(400, "Invalid JSON body") from exc


def _reject_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; accepting them would echo invalid JSON back later.
    raise ValueError(f"{name} is not valid JSON")


def drop_connection(request: web.Request) -> NoReturn:
    """Close the socket without an answer; the client sees a dropped connection."""
    transport = request.transport
    if transport is not None:
        transport.close()
    # aiohttp treats a cancelled handler as a vanished peer and writes nothing more.
    raise asyncio.CancelledError
