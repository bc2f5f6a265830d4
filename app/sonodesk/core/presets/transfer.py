"""Export presets to a shareable file and import them back, treating every import as hostile.

Imports are capped in size and depth, type-checked, version-checked, matched to the model,
renamed on collision and fitted to today's schema; any problem is a PresetImportError with
one plain sentence. Reads the chosen file; writes through PresetStore or atomically. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Final

from sonodesk.core import atomic
from sonodesk.core.library.untrusted import Problem, UntrustedJsonError, read_json_file
from sonodesk.core.naming import sanitize_component
from sonodesk.core.presets.model import (
    MAX_NAME,
    PresetError,
    PresetSet,
    name_key,
    parse_document,
    to_document,
)
from sonodesk.core.presets.reconcile import ReconcileReport, reconcile
from sonodesk.core.presets.store import PresetStore
from sonodesk.core.schema import FieldSpec
from sonodesk.core.schema.labels import format_bytes

MAX_IMPORT_BYTES: Final = 1024 * 1024
MAX_IMPORT_DEPTH: Final = 16
EXPORT_SUFFIX: Final = ".sonodesk-presets.json"

UNREADABLE: Final = "The preset file could not be read."
NOT_JSON: Final = (
    "This is not a preset file: it is not valid JSON (it may be damaged or cut short)."
)
TOO_DEEP: Final = "This is not a preset file: its data is nested too deeply."
NO_PRESETS: Final = "The file contains no presets that can be used."
OTHER_MODEL_HINT: Final = "Choose that model, then import again."


class PresetImportError(PresetError):
    """The chosen file cannot be imported; the message says why in one sentence."""


def too_large_message(size: int) -> str:
    return (
        f"This file is too large to be a preset file ({format_bytes(size)}; "
        f"the limit is {format_bytes(MAX_IMPORT_BYTES)})."
    )


def other_model_message(file_model: str, model_id: str) -> str:
    return f"These presets are for the model '{file_model}', not '{model_id}'."


@dataclass(frozen=True)
class ImportedPreset:
    name: str
    original_name: str
    report: ReconcileReport


@dataclass(frozen=True)
class ImportResult:
    presets: tuple[ImportedPreset, ...]
    notes: tuple[str, ...] = ()


def read_preset_file(path: str | Path) -> tuple[PresetSet, tuple[str, ...]]:
    """The presets in an untrusted file and notes on skipped entries; PresetImportError else."""
    try:
        data = read_json_file(path, max_bytes=MAX_IMPORT_BYTES, max_depth=MAX_IMPORT_DEPTH)
    except UntrustedJsonError as exc:
        if exc.problem is Problem.TOO_LARGE:
            raise PresetImportError(too_large_message(exc.size or 0)) from None
        message = {Problem.UNREADABLE: UNREADABLE, Problem.TOO_DEEP: TOO_DEEP}
        raise PresetImportError(message.get(exc.problem, NOT_JSON)) from None
    try:
        return parse_document(data)
    except PresetError as exc:
        raise PresetImportError(exc.message) from None


def import_presets(
    store: PresetStore, path: str | Path, model_id: str, specs: Sequence[FieldSpec]
) -> ImportResult:
    """Add a file's presets to ``model_id``: fitted to ``specs``, renamed when a name is taken."""
    presets, notes = read_preset_file(path)
    if presets.model_id != model_id:
        raise PresetImportError(
            other_model_message(presets.model_id, model_id), hint=OTHER_MODEL_HINT
        )
    if not presets.presets:
        raise PresetImportError(NO_PRESETS)
    notes_out = list(notes)
    taken = {name_key(name) for name in store.listing(model_id).names()}
    imported: list[ImportedPreset] = []
    for preset in presets.presets:
        fitted = reconcile(specs, preset.params, saved_fingerprint=preset.schema_fingerprint)
        name = _free_name(preset.name, taken)
        taken.add(name_key(name))
        if name != preset.name:
            notes_out.append(f"Imported '{preset.name}' as '{name}': that name was taken.")
        store.save(model_id, name, fitted.values, specs)
        imported.append(ImportedPreset(name, preset.name, fitted.report))
    return ImportResult(tuple(imported), tuple(notes_out))


def export_presets(
    store: PresetStore, model_id: str, path: str | Path, names: Iterable[str] | None = None
) -> int:
    """Write the model's presets (or just ``names``) to a shareable file; returns how many."""
    listing = store.listing(model_id)
    chosen = listing.presets
    if names is not None:
        keys = {name_key(name) for name in names}
        chosen = tuple(p for p in chosen if name_key(p.name) in keys)
    if not chosen:
        raise PresetError("There are no presets to export.")
    fingerprints = {p.schema_fingerprint for p in chosen}
    document: dict[str, Any] = to_document(
        PresetSet(
            provider=store.provider,
            model_id=model_id,
            presets=tuple(replace(p, starter=False) for p in chosen),
            default=None,
            schema_fingerprint=fingerprints.pop() if len(fingerprints) == 1 else None,
        )
    )
    try:
        atomic.write_json(Path(path), document)
    except OSError as exc:
        raise PresetError("The presets could not be exported to that file.") from exc
    return len(chosen)


def suggested_file_name(model_name: str, preset_name: str | None = None) -> str:
    """'Lo-fi study beat.sonodesk-presets.json', or the model's name for a whole set."""
    base = sanitize_component(preset_name or model_name or "presets", fallback="presets")
    return base + EXPORT_SUFFIX


def _free_name(name: str, taken: set[str]) -> str:
    if name_key(name) not in taken:
        return name
    number = 2
    while True:
        suffix = f" ({number})"
        candidate = name[: MAX_NAME - len(suffix)].rstrip() + suffix
        if name_key(candidate) not in taken:
            return candidate
        number += 1
