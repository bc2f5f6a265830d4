"""Sweep axes: which fields can be swept, reading their values (lists, ranges, seed runs) and
naming them briefly ("duration 5 s", "seed 12"). Pure: no Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any, Final

from sonodesk.core.errors import SonodeskError
from sonodesk.core.schema import FieldKind, FieldSpec, check_value, coerce_value, seed_range
from sonodesk.core.schema.coerce import parse_number
from sonodesk.core.schema.labels import format_number

MAX_AXIS_VALUES: Final = 16
MAX_SWEEP_CELLS: Final = 64
SWEEPABLE_KINDS: Final = frozenset(
    {FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.CHOICE, FieldKind.BOOLEAN, FieldKind.SEED}
)
_NUMBER_SPLIT = re.compile(r"[,;\s]+")
_CHOICE_SPLIT = re.compile(r"[,;\n]")
# "Duration (s)" -> ("Duration", "s"): a short unit in brackets moves behind the value.
_UNIT_SUFFIX = re.compile(r"^(?P<name>.*?)\s*\((?P<unit>[^()]{1,8})\)$")
_WORDS = {True: "on", False: "off"}


class SweepError(SonodeskError):
    """A sweep that cannot be planned; the message names the field and value at fault."""


def sweepable_fields(specs: Iterable[FieldSpec]) -> tuple[FieldSpec, ...]:
    """Fields a sweep can vary: numbers, whole numbers, choices, on/off switches and the seed."""
    return tuple(s for s in specs if s.kind in SWEEPABLE_KINDS and not s.parent)


def short_name(spec: FieldSpec) -> tuple[str, str]:
    """(name for a cell label, unit): "Duration (s)" -> ("duration", "s"), "BPM" -> ("BPM", "")."""
    label = spec.label.strip() or spec.name
    match = _UNIT_SUFFIX.match(label)
    name, unit = (match["name"], match["unit"]) if match else (label, "")
    # Keep acronyms ("CFG scale"); lower an ordinary capital ("Intensity" -> "intensity").
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        name = name[0].lower() + name[1:]
    return name, unit


def value_text(spec: FieldSpec, value: Any) -> str:
    """A value as a cell shows it: "5 s", "0.25", "on", a choice's label."""
    if isinstance(value, bool):
        return _WORDS[value]
    if spec.kind is FieldKind.CHOICE:
        return spec.label_for(value)
    _, unit = short_name(spec)
    text = format_number(value)
    return f"{text} {unit}" if unit else text


def check_axis_value(spec: FieldSpec, raw: Any) -> Any:
    """The typed value, or SweepError naming the field and the value ("Duration (s) 40: ...")."""
    try:
        value = coerce_value(spec, raw)
    except ValueError as exc:
        raise SweepError(f"{spec.label} {_shown(raw)}: {_lower(str(exc))}") from None
    if value is None:
        raise SweepError(f"{spec.label}: an empty value can't be swept.")
    problems = [problem.message for problem in check_value(spec, value)]
    if not problems and spec.kind is FieldKind.SEED:
        low, high = seed_range(spec)  # several models read -1 as "random": not reproducible
        if not low <= value <= high:
            problems = [f"Must be between {low} and {high}."]
    if problems:
        raise SweepError(f"{spec.label} {_shown(value)}: {_lower(problems[0])}")
    return value


def checked_values(spec: FieldSpec, raw_values: Iterable[Any]) -> tuple[Any, ...]:
    """Every value typed and in range, duplicates dropped, 1 to MAX_AXIS_VALUES of them."""
    values: list[Any] = []
    for raw in raw_values:
        value = check_axis_value(spec, raw)
        if not any(_same(value, seen) for seen in values):
            values.append(value)
    if not values:
        raise SweepError(f"Enter at least one value for {spec.label}.")
    if len(values) > MAX_AXIS_VALUES:
        raise SweepError(
            f"{spec.label}: {len(values)} values is more than a sweep takes "
            f"(at most {MAX_AXIS_VALUES})."
        )
    return tuple(values)


def parse_values(spec: FieldSpec, text: str) -> tuple[Any, ...]:
    """A typed list: "3, 5, 7" for numbers; names or labels for choices; "on, off" for switches."""
    splitter = _CHOICE_SPLIT if spec.kind is FieldKind.CHOICE else _NUMBER_SPLIT
    parts = [part.strip() for part in splitter.split(text or "") if part.strip()]
    return checked_values(spec, parts)


def number_range(spec: FieldSpec, start: float, stop: float, steps: int) -> tuple[Any, ...]:
    """``steps`` evenly spaced values from ``start`` to ``stop`` (both included, both checked).

    Whole-number fields round, stepped fields land on their step; values that collapse onto
    each other are kept once.
    """
    first, last = check_axis_value(spec, start), check_axis_value(spec, stop)
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise SweepError(f"{spec.label}: choose how many values to try (at least 1).")
    if steps > MAX_AXIS_VALUES:
        raise SweepError(f"{spec.label}: at most {MAX_AXIS_VALUES} values per sweep.")
    if steps == 1:
        return (first,)
    span = (last - first) / (steps - 1)
    return checked_values(spec, (_on_grid(spec, first + span * i) for i in range(steps)))


def seed_run(spec: FieldSpec, base: int, count: int) -> tuple[int, ...]:
    """``count`` consecutive seeds from ``base``, wrapping past the maximum to the minimum."""
    low, high = seed_range(spec)
    first = check_axis_value(spec, base)
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_AXIS_VALUES:
        raise SweepError(f"Choose between 1 and {MAX_AXIS_VALUES} seeds.")
    span = high - low + 1
    return tuple(low + (first - low + i) % span for i in range(count))


def _on_grid(spec: FieldSpec, value: float) -> int | float:
    if spec.integer or spec.kind in (FieldKind.INTEGER, FieldKind.SEED):
        return round(value)
    if spec.step:
        base = spec.minimum if spec.minimum is not None else 0.0
        value = base + round((value - base) / spec.step) * spec.step
    rounded = round(value, 6)
    return int(rounded) if float(rounded).is_integer() else rounded


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float | int) and isinstance(b, float | int):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    return a == b


def _shown(raw: Any) -> str:
    """How a message quotes a value: numbers as typed, other text in quotes."""
    if isinstance(raw, str):
        text = raw.strip()
        try:
            parse_number(text)
        except ValueError:
            return f'"{text}"' if text else "(empty)"
        return text
    return format_number(raw)


def _lower(sentence: str) -> str:
    if len(sentence) > 1 and sentence[0].isupper() and not sentence[1].isupper():
        return sentence[0].lower() + sentence[1:]
    return sentence
