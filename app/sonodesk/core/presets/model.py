"""Preset records and their versioned JSON form (user files, starter files and exports alike).

``parse_document`` treats its input as untrusted: every field is type-checked and names are
sanitised; bad entries are skipped with a note, a bad document raises PresetFormatError.
No Qt, no I/O.
"""

from __future__ import annotations

import copy
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

import sonodesk
from sonodesk.core.errors import SonodeskError
from sonodesk.core.library.untrusted import MAX_KEY, is_params_object

FORMAT_VERSION: Final = 1
KIND: Final = "sonodesk-presets"
MAX_NAME: Final = 80
MAX_PRESETS: Final = 500
_FINGERPRINT_CHARS: Final = 64


class PresetError(SonodeskError):
    """A preset action that cannot be done as asked; the message says why."""


class PresetFormatError(PresetError):
    """A presets document that cannot be used at all (wrong kind, version, shape)."""


NOT_PRESETS: Final = "This is not a Sonodesk preset file."
BAD_VERSION: Final = (
    "This is not a Sonodesk preset file (its format version is missing or invalid)."
)
NO_NAME: Final = "Give the preset a name."


def newer_message(version: int) -> str:
    return (
        f"This preset file was made by a newer version of Sonodesk (format {version}); "
        "update Sonodesk to use it."
    )


@dataclass(frozen=True)
class Preset:
    """A named set of values for one model; ``starter`` presets ship with Sonodesk."""

    name: str
    params: dict[str, Any]
    updated: str = ""
    schema_fingerprint: str | None = None
    starter: bool = False


@dataclass(frozen=True)
class PresetSet:
    """Every preset of one provider's model, as stored in one file."""

    provider: str
    model_id: str
    presets: tuple[Preset, ...] = ()
    default: str | None = None
    schema_fingerprint: str | None = None
    app_version: str = field(default=sonodesk.__version__)

    def find(self, name: str) -> Preset | None:
        key = name_key(name)
        return next((p for p in self.presets if name_key(p.name) == key), None)


def now_iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, tz=UTC).isoformat(timespec="seconds")


def clean_name(text: Any) -> str:
    """A preset name as stored: NFC, no control or format characters, single spaces, trimmed."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = " ".join(text.split())
    return text[:MAX_NAME].rstrip()


def name_key(name: str) -> str:
    """Names differing only in case or width are the same preset."""
    return unicodedata.normalize("NFKC", clean_name(name)).casefold()


def to_document(presets: PresetSet) -> dict[str, Any]:
    return {
        "format_version": FORMAT_VERSION,
        "kind": KIND,
        "app_version": sonodesk.__version__,
        "provider": presets.provider,
        "model_id": presets.model_id,
        "schema_fingerprint": presets.schema_fingerprint,
        "default": presets.default,
        "presets": {
            p.name: {
                "params": copy.deepcopy(p.params),
                "updated": p.updated,
                "schema_fingerprint": p.schema_fingerprint,
            }
            for p in presets.presets
        },
    }


def parse_document(data: Any, *, starter: bool = False) -> tuple[PresetSet, tuple[str, ...]]:
    """A PresetSet from untrusted JSON, and one note per preset that had to be skipped.

    Raises PresetFormatError (with the exact user message) when the document is unusable.
    """
    if not isinstance(data, Mapping) or data.get("kind", KIND) != KIND:
        raise PresetFormatError(NOT_PRESETS)
    version = data.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PresetFormatError(BAD_VERSION)
    if version > FORMAT_VERSION:
        raise PresetFormatError(newer_message(version))
    provider = _identifier(data.get("provider"))
    model_id = _identifier(data.get("model_id"))
    entries = data.get("presets")
    if provider is None or model_id is None or not isinstance(entries, Mapping):
        raise PresetFormatError(NOT_PRESETS)
    fingerprint = _fingerprint(data.get("schema_fingerprint"))
    presets: list[Preset] = []
    notes: list[str] = []
    seen: set[str] = set()
    for raw_name, entry in list(entries.items())[:MAX_PRESETS]:
        name = clean_name(raw_name)
        shown = name or "(unnamed)"
        if not name or name_key(name) in seen:
            notes.append(f"Skipped preset '{shown}': its name is empty or used twice.")
            continue
        if not isinstance(entry, Mapping) or not is_params_object(entry.get("params")):
            notes.append(f"Skipped preset '{shown}': its settings could not be read.")
            continue
        updated = entry.get("updated")
        seen.add(name_key(name))
        presets.append(
            Preset(
                name=name,
                params=copy.deepcopy(dict(entry["params"])),
                updated=updated[:40] if isinstance(updated, str) else "",
                schema_fingerprint=_fingerprint(entry.get("schema_fingerprint")) or fingerprint,
                starter=starter,
            )
        )
    if len(entries) > MAX_PRESETS:
        notes.append(f"Only the first {MAX_PRESETS} presets were read.")
    default = data.get("default")
    default_name = clean_name(default) if isinstance(default, str) else None
    app_version = data.get("app_version")
    result = PresetSet(
        provider=provider,
        model_id=model_id,
        presets=tuple(presets),
        default=default_name if default_name and name_key(default_name) in seen else None,
        schema_fingerprint=fingerprint,
        app_version=app_version[:40] if isinstance(app_version, str) else "",
    )
    return result, tuple(notes)


def _identifier(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_KEY or any(unicodedata.category(c) == "Cc" for c in value):
        return None
    return value


def _fingerprint(value: Any) -> str | None:
    if isinstance(value, str) and 0 < len(value) <= _FINGERPRINT_CHARS and value.isalnum():
        return value
    return None
