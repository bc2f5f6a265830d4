"""Repair helpers for untrusted schema documents: finite numbers, sane bounds, clipped text.

Each helper returns None (or an empty value) instead of raising. No Qt, no I/O.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

MAX_NAME_CHARS: Final = 256
MAX_LABEL_CHARS: Final = 200
MAX_TEXT_CHARS: Final = 4000
MAX_CHOICE_CHARS: Final = 1000

_INT_TEXT = re.compile(r"[+-]?\d{1,30}")


def finite_number(value: Any) -> int | float | None:
    """A finite int/float, or a numeric string such as "4" or "0.5"; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and len(value) <= 64:
        text = value.strip()
        if _INT_TEXT.fullmatch(text):
            return int(text)
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def integral(value: float) -> bool:
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def tidy_number(value: int | float) -> int | float:
    """Integral floats become ints, so 44100.0 and 44100 compare, print and hash alike."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**63:
        return int(value)
    return value


def bounds(low: Any, high: Any) -> tuple[int | float | None, int | float | None]:
    """min/max as finite numbers; swapped when given the wrong way round."""
    lo, hi = finite_number(low), finite_number(high)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return (
        None if lo is None else tidy_number(lo),
        None if hi is None else tidy_number(hi),
    )


def positive_number(value: Any) -> int | float | None:
    number = finite_number(value)
    return tidy_number(number) if number is not None and number > 0 else None


def count(value: Any) -> int | None:
    """A non-negative whole count (minLength/maxLength); 6.0 -> 6, -1 or 2.5 -> None."""
    number = finite_number(value)
    if number is None or number < 0 or not integral(number):
        return None
    return int(number)


def count_bounds(low: Any, high: Any) -> tuple[int | None, int | None]:
    lo, hi = count(low), count(high)
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    return lo, hi


def text(value: Any, limit: int = MAX_TEXT_CHARS) -> str:
    """A stripped string clipped to ``limit`` characters; "" for anything that is not text."""
    if not isinstance(value, str):
        return ""
    return value.strip()[:limit]


def flag(value: Any) -> bool:
    """Only a real JSON true counts: "false" or 1 in a schema are not trusted as switches."""
    return value is True


def string_tuple(value: Any, limit: int = MAX_LABEL_CHARS) -> tuple[str, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str | bytes):
        return ()
    return tuple(dict.fromkeys(v[:limit] for v in value if isinstance(v, str) and v))


def scalar_tuple(value: Any) -> tuple[Any, ...]:
    """Hashable JSON scalars only (for conditional requirement values)."""
    items = value if isinstance(value, Sequence) and not isinstance(value, str) else [value]
    kept: list[Any] = []
    for item in items:
        if item is None or isinstance(item, bool | str):
            kept.append(item)
        elif (number := finite_number(item)) is not None and not isinstance(item, str):
            kept.append(tidy_number(number))
    return tuple(kept)


def mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
