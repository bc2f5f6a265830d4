"""Display text for fields: labels from identifiers, numbers, sizes, durations, constraints.

Pure string formatting. No Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from sonodesk.core.schema.fieldspec import FieldSpec

NONE_LABEL: Final = "(none)"

# Lower-cased word -> how musicians expect to read it.
_ACRONYMS: Final = {
    "bpm": "BPM",
    "cfg": "CFG",
    "db": "dB",
    "lufs": "LUFS",
    "url": "URL",
    "urls": "URLs",
    "id": "ID",
    "ids": "IDs",
    "tts": "TTS",
    "sfx": "SFX",
    "midi": "MIDI",
    "hz": "Hz",
    "khz": "kHz",
    "json": "JSON",
}
_SEPARATORS = re.compile(r"[\s_\-.]+")
# An acronym run before a capitalised word ("URLPath"), a word or an acronym run (with any
# digits that follow: "mp3"), lone digits, anything else.
_WORD = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+\d*|[A-Z]+\d*|\d+|[^A-Za-z\d]+")


def display_label(name: str) -> str:
    """camelCase / snake_case / kebab-case -> "Sentence case", keeping audio acronyms.

    ``numInferenceSteps`` -> "Number of inference steps", ``gainDb`` -> "Gain dB",
    ``voiceId`` -> "Voice ID".
    """
    words = [w for chunk in _SEPARATORS.split(name) for w in _WORD.findall(chunk)]
    if not words:
        return name.strip() or "Value"
    if words[0].lower() == "num" and len(words) > 1:
        words = ["number", "of", *words[1:]]
    shown = [_ACRONYMS.get(w.lower(), w.lower()) for w in words]
    if words[0].lower() not in _ACRONYMS:
        shown[0] = shown[0][:1].upper() + shown[0][1:]
    return " ".join(shown)


def format_number(value: Any) -> str:
    """20.0 -> "20", 0.05 -> "0.05", 2147483647 -> "2147483647"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"


def format_bytes(size: float) -> str:
    """Binary multiples shown the way file managers do: 10485760 -> "10 MB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= scale:
            return f"{format_number(round(size / scale, 1))} {unit}"
    return f"{format_number(int(size))} bytes"


def format_duration(seconds: float) -> str:
    """42 -> "42 s", 605 -> "10 min 5 s", 3900 -> "1 h 5 min"."""
    if seconds < 60:
        return f"{format_number(round(seconds, 1))} s"
    whole = round(seconds)
    if whole < 3600:
        minutes, rest = divmod(whole, 60)
        return f"{minutes} min {rest} s" if rest else f"{minutes} min"
    hours, rest = divmod(whole, 3600)
    minutes = rest // 60
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def count_text(count: int, noun: str = "item") -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def constraint_summary(spec: FieldSpec) -> str:
    """A short line for a tooltip or a caption: "4 to 180, whole numbers", "Up to 6 items"."""
    parts: list[str] = []
    lo, hi = spec.minimum, spec.maximum
    if lo is not None and hi is not None:
        parts.append(f"{format_number(lo)} to {format_number(hi)}")
    elif lo is not None:
        parts.append(f"At least {format_number(lo)}")
    elif hi is not None:
        parts.append(f"At most {format_number(hi)}")
    if spec.integer and spec.is_numeric:
        parts.append("whole numbers")
    elif spec.step is not None and spec.is_numeric:
        parts.append(f"steps of {format_number(spec.step)}")
    noun = "item" if spec.length_unit == "items" else "character"
    if spec.max_length is not None:
        parts.append(f"up to {count_text(spec.max_length, noun)}")
    if spec.min_length:
        parts.append(f"at least {count_text(spec.min_length, noun)}")
    if spec.file_kind:
        parts.append(f"{spec.file_kind} file")
    if spec.max_size is not None:
        parts.append(f"up to {format_bytes(spec.max_size)}")
    if spec.min_duration is not None:
        parts.append(f"at least {format_duration(spec.min_duration)} long")
    if spec.max_duration is not None:
        parts.append(f"at most {format_duration(spec.max_duration)} long")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
