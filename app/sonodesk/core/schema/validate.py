"""Check values against specs and say, per field path, what the user should fix.

Never raises on user input: every problem becomes a FieldError with a short plain sentence.
Step is not enforced here (editors snap to it); whole-number fields are. No Qt, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sonodesk.core.schema.coerce import coerce_value, rows_of
from sonodesk.core.schema.fieldspec import LIST_KINDS, FieldKind, FieldSpec
from sonodesk.core.schema.labels import count_text, format_bytes, format_duration, format_number
from sonodesk.core.schema.requirements import has_value, requirement_message

_ROW_SHAPE = "Remove this row or fill in its fields."


@dataclass(frozen=True, slots=True)
class FieldError:
    """A problem with the value at ``path`` (``"prompt"``, ``"sections[2].bars"``)."""

    path: str
    message: str


def validate(specs: Sequence[FieldSpec], values: Mapping[str, Any]) -> list[FieldError]:
    """Every problem in ``values``, in form order. Keys no spec knows are ignored."""
    if not isinstance(values, Mapping):
        values = {}
    errors: list[FieldError] = []
    for spec in specs:
        errors.extend(validate_field(spec, values.get(spec.name), values))
    return errors


def validate_field(
    spec: FieldSpec,
    value: Any,
    all_values: Mapping[str, Any],
    *,
    path: str | None = None,
) -> list[FieldError]:
    """Problems with one field as the user types (``all_values`` supplies its siblings).

    Returns at most one error for a plain field; a row list can return one per row field.
    """
    path = path or spec.name
    message = requirement_message(spec, value, all_values)
    if message is not None:
        return [FieldError(path, message)]
    if not has_value(spec, value):
        return []
    return check_value(spec, value, path=path)


def check_value(spec: FieldSpec, value: Any, *, path: str | None = None) -> list[FieldError]:
    """Problems with a given value itself: type, range, length, choices (not requiredness)."""
    path = path or spec.name
    if spec.kind is FieldKind.GROUP_LIST:
        return _check_rows(spec, value, path)
    try:
        typed = coerce_value(spec, value)
    except ValueError as exc:
        return [FieldError(path, str(exc))]
    if typed is None:
        return []
    message = _problem(spec, typed)
    return [FieldError(path, message)] if message else []


def _problem(spec: FieldSpec, value: Any) -> str | None:
    if spec.is_numeric and isinstance(value, int | float):
        return range_message(spec, value)
    if spec.kind in LIST_KINDS and isinstance(value, list):
        return count_message(spec, len(value)) or _items_problem(spec, value)
    if isinstance(value, str) and spec.kind is not FieldKind.CHOICE:
        return length_message(spec, value)
    return None


def range_message(spec: FieldSpec, number: float, *, prefix: str = "Must") -> str | None:
    lo, hi = spec.minimum, spec.maximum
    if (lo is None or number >= lo) and (hi is None or number <= hi):
        return None
    if lo is not None and hi is not None:
        return f"{prefix} be between {format_number(lo)} and {format_number(hi)}."
    if lo is not None:
        return f"{prefix} be at least {format_number(lo)}."
    return f"{prefix} be at most {format_number(hi)}."


def text_length(text: str) -> int:
    """Length as the service counts it (UTF-16 code units, like JavaScript's ``.length``)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def length_message(spec: FieldSpec, text: str) -> str | None:
    length = text_length(text)
    if spec.max_length is not None and length > spec.max_length:
        return f"At most {count_text(spec.max_length, 'character')} (now {length})."
    if spec.min_length is not None and length < spec.min_length:
        return f"At least {count_text(spec.min_length, 'character')} (now {length})."
    return None


def count_message(spec: FieldSpec, count: int) -> str | None:
    if spec.max_length is not None and count > spec.max_length:
        return f"At most {count_text(spec.max_length)}."
    if spec.min_length is not None and count < spec.min_length:
        return f"At least {count_text(spec.min_length)}."
    return None


def _items_problem(spec: FieldSpec, items: list[Any]) -> str | None:
    if spec.kind is FieldKind.NUMBER_LIST:
        for item in items:
            message = range_message(spec, item, prefix="Each value must")
            if message:
                return message
    return None


def _check_rows(spec: FieldSpec, value: Any, path: str) -> list[FieldError]:
    try:
        rows = rows_of(value)
    except ValueError as exc:
        return [FieldError(path, str(exc))]
    count_problem = count_message(spec, len(rows))
    errors = [FieldError(path, count_problem)] if count_problem else []
    for index, row in enumerate(rows):
        row_path = f"{path}[{index}]"
        if not isinstance(row, Mapping):
            errors.append(FieldError(row_path, _ROW_SHAPE))
            continue
        for child in spec.children:
            child_path = f"{row_path}.{child.name}"
            errors.extend(validate_field(child, row.get(child.name), row, path=child_path))
    return errors


def check_file_limits(
    spec: FieldSpec, size_bytes: float | None, duration_s: float | None
) -> str | None:
    """What is wrong with a chosen file's size or duration, or None when it fits.

    The caller measures the file (os.stat, an audio probe); this only compares.
    """
    noun = {"audio": "audio", "video": "a video"}.get(spec.file_kind or "", "a file")
    size, duration = _finite(size_bytes), _finite(duration_s)
    if size is not None and spec.max_size is not None and size > spec.max_size:
        return (
            f"Choose a file under {format_bytes(spec.max_size)} (this one is {format_bytes(size)})."
        )
    if duration is not None and spec.max_duration is not None and duration > spec.max_duration:
        return (
            f"Choose {noun} no longer than {format_duration(spec.max_duration)} "
            f"(this one is {format_duration(duration)})."
        )
    if duration is not None and spec.min_duration is not None and duration < spec.min_duration:
        return (
            f"Choose {noun} at least {format_duration(spec.min_duration)} long "
            f"(this one is {format_duration(duration)})."
        )
    return None


def _finite(number: Any) -> float | None:
    if isinstance(number, bool) or not isinstance(number, int | float):
        return None
    return float(number) if math.isfinite(number) else None
