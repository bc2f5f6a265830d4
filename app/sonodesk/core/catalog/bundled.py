"""Read the bundled Scenario model schemas (resources/models/scenario) once per process. No Qt."""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal, cast

from sonodesk.core import paths
from sonodesk.core.errors import ProtocolError
from sonodesk.core.providers import scenario_parse
from sonodesk.core.providers.base import ModelRecord

log = logging.getLogger(__name__)

PROVIDER_ID: Final = "scenario"
SCHEMA_SOURCE: Final = "bundled"
SUBDIR: Final = Path("models") / "scenario"
Confidence = Literal["full", "partial", "listed-only"]
CONFIDENCE_LEVELS: Final[tuple[Confidence, ...]] = ("full", "partial", "listed-only")
# Our own files are a few kB each; anything this big is not one of them.
_MAX_FILE_BYTES: Final = 1_000_000


@dataclass(frozen=True, slots=True)
class BundledModel:
    """A shipped model record and where its facts came from.

    ``record.inputs`` and ``record.ui_config`` are shared by every caller of this process:
    treat them as read-only.
    """

    record: ModelRecord
    source: str  # which section of the API reference notes, and the docs page's date
    recorded: str  # ISO date the document was written
    confidence: Confidence  # "full" table, "partial" (skill/inferred parts), "listed-only"
    notes: str = ""  # what is uncertain, in words

    @property
    def model_id(self) -> str:
        return self.record.model_id


def models_dir(resource_dir: Path | None = None) -> Path:
    """The folder holding the bundled Scenario documents."""
    return (resource_dir if resource_dir is not None else paths.resource_dir()) / SUBDIR


def load_bundled_models(resource_dir: Path | None = None) -> list[BundledModel]:
    """Every usable bundled model, sorted by id (a new list; the items are cached per folder).

    ``resource_dir`` is the resources root (default: ``paths.resource_dir()``).
    """
    return list(_load_dir(models_dir(resource_dir)))


def bundled_model(model_id: str, resource_dir: Path | None = None) -> BundledModel | None:
    """The bundled model with this id, or None when none is shipped."""
    return _index(models_dir(resource_dir)).get(model_id)


def clear_cache() -> None:
    """Forget what was read (for tests, or after the files changed on disk)."""
    _load_dir.cache_clear()
    _index.cache_clear()


@functools.cache
def _load_dir(directory: Path) -> tuple[BundledModel, ...]:
    if not directory.is_dir():
        log.warning("no bundled model schemas: %s is not a folder", directory)
        return ()
    # Ids are unique because each must equal its file name (parse_document checks).
    loaded = (_load_file(path) for path in sorted(directory.glob("*.json"), key=lambda p: p.stem))
    return tuple(model for model in loaded if model is not None)


@functools.cache
def _index(directory: Path) -> dict[str, BundledModel]:
    return {model.model_id: model for model in _load_dir(directory)}


def _load_file(path: Path) -> BundledModel | None:
    try:
        if not path.is_file() or path.stat().st_size > _MAX_FILE_BYTES:
            return _skip(path, "not a regular file of a plausible size")
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        return _skip(path, f"unreadable ({type(exc).__name__}: {exc})")
    try:
        return parse_document(document, path.stem, path.name)
    except Exception:  # a bad data file must never stop the app from starting
        log.warning(
            "skipping bundled model schema %s: could not be parsed", path.name, exc_info=True
        )
        return None


def parse_document(document: Any, expected_id: str, where: str = "") -> BundledModel | None:
    """One wrapper document (``{"source", "recorded", "confidence", "notes", "model"}``).

    Returns None (and logs why) when it is unusable: no model object, no inputs list, or a
    model id other than ``expected_id`` (the file name), which would make lookups lie.
    """
    where = where or expected_id
    if not isinstance(document, dict) or not isinstance(document.get("model"), dict):
        return _skip(where, "no model object")
    raw_model = document["model"]
    if not isinstance(raw_model.get("inputs"), list):
        return _skip(where, "the model has no inputs list")
    try:
        record = scenario_parse.model_from_json(raw_model, PROVIDER_ID)
    except ProtocolError as exc:
        return _skip(where, str(exc))
    if record.model_id != expected_id:
        return _skip(where, f"model id {record.model_id!r} does not match the file name")
    confidence = document.get("confidence")
    if confidence not in CONFIDENCE_LEVELS:
        # Claim the least: an unlabelled schema must not pass for a verified one.
        log.warning("bundled model schema %s: unknown confidence %r", where, confidence)
        confidence = "listed-only"
    return BundledModel(
        record=dataclasses.replace(record, schema_source=SCHEMA_SOURCE),
        source=_text(document.get("source")),
        recorded=_text(document.get("recorded")),
        confidence=cast(Confidence, confidence),
        notes=_text(document.get("notes")),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _skip(where: Path | str, reason: str) -> None:
    name = where.name if isinstance(where, Path) else where
    log.warning("skipping bundled model schema %s: %s", name, reason)
    return None
