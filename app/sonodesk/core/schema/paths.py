"""Field paths such as ``prompt`` or ``sections[2].bars``: parse, join, resolve against specs.

Used to route validation and server errors to the editor they belong to. No Qt, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sonodesk.core.schema.fieldspec import FieldKind, FieldSpec

PathPart = str | int

_TOKEN = re.compile(r"\[(\d{1,9})\]|([^.\[\]]+)")
# Wrappers some validators put in front of the input name.
_ENVELOPES = frozenset({"body", "input", "inputs", "parameters", "params"})


def parse_path(path: str) -> tuple[PathPart, ...]:
    """``"sections[2].bars"`` or ``"sections.2.bars"`` -> ``("sections", 2, "bars")``."""
    parts: list[PathPart] = []
    for index, name in _TOKEN.findall(path):
        if index:
            parts.append(int(index))
        elif name.isdigit() and parts and len(name) <= 9:
            parts.append(int(name))
        else:
            parts.append(name)
    return tuple(parts)


def join_path(parts: Sequence[PathPart]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def top_name(path: str) -> str:
    """The top-level input a path belongs to: ``sections[2].bars`` -> ``sections``."""
    parts = parse_path(path)
    return parts[0] if parts and isinstance(parts[0], str) else path


def resolve_path(specs: Sequence[FieldSpec], path: str) -> str | None:
    """The longest prefix of ``path`` that names a real field (or row), normalised; else None."""
    by_name = {spec.name: spec for spec in specs}
    if path in by_name:
        return path  # names may themselves contain dots
    parts = parse_path(path)
    while parts and parts[0] in _ENVELOPES and parts[0] not in by_name and len(parts) > 1:
        parts = parts[1:]
    if not parts or not isinstance(parts[0], str) or parts[0] not in by_name:
        return None
    spec = by_name[parts[0]]
    resolved: list[PathPart] = [parts[0]]
    rest = list(parts[1:])
    while len(rest) >= 1 and spec.kind is FieldKind.GROUP_LIST and isinstance(rest[0], int):
        resolved.append(rest.pop(0))
        child = spec.child(rest[0]) if rest and isinstance(rest[0], str) else None
        if child is None:
            break
        resolved.append(rest.pop(0))
        spec = child
    return join_path(resolved)


def spec_at(specs: Sequence[FieldSpec], path: str) -> FieldSpec | None:
    """The spec a path points at (a row index points at its list field)."""
    resolved = resolve_path(specs, path)
    if resolved is None:
        return None
    by_name = {spec.name: spec for spec in specs}
    if resolved in by_name:
        return by_name[resolved]
    parts = parse_path(resolved)
    spec = by_name.get(parts[0])  # type: ignore[arg-type]
    for part in parts[1:]:
        if spec is not None and isinstance(part, str):
            spec = spec.child(part)
    return spec
