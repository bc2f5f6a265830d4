"""A short, stable hash of what a schema accepts, to notice that it changed since a preset.

Covers names, kinds, choices, bounds, lengths, defaults and requirement rules; ignores
labels, descriptions, groups, order and messages. No Qt, no I/O.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from sonodesk.core.schema.fieldspec import FieldSpec
from sonodesk.core.schema.sanitize import tidy_number

FINGERPRINT_CHARS = 16


def schema_fingerprint(specs: Sequence[FieldSpec]) -> str:
    """16 hex characters; equal for schemas that accept the same values with the same defaults."""
    payload = sorted((_describe(spec) for spec in specs), key=lambda item: item["name"])
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=repr)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]


def _describe(spec: FieldSpec) -> dict[str, Any]:
    rule = spec.required
    conditional = None
    if rule.conditional is not None:
        conditional = {
            "operator": rule.conditional.operator,
            "values": sorted(
                [name, sorted(map(repr, map(_canon, options)))]
                for name, options in rule.conditional.values
            ),
        }
    return {
        "name": spec.name,
        "kind": spec.kind.value,
        "choices": sorted(repr(_canon(choice.value)) for choice in spec.choices),
        "min": _canon(spec.minimum),
        "max": _canon(spec.maximum),
        "step": _canon(spec.step),
        "integer": spec.integer,
        "minLength": spec.min_length,
        "maxLength": spec.max_length,
        "default": [_canon(spec.default)] if spec.has_default else None,
        "required": {
            "always": rule.always,
            "ifDefined": sorted(name for name, _ in rule.if_defined),
            "ifNotDefined": sorted(name for name, _ in rule.if_not_defined),
            "conditional": conditional,
        },
        "file": [spec.file_kind, spec.max_size, _canon(spec.min_duration)],
        "maxDuration": _canon(spec.max_duration),
        "modelTypes": sorted(spec.model_types),
        "children": sorted((_describe(child) for child in spec.children), key=lambda c: c["name"]),
    }


def _canon(value: Any) -> Any:
    # 20 and 20.0, (1, 2) and [1, 2] are the same schema fact.
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return tidy_number(value)
    if isinstance(value, list | tuple):
        return [_canon(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _canon(item) for key, item in value.items()}
    return repr(value)
