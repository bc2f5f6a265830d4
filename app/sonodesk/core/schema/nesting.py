"""Dotted field names <-> nested JSON objects: ``{"audio_setting.format": "wav"}`` and back.

Specs built from JSON Schema name nested inputs with dots (from_jsonschema.py), so the form,
validation, presets and stored jobs all work on one flat mapping; a provider folds the body
into nested objects only when it goes on the wire. No Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any


def nest_dotted(body: Mapping[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1, "a.c": 2, "d": 3}`` -> ``{"a": {"b": 1, "c": 2}, "d": 3}``.

    Only top-level keys are split (values, including JSON fields' objects, are left as they
    are). A dotted key meeting a plain key that holds an object merges into it; meeting any
    other value is a conflict and raises ValueError naming the key.
    """
    nested: dict[str, Any] = {}
    for key, value in body.items():
        parts = key.split(".") if isinstance(key, str) else [key]
        if len(parts) == 1 or any(not part for part in parts):
            _put(nested, [key], value, key)
        else:
            _put(nested, parts, value, key)
    return nested


def _put(target: dict[str, Any], parts: list[Any], value: Any, key: Any) -> None:
    node = target
    for part in parts[:-1]:
        child = node.get(part)
        if child is None:
            child = node[part] = {}
        elif not isinstance(child, dict):
            raise ValueError(f"'{key}' conflicts with the value of '{part}'.")
        node = child
    last = parts[-1]
    if last in node and isinstance(node[last], dict) and isinstance(value, Mapping):
        node[last].update(value)  # a JSON-edited object meeting dotted siblings: keep both
    elif last in node:
        raise ValueError(f"'{key}' is given twice.")
    else:
        node[last] = dict(value) if isinstance(value, Mapping) else value


def flatten_nested(body: Mapping[str, Any], names: Collection[str]) -> dict[str, Any]:
    """The reverse for the dotted ``names`` a schema knows; everything else is kept as is.

    ``{"audio_setting": {"format": "wav"}}`` with names ``{"audio_setting.format"}`` gives
    ``{"audio_setting.format": "wav"}``. Unknown keys inside a nested object stay under their
    object, so nothing a caller sent is silently dropped.
    """
    known = frozenset(name for name in names if isinstance(name, str))
    prefixes = frozenset(
        name.rsplit(".", depth)[0]
        for name in known
        for depth in range(1, name.count(".") + 1)
        if "." in name
    )
    flat: dict[str, Any] = {}
    _flatten_into(flat, body, "", known, prefixes)
    return flat


def _flatten_into(
    flat: dict[str, Any],
    node: Mapping[str, Any],
    prefix: str,
    known: frozenset[str],
    prefixes: frozenset[str],
) -> None:
    leftovers: dict[str, Any] = {}
    for key, value in node.items():
        path = f"{prefix}{key}"
        if path in prefixes and isinstance(value, Mapping) and path not in known:
            _flatten_into(flat, value, f"{path}.", known, prefixes)
        elif prefix and path not in known:
            leftovers[key] = value
        else:
            flat[path] = value
    if leftovers:
        owner = prefix[:-1]
        existing = flat.get(owner)
        flat[owner] = {**existing, **leftovers} if isinstance(existing, dict) else leftovers
