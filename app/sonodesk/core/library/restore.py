"""Bring back a take's settings from a file: its sidecar, or the params embedded in an export.

Every file is untrusted input: sizes, depth and types are checked and anything wrong ends in
a RestoreError with a plain sentence. Reads files only. No Qt.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library.sidecar import FORMAT_VERSION, SUFFIX, sidecar_path
from sonodesk.core.library.untrusted import (
    Problem,
    UntrustedJsonError,
    is_params_object,
    nesting_depth,
    read_json_file,
)

MAX_SIDECAR_BYTES: Final = 1024 * 1024
MAX_DEPTH: Final = 16  # the document itself is 3 deep; params rows add a few levels
MAX_ID: Final = 200
SCHEMA_PREFIX: Final = "sonodesk.take/"
MAX_SEED: Final = 2**63 - 1

Source = Literal["sidecar", "embedded"]

NO_SETTINGS: Final = "No Sonodesk settings were found in or next to this file."
NOT_READABLE: Final = "The settings file could not be read."
NOT_SETTINGS: Final = "This file's settings are damaged or not from Sonodesk."
TOO_LARGE: Final = "This settings file is too large to be from Sonodesk."
NEWER: Final = "These settings were saved by a newer Sonodesk; update Sonodesk to use them."


class RestoreError(SonodeskError):
    """The file holds no usable Sonodesk settings; the message says why."""


@dataclass(frozen=True)
class RestoredParams:
    """A take's generation settings, checked for shape (not yet against today's schema)."""

    model_id: str
    provider: str
    params: dict[str, Any]
    seed: int | None
    source: Source
    model_name: str = ""
    path: Path | None = field(default=None, compare=False)


def params_from_file(path: str | Path) -> RestoredParams:
    """Settings from a take's sidecar (given the sidecar or its audio) or from an exported file.

    Raises RestoreError when there is nothing usable; never anything else for bad content.
    """
    path = Path(path)
    if path.name.endswith(SUFFIX):
        return _from_sidecar(path)
    beside = sidecar_path(path)
    if beside.is_file():
        return _from_sidecar(beside)
    embedded = read_embedded(path)
    if embedded is None:
        raise RestoreError(NO_SETTINGS)
    return parse_document(embedded, source="embedded", path=path)


def read_embedded(path: Path) -> Any:
    """The settings document embedded in an exported audio file, or None.

    The one place that knows the export package; without it only sidecars are read.
    """
    reader = _embedded_reader()
    if reader is None or not path.is_file():
        # Only regular files: opening a dropped named pipe or device would wait forever.
        return None
    try:
        return reader(path)
    except SonodeskError:
        raise
    except Exception:  # a tag reader choking on a hostile file is "no settings", not a crash
        return None


def _embedded_reader() -> Callable[[Path], Any] | None:
    """The export package's tag reader, imported on first use (it pulls in the codecs)."""
    try:
        from sonodesk.core.export.tags import read_embedded_params
    except ImportError:
        return None
    return read_embedded_params


def _from_sidecar(path: Path) -> RestoredParams:
    try:
        document = read_json_file(path, max_bytes=MAX_SIDECAR_BYTES, max_depth=MAX_DEPTH)
    except UntrustedJsonError as exc:
        message = {
            Problem.TOO_LARGE: TOO_LARGE,
            Problem.UNREADABLE: NOT_READABLE,
        }.get(exc.problem, NOT_SETTINGS)
        raise RestoreError(message) from None
    return parse_document(document, source="sidecar", path=path)


def parse_document(document: Any, *, source: Source, path: Path | None = None) -> RestoredParams:
    """Check a sidecar-shaped document (already parsed JSON) and pull the settings out."""
    if not isinstance(document, Mapping):
        raise RestoreError(NOT_SETTINGS)
    if nesting_depth(document) > MAX_DEPTH:
        raise RestoreError(NOT_SETTINGS)
    version = _version(document)
    if version is None:
        raise RestoreError(NOT_SETTINGS)
    if version > FORMAT_VERSION:
        raise RestoreError(NEWER)
    model_id = _identifier(document.get("model_id"))
    provider = _identifier(document.get("provider"))
    params = document.get("params")
    if model_id is None or provider is None or not is_params_object(params):
        raise RestoreError(NOT_SETTINGS)
    seed = _seed(document.get("seed"))
    if seed is None and "seed" in params:
        seed = _seed(params["seed"])
    model_name = document.get("model_name")
    return RestoredParams(
        model_id=model_id,
        provider=provider,
        params=dict(params),
        seed=seed,
        source=source,
        model_name=model_name[:MAX_ID] if isinstance(model_name, str) else "",
        path=path,
    )


def _version(document: Mapping[str, Any]) -> int | None:
    """``format_version`` (sidecars), or N from ``schema: "sonodesk.take/N"`` (embedded)."""
    version = document.get("format_version")
    if version is None:
        schema = document.get("schema")
        if isinstance(schema, str) and schema.startswith(SCHEMA_PREFIX):
            digits = schema[len(SCHEMA_PREFIX) :]
            version = int(digits) if digits.isdigit() and len(digits) < 6 else None
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        return None
    return version


def _identifier(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_ID or any(ord(c) < 32 for c in value):
        return None
    return value


def _seed(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_SEED:
        raise RestoreError(NOT_SETTINGS)
    return value
