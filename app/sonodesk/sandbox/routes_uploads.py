"""POST /v1/uploads, GET /v1/uploads/{uploadId}, POST /v1/uploads/{uploadId}/action and the
presigned part route PUT /upload-parts/{uploadId}/{partNumber} (no Scenario auth). No Qt.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from sonodesk.sandbox.http_util import (
    BodyError,
    json_error,
    json_response,
    read_capped,
    read_json,
    xml_error,
)
from sonodesk.sandbox.ids import iso
from sonodesk.sandbox.records import UploadRecord
from sonodesk.sandbox.state import FAULT, STATE, SandboxState
from sonodesk.sandbox.uploads import UploadError
from sonodesk.sandbox.validation import ValidationFailed
from sonodesk.sandbox.wire import upload_json


def part_path(upload_id: str, number: int) -> str:
    return f"/upload-parts/{upload_id}/{number}"


def _parts(state: SandboxState, upload: UploadRecord) -> list[dict[str, Any]] | None:
    if upload.status != "pending":
        return None
    parts = []
    for number in range(1, upload.parts + 1):
        url, expires = state.signed_url(part_path(upload.upload_id, number))
        parts.append({"number": number, "url": url, "expires": iso(expires)})
    return parts


async def create_upload(request: web.Request) -> web.Response:
    state = request.app[STATE]
    if request.query.get("dryRun"):
        return json_error(400, '"dryRun" is not supported for audio uploads')
    body = await read_json(request, state.options.max_body_bytes, empty={})
    try:
        upload = state.uploads.create(body)
    except ValidationFailed as exc:
        return json_error(400, exc.reason)
    await state.uploads.save(upload)
    return json_response({"upload": upload_json(upload, _parts(state, upload))})


async def get_upload(request: web.Request) -> web.Response:
    state = request.app[STATE]
    upload_id = request.match_info["uploadId"]
    upload = state.store.uploads.get(upload_id)
    if upload is None:
        return json_error(404, f"Upload {upload_id} not found")
    return json_response({"upload": upload_json(upload, _parts(state, upload))})


async def upload_action(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty={})
    if not isinstance(body, dict):
        return json_error(400, '"value" must be of type object')
    for key in body:
        if key != "action":
            return json_error(400, f'"{key}" is not allowed')
    if body.get("action") != "complete":
        return json_error(400, '"action" must be one of [complete]')
    upload_id = request.match_info["uploadId"]
    upload = state.store.uploads.get(upload_id)
    if upload is None:
        return json_error(404, f"Upload {upload_id} not found")
    if upload.status == "failed":
        return json_error(400, f"Upload {upload_id} has failed: {upload.error_message}")
    try:
        await state.uploads.complete(upload)
    except UploadError as exc:
        return json_error(exc.status, exc.reason)
    return json_response({"upload": upload_json(upload, None)})


async def put_part(request: web.Request) -> web.Response:
    state = request.app[STATE]
    upload_id = request.match_info["uploadId"]
    try:
        number = int(request.match_info["partNumber"])
    except ValueError:
        return xml_error(400, "InvalidArgument", "Part number must be an integer.")
    fault = request.get(FAULT)
    problem = state.signer.check(part_path(upload_id, number), request.query)
    if fault is not None and fault.kind == "expired_url":
        problem = "expired"
    if problem is not None:
        message = "Request has expired" if problem == "expired" else "Access denied"
        return xml_error(403, "AccessDenied", message)
    upload = state.store.uploads.get(upload_id)
    if upload is None:
        return xml_error(404, "NoSuchUpload", "The specified upload does not exist.")
    try:
        data = await read_capped(request, upload.file_size)
    except BodyError:
        return xml_error(400, "EntityTooLarge", "The part is larger than the declared fileSize.")
    try:
        etag = await state.uploads.put_part(upload, number, data)
    except UploadError as exc:
        return xml_error(exc.status, "InvalidRequest", exc.reason)
    return web.Response(status=200, headers={"ETag": etag})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/uploads", create_upload)
    app.router.add_get("/v1/uploads/{uploadId}", get_upload)
    app.router.add_post("/v1/uploads/{uploadId}/action", upload_action)
    app.router.add_put("/upload-parts/{uploadId}/{partNumber}", put_part)
