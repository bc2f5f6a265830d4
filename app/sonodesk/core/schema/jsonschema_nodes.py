"""Read one JSON Schema node: local ``$ref``, ``allOf`` merged, ``anyOf``/``oneOf`` folded.

The helpers of from_jsonschema.py. Every function returns a value or None ("unusable");
none raises on an odd document, and ``$ref`` cycles and deep nesting end early. No Qt, no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote

from sonodesk.core.schema import sanitize

MAX_REF_HOPS: Final = 32
MAX_NESTING: Final = 12  # anyOf inside allOf inside ...: deeper nodes count as unusable
MAX_VISITS: Final = 20_000  # nodes read per document: fan-out of combinators stays bounded
_MISSING: Final = object()


class Budget:
    """How many more nodes one document may make us read (absurd documents stop early)."""

    def __init__(self, visits: int = MAX_VISITS) -> None:
        self.left = visits

    def spend(self) -> bool:
        self.left -= 1
        return self.left >= 0


@dataclass(frozen=True)
class Node:
    """A schema with its references resolved and its combinators folded into plain keywords."""

    schema: Mapping[str, Any]
    nullable: bool = False
    trail: tuple[str, ...] = ()  # refs followed to reach it: its children must not repeat one
    unsupported: bool = False  # only a JSON editor can express it
    null_only: bool = False  # {"type": "null"}: the "or nothing" branch of an anyOf
    labels: tuple[str, ...] = ()  # titles of folded const branches, aligned with "enum"


def effective(
    raw: Any,
    root: Mapping[str, Any],
    trail: tuple[str, ...] = (),
    depth: int = 0,
    budget: Budget | None = None,
) -> Node | None:
    """The usable form of ``raw`` (a property's schema), or None when it cannot be read."""
    budget = budget or Budget()
    if not budget.spend() or depth > MAX_NESTING:
        return None
    if raw is True:
        return Node({}, trail=trail)  # "anything goes"
    if not isinstance(raw, Mapping):
        return None
    schema, trail = _follow_refs(raw, root, trail)
    if schema is None:
        return None
    out = dict(schema)
    nullable = out.pop("nullable", None) is True  # OpenAPI 3.0
    unsupported = False
    labels: tuple[str, ...] = ()
    parts = out.pop("allOf", None)
    if isinstance(parts, list):
        merged: dict[str, Any] = {}
        for part in parts:
            node = effective(part, root, trail, depth + 1, budget)
            if node is None:
                unsupported = True
                continue
            merged = _merge(merged, node.schema)
            unsupported |= node.unsupported
        out = _merge(merged, out)  # the node's own title, default, ... win
    null_only, type_nullable, type_unsupported = _read_type(out)
    nullable |= type_nullable
    unsupported |= type_unsupported
    for keyword in ("anyOf", "oneOf"):
        branches = out.pop(keyword, None)
        if not isinstance(branches, list):
            continue
        folded = _fold(branches, root, trail, depth, budget)
        if folded is None:
            unsupported = True
            continue
        nullable |= folded.nullable
        unsupported |= folded.unsupported
        labels = folded.labels or labels
        out = _merge(dict(folded.schema), out)
    enum = out.get("enum")
    if isinstance(enum, list) and any(value is None for value in enum):
        nullable = True
        out["enum"] = [value for value in enum if value is not None]
        null_only = null_only or not out["enum"]
    if "const" in out and out["const"] is None:
        null_only = True
    return Node(out, nullable, trail, unsupported or null_only, null_only, labels)


def _read_type(out: dict[str, Any]) -> tuple[bool, bool, bool]:
    """Normalise ``type`` in place; returns (only null, nullable, unsupported)."""
    declared = out.get("type")
    if declared is None:
        return False, False, False
    if isinstance(declared, str):
        return declared == "null", False, declared == "null"
    if not isinstance(declared, list):
        out.pop("type")
        return False, False, True
    kinds = list(dict.fromkeys(t for t in declared if isinstance(t, str)))
    rest = [t for t in kinds if t != "null"]
    nullable = "null" in kinds
    if len(rest) == 1:
        out["type"] = rest[0]
        return False, nullable, False
    if set(rest) == {"integer", "number"}:
        out["type"] = "number"
        return False, nullable, False
    out.pop("type")
    return not rest, nullable, True  # several types at once: edit as JSON


def _fold(
    branches: list[Any],
    root: Mapping[str, Any],
    trail: tuple[str, ...],
    depth: int,
    budget: Budget,
) -> Node | None:
    """One node for an anyOf/oneOf: its null branch makes it nullable, consts make a choice."""
    nullable = False
    kept: list[Node] = []
    for branch in branches:
        node = effective(branch, root, trail, depth + 1, budget)
        if node is None:
            return None
        if node.null_only:
            nullable = True
            continue
        nullable |= node.nullable
        kept.append(node)
    if not kept:
        return None
    if len(kept) == 1:
        only = kept[0]
        return Node(only.schema, nullable, only.trail, only.unsupported, False, only.labels)
    values: list[tuple[Any, str]] = []
    for node in kept:
        listed = listed_values(node)
        if listed is None:
            break
        values.extend(listed)
    else:
        enum = [value for value, _label in values]
        return Node({"enum": enum}, nullable, trail, labels=tuple(label for _v, label in values))
    types = {node.schema.get("type") for node in kept}
    if types <= {"integer", "number"}:
        # The branches' bounds disagree; keep the type only, the server checks the rest.
        merged_type = "integer" if types == {"integer"} else "number"
        return Node({"type": merged_type}, nullable, trail)
    if len(types) == 1 and types <= {"string", "boolean"}:
        return Node({"type": types.pop()}, nullable, trail)
    return Node({}, nullable, trail, unsupported=True)


def listed_values(node: Node | Mapping[str, Any]) -> tuple[tuple[Any, str], ...] | None:
    """(value, label) for ``const``/``enum`` scalars; None when the node lists no values."""
    schema = node.schema if isinstance(node, Node) else node
    labels = node.labels if isinstance(node, Node) else ()
    if "const" in schema:
        title = sanitize.text(schema.get("title"), sanitize.MAX_LABEL_CHARS)
        value = _scalar(schema["const"])
        return () if value is _MISSING else ((value, title),)
    enum = schema.get("enum")
    if not isinstance(enum, list):
        return None
    found: list[tuple[Any, str]] = []
    seen: set[tuple[bool, Any]] = set()
    for index, raw in enumerate(enum):
        value = _scalar(raw)
        key = (isinstance(value, bool), value)
        if value is _MISSING or key in seen:
            continue
        seen.add(key)
        label = labels[index] if index < len(labels) else ""
        found.append((value, label))
    return tuple(found)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value[: sanitize.MAX_CHOICE_CHARS]
    if isinstance(value, int | float):
        number = sanitize.finite_number(value)
        return _MISSING if number is None else sanitize.tidy_number(number)
    return _MISSING


def numeric_bounds(schema: Mapping[str, Any], integer: bool) -> dict[str, Any]:
    """minimum/maximum/step for a FieldSpec, whose bounds are inclusive."""
    lo, lo_open = _bound(schema, "minimum", "exclusiveMinimum", max)
    hi, hi_open = _bound(schema, "maximum", "exclusiveMaximum", min)
    step = sanitize.positive_number(schema.get("multipleOf"))
    if integer:
        lo = None if lo is None else (math.floor(lo) + 1 if lo_open else math.ceil(lo))
        hi = None if hi is None else (math.ceil(hi) - 1 if hi_open else math.floor(hi))
    elif step is not None:
        lo = lo + step if lo is not None and lo_open else lo
        hi = hi - step if hi is not None and hi_open else hi
    # An open bound with no step stays as given: only the boundary value itself is then let
    # through by the form, and the server still refuses it.
    minimum, maximum = sanitize.bounds(lo, hi)
    return {"minimum": minimum, "maximum": maximum, "step": step}


def _bound(schema: Mapping[str, Any], plain: str, exclusive: str, pick: Any) -> tuple[Any, bool]:
    value = sanitize.finite_number(schema.get(plain))
    flag = schema.get(exclusive)
    if flag is True:  # draft 4: a boolean beside the plain bound
        return value, value is not None
    open_value = None if isinstance(flag, bool) else sanitize.finite_number(flag)
    if open_value is None:
        return value, False
    if value is None or pick(value, open_value) == open_value:
        return open_value, True
    return value, False


def names(raw: Any) -> frozenset[str]:
    """The ``required`` list as names (anything else: none required)."""
    if not isinstance(raw, list):
        return frozenset()
    return frozenset(item for item in raw if isinstance(item, str))


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if key == "properties" and isinstance(value, Mapping):
            current = merged.get(key)
            merged[key] = {**(current if isinstance(current, Mapping) else {}), **value}
        elif key == "required" and isinstance(value, list):
            current = merged.get(key)
            earlier = current if isinstance(current, list) else []
            merged[key] = list(dict.fromkeys(v for v in [*earlier, *value] if isinstance(v, str)))
        else:
            merged[key] = value
    return merged


def _follow_refs(
    raw: Mapping[str, Any], root: Mapping[str, Any], trail: tuple[str, ...]
) -> tuple[Mapping[str, Any] | None, tuple[str, ...]]:
    node: Mapping[str, Any] = raw
    for _hop in range(MAX_REF_HOPS + 1):
        if "$ref" not in node:
            return node, trail
        ref = node["$ref"]
        if not isinstance(ref, str) or ref in trail:
            return None, trail  # a cycle, or garbage
        target = pointer(root, ref)
        if target is True:
            target = {}
        if not isinstance(target, Mapping):
            return None, trail
        siblings = {key: value for key, value in node.items() if key != "$ref"}
        node = {**target, **siblings}  # a sibling title or description beats the target's
        trail = (*trail, ref)
    return None, trail


def pointer(root: Mapping[str, Any], ref: str) -> Any:
    """A local reference (``#/$defs/X``, ``#/components/schemas/X``); None when not local."""
    if ref == "#":
        return root
    if not ref.startswith("#/"):
        return None  # remote documents are never fetched
    node: Any = root
    for token in ref[2:].split("/"):
        token = unquote(token).replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            node = node.get(token, _MISSING)
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return None
        if node is _MISSING:
            return None
    return node
