"""Where the sandbox keeps jobs, assets, uploads and audio bytes: memory, or a state dir on disk.

On disk every record is one JSON file and every blob one file, written atomically (temp,
fsync, rename). File names come only from ids this server minted and re-checked; nothing a
client sends is ever used as a path. No Qt.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from pathlib import Path
from typing import Any, TypeVar

from sonodesk.core.atomic import write_bytes, write_json
from sonodesk.sandbox.ids import is_safe_id
from sonodesk.sandbox.records import AssetRecord, JobRecord, UploadRecord

log = logging.getLogger(__name__)

_KINDS = ("jobs", "assets", "uploads")
R = TypeVar("R", JobRecord, AssetRecord, UploadRecord)


def _build(cls: type[R], data: dict[str, Any]) -> R | None:
    try:
        return cls.from_dict(data)
    except (TypeError, ValueError) as exc:
        log.warning("skipping a sandbox %s record of the wrong shape: %s", cls.__name__, exc)
        return None


class Store:
    def __init__(self, state_dir: Path | None) -> None:
        self.state_dir = state_dir
        self.jobs: dict[str, JobRecord] = {}
        self.assets: dict[str, AssetRecord] = {}
        self.uploads: dict[str, UploadRecord] = {}
        self._blobs: dict[str, bytes] = {}
        self._parts: dict[str, dict[int, bytes]] = {}
        # Blobs and parts are touched from render and I/O threads; records only from the loop.
        self._lock = threading.Lock()

    @property
    def persistent(self) -> bool:
        return self.state_dir is not None

    def load(self) -> None:
        """Read every record from the state dir (a no-op in memory mode)."""
        if self.state_dir is None:
            return
        for kind in _KINDS:
            (self.state_dir / kind).mkdir(parents=True, exist_ok=True)
        (self.state_dir / "blobs").mkdir(exist_ok=True)
        (self.state_dir / "parts").mkdir(exist_ok=True)
        for data in self._read_all("jobs"):
            job = _build(JobRecord, data)
            if job is not None and is_safe_id(job.job_id):
                self.jobs[job.job_id] = job
        for data in self._read_all("assets"):
            asset = _build(AssetRecord, data)
            if asset is not None and is_safe_id(asset.asset_id):
                self.assets[asset.asset_id] = asset
        for data in self._read_all("uploads"):
            upload = _build(UploadRecord, data)
            if upload is not None and is_safe_id(upload.upload_id):
                self.uploads[upload.upload_id] = upload

    def write_record(self, kind: str, record_id: str, data: dict[str, Any]) -> None:
        """Persist one record snapshot; call from an I/O thread with a dict made on the loop."""
        if self.state_dir is None:
            return
        write_json(self._path(kind, record_id, ".json"), data)

    def put_blob(self, asset_id: str, data: bytes) -> None:
        if self.state_dir is None:
            with self._lock:
                self._blobs[asset_id] = data
            return
        write_bytes(self._path("blobs", asset_id, ".bin"), data)

    def get_blob(self, asset_id: str) -> bytes | None:
        if self.state_dir is None:
            with self._lock:
                return self._blobs.get(asset_id)
        path = self._path("blobs", asset_id, ".bin")
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None

    def has_blob(self, asset_id: str) -> bool:
        if self.state_dir is None:
            with self._lock:
                return asset_id in self._blobs
        return self._path("blobs", asset_id, ".bin").is_file()

    def put_part(self, upload_id: str, number: int, data: bytes) -> None:
        if self.state_dir is None:
            with self._lock:
                self._parts.setdefault(upload_id, {})[number] = data
            return
        folder = self._path("parts", upload_id, "")
        write_bytes(folder / f"{int(number)}.part", data)

    def read_parts(self, upload_id: str, count: int) -> bytes:
        """All parts in order; KeyError when one is missing."""
        if self.state_dir is None:
            with self._lock:
                parts = self._parts.get(upload_id, {})
                return b"".join(parts[n] for n in range(1, count + 1))
        folder = self._path("parts", upload_id, "")
        chunks = []
        for number in range(1, count + 1):
            try:
                chunks.append((folder / f"{number}.part").read_bytes())
            except FileNotFoundError as exc:
                raise KeyError(number) from exc
        return b"".join(chunks)

    def drop_parts(self, upload_id: str) -> None:
        if self.state_dir is None:
            with self._lock:
                self._parts.pop(upload_id, None)
            return
        shutil.rmtree(self._path("parts", upload_id, ""), ignore_errors=True)

    def _path(self, kind: str, record_id: str, suffix: str) -> Path:
        if not is_safe_id(record_id) or self.state_dir is None:
            raise ValueError("refusing to build a path from an unexpected id")
        return self.state_dir / kind / f"{record_id}{suffix}"

    def _read_all(self, kind: str) -> list[dict[str, Any]]:
        assert self.state_dir is not None
        records = []
        for path in sorted((self.state_dir / kind).glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                log.warning("skipping unreadable sandbox record %s: %s", path.name, exc)
                continue
            if isinstance(data, dict):
                records.append(data)
        return records
