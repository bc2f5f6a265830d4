"""Where preset files live, and reading the user's own file tolerantly (damaged → set aside).

Reads files and renames or copies a damaged one next to itself; never deletes. No Qt.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sonodesk.core import atomic
from sonodesk.core.library.untrusted import Problem, UntrustedJsonError, read_json_file
from sonodesk.core.naming import sanitize_component
from sonodesk.core.presets.model import (
    PresetFormatError,
    PresetSet,
    newer_message,
    parse_document,
)

log = logging.getLogger(__name__)

MAX_FILE_BYTES: Final = 5 * 1024 * 1024
MAX_DEPTH: Final = 32


@dataclass(frozen=True)
class LoadedFile:
    """The presets found, a sentence for the user when something was off, and whether the
    file may be written (not when a newer Sonodesk wrote it, or it could not be read)."""

    presets: PresetSet
    notice: str | None = None
    read_only: bool = False


def file_stem(model_id: str) -> str:
    """A file name for a model id; ids that need sanitising get a hash so they stay distinct."""
    stem = sanitize_component(model_id, fallback="model")
    if stem != model_id:
        stem += "-" + hashlib.sha256(model_id.encode("utf-8")).hexdigest()[:8]
    return stem


def provider_dir(root: Path, provider: str) -> Path:
    return root / sanitize_component(provider, fallback="provider")


def load_user_file(path: Path, provider: str, model_id: str) -> LoadedFile:
    empty = PresetSet(provider, model_id)
    if not path.exists():
        return LoadedFile(empty)
    try:
        data = read_json_file(path, max_bytes=MAX_FILE_BYTES, max_depth=MAX_DEPTH)
    except UntrustedJsonError as exc:
        if exc.problem is Problem.UNREADABLE:
            # Maybe locked or unreadable for now: never overwrite what we could not read.
            return LoadedFile(empty, "Your presets for this model could not be read.", True)
        return LoadedFile(empty, _set_aside(path, move=True))
    try:
        presets, notes = parse_document(data)
    except PresetFormatError as exc:
        version = data.get("format_version") if isinstance(data, dict) else None
        if isinstance(version, int) and not isinstance(version, bool) and version > 1:
            return LoadedFile(empty, newer_message(version), True)
        log.warning("preset file unusable: %s", exc.message)
        return LoadedFile(empty, _set_aside(path, move=True))
    if presets.model_id != model_id:
        return LoadedFile(empty, _set_aside(path, move=True))
    if presets.provider != provider:
        presets = PresetSet(
            provider,
            model_id,
            presets.presets,
            presets.default,
            presets.schema_fingerprint,
            presets.app_version,
        )
    if notes:
        # Keep a copy: the next save rewrites the file without the unreadable entries.
        return LoadedFile(presets, _set_aside(path, move=False, partial=True))
    return LoadedFile(presets)


def _set_aside(path: Path, *, move: bool, partial: bool = False) -> str:
    backup = atomic.set_aside_damaged(path, keep_original=not move)
    if backup is None:
        log.warning("could not keep a copy of the damaged preset file %s", path.name)
        where = ""
    else:
        where = f" A copy was kept as {backup.name}."
    if partial:
        return f"Some of your presets for this model were damaged and could not be read.{where}"
    return f"Your presets file for this model was damaged and has been set aside.{where}"
