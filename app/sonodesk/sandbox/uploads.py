"""Multipart uploads: create with presigned part URLs, store parts, complete, then import
asynchronously (validating -> validated -> imported, or failed) into an uploaded-audio asset.

Decoding runs off the loop; records change only on the loop thread. No Qt.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import math
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from sonodesk.sandbox.ids import new_id
from sonodesk.sandbox.records import AssetRecord, UploadRecord
from sonodesk.sandbox.stats import RuntimeSettings, Stats
from sonodesk.sandbox.store import Store
from sonodesk.sandbox.synth import codec
from sonodesk.sandbox.validation import ValidationFailed, fmt

log = logging.getLogger(__name__)

MIN_PART_BYTES = 5 * 1024 * 1024
MAX_PARTS = 10_000
_VALIDATING_SECONDS = 0.6  # nominal, times the upload's time_scale
_IMPORTING_SECONDS = 0.4
_CREATE_KEYS = {"fileName", "contentType", "kind", "fileSize", "parts", "assetOptions"}


class UploadError(ValueError):
    """A refused part or completion; ``reason`` is the message for the client."""

    def __init__(self, reason: str, status: int = 400) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status


class UploadManager:
    def __init__(
        self,
        store: Store,
        settings: RuntimeSettings,
        stats: Stats,
        decode_pool: Executor,
        io: Callable[..., Any],
        max_upload_bytes: int,
    ) -> None:
        self.store = store
        self.settings = settings
        self.stats = stats
        self._decode_pool = decode_pool
        self._io = io
        self._max_upload_bytes = max_upload_bytes
        self._tasks: set[asyncio.Task[None]] = set()

    def create(self, body: Any) -> UploadRecord:
        if not isinstance(body, dict):
            raise ValidationFailed('"value" must be of type object')
        for key in body:
            if key not in _CREATE_KEYS:
                raise ValidationFailed(f'"{key}" is not allowed')
        for key in ("fileName", "contentType", "kind", "fileSize", "parts"):
            if key not in body:
                raise ValidationFailed(f'"{key}" is required')
        name, content_type = body["fileName"], body["contentType"]
        if not isinstance(name, str) or not 1 <= len(name) <= 255:
            raise ValidationFailed('"fileName" must be a string of 1 to 255 characters')
        if body["kind"] != "audio":
            raise ValidationFailed('"kind" must be one of [audio]')
        if not isinstance(content_type, str) or not content_type.startswith("audio/"):
            raise ValidationFailed('"contentType" must be an audio MIME type')
        size = _whole(body["fileSize"], "fileSize", 1, self._max_upload_bytes)
        most = min(MAX_PARTS, max(1, math.ceil(size / MIN_PART_BYTES)))
        parts = _whole(body["parts"], "parts", 1, most)
        options = body.get("assetOptions")
        if options is not None and not isinstance(options, dict):
            raise ValidationFailed('"assetOptions" must be of type object')
        now = time.time()
        upload = UploadRecord(
            upload_id=new_id("upload"),
            file_name=name,
            content_type=content_type,
            kind="audio",
            file_size=size,
            parts=parts,
            created_at=now,
            updated_at=now,
            time_scale=self.settings.time_scale,
            asset_options=options,
        )
        self.store.uploads[upload.upload_id] = upload
        self.stats.count("uploads_created")
        return upload

    async def save(self, upload: UploadRecord) -> None:
        await self._io(self.store.write_record, "uploads", upload.upload_id, upload.to_dict())

    async def put_part(self, upload: UploadRecord, number: int, data: bytes) -> str:
        """Store one part; returns its ETag (quoted MD5 hex, as S3 does)."""
        if upload.status != "pending":
            raise UploadError("The upload is no longer accepting parts.", 409)
        if not 1 <= number <= upload.parts:
            raise UploadError(f"Part number must be between 1 and {upload.parts}.")
        others = sum(size for key, size in upload.received.items() if key != str(number))
        if others + len(data) > upload.file_size:
            raise UploadError("The parts are larger than the declared fileSize.")
        await self._io(self.store.put_part, upload.upload_id, number, data)
        upload.received[str(number)] = len(data)
        upload.updated_at = time.time()
        await self.save(upload)
        return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'

    async def complete(self, upload: UploadRecord) -> None:
        if upload.status != "pending":
            return  # completing twice (a retry after a lost answer) changes nothing
        for number in range(1, upload.parts + 1):
            if str(number) not in upload.received:
                raise UploadError(f"Part {number} has not been uploaded.")
        for number in range(1, upload.parts):
            if upload.received[str(number)] < MIN_PART_BYTES:
                raise UploadError(
                    f"Part {number} is smaller than the minimum part size of 5 MiB "
                    "(only the last part may be smaller)."
                )
        total = sum(upload.received.values())
        if total != upload.file_size:
            raise UploadError(
                f"The parts add up to {total} bytes, not the declared fileSize {upload.file_size}."
            )
        upload.status = "validating"
        upload.updated_at = time.time()
        await self.save(upload)
        self._spawn(upload.upload_id)

    def resume(self) -> int:
        """After a restart: carry on importing uploads that were completed but not imported."""
        pending = [
            u for u in self.store.uploads.values() if u.status in ("validating", "validated")
        ]
        for upload in pending:
            self._spawn(upload.upload_id)
        return len(pending)

    def _spawn(self, upload_id: str) -> None:
        task = asyncio.ensure_future(self._import(upload_id))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _import(self, upload_id: str) -> None:
        upload = self.store.uploads[upload_id]
        scale = upload.time_scale
        await asyncio.sleep(_VALIDATING_SECONDS * scale)
        loop = asyncio.get_running_loop()
        try:
            data, properties = await loop.run_in_executor(
                self._decode_pool, _assemble_and_probe, self.store, upload_id, upload.parts
            )
        except (codec.AudioDecodeError, KeyError) as exc:
            message = str(exc) if isinstance(exc, codec.AudioDecodeError) else ""
            await self._fail(upload, message or "The uploaded parts are incomplete.")
            return
        upload.status = "validated"
        upload.updated_at = time.time()
        await self.save(upload)
        await asyncio.sleep(_IMPORTING_SECONDS * scale)
        asset = self._asset_for(upload, data, properties)
        await self._io(self.store.put_blob, asset.asset_id, data)
        self.store.assets[asset.asset_id] = asset
        await self._io(self.store.write_record, "assets", asset.asset_id, asset.to_dict())
        upload.status = "imported"
        upload.entity_id = asset.asset_id
        upload.updated_at = time.time()
        await self.save(upload)
        await self._io(self.store.drop_parts, upload_id)
        self.stats.count("uploads_imported")

    async def _fail(self, upload: UploadRecord, message: str) -> None:
        upload.status = "failed"
        upload.error_message = message
        upload.updated_at = time.time()
        await self.save(upload)
        await self._io(self.store.drop_parts, upload.upload_id)
        self.stats.count("uploads_failed")

    def _asset_for(self, upload: UploadRecord, data: bytes, props: dict[str, Any]) -> AssetRecord:
        metadata: dict[str, Any] = {
            "kind": "audio",
            "type": "uploaded-audio",
            "name": upload.file_name,
            "fileName": upload.file_name,
        }
        parent = (upload.asset_options or {}).get("parentId")
        if isinstance(parent, str) and parent:
            metadata["parentId"] = parent
        return AssetRecord(
            asset_id=new_id("asset"),
            source="uploaded-audio",
            file_format=props["format"],
            mime_type=codec.mime_type(props["format"]),
            properties=props,
            metadata=metadata,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            created_at=time.time(),
            upload_id=upload.upload_id,
        )

    async def drain(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _whole(value: Any, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValidationFailed(f'"{name}" must be a number')
    if not float(value).is_integer():
        raise ValidationFailed(f'"{name}" must be an integer')
    if value < low:
        raise ValidationFailed(f'"{name}" must be greater than or equal to {fmt(low)}')
    if value > high:
        raise ValidationFailed(f'"{name}" must be less than or equal to {fmt(high)}')
    return int(value)


def _assemble_and_probe(store: Store, upload_id: str, parts: int) -> tuple[bytes, dict[str, Any]]:
    data = store.read_parts(upload_id, parts)
    decoded = codec.decode(data)
    return data, codec.describe(data, decoded, "unknown")
