"""The on-disk model cache: one provider's listing and full records, each with its fetch time.

Lives under ``paths.model_cache_dir/<provider>/``; every write is atomic and every read
tolerates a missing, damaged or foreign file (it is simply not used). Stores model data only,
never credentials. Blocking file I/O: call it through ``asyncio.to_thread``. No Qt, no network.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sonodesk.core import atomic
from sonodesk.core.providers.base import ModelRecord

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
LISTING_FILE = "listing.json"
RECORDS_DIR = "models"
# A cached document is a few kB per model; anything far larger is not one of ours.
MAX_FILE_BYTES = 8 * 1024 * 1024
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def account_scope(base_url: str, project_id: str | None, api_key: str) -> str:
    """A short fingerprint of the account a cache belongs to.

    Private models (cloned voices) differ per account, so a cache written for one account must
    not be shown for another. Only a truncated one-way digest is stored, never the key.
    """
    material = f"{base_url.rstrip('/')}\n{project_id or ''}\n{api_key}".encode()
    return hashlib.sha256(material).hexdigest()[:16]


@dataclass(frozen=True)
class CachedListing:
    fetched_at: float
    models: tuple[ModelRecord, ...]  # the runnable (public) models the account listed
    references: tuple[ModelRecord, ...]  # what `model` inputs can point at (voices, kits)


@dataclass(frozen=True)
class CachedRecord:
    fetched_at: float
    record: ModelRecord


class ModelCache:
    """Reads and writes one provider's cache folder for one account scope."""

    def __init__(self, root: Path, provider_id: str, scope: str) -> None:
        self.folder = root / _file_stem(provider_id)
        self.provider_id = provider_id
        self.scope = scope

    # -- listing ----------------------------------------------------------------------------

    def load_listing(self) -> CachedListing | None:
        data = self._read(self.folder / LISTING_FILE)
        if data is None:
            return None
        fetched_at = _time(data.get("fetched_at"))
        models = _records(data.get("models"), self.provider_id)
        if fetched_at is None or models is None:
            return self._damaged(LISTING_FILE)
        references = _records(data.get("references"), self.provider_id) or ()
        return CachedListing(fetched_at, models, references)

    def save_listing(
        self, fetched_at: float, models: Sequence[ModelRecord], references: Sequence[ModelRecord]
    ) -> None:
        self._write(
            self.folder / LISTING_FILE,
            {
                "fetched_at": fetched_at,
                "models": [record_to_json(m) for m in models],
                "references": [record_to_json(m) for m in references],
            },
        )

    # -- full records -----------------------------------------------------------------------

    def load_record(self, model_id: str) -> CachedRecord | None:
        name = f"{RECORDS_DIR}/{_file_stem(model_id)}.json"
        data = self._read(self.folder / name)
        if data is None:
            return None
        fetched_at = _time(data.get("fetched_at"))
        record = record_from_json(data.get("model"), self.provider_id)
        if fetched_at is None or record is None or record.model_id != model_id:
            return self._damaged(name)
        return CachedRecord(fetched_at, record)

    def save_record(self, fetched_at: float, record: ModelRecord) -> None:
        path = self.folder / RECORDS_DIR / f"{_file_stem(record.model_id)}.json"
        self._write(path, {"fetched_at": fetched_at, "model": record_to_json(record)})

    # -- plumbing ---------------------------------------------------------------------------

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                return self._damaged(path.name)
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, ValueError, RecursionError):
            return self._damaged(path.name)
        if not isinstance(data, dict) or data.get("format_version") != FORMAT_VERSION:
            return self._damaged(path.name)
        if data.get("scope") != self.scope:
            return None  # written for another account or endpoint: not ours to show
        return data

    def _write(self, path: Path, body: dict[str, Any]) -> None:
        document = {"format_version": FORMAT_VERSION, "scope": self.scope, **body}
        try:
            atomic.write_json(path, document)
        except (OSError, TypeError, ValueError) as exc:
            # A cache that cannot be written costs a refetch next time, nothing more.
            log.warning("model cache not written (%s): %s", path.name, type(exc).__name__)

    def _damaged(self, name: str) -> None:
        log.warning("ignoring a damaged model cache file: %s/%s", self.provider_id, name)
        return None


def record_to_json(record: ModelRecord) -> dict[str, Any]:
    return {
        "model_id": record.model_id,
        "name": record.name,
        "short_description": record.short_description,
        "capabilities": list(record.capabilities),
        "tags": list(record.tags),
        "model_type": record.model_type,
        "access_restrictions": record.access_restrictions,
        "inputs": None if record.inputs is None else [dict(i) for i in record.inputs],
        "ui_config": dict(record.ui_config),
        "json_schema": None if record.json_schema is None else dict(record.json_schema),
    }


def record_from_json(data: Any, provider_id: str) -> ModelRecord | None:
    """A record read back from the cache (schema_source "cache"), or None when unusable."""
    if not isinstance(data, Mapping):
        return None
    model_id, name = data.get("model_id"), data.get("name")
    inputs, ui_config, schema = data.get("inputs"), data.get("ui_config"), data.get("json_schema")
    level = data.get("access_restrictions")
    if not isinstance(model_id, str) or not model_id or not isinstance(name, str):
        return None
    if inputs is not None and not (
        isinstance(inputs, list) and all(isinstance(i, dict) for i in inputs)
    ):
        return None
    return ModelRecord(
        model_id=model_id,
        name=name or model_id,
        provider_id=provider_id,
        short_description=_str(data.get("short_description")),
        capabilities=_strings(data.get("capabilities")),
        tags=_strings(data.get("tags")),
        model_type=_str(data.get("model_type")) or "custom",
        access_restrictions=level if isinstance(level, int) and not isinstance(level, bool) else 0,
        inputs=None if inputs is None else tuple(inputs),
        ui_config=ui_config if isinstance(ui_config, dict) else {},
        schema_source="cache",
        json_schema=schema if isinstance(schema, dict) else None,
    )


def _records(value: Any, provider_id: str) -> tuple[ModelRecord, ...] | None:
    if not isinstance(value, list):
        return None
    records = (record_from_json(item, provider_id) for item in value)
    return tuple(r for r in records if r is not None)


def _file_stem(identifier: str) -> str:
    """A portable file name for an id; ids that needed changing get a digest to stay unique."""
    safe = _SAFE_NAME.sub("_", identifier)[:120].lstrip(".") or "_"
    if safe == identifier:
        return safe
    return f"{safe}-{hashlib.sha256(identifier.encode()).hexdigest()[:10]}"


def _time(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()
