"""GET /v1/assets/{assetId}, POST /v1/assets/{assetId}/download, and the signed CDN route
GET /cdn/assets/{assetId} (ranges, expiry, truncation faults). No Qt.
"""

from __future__ import annotations

import re

from aiohttp import web

from sonodesk.sandbox.http_util import json_error, json_response, read_json, xml_error
from sonodesk.sandbox.state import FAULT, STATE, SandboxState
from sonodesk.sandbox.wire import asset_json

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def cdn_path(asset_id: str) -> str:
    return f"/cdn/assets/{asset_id}"


def _signed(state: SandboxState, asset_id: str) -> str:
    return state.signed_url(cdn_path(asset_id))[0]


async def get_asset(request: web.Request) -> web.Response:
    state = request.app[STATE]
    asset_id = request.match_info["assetId"]
    asset = state.store.assets.get(asset_id)
    if asset is None:
        return json_error(404, f"Asset {asset_id} not found")
    return json_response({"asset": asset_json(asset, _signed(state, asset_id))})


async def request_download(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty={})
    if not isinstance(body, dict):
        return json_error(400, '"value" must be of type object')
    for key in body:
        if key != "targetFormat":
            return json_error(400, f'"{key}" is not allowed')
    asset_id = request.match_info["assetId"]
    asset = state.store.assets.get(asset_id)
    if asset is None:
        return json_error(404, f"Asset {asset_id} not found")
    target = body.get("targetFormat")
    # Audio is only served in its stored format, exactly as the real API insists.
    if target is not None and target != asset.file_format:
        return json_error(400, "Invalid target format")
    return json_response({"url": _signed(state, asset_id), "mimeType": asset.mime_type})


async def cdn_get(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE]
    asset_id = request.match_info["assetId"]
    fault = request.get(FAULT)
    problem = state.signer.check(cdn_path(asset_id), request.query)
    if fault is not None and fault.kind == "expired_url":
        problem = "expired"
    if problem is not None:
        message = "Request has expired" if problem == "expired" else "Access denied"
        return xml_error(403, "AccessDenied", message)
    asset = state.store.assets.get(asset_id)
    data = await state.engine.io(state.store.get_blob, asset_id) if asset is not None else None
    if asset is None or data is None:
        return xml_error(404, "NoSuchKey", "The specified key does not exist.")
    headers = {
        "ETag": f'"{asset.sha256[:32]}"',
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, max-age=0",
    }
    status, start, end = 200, 0, len(data)
    range_header = request.headers.get("Range")
    if range_header:
        parsed = _parse_range(range_header, len(data))
        if parsed is None:
            headers["Content-Range"] = f"bytes */{len(data)}"
            return web.Response(status=416, headers=headers)
        start, end = parsed
        status = 206
        headers["Content-Range"] = f"bytes {start}-{end - 1}/{len(data)}"
    body = data[start:end]
    if request.method == "HEAD":
        headers["Content-Length"] = str(len(body))
        return web.Response(status=status, headers=headers, content_type=asset.mime_type)
    state.stats.count("cdn_bytes", len(body))
    if fault is not None and fault.kind == "truncate" and len(body) > 1:
        return await _truncated(request, body, status, headers, asset.mime_type, fault.fraction)
    return web.Response(body=body, status=status, headers=headers, content_type=asset.mime_type)


def _parse_range(header: str, size: int) -> tuple[int, int] | None:
    """[start, end) for a single "bytes=a-b" range; None when it cannot be satisfied."""
    match = _RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        length = min(int(last), size)
        return (size - length, size) if length > 0 else None
    start = int(first)
    end = size if not last else min(int(last) + 1, size)
    if start >= size or end <= start:
        return None
    return start, end


async def _truncated(
    request: web.Request,
    body: bytes,
    status: int,
    headers: dict[str, str],
    mime: str,
    fraction: float,
) -> web.StreamResponse:
    """Promise every byte in Content-Length, send only some, then cut the connection."""
    response = web.StreamResponse(status=status, headers=headers)
    response.content_type = mime
    response.content_length = len(body)
    await response.prepare(request)
    await response.write(body[: max(1, min(len(body) - 1, int(len(body) * fraction)))])
    if request.transport is not None:
        request.transport.abort()
    return response


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/assets/{assetId}", get_asset)
    app.router.add_post("/v1/assets/{assetId}/download", request_download)
    app.router.add_get("/cdn/assets/{assetId}", cdn_get)  # also answers HEAD
