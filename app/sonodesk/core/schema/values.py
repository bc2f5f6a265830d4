"""Form values: defaults (and their repair), the request body, saved values brought up to date.

Also the editor helpers: step snapping and finding file values to upload. Defaults keep
0/False/""; the body omits what the user left unset. No Qt, no I/O.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from typing import Any

from sonodesk.core.schema.coerce import coerce_value, is_json_value, same_value
from sonodesk.core.schema.fieldspec import NO_DEFAULT, FieldKind, FieldSpec
from sonodesk.core.schema.sanitize import tidy_number
from sonodesk.core.schema.validate import check_value


def default_values(specs: Sequence[FieldSpec]) -> dict[str, Any]:
    """``{name: default}`` for the fields whose schema gives a default; fresh copies each call."""
    return {spec.name: initial_value(spec) for spec in specs if spec.has_default}


def initial_value(spec: FieldSpec) -> Any:
    """What an editor shows after "reset": the default (a fresh copy), else None (empty)."""
    if not spec.has_default:
        return None
    return _thaw(copy.deepcopy(spec.default))


def default_row(spec: FieldSpec) -> dict[str, Any]:
    """A new row for a GROUP_LIST field ("Add section"), filled with its sub-fields' defaults."""
    return default_values(spec.children)


def build_body(specs: Sequence[FieldSpec], values: Mapping[str, Any]) -> dict[str, Any]:
    """The JSON request body: typed values, unset optionals left out, rows built recursively.

    Left out: None, empty lists, and blank text unless the field has a default or lists ""
    as a choice (then "" is a deliberate value). Kept: 0, False. Seeds and whole-number fields
    are sent as ints. Call ``validate`` first: a value that cannot be read raises ValueError
    naming the field.
    """
    body: dict[str, Any] = {}
    for spec in specs:
        if spec.name not in values:
            continue
        try:
            value = coerce_value(spec, values[spec.name])
        except ValueError as exc:
            raise ValueError(f"{spec.label}: {exc}") from None
        if not _should_send(spec, value):
            continue
        if spec.kind is FieldKind.GROUP_LIST:
            value = [build_body(spec.children, row) for row in value]
        body[spec.name] = value
    return body


def _should_send(spec: FieldSpec, value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, list | dict):
        # An empty object typed into a JSON editor is deliberate; empty lists mean "none".
        return bool(value) or (spec.kind is FieldKind.JSON and isinstance(value, dict))
    if isinstance(value, str) and not value.strip():
        return spec.has_default or "" in spec.choice_values
    return True


def merge_values(
    specs: Sequence[FieldSpec], saved: Mapping[str, Any]
) -> tuple[dict[str, Any], tuple[str, ...]]:
    """Saved values (a preset, last-used values) laid over today's defaults.

    Returns the values and one note per thing that could not be kept: inputs the model no
    longer has, and values the current schema rejects (the default is used instead).
    """
    values = default_values(specs)
    if not isinstance(saved, Mapping):
        return values, ("The saved values could not be read; the defaults are used.",)
    by_name = {spec.name: spec for spec in specs}
    notes: list[str] = []
    for name, raw in saved.items():
        spec = by_name.get(name) if isinstance(name, str) else None
        if spec is None:
            notes.append(f"'{name}' is no longer a setting of this model and was dropped.")
            continue
        problems = check_value(spec, raw)
        if problems:
            notes.append(f"{spec.label}: {problems[0].message} The default is used instead.")
            continue
        values[name] = coerce_value(spec, raw)
    return values, tuple(notes)


def file_values(specs: Sequence[FieldSpec], values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every (path, file value) in the values, rows included: what may need uploading.

    A value is a local path or an already-uploaded asset id; telling them apart and
    uploading is the caller's job.
    """
    found: list[tuple[str, str]] = []
    for spec in specs:
        value = values.get(spec.name) if isinstance(values, Mapping) else None
        if spec.kind is FieldKind.FILE and isinstance(value, str) and value.strip():
            found.append((spec.name, value))
        elif spec.kind is FieldKind.FILE_LIST and isinstance(value, list | tuple):
            found.extend(
                (f"{spec.name}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str)
            )
        elif spec.kind is FieldKind.GROUP_LIST and isinstance(value, list | tuple):
            for index, row in enumerate(value):
                if isinstance(row, Mapping):
                    prefix = f"{spec.name}[{index}]."
                    found.extend((prefix + path, v) for path, v in file_values(spec.children, row))
    return found


def repair_default(spec: FieldSpec, raw: Any) -> Any:
    """A schema's default, typed and repaired for ``spec``; NO_DEFAULT when absent or unusable.

    For dialect adapters. Lists are returned as tuples so the spec stays immutable.
    """
    if raw is NO_DEFAULT or raw is None:
        return NO_DEFAULT
    if spec.kind is FieldKind.MULTI_CHOICE and isinstance(raw, list | tuple | str):
        # Keep the listed part of a partly stale default rather than dropping all of it.
        items = raw.split(",") if isinstance(raw, str) else raw
        raw = [i for i in items if _is_listed(spec, i.strip() if isinstance(i, str) else i)]
        raw = [i.strip() if isinstance(i, str) else i for i in raw]
    try:
        value = coerce_value(spec, raw)
    except ValueError:
        return NO_DEFAULT
    if value is None:
        return NO_DEFAULT
    if spec.is_numeric and isinstance(value, int | float):
        value = _clamp(spec, value)
    if spec.kind is FieldKind.JSON and not is_json_value(value):
        return NO_DEFAULT
    return tuple(value) if isinstance(value, list) else value


def _is_listed(spec: FieldSpec, item: Any) -> bool:
    return any(same_value(choice.value, item) for choice in spec.choices)


def _clamp(spec: FieldSpec, value: int | float) -> int | float:
    # An out-of-range default would make the untouched form invalid; the range wins.
    if spec.minimum is not None and value < spec.minimum:
        value = spec.minimum
    if spec.maximum is not None and value > spec.maximum:
        value = spec.maximum
    return int(value) if spec.integer else value


def snap_to_step(spec: FieldSpec, value: int | float) -> int | float:
    """The nearest value on the field's grid (counted from its minimum), clamped to range.

    For the editor to apply while the user edits; validation does not demand it.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return value
    lo, hi, step = spec.minimum, spec.maximum, spec.step
    snapped: float = value
    base = lo if lo is not None else 0
    steps = (value - base) / step if step else math.nan
    if math.isfinite(steps):  # a huge value over a tiny step has no usable grid position
        snapped = round(base + round(steps) * step, max(_decimals(step), _decimals(base)))
    if lo is not None:
        snapped = max(snapped, lo)
    if hi is not None:
        snapped = min(snapped, hi)
    if spec.integer:
        return round(snapped)
    return tidy_number(snapped) if isinstance(value, int) else snapped


def _decimals(number: float) -> int:
    text = f"{number:.10f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _thaw(value: Any) -> Any:
    # Specs store list defaults as tuples (so the spec stays immutable); editors want lists.
    if isinstance(value, tuple):
        return [_thaw(item) for item in value]
    return value
