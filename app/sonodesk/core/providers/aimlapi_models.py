"""The AI/ML API models Sonodesk offers, read from the bundled JSON Schema documents.

The API documents no model-schema endpoint, so ``resources/models/aimlapi/*.json`` is the
catalogue (see its README). Reads files only when asked; no network, no Qt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sonodesk.core.errors import ProtocolError
from sonodesk.core.paths import resource_dir
from sonodesk.core.providers.base import ModelRecord

log = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 1024 * 1024  # a schema document is a few KB; refuse anything absurd


def bundled_dir() -> Path:
    return resource_dir() / "models" / "aimlapi"


def file_name_for(model_id: str) -> str:
    """``minimax/music-2.0`` -> ``minimax__music-2.0.json``."""
    return model_id.replace("/", "__") + ".json"


def record_from_document(document: Any, provider_id: str) -> ModelRecord:
    """A ModelRecord carrying the JSON Schema; ProtocolError when the document is unusable."""
    model = document.get("model") if isinstance(document, Mapping) else None
    if not isinstance(model, Mapping):
        raise ProtocolError("A bundled AI/ML API model document has no model object.")
    model_id = model.get("id")
    schema = model.get("schema")
    if not isinstance(model_id, str) or not model_id.strip() or len(model_id) > 200:
        raise ProtocolError("A bundled AI/ML API model document has no usable id.")
    if not isinstance(schema, Mapping):
        raise ProtocolError(f"The bundled document for {model_id} has no JSON Schema.")
    return ModelRecord(
        model_id=model_id,
        name=_text(model.get("name"), 200) or model_id,
        provider_id=provider_id,
        short_description=_text(model.get("shortDescription"), 500),
        capabilities=_strings(model.get("capabilities")),
        tags=_strings(model.get("tags")),
        inputs=None,
        schema_source="bundled",
        json_schema=schema,
    )


def load_bundled(folder: Path, provider_id: str) -> dict[str, ModelRecord]:
    """Every readable document in ``folder``, by model id (blocking: run it off the loop)."""
    records: dict[str, ModelRecord] = {}
    for path in sorted(folder.glob("*.json")):
        try:
            if path.stat().st_size > MAX_DOCUMENT_BYTES:
                raise ProtocolError("too large")
            document = json.loads(path.read_text(encoding="utf-8"))
            record = record_from_document(document, provider_id)
        except (OSError, ValueError, RecursionError, ProtocolError) as exc:
            # RecursionError: JSON nested thousands deep; one bad file must not hide the rest.
            log.warning("skipping bundled AI/ML API model %s: %s", path.name, exc)
            continue
        records.setdefault(record.model_id, record)
    return records


def _text(value: Any, limit: int) -> str:
    return value.strip()[:limit] if isinstance(value, str) else ""


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(item.strip()[:60] for item in value[:50] if isinstance(item, str) and item.strip())
