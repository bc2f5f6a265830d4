"""Read JSON that came from elsewhere (sidecars, shared presets) within size and depth limits.

Raises UntrustedJsonError with a reason the caller turns into its own message; never lets a
hostile file exhaust memory or the recursion limit. Reads files; writes nothing. No Qt.
"""

from __future__ import annotations

import enum
import json
import math
from pathlib import Path
from typing import Any, Final

MAX_PARAMS: Final = 256
MAX_KEY: Final = 200
MAX_STRING: Final = 20_000
MAX_VALUES: Final = 10_000  # a list of a million zeros is not anyone's settings


class Problem(enum.Enum):
    TOO_LARGE = "too_large"
    UNREADABLE = "unreadable"
    NOT_JSON = "not_json"
    TOO_DEEP = "too_deep"


class UntrustedJsonError(Exception):
    """Why a file could not be taken in; ``size`` is set for TOO_LARGE."""

    def __init__(self, problem: Problem, size: int | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.size = size


def read_json_file(path: str | Path, *, max_bytes: int, max_depth: int) -> Any:
    """The JSON value in ``path``: a regular file of at most ``max_bytes``, nested at most
    ``max_depth`` levels, UTF-8, without NaN/Infinity."""
    path = Path(path)
    try:
        if not path.is_file():
            raise UntrustedJsonError(Problem.UNREADABLE)
        size = path.stat().st_size
        if size > max_bytes:
            raise UntrustedJsonError(Problem.TOO_LARGE, size)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat
    except OSError:
        raise UntrustedJsonError(Problem.UNREADABLE) from None
    if len(data) > max_bytes:
        raise UntrustedJsonError(Problem.TOO_LARGE, len(data))
    return parse_json(data, max_depth=max_depth)


def parse_json(data: bytes | str, *, max_depth: int) -> Any:
    """Parse untrusted JSON text; arrays and objects may nest at most ``max_depth`` levels."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise UntrustedJsonError(Problem.NOT_JSON) from None
    try:
        value = json.loads(data, parse_constant=_reject_constant)
    except RecursionError:
        # The C parser guards its own recursion; nesting that deep is hostile, not damaged.
        raise UntrustedJsonError(Problem.TOO_DEEP) from None
    except ValueError:
        raise UntrustedJsonError(Problem.NOT_JSON) from None
    if nesting_depth(value) > max_depth:
        raise UntrustedJsonError(Problem.TOO_DEEP)
    return value


def nesting_depth(value: Any) -> int:
    """How deeply lists and dicts nest in a parsed value (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: Any = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        depth += 1
        deepest = max(deepest, depth)
        stack.extend((child, depth) for child in children)
    return deepest


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def is_json_scalar(value: Any) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    return value is None or isinstance(value, str | int | bool)


def is_params_object(value: Any) -> bool:
    """A model's settings as JSON: an object with short string keys, bounded strings and
    finite numbers, at most MAX_PARAMS entries and MAX_VALUES values in all."""
    if not isinstance(value, dict) or len(value) > MAX_PARAMS:
        return False
    stack: list[Any] = [value]
    budget = MAX_VALUES
    while stack:
        budget -= 1
        if budget < 0:
            return False
        item = stack.pop()
        if isinstance(item, dict):
            if not all(isinstance(k, str) and 0 < len(k) <= MAX_KEY for k in item):
                return False
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            if len(item) > MAX_STRING:
                return False
        elif not is_json_scalar(item):
            return False
    return True
