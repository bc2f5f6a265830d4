"""Turn what an editor, a CLI argument or a saved preset holds into the value a field takes.

``coerce_value`` is idempotent: an already-typed value comes back unchanged. It raises
ValueError with a short user-facing message when the value cannot be read. No Qt, no I/O.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from sonodesk.core.schema.fieldspec import FieldKind, FieldSpec
from sonodesk.core.schema.labels import format_number

ENTER_NUMBER: Final = "Enter a number."
WHOLE_NUMBER: Final = "Must be a whole number."
ENTER_TEXT: Final = "Enter text."
YES_OR_NO: Final = "Choose yes or no."
CHOOSE_LISTED: Final = "Choose one of the listed values."
CHOOSE_ONLY_LISTED: Final = "Choose only from the listed values."
ENTER_NUMBERS: Final = "Enter numbers separated by commas."
ENTER_WORDS: Final = "Enter words separated by commas."
CHOOSE_FILE: Final = "Choose a file."
CHOOSE_MODEL: Final = "Choose a model."
ENTER_JSON: Final = "Enter valid JSON."
ENTER_ROWS: Final = "Add rows with the fields shown."

_TRUE: Final = frozenset({"true", "yes", "on", "1"})
_FALSE: Final = frozenset({"false", "no", "off", "0"})
_INT_TEXT = re.compile(r"[+-]?\d{1,30}")
_LIST_SPLIT = re.compile(r"[,;\n]")
_NUMBER_SPLIT = re.compile(r"[,;\s]+")


def parse_number(text: str) -> int | float:
    """Read a number: "3" -> 3, "0.5" -> 0.5, "0,5" -> 0.5 (decimal comma); else ValueError."""
    text = text.strip()
    if _INT_TEXT.fullmatch(text):
        return int(text)
    if "," in text and "." not in text and text.count(",") == 1:
        text = text.replace(",", ".")
    if len(text) > 64:
        raise ValueError(ENTER_NUMBER)
    try:
        number = float(text)
    except ValueError:
        raise ValueError(ENTER_NUMBER) from None
    if not math.isfinite(number):
        raise ValueError(ENTER_NUMBER)
    return number


def parse_json_text(text: str) -> Any:
    """What a JSON editor's text means; ValueError("Enter valid JSON.") if it is not JSON."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise ValueError(ENTER_JSON) from None


def _reject_constant(name: str) -> Any:
    raise ValueError(name)  # NaN/Infinity are not JSON; the server would refuse them


def is_json_value(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError, RecursionError):
        return False
    return True


