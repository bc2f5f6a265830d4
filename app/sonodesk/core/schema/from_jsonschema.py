"""JSON Schema / OpenAPI request schemas -> a tuple of FieldSpecs, tolerant of odd documents.

Resolves local ``$ref`` (``$defs``, ``definitions``, ``components/schemas``, any JSON pointer),
reads ``anyOf``/``oneOf`` with a null branch as an optional field, and turns nested objects
into dotted names (``audio_setting.format``) that nesting.py folds back for the wire. What it
cannot express becomes a JSON field; only a document that is not a mapping raises
SchemaError. No Qt, no network, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from sonodesk.core.schema import jsonschema_nodes as nodes
from sonodesk.core.schema import rules, sanitize
from sonodesk.core.schema.fieldspec import (
    NO_DEFAULT,
    NOT_REQUIRED,
    Choice,
    FieldKind,
    FieldSpec,
    Requirement,
    SchemaError,
)
from sonodesk.core.schema.jsonschema_nodes import Node
from sonodesk.core.schema.labels import NONE_LABEL, display_label, format_number
from sonodesk.core.schema.values import repair_default

MAX_OBJECT_DEPTH: Final = 3  # objects nested deeper than this are edited as JSON
MAX_FIELDS: Final = 400
_NUMERIC: Final = frozenset({"integer", "number"})
_URI_FORMATS: Final = frozenset({"uri", "url", "uri-reference", "iri", "iri-reference"})
# Words in a URL field's name that say which kind of file it expects.
_MEDIA_WORDS: Final = (
    ("audio", "audio"),
    ("sound", "audio"),
    ("voice", "audio"),
    ("song", "audio"),
    ("music", "audio"),
    ("image", "image"),
    ("video", "video"),
)


@dataclasses.dataclass
class _Walk:
    root: Mapping[str, Any]
    budget: nodes.Budget = dataclasses.field(default_factory=nodes.Budget)
    count: int = 0

    def read(self, raw: Any, trail: tuple[str, ...]) -> Node | None:
        return nodes.effective(raw, self.root, trail, budget=self.budget)


def specs_from_jsonschema(
    schema: Mapping[str, Any], *, exclude: Sequence[str] = ("model",)
) -> tuple[FieldSpec, ...]:
    """The specs of an object schema's properties, in document order.

    ``exclude`` names top-level properties the provider fills itself (the model id).
    Properties marked ``readOnly`` and names containing "." (they would clash with the
    dotted names of nested fields) are skipped. Raises SchemaError only for a non-mapping.
    """
    if not isinstance(schema, Mapping):
        raise SchemaError(
            "This model's parameter schema could not be read: expected a JSON object, "
            f"got {type(schema).__name__}.",
            hint="Refresh the model list; if this persists, pick another model.",
        )
    walk = _Walk(root=schema)
    top = walk.read(schema, ())
    if top is None or not isinstance(top.schema.get("properties"), Mapping):
        return ()
    excluded = frozenset(name for name in exclude if isinstance(name, str))
    specs = _object_fields(top, walk, prefix="", group="", depth=0, always=True, skip=excluded)
    if specs and all(spec.advanced for spec in specs):
        # A form whose every field is collapsed would look empty: show them all instead.
        specs = [dataclasses.replace(spec, advanced=False) for spec in specs]
    return tuple(specs)


def _object_fields(
    obj: Node,
    walk: _Walk,
    *,
    prefix: str,
    group: str,
    depth: int,
    always: bool,
    skip: frozenset[str] = frozenset(),
    rows: bool = False,
) -> list[FieldSpec]:
    """Leaves of one object. ``always``: the object itself is always sent (top level, or a
    required object inside one); ``rows``: the fields of a list row, which never nest."""
    properties = obj.schema.get("properties")
    required = nodes.names(obj.schema.get("required"))
    hard_required: set[str] = set()
    specs: list[FieldSpec] = []
    for key, raw in properties.items() if isinstance(properties, Mapping) else ():
        if not _usable_name(key) or key in skip or walk.count >= MAX_FIELDS:
            continue
        node = walk.read(raw, obj.trail)
        if node is not None and node.schema.get("readOnly") is True:
            continue
        name = prefix + key
        # anyOf-with-null (pydantic's Optional) means "may be left out" for a form.
        is_required = key in required and not (node is not None and node.nullable)
        if is_required:
            hard_required.add(key)
        if node is not None and _nests(node) and not rows and depth < MAX_OBJECT_DEPTH:
            title = sanitize.text(node.schema.get("title"), sanitize.MAX_LABEL_CHARS)
            specs.extend(
                _object_fields(
                    node,
                    walk,
                    prefix=f"{name}.",
                    group=title or display_label(name.replace(".", " ")),
                    depth=depth + 1,
                    always=always and is_required,
                )
            )
            continue
        rule = Requirement(always=True) if is_required and (always or rows) else NOT_REQUIRED
        walk.count += 1
        nested = depth > 0 and not rows  # a settings object's members fold under "Advanced"
        specs.append(_leaf(name, key, node, walk, rule, group=group, depth=depth, nested=nested))
    if depth > 0 and not always:
        specs = _required_with_siblings(specs, frozenset(hard_required), prefix, group)
    return specs


def _usable_name(key: Any) -> bool:
    return (
        isinstance(key, str)
        and bool(key.strip())
        and len(key) <= sanitize.MAX_NAME_CHARS
        and "." not in key
    )


def _nests(node: Node) -> bool:
    properties = node.schema.get("properties")
    return (
        node.schema.get("type") in (None, "object")
        and isinstance(properties, Mapping)
        and bool(properties)
    )


def _required_with_siblings(
    specs: list[FieldSpec], required: frozenset[str], prefix: str, group: str
) -> list[FieldSpec]:
    """Inside an optional object, a required member is needed once any sibling is sent."""
    names = [spec.name for spec in specs]
    message = f"Required when other {group or 'related'} fields are set."
    out = []
    for spec in specs:
        own = spec.name[len(prefix) :]
        if own in required and not spec.required.any_rule:
            siblings = tuple((other, message) for other in names if other != spec.name)
            if siblings:
                spec = dataclasses.replace(spec, required=Requirement(if_defined=siblings))
                spec = dataclasses.replace(spec, advanced=False)
        out.append(spec)
    return out


def _leaf(
    name: str,
    key: str,
    node: Node | None,
    walk: _Walk,
    rule: Requirement,
    *,
    group: str,
    depth: int,
    nested: bool,
) -> FieldSpec:
    schema: Mapping[str, Any] = node.schema if node is not None else {}
    kind, source_type, extra = _kind(key, node, walk, depth)
    prompt = kind is FieldKind.TEXT and rules.normalized_name(key) in ("prompt", "textprompt")
    min_length, max_length = extra.pop("lengths", (None, None))
    if kind is FieldKind.TEXT and rules.is_long_text(key, prompt, max_length):
        kind = FieldKind.LONG_TEXT
    spec = FieldSpec(
        name=name,
        kind=kind,
        label=sanitize.text(schema.get("title"), sanitize.MAX_LABEL_CHARS) or display_label(key),
        source_type=source_type,
        description=sanitize.text(schema.get("description")),
        placeholder=_placeholder(schema),
        required=rule,
        min_length=min_length,
        max_length=max_length,
        group=group,
        advanced=rules.is_advanced(
            key,
            group,
            requirement=rule,
            prompt=prompt,
            cost_impact=False,
            collapsed=nested or None,
        ),
        prompt=prompt,
        raw=MappingProxyType(dict(schema)),
        **extra,
    )
    default = schema.get("default", NO_DEFAULT)
    if default is NO_DEFAULT and "const" in schema:
        default = schema["const"]
    return dataclasses.replace(spec, default=repair_default(spec, default))


def _kind(
    key: str, node: Node | None, walk: _Walk, depth: int
) -> tuple[FieldKind, str, dict[str, Any]]:
    """The editor kind, a short source-type label, and the FieldSpec keywords it implies."""
    if node is None or node.unsupported:
        return FieldKind.JSON, "unsupported", {}
    schema = node.schema
    values = nodes.listed_values(node)
    if values is not None:
        return _choice_kind(key, schema, values)
    type_name = schema.get("type")
    if type_name == "string":
        file_kind = _file_kind(key, schema)
        lengths = sanitize.count_bounds(schema.get("minLength"), schema.get("maxLength"))
        if file_kind is not None:
            return FieldKind.FILE, "string/uri", {"file_kind": file_kind, **_file_limits(schema)}
        return FieldKind.TEXT, "string", {"lengths": lengths}
    if type_name in _NUMERIC:
        integer = type_name == "integer" or rules.is_seed_name(key)
        kind = FieldKind.SEED if rules.is_seed_name(key) else FieldKind.NUMBER
        if integer and kind is FieldKind.NUMBER:
            kind = FieldKind.INTEGER
        return kind, type_name, {**nodes.numeric_bounds(schema, integer), "integer": integer}
    if type_name == "boolean":
        return FieldKind.BOOLEAN, "boolean", {}
    if type_name == "array":
        return _array_kind(key, node, walk, depth)
    return FieldKind.JSON, type_name if isinstance(type_name, str) else "any", {}


def _choice_kind(
    key: str, schema: Mapping[str, Any], values: tuple[tuple[Any, str], ...]
) -> tuple[FieldKind, str, dict[str, Any]]:
    scalars = [(v, label) for v, label in values if not isinstance(v, bool)]
    if values and len(scalars) == 0:
        return FieldKind.BOOLEAN, "boolean", {}
    choices = tuple(Choice(value, label or _choice_label(value)) for value, label in scalars)
    if not choices:
        return FieldKind.JSON, "enum", {}
    numbers = [c.value for c in choices if not isinstance(c.value, str)]
    integer = bool(numbers) and len(numbers) == len(choices)
    integer = integer and all(sanitize.integral(v) for v in numbers)  # type: ignore[arg-type]
    source = schema.get("type") if isinstance(schema.get("type"), str) else "enum"
    return FieldKind.CHOICE, str(source), {"choices": choices, "integer": integer}


def _choice_label(value: str | int | float) -> str:
    return NONE_LABEL if value == "" else format_number(value)


def _array_kind(
    key: str, node: Node, walk: _Walk, depth: int
) -> tuple[FieldKind, str, dict[str, Any]]:
    schema = node.schema
    counts = sanitize.count_bounds(schema.get("minItems"), schema.get("maxItems"))
    extra: dict[str, Any] = {"lengths": counts}
    items = walk.read(schema.get("items", True), node.trail)
    if items is None or items.unsupported:
        return FieldKind.JSON, "array", {}
    values = nodes.listed_values(items)
    item_type = items.schema.get("type")
    if values is not None:
        kind, _source, choice_extra = _choice_kind(key, items.schema, values)
        if kind is FieldKind.CHOICE:
            return FieldKind.MULTI_CHOICE, "array<enum>", {**extra, **choice_extra}
        return FieldKind.JSON, "array", {}
    if item_type in _NUMERIC:
        integer = item_type == "integer"
        bounds = nodes.numeric_bounds(items.schema, integer)
        return FieldKind.NUMBER_LIST, f"array<{item_type}>", {**extra, **bounds, "integer": integer}
    if item_type == "string":
        file_kind = _file_kind(key, items.schema)
        if file_kind is not None:
            limits = _file_limits(items.schema)
            return FieldKind.FILE_LIST, "array<uri>", {**extra, "file_kind": file_kind, **limits}
        return FieldKind.TAGS, "array<string>", extra
    if _nests(items) and depth < MAX_OBJECT_DEPTH:
        children = _object_fields(
            items, walk, prefix="", group="", depth=depth + 1, always=True, rows=True
        )
        if children:
            return FieldKind.GROUP_LIST, "array<object>", {**extra, "children": tuple(children)}
    return FieldKind.JSON, "array", {}


def _file_kind(key: str, schema: Mapping[str, Any]) -> str | None:
    """A string that carries a file: a URL (or base64) to audio, an image, a video."""
    media = schema.get("contentMediaType")
    if isinstance(media, str) and media.split("/")[0] in ("audio", "image", "video"):
        return media.split("/")[0]
    fmt = schema.get("format")
    fmt = fmt if isinstance(fmt, str) else None
    carries_file = fmt in _URI_FORMATS or fmt == "binary" or schema.get("contentEncoding")
    if not carries_file:
        return None
    name = rules.normalized_name(key)
    for word, kind in _MEDIA_WORDS:
        if word in name:
            return kind
    # A bare link (a webhook, a homepage) is typed in as text; binary data is still a file.
    return "file" if fmt == "binary" or schema.get("contentEncoding") else None


def _file_limits(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Size and duration limits; JSON Schema has no words for them, so ``x-`` keys carry
    them where a bundled document knows them (``x-maxSize`` bytes, ``x-m..Duration`` s)."""
    size = sanitize.positive_number(schema.get("x-maxSize"))
    return {
        "max_size": None if size is None else int(size),
        "min_duration": sanitize.positive_number(schema.get("x-minDuration")),
        "max_duration": sanitize.positive_number(schema.get("x-maxDuration")),
    }


def _placeholder(schema: Mapping[str, Any]) -> str:
    examples = schema.get("examples")
    example = examples[0] if isinstance(examples, list) and examples else schema.get("example")
    if isinstance(example, str) and "\n" not in example.strip():
        return sanitize.text(example, sanitize.MAX_LABEL_CHARS)
    return ""
