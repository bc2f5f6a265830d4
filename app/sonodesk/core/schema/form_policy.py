"""Form behaviour rules: which errors show, in what order, and when the price must be re-quoted.

Decisions only, over specs, values and paths; the Qt form asks and renders. No Qt, no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

from sonodesk.core.schema.coerce import coerce_value
from sonodesk.core.schema.fieldspec import FieldSpec
from sonodesk.core.schema.paths import parse_path, spec_at, top_name
from sonodesk.core.schema.requirements import has_value
from sonodesk.core.schema.validate import FieldError, validate

_MISSING = object()


def value_at(values: Mapping[str, Any], path: str) -> Any:
    """The value a path points at (``"sections[1].bars"``); None when any step is missing."""
    if isinstance(values, Mapping) and path in values:
        return values[path]
    current: Any = values
    for part in parse_path(path):
        if isinstance(part, int):
            ok = isinstance(current, list | tuple) and 0 <= part < len(current)
            current = current[part] if ok else _MISSING
        else:
            current = current.get(part, _MISSING) if isinstance(current, Mapping) else _MISSING
        if current is _MISSING:
            return None
    return current


def visible_errors(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    errors: Sequence[FieldError],
    *,
    touched: Collection[str],
    submitted: bool,
) -> list[FieldError]:
    """The errors to show while the user edits.

    An empty field's "required" error stays hidden until the user has left that field
    (``touched`` holds its path) or asked to generate (``submitted``): a fresh form should not
    open covered in red. Every other error (out of range, too long, not a number) shows at once.
    """
    if submitted:
        return list(errors)
    shown: list[FieldError] = []
    for error in errors:
        if error.path in touched:
            shown.append(error)
            continue
        spec = spec_at(specs, error.path)
        if spec is None or has_value(spec, value_at(values, error.path)):
            shown.append(error)
    return shown


def collect_errors(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    local: Mapping[str, str],
    order: Sequence[str],
) -> list[FieldError]:
    """Every problem, in the order the form shows its fields.

    ``local`` holds what editors know themselves (text that is not JSON, a rejected file),
    keyed by path; it replaces core's message for the same path. ``order`` lists the top-level
    names as laid out on screen (the Advanced fields last), so "the first error" is the one
    nearest the top.
    """
    errors = [e for e in validate(specs, values) if e.path not in local]
    errors.extend(FieldError(path, message) for path, message in local.items())
    position = {name: index for index, name in enumerate(order)}
    return sorted(errors, key=lambda e: position.get(top_name(e.path), len(position)))


def cost_snapshot(specs: Sequence[FieldSpec], values: Mapping[str, Any]) -> tuple[Any, ...]:
    """The typed values of the price-changing fields, comparable between two edits."""
    snapshot: list[Any] = []
    for spec in specs:
        if not spec.cost_impact:
            continue
        raw = values.get(spec.name) if isinstance(values, Mapping) else None
        try:
            typed = coerce_value(spec, raw)
        except ValueError:
            typed = ("unreadable", repr(raw))
        snapshot.append((spec.name, _freeze(typed)))
    return tuple(snapshot)


def cost_inputs_changed(
    specs: Sequence[FieldSpec], before: Mapping[str, Any], after: Mapping[str, Any]
) -> bool:
    """Did an edit touch a ``costImpact`` field's value (so the price must be asked again)?"""
    return cost_snapshot(specs, before) != cost_snapshot(specs, after)


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _freeze(v)) for k, v in value.items()))
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