def same_value(a: Any, b: Any) -> bool:
    """Loose equality for choices and conditions: 44100 == "44100" == 44100.0; True != 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, str) and isinstance(b, str):
        return a == b
    if isinstance(a, str) or isinstance(b, str):
        text, other = (a, b) if isinstance(a, str) else (b, a)
        if not isinstance(other, int | float):
            return False
        try:
            return parse_number(text) == other
        except ValueError:
            return False
    return a == b


def coerce_value(spec: FieldSpec, raw: Any) -> Any:
    """The typed value for ``spec`` (None means unset). Raises ValueError with a user message."""
    if raw is None:
        return None
    return _COERCERS.get(spec.kind, _json)(spec, raw)


def _number(spec: FieldSpec, raw: Any) -> int | float | None:
    if isinstance(raw, str):
        if not raw.strip():
            return None
        number: int | float = parse_number(raw)
    elif isinstance(raw, bool):
        raise ValueError(ENTER_NUMBER)
    elif isinstance(raw, int):
        number = raw
    elif isinstance(raw, float | Decimal):
        number = float(raw)
        if not math.isfinite(number):
            raise ValueError(ENTER_NUMBER)
    else:
        raise ValueError(ENTER_NUMBER)
    whole = spec.integer or spec.kind in (FieldKind.INTEGER, FieldKind.SEED)
    if whole and isinstance(number, float):
        if not number.is_integer():
            raise ValueError(WHOLE_NUMBER)
        number = int(number)
    return number


def _text(spec: FieldSpec, raw: Any) -> str:
    if isinstance(raw, str):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        return format_number(raw)
    raise ValueError(ENTER_TEXT)


def _boolean(spec: FieldSpec, raw: Any) -> bool | None:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str):
        word = raw.strip().lower()
        if not word:
            return None
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ValueError(YES_OR_NO)


def _match_choice(spec: FieldSpec, raw: Any) -> Any:
    for choice in spec.choices:
        if same_value(choice.value, raw):
            return choice.value
    if isinstance(raw, str):
        for choice in spec.choices:
            if choice.label == raw:
                return choice.value
    raise ValueError(CHOOSE_LISTED)


def _choice(spec: FieldSpec, raw: Any) -> Any:
    if raw == "" and "" not in spec.choice_values:
        return None
    if isinstance(raw, list | tuple | Mapping):
        raise ValueError(CHOOSE_LISTED)
    return _match_choice(spec, raw)


def _items(raw: Any, *, split: re.Pattern[str] | None) -> list[Any]:
    if isinstance(raw, str):
        if split is None:
            return [raw]
        return [part.strip() for part in split.split(raw) if part.strip()]
    if isinstance(raw, list | tuple):
        return list(raw)
    raise ValueError("Enter a list.")


def _multi_choice(spec: FieldSpec, raw: Any) -> list[Any]:
    try:
        items = _items(raw, split=_LIST_SPLIT)
        return list(dict.fromkeys(_match_choice(spec, item) for item in items))
    except ValueError:
        raise ValueError(CHOOSE_ONLY_LISTED) from None


def _strings(raw: Any, message: str, split: re.Pattern[str] | None) -> list[str]:
    try:
        items = _items(raw, split=split)
    except ValueError:
        raise ValueError(message) from None
    kept: list[str] = []
    for item in items:
        if isinstance(item, os.PathLike):
            item = os.fspath(item)
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise ValueError(message)
        if item.strip():
            kept.append(item.strip())
    return list(dict.fromkeys(kept))


def _tags(spec: FieldSpec, raw: Any) -> list[str]:
    return _strings(raw, ENTER_WORDS, _LIST_SPLIT)


def _model_list(spec: FieldSpec, raw: Any) -> list[str]:
    return _strings(raw, CHOOSE_MODEL, _LIST_SPLIT)


def _file_list(spec: FieldSpec, raw: Any) -> list[str]:
    # Paths may contain commas, so a single string is one file, never a list.
    return _strings(os.fspath(raw) if isinstance(raw, os.PathLike) else raw, CHOOSE_FILE, None)


def _number_list(spec: FieldSpec, raw: Any) -> list[int | float]:
    try:
        items = _items(raw, split=_NUMBER_SPLIT)
    except ValueError:
        raise ValueError(ENTER_NUMBERS) from None
    numbers: list[int | float] = []
    for item in items:
        try:
            number = _number(spec, item)
        except ValueError as exc:
            raise ValueError(WHOLE_NUMBER if str(exc) == WHOLE_NUMBER else ENTER_NUMBERS) from None
        if number is not None:
            numbers.append(number)
    return numbers


def _single(message: str) -> Callable[[FieldSpec, Any], str | None]:
    def coerce(spec: FieldSpec, raw: Any) -> str | None:
        if isinstance(raw, os.PathLike) and spec.kind is FieldKind.FILE:
            raw = os.fspath(raw)
        if not isinstance(raw, str):
            raise ValueError(message)
        return raw.strip() or None

    return coerce


def rows_of(raw: Any) -> list[Any]:
    """The rows of an inputs_array value: a list, or JSON text of a list."""
    if isinstance(raw, str):
        if not raw.strip():
            return []
        raw = parse_json_text(raw)
    if not isinstance(raw, list | tuple):
        raise ValueError(ENTER_ROWS)
    return list(raw)


def _group_list(spec: FieldSpec, raw: Any) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(rows_of(raw), start=1):
        if not isinstance(row, Mapping):
            raise ValueError(f"Row {index}: {ENTER_ROWS}")
        coerced: dict[str, Any] = {}
        for child in spec.children:
            if child.name in row:
                try:
                    coerced[child.name] = coerce_value(child, row[child.name])
                except ValueError as exc:
                    raise ValueError(f"Row {index}, {child.label}: {exc}") from None
        rows.append(coerced)
    return rows


def _json(spec: FieldSpec, raw: Any) -> Any:
    if not is_json_value(raw):
        raise ValueError(ENTER_JSON)
    return raw


_COERCERS: Final[dict[FieldKind, Callable[[FieldSpec, Any], Any]]] = {
    FieldKind.LONG_TEXT: _text,
    FieldKind.TEXT: _text,
    FieldKind.NUMBER: _number,
    FieldKind.INTEGER: _number,
    FieldKind.SEED: _number,
    FieldKind.BOOLEAN: _boolean,
    FieldKind.CHOICE: _choice,
    FieldKind.MULTI_CHOICE: _multi_choice,
    FieldKind.TAGS: _tags,
    FieldKind.NUMBER_LIST: _number_list,
    FieldKind.FILE: _single(CHOOSE_FILE),
    FieldKind.FILE_LIST: _file_list,
    FieldKind.MODEL: _single(CHOOSE_MODEL),
    FieldKind.MODEL_LIST: _model_list,
    FieldKind.GROUP_LIST: _group_list,
    FieldKind.JSON: _json,
}
