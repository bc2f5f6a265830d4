"""Fit saved values (a preset, last-used values) to a model's current schema, saying what moved.

Unknown inputs are dropped, numbers clamped to the new range, values no longer allowed
replaced by the new default, new inputs filled with their defaults; each step is one line
of the report. Builds on core.schema's coercion and checks. No Qt, no I/O.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sonodesk.core.schema import (
    TEXT_KINDS,
    FieldKind,
    FieldSpec,
    check_value,
    coerce_value,
    default_values,
    initial_value,
    schema_fingerprint,
)
from sonodesk.core.schema.coerce import rows_of, same_value
from sonodesk.core.schema.labels import format_number
from sonodesk.core.schema.validate import text_length


class ChangeKind(enum.StrEnum):
    DROPPED = "dropped"  # the input no longer exists
    CLAMPED = "clamped"  # a number moved into the new range (or to a whole number)
    REPLACED = "replaced"  # no longer allowed or readable: the new default (or empty)
    TRIMMED = "trimmed"  # shortened text, fewer items, choices removed from a list
    ADDED = "added"  # a new input, filled with its default


@dataclass(frozen=True)
class Change:
    kind: ChangeKind
    path: str  # "duration", "sections[1].bars"
    old: Any
    new: Any
    message: str


@dataclass(frozen=True)
class ReconcileReport:
    """What had to change; ``schema_changed``: the saved fingerprint is known and differs."""

    changes: tuple[Change, ...] = ()
    schema_changed: bool = False

    @property
    def messages(self) -> tuple[str, ...]:
        return tuple(change.message for change in self.changes)

    @property
    def summary(self) -> str | None:
        """One sentence for a notice bar, or None when nothing changed."""
        if not self.changes:
            return None
        if self.schema_changed:
            lead = "This model's settings changed since these values were saved"
        else:
            lead = "Some saved values did not fit this model"
        return f"{lead}: " + "; ".join(self.messages) + "."


@dataclass(frozen=True)
class Reconciled:
    values: dict[str, Any]
    report: ReconcileReport


def reconcile(
    specs: Sequence[FieldSpec], saved: Any, *, saved_fingerprint: str | None = None
) -> Reconciled:
    """Today's defaults overlaid with what can be kept of ``saved``, and the report.

    New inputs are reported as added only when the schema is known to have changed (the
    fingerprints differ): a preset that simply left an input unset is not news.
    """
    changed = saved_fingerprint is not None and saved_fingerprint != schema_fingerprint(specs)
    if not isinstance(saved, Mapping):
        saved = {}
    values, changes = _fit_level(specs, saved, prefix="", where="", report_added=changed)
    return Reconciled(values, ReconcileReport(tuple(changes), changed))


def _fit_level(
    specs: Sequence[FieldSpec],
    saved: Mapping[Any, Any],
    *,
    prefix: str,
    where: str,
    report_added: bool,
) -> tuple[dict[str, Any], list[Change]]:
    values = default_values(specs)
    changes: list[Change] = []
    by_name = {spec.name: spec for spec in specs}
    for spec in specs:
        path = prefix + spec.name
        label = where + spec.label
        if spec.name in saved:
            values[spec.name], found = _fit(spec, saved[spec.name], path, label)
            changes += found
        elif report_added and spec.has_default:
            default = values[spec.name]
            changes.append(
                Change(ChangeKind.ADDED, path, None, default, f"added '{label}' = {_show(default)}")
            )
    for name, raw in saved.items():
        if name not in by_name:
            shown = str(name)[:60]
            message = f"dropped '{where}{shown}' (no longer an input)"
            changes.append(Change(ChangeKind.DROPPED, prefix + shown, raw, None, message))
    return values, changes


def _fit(spec: FieldSpec, raw: Any, path: str, label: str) -> tuple[Any, list[Change]]:
    if raw is None:
        return None, []
    if spec.kind is FieldKind.GROUP_LIST:
        return _fit_rows(spec, raw, path, label)
    changes: list[Change] = []
    value = raw
    if spec.is_numeric and _whole_only(spec) and _fractional(raw):
        value = round(raw)
        changes.append(_change(ChangeKind.CLAMPED, path, raw, value, label, "whole numbers only"))
    if spec.kind is FieldKind.MULTI_CHOICE and isinstance(value, list | tuple):
        value, dropped = _listed_items(spec, value, path, label)
        changes += dropped
    try:
        typed = coerce_value(spec, value)
    except ValueError:
        return _replace(spec, raw, path, label)
    typed, adjusted = _into_limits(spec, typed, path, label)
    changes += adjusted
    if typed is not None and check_value(spec, typed) and spec.kind not in TEXT_KINDS:
        # Still not acceptable (a choice gone, a list too short...): the default instead.
        return _replace(spec, raw, path, label)
    return typed, changes


def _fit_rows(spec: FieldSpec, raw: Any, path: str, label: str) -> tuple[Any, list[Change]]:
    try:
        rows = rows_of(raw)
    except ValueError:
        return _replace(spec, raw, path, label)
    changes: list[Change] = []
    if spec.max_length is not None and len(rows) > spec.max_length:
        kept = rows[: spec.max_length]
        message = f"{label}: kept the first {spec.max_length} rows (the new maximum)"
        changes.append(Change(ChangeKind.TRIMMED, path, len(rows), len(kept), message))
        rows = kept
    fitted: list[dict[str, Any]] = []
    for index, row in enumerate(rows):
        if not isinstance(row, Mapping):
            message = f"{label}: removed row {index + 1} (it could not be read)"
            changes.append(Change(ChangeKind.TRIMMED, f"{path}[{index}]", row, None, message))
            continue
        values, found = _fit_level(
            spec.children,
            row,
            prefix=f"{path}[{index}].",
            where=f"{label} row {index + 1}: ",
            report_added=False,
        )
        fitted.append(values)
        changes += found
    return fitted, changes


def _listed_items(
    spec: FieldSpec, items: list[Any] | tuple[Any, ...], path: str, label: str
) -> tuple[list[Any], list[Change]]:
    kept: list[Any] = []
    changes: list[Change] = []
    for item in items:
        if any(same_value(choice.value, item) for choice in spec.choices):
            kept.append(item)
        else:
            message = f"{label}: dropped {_show(item)} (no longer a choice)"
            changes.append(Change(ChangeKind.TRIMMED, path, item, None, message))
    return kept, changes


def _into_limits(spec: FieldSpec, value: Any, path: str, label: str) -> tuple[Any, list[Change]]:
    if value is None:
        return None, []
    if spec.is_numeric and isinstance(value, int | float):
        clamped, bound = _clamp(spec, value)
        if bound is None:
            return value, []
        return clamped, [_change(ChangeKind.CLAMPED, path, value, clamped, label, bound)]
    if spec.kind is FieldKind.NUMBER_LIST and isinstance(value, list):
        clamped_items = [_clamp(spec, item)[0] for item in value]
        changes = []
        if clamped_items != value:
            message = f"{label}: values moved into the new range"
            changes.append(Change(ChangeKind.CLAMPED, path, value, clamped_items, message))
        return _limit_count(spec, clamped_items, path, label, changes)
    if isinstance(value, list):
        return _limit_count(spec, value, path, label, [])
    limit = spec.max_length
    text = isinstance(value, str) and spec.kind in TEXT_KINDS
    if text and limit is not None and text_length(value) > limit:
        short = _cut_text(value, limit)
        message = f"{label} shortened to {limit} characters (the new maximum)"
        return short, [Change(ChangeKind.TRIMMED, path, value, short, message)]
    return value, []


def _limit_count(
    spec: FieldSpec, items: list[Any], path: str, label: str, changes: list[Change]
) -> tuple[list[Any], list[Change]]:
    if spec.max_length is not None and len(items) > spec.max_length:
        kept = items[: spec.max_length]
        message = f"{label}: kept the first {spec.max_length} (the new maximum)"
        changes.append(Change(ChangeKind.TRIMMED, path, items, kept, message))
        return kept, changes
    return items, changes


def _clamp(spec: FieldSpec, number: int | float) -> tuple[int | float, str | None]:
    if spec.minimum is not None and number < spec.minimum:
        bound, why = spec.minimum, "the new minimum"
    elif spec.maximum is not None and number > spec.maximum:
        bound, why = spec.maximum, "the new maximum"
    else:
        return number, None
    if _whole_only(spec):
        # A fractional bound on a whole-number field: the nearest whole number inside it.
        bound = math.ceil(bound) if why == "the new minimum" else math.floor(bound)
    elif isinstance(bound, float) and bound.is_integer():
        bound = int(bound)
    return bound, why


def _replace(spec: FieldSpec, raw: Any, path: str, label: str) -> tuple[Any, list[Change]]:
    new = initial_value(spec)
    if new is None:
        message = f"{label} {_show(raw)} cleared (no longer allowed)"
    else:
        message = f"{label} {_show(raw)} → {_show(new)} (no longer allowed; the new default)"
    return new, [Change(ChangeKind.REPLACED, path, raw, new, message)]


def _change(kind: ChangeKind, path: str, old: Any, new: Any, label: str, why: str) -> Change:
    return Change(kind, path, old, new, f"{label} {_show(old)} → {_show(new)} ({why})")


def _whole_only(spec: FieldSpec) -> bool:
    return spec.integer or spec.kind in (FieldKind.INTEGER, FieldKind.SEED)


def _fractional(value: Any) -> bool:
    return isinstance(value, float) and math.isfinite(value) and not value.is_integer()


def _cut_text(text: str, limit: int) -> str:
    # Limits count UTF-16 units (as the service does); never split a surrogate pair.
    kept: list[str] = []
    used = 0
    for char in text:
        units = 2 if ord(char) > 0xFFFF else 1
        if used + units > limit:
            break
        kept.append(char)
        used += units
    return "".join(kept)


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if value is None:
        return "empty"
    if isinstance(value, int | float):
        return format_number(value)
    if isinstance(value, str):
        return f"'{value[:40]}…'" if len(value) > 40 else f"'{value}'"
    if isinstance(value, list | tuple):
        shown = ", ".join(_show(item) for item in list(value)[:4])
        return f"[{shown}{', …' if len(value) > 4 else ''}]"
    return "{…}"
