"""Presentation hints a form derives from a spec: unit suffixes, decimals, arrow steps, row nouns.

Pure string and number rules so the Qt editors stay thin. No Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from typing import Final

from sonodesk.core.schema.fieldspec import FieldSpec
from sonodesk.core.schema.labels import format_number

MAX_DECIMALS: Final = 6

# Trailing unit words a label may end with (display_label turns "durationSeconds" into
# "Duration seconds"): the word -> the suffix a spin box shows.
_UNIT_WORDS: Final = {
    "s": "s",
    "sec": "s",
    "secs": "s",
    "seconds": "s",
    "ms": "ms",
    "milliseconds": "ms",
    "min": "min",
    "minutes": "min",
    "hz": "Hz",
    "khz": "kHz",
    "db": "dB",
    "bpm": "BPM",
    "%": "%",
    "percent": "%",
    "semitones": "st",
}
_PAREN_UNIT = re.compile(r"^(?P<text>.*\S)\s*\((?P<unit>[^()]{1,8})\)\s*$")


def split_unit(label: str) -> tuple[str, str | None]:
    """``"Duration (s)"`` -> ``("Duration", "s")``; ``"Gain dB"`` -> ``("Gain", "dB")``.

    A label that is only a unit (``"BPM"``) is left alone: it is the field's name.
    """
    match = _PAREN_UNIT.match(label)
    if match:
        unit = match["unit"].strip()
        return match["text"], _UNIT_WORDS.get(unit.lower(), unit)
    words = label.split()
    if len(words) >= 2 and words[-1].lower() in _UNIT_WORDS:
        return " ".join(words[:-1]), _UNIT_WORDS[words[-1].lower()]
    return label, None


def decimals_of(number: float | None) -> int:
    """Digits after the point in the shortest form of ``number`` (0.05 -> 2, 20 -> 0)."""
    if number is None or not math.isfinite(number) or float(number).is_integer():
        return 0
    text = f"{number:.{MAX_DECIMALS}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def decimals_for(spec: FieldSpec) -> int:
    """How many decimals a number editor shows: none for whole numbers, else from the step.

    Without a step, the span decides (0..1 -> 2, 3..120 -> 1), never fewer decimals than the
    bounds and default themselves need.
    """
    if spec.integer:
        return 0
    default = spec.default if isinstance(spec.default, int | float) else None
    evidence = max(decimals_of(v) for v in (spec.minimum, spec.maximum, default))
    if spec.step is not None:
        return min(MAX_DECIMALS, max(decimals_of(spec.step), evidence))
    span = _span(spec)
    if span is None or span <= 10:
        by_span = 2
    elif span <= 1000:
        by_span = 1
    else:
        by_span = 0
    return min(MAX_DECIMALS, max(by_span, evidence))


def arrow_step(spec: FieldSpec) -> float:
    """What one arrow key press adds: the step, else about 1% of the range on a 1-2-5 grid."""
    if spec.step is not None:
        return float(spec.step)
    if spec.integer:
        return 1.0
    finest = 10.0 ** -decimals_for(spec)
    span = _span(spec)
    if span is None or span <= 0:
        return max(finest, 0.1 if decimals_for(spec) else 1.0)
    return max(finest, _nice(span / 100))


def slider_positions(spec: FieldSpec) -> int | None:
    """Integer positions a slider needs for the field's grid, or None when no slider fits.

    A slider needs both bounds and a manageable number of positions (a seed has billions).
    """
    span = _span(spec)
    if span is None or span <= 0:
        return None
    unit = float(spec.step) if spec.step is not None else 10.0 ** -decimals_for(spec)
    positions = round(span / unit)
    return positions if 1 <= positions <= 100_000 else None


def number_help(spec: FieldSpec) -> str:
    """The help line of a number box: its range, and its step unless the decimals show it.

    ``0 <= x`` with step 0.1 shown at one decimal -> "At least 0"; step 0.5 -> "At least 0,
    in steps of 0.5".
    """
    lo, hi = spec.minimum, spec.maximum
    if lo is not None and hi is not None:
        text = f"{format_number(lo)} to {format_number(hi)}"
    elif lo is not None:
        text = f"At least {format_number(lo)}"
    elif hi is not None:
        text = f"At most {format_number(hi)}"
    else:
        text = ""
    step = spec.step
    if step is not None and not spec.integer and abs(step - 10.0 ** -decimals_for(spec)) > 1e-12:
        text = (
            f"{text}, in steps of {format_number(step)}"
            if text
            else f"Steps of {format_number(step)}"
        )
    return text


def row_noun(label: str, first_child_label: str | None = None) -> str:
    """The name of one row of a list field, for "Add section": ``"Sections"`` -> ``"section"``.

    A long label ("Multi speaker config") makes a clumsy noun; the row's first field
    ("Speaker") names a row better, and failing that it is just a "row".
    """
    text = label.strip() or "row"
    if len(text.split()) > 2:
        child = (first_child_label or "").strip()
        text = child if child and len(child.split()) <= 2 else "row"
    lower = text[:1].lower() + text[1:]
    if lower.endswith("ies") and len(lower) > 4:
        return lower[:-3] + "y"
    if lower.endswith("s") and not lower.endswith("ss") and len(lower) > 3:
        return lower[:-1]
    return lower


def _span(spec: FieldSpec) -> float | None:
    if spec.minimum is None or spec.maximum is None:
        return None
    return float(spec.maximum) - float(spec.minimum)


def _nice(raw: float) -> float:
    exponent = math.floor(math.log10(raw))
    base = 10.0**exponent
    for factor in (1, 2, 5, 10):
        if raw <= factor * base:
            return round(factor * base, MAX_DECIMALS)
    return round(10 * base, MAX_DECIMALS)
