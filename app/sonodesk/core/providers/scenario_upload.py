"""Scenario's multipart upload: POST /uploads, PUT each part, complete, poll until imported.

Parts are read off the event loop's thread; part PUTs go to presigned URLs without our
Authorization header and are retried (a PUT of the same bytes is idempotent). No Qt.
"""

from __future__ import annotations

import asyncio
import math
import mimetypes
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING

import httpx

from sonodesk.core.errors import ProtocolError, SonodeskError, StorageError
from sonodesk.core.net.http import json_or_text, transport_error
from sonodesk.core.net.retry import retry_idempotent
from sonodesk.core.net.urls import check_download_url
from sonodesk.core.providers import scenario_parse as parse
from sonodesk.core.providers.api_errors import error_from_response
from sonodesk.core.providers.base import ProgressCallback

if TYPE_CHECKING:
    from sonodesk.core.providers.scenario import ScenarioProvider

PART_SIZE = 8 * 1024 * 1024  # the API wants >= 5 MiB for every part but the last
STREAM_SLICE = 256 * 1024
MAX_PARTS = 10_000
IMPORT_TIMEOUT = 600.0
AUDIO_TYPES = {
    ".wav": "audio/wav",
    ".wave": "audio/wav",
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".m4a": "audio/m4a",
}


class UploadError(SonodeskError):
    """The file could not be uploaded or the server would not import it.

    ``retryable``: uploading the file again from the start may succeed (an expired link).
    """

    def __init__(self, message: str, *, retryable: bool = False, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.retryable = retryable


def content_type_for(path: Path) -> str:
    return (
        AUDIO_TYPES.get(path.suffix.lower())
        or mimetypes.guess_type(path.name)[0]
        or ("application/octet-stream")
    )


def _read_part(path: Path, index: int) -> bytes:
    with open(path, "rb") as handle:
        handle.seek(index * PART_SIZE)
        return handle.read(PART_SIZE)


async def upload_file(
    provider: ScenarioProvider,
    path: Path,
    *,
    kind: str = "audio",
    progress: ProgressCallback | None = None,
) -> str:
    """Upload ``path``; returns the imported asset id (the upload's ``entityId``)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StorageError(f"The file {path.name} could not be read.") from exc
    if size == 0:
        raise UploadError(f"{path.name} is empty; there is nothing to upload.")
    parts = max(1, math.ceil(size / PART_SIZE))
    if parts > MAX_PARTS:
        raise UploadError(f"{path.name} is too large to upload.")
    content_type = content_type_for(path)
    # Retried like a read: a second upload record left unused costs nothing (uploads are not
    # billed), so a dropped answer or a 5xx is not worth failing the job over.
    body = await provider._read(
        lambda c: c.uploads.create(
            file_name=path.name[:200],
            content_type=content_type,
            kind=kind,
            file_size=size,
            parts=parts,
            **provider._project(),
        ),
        "upload",
    )
    upload = parse.upload_from_json(body)
    if len(upload["parts"]) != parts:
        raise ProtocolError("The server prepared a different number of upload parts.")
    sent = 0
    for index, part in enumerate(upload["parts"]):
        data = await asyncio.to_thread(_read_part, path, index)
        offset = sent

        def report(done: int, offset: int = offset) -> None:
            if progress:
                progress(offset + done, size)

        await _put_part(provider, part["url"], data, content_type, report)
        sent += len(data)
    # Completing twice changes nothing (the API's documented retry after a lost answer).
    await provider._read(
        lambda c: c.uploads.trigger_action(upload["id"], action="complete", **provider._project()),
        "upload completion",
    )
    return await _wait_imported(provider, upload["id"], path.name)


async def _put_part(
    provider: ScenarioProvider,
    url: str,
    data: bytes,
    content_type: str,
    report: Callable[[int], None],
) -> None:
    check_download_url(url)  # same policy as downloads: https or loopback only

    async def body() -> AsyncIterator[bytes]:
        # Streamed in slices so the job can show the upload moving, not jump at each part.
        for start in range(0, len(data), STREAM_SLICE):
            yield data[start : start + STREAM_SLICE]
            report(min(len(data), start + STREAM_SLICE))

    async def attempt() -> None:
        # Presigned storage URLs refuse chunked bodies: the length is always declared.
        headers = {"Content-Type": content_type, "Content-Length": str(len(data))}
        try:
            response = await provider.http.put(url, content=body(), headers=headers)
        except httpx.HTTPError as exc:
            raise transport_error(exc, what="The upload server") from None
        if response.status_code in (401, 403):
            # A presigned part URL that expired (or lost its signature) stays refused; a new
            # upload brings fresh ones, so the engine may start the upload again.
            raise UploadError("The upload link expired before the file was sent.", retryable=True)
        if response.status_code >= 300:
            raise error_from_response(
                response.status_code,
                json_or_text(response),
                dict(response.headers),
                service="The upload server",
            )

    await retry_idempotent(attempt, sleep=provider._sleep, what="upload part")


async def _wait_imported(provider: ScenarioProvider, upload_id: str, name: str) -> str:
    deadline = time.monotonic() + IMPORT_TIMEOUT
    delay = 0.25
    while True:
        body = await provider._read(
            lambda c: c.uploads.retrieve(upload_id, **provider._project()), "upload status"
        )
        upload = parse.upload_from_json(body)
        # Only "imported" together with an entityId means the asset exists; "complete",
        # "validating" and "validated" do not yet.
        if upload["status"] == "imported" and upload["entityId"]:
            return str(upload["entityId"])
        if upload["status"] in ("failed", "error", "canceled", "cancelled"):
            reason = upload["errorMessage"] or "the server could not import it"
            raise UploadError(f"{name} was not accepted: {reason}.")
        if time.monotonic() > deadline:
            raise UploadError(f"The server did not finish importing {name} in time.")
        await provider._sleep(delay)
        delay = min(delay * 1.6, 3.0)
