"""Scenario ``inputs[]`` (+ ``uiConfig``) -> a tuple of FieldSpecs, tolerant of odd documents.

Entries that cannot be used are skipped, odd values repaired; only a document that is not a
list at all raises SchemaError. No Qt, no network, no I/O.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import Any, Final

from sonodesk.core.schema import rules, sanitize
from sonodesk.core.schema.coerce import same_value
from sonodesk.core.schema.fieldspec import (
    NO_DEFAULT,
    NOT_REQUIRED,
    Choice,
    Conditional,
    FieldKind,
    FieldSpec,
    Requirement,
    SchemaError,
)
from sonodesk.core.schema.labels import NONE_LABEL, display_label, format_number
from sonodesk.core.schema.values import repair_default

log = logging.getLogger(__name__)

MAX_DEPTH: Final = 3  # inputs_array inside inputs_array ... deeper levels become JSON fields
_CHOICE_TYPES: Final = frozenset({"string", "number", "string_array", "number_array"})
_ITEM_COUNT_TYPES: Final = frozenset({"string_array", "file_array", "model_array", "inputs_array"})
_FILE_TYPES: Final = frozenset({"file", "file_array"})
_DEFAULT_FILE_KIND: Final = "image"  # what the API reports when a model declares no kind


def specs_from_scenario(
    inputs: Sequence[Mapping[str, Any]], ui_config: Mapping[str, Any] | None = None
) -> tuple[FieldSpec, ...]:
    """Build the specs of a Scenario model from its ``inputs[]`` and optional ``uiConfig``.

    Order is kept, except that fields sharing a ``group`` are pulled together at the position
    where the group first appears. Raises SchemaError only when ``inputs`` is not a list.
    """
    if not isinstance(inputs, Sequence) or isinstance(inputs, str | bytes | bytearray):
        raise SchemaError(
            "This model's parameter list could not be read.",
            hint="Refresh the model list; if this persists, pick another model.",
        )
    ui = sanitize.mapping(ui_config)
    selects = sanitize.mapping(ui.get("selects"))
    properties = sanitize.mapping(ui.get("inputProperties"))
    return _parse_level(inputs, selects, properties, depth=0)


def specs_from_scenario_model(model: Mapping[str, Any]) -> tuple[FieldSpec, ...]:
    """The same, from a whole model record (``{"inputs": [...], "uiConfig": {...}, ...}``)."""
    if not isinstance(model, Mapping):
        raise SchemaError("This model's description could not be read.")
    inputs: Any = model.get("inputs")
    return specs_from_scenario(inputs, sanitize.mapping(model.get("uiConfig")))


def _parse_level(
    inputs: Sequence[Any],
    selects: Mapping[str, Any],
    properties: Mapping[str, Any],
    depth: int,
) -> tuple[FieldSpec, ...]:
    specs: list[FieldSpec] = []
    seen: set[str] = set()
    for position, entry in enumerate(inputs):
        if not isinstance(entry, Mapping):
            log.debug("skipping input #%d: not an object", position)
            continue
        spec = _parse_input(entry, selects, properties, depth)
        if spec is None or spec.name in seen:
            log.debug("skipping input #%d: no usable or a duplicate name", position)
            continue
        seen.add(spec.name)
        specs.append(spec)
    if specs and all(s.advanced for s in specs):
        # A form whose every field is collapsed would look empty: show them all instead.
        specs = [dataclasses.replace(s, advanced=False) for s in specs]
    return _group_together(specs)


def _group_together(specs: list[FieldSpec]) -> tuple[FieldSpec, ...]:
    buckets: dict[tuple[str, str], list[FieldSpec]] = {}
    for spec in specs:
        key = ("group", spec.group) if spec.group else ("field", spec.name)
        buckets.setdefault(key, []).append(spec)
    return tuple(spec for bucket in buckets.values() for spec in bucket)


def _parse_input(
    raw: Mapping[str, Any],
    selects: Mapping[str, Any],
    properties: Mapping[str, Any],
    depth: int,
) -> FieldSpec | None:
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > sanitize.MAX_NAME_CHARS:
        return None
    type_name = raw.get("type") if isinstance(raw.get("type"), str) else ""
    type_name = type_name[: sanitize.MAX_LABEL_CHARS]
    prompt = type_name == "string" and (
        sanitize.flag(raw.get("prompt")) or sanitize.flag(raw.get("promptSpark"))
    )
    requirement = parse_requirement(raw.get("required"))
    cost_impact = sanitize.flag(raw.get("costImpact"))
    group = sanitize.text(raw.get("group"), sanitize.MAX_LABEL_CHARS)

    minimum, maximum = sanitize.bounds(raw.get("min"), raw.get("max"))
    step = sanitize.positive_number(raw.get("step"))
    min_length, max_length = sanitize.count_bounds(raw.get("minLength"), raw.get("maxLength"))
    if type_name in _ITEM_COUNT_TYPES:
        # Item-typed arrays have no numeric values: a min/max can only be an item count.
        if min_length is None and max_length is None:
            min_length, max_length = sanitize.count_bounds(minimum, maximum)
        minimum = maximum = step = None
    elif type_name not in ("number", "number_array"):
        minimum = maximum = step = None

    choices = ()
    if type_name in _CHOICE_TYPES:
        choices = _choices(type_name, raw.get("allowedValues"), selects.get(name))
    default_number = sanitize.finite_number(raw.get("default")) if type_name == "number" else None
    if choices and type_name in ("number", "number_array"):
        integer = all(sanitize.integral(c.value) for c in choices)  # type: ignore[arg-type]
    else:
        integer = type_name in ("number", "number_array") and rules.is_integer_number(
            name, step, (minimum, maximum, default_number)
        )
    kind = rules.decide_kind(
        type_name,
        name,
        has_choices=bool(choices),
        long_text=rules.is_long_text(name, prompt, max_length),
        integer=integer,
    )
    children: tuple[FieldSpec, ...] = ()
    if kind is FieldKind.GROUP_LIST:
        children = _children(raw, depth)
        if not children:
            kind = FieldKind.JSON  # rows with no known fields: edit them as JSON
    if kind is FieldKind.SEED:
        integer = True

    spec = FieldSpec(
        name=name,
        kind=kind,
        label=sanitize.text(raw.get("label"), sanitize.MAX_LABEL_CHARS) or display_label(name),
        source_type=type_name,
        description=sanitize.text(raw.get("description")),
        hint=sanitize.text(raw.get("hint")),
        placeholder=sanitize.text(raw.get("placeholder"), sanitize.MAX_LABEL_CHARS),
        required=requirement,
        choices=choices,
        minimum=minimum,
        maximum=maximum,
        step=step,
        integer=integer,
        min_length=min_length,
        max_length=max_length,
        group=group,
        advanced=rules.is_advanced(
            name,
            group,
            requirement=requirement,
            prompt=prompt,
            cost_impact=cost_impact,
            collapsed=sanitize.mapping(properties.get(name)).get("collapsed"),
        ),
        prompt=prompt,
        cost_impact=cost_impact,
        file_kind=_file_kind(raw.get("kind")) if type_name in _FILE_TYPES else None,
        max_size=_whole(sanitize.positive_number(raw.get("maxSize"))),
        min_duration=sanitize.positive_number(raw.get("minDuration")),
        max_duration=sanitize.positive_number(raw.get("maxDuration")),
        model_types=sanitize.string_tuple(raw.get("modelTypes")),
        parent=sanitize.flag(raw.get("parent")),
        children=children,
        raw=MappingProxyType(dict(raw)),
    )
    return dataclasses.replace(spec, default=repair_default(spec, raw.get("default", NO_DEFAULT)))


def parse_requirement(raw: Any) -> Requirement:
    """``required``: a rule object, or a plain bool in older records; anything else: optional."""
    if isinstance(raw, bool):
        return Requirement(always=raw)
    if not isinstance(raw, Mapping):
        return NOT_REQUIRED
    requirement = Requirement(
        always=sanitize.flag(raw.get("always")),
        if_defined=_messages(raw.get("ifDefined")),
        if_not_defined=_messages(raw.get("ifNotDefined")),
        conditional=_conditional(raw.get("conditional")),
    )
    return requirement if requirement.any_rule else NOT_REQUIRED


def _messages(raw: Any) -> tuple[tuple[str, str], ...]:
    if isinstance(raw, str):
        raw = [raw]
    if isinstance(raw, Sequence):
        # A bare list of sibling names, without messages.
        raw = dict.fromkeys((item for item in raw if isinstance(item, str)), "")
    if not isinstance(raw, Mapping):
        return ()
    return tuple(
        (sibling, sanitize.text(message, sanitize.MAX_LABEL_CHARS))
        for sibling, message in raw.items()
        if isinstance(sibling, str) and sibling and len(sibling) <= sanitize.MAX_NAME_CHARS
    )


def _conditional(raw: Any) -> Conditional | None:
    values = sanitize.mapping(sanitize.mapping(raw).get("values"))
    pairs = tuple(
        (name, sanitize.scalar_tuple(accepted))
        for name, accepted in values.items()
        if isinstance(name, str) and name
    )
    if not pairs:
        return None
    return Conditional(pairs, "or" if sanitize.mapping(raw).get("operator") == "or" else "and")


def _choices(type_name: str, allowed: Any, labels: Any) -> tuple[Choice, ...]:
    if not isinstance(allowed, list | tuple):
        return ()
    numeric = type_name in ("number", "number_array")
    # One type per field (all str or all tidied numbers), so plain equality de-duplicates.
    values = dict.fromkeys(
        value for value in (_choice_value(item, numeric) for item in allowed) if value is not None
    )
    return tuple(Choice(value, _choice_label(value, labels)) for value in values)


def _choice_value(item: Any, numeric: bool) -> str | int | float | None:
    if numeric:
        number = sanitize.finite_number(item)
        return None if number is None else sanitize.tidy_number(number)
    if isinstance(item, str):
        return item[: sanitize.MAX_CHOICE_CHARS]
    if isinstance(item, int | float) and not isinstance(item, bool):
        number = sanitize.finite_number(item)
        return None if number is None else format_number(number)
    return None


def _choice_label(value: str | int | float, labels: Any) -> str:
    label: Any = None
    if isinstance(labels, Mapping):
        label = labels.get(value if isinstance(value, str) else format_number(value))
        if label is None and not isinstance(value, str):
            label = labels.get(value)
    elif isinstance(labels, list | tuple):  # [{"value": ..., "label": ...}, ...]
        for entry in labels:
            if isinstance(entry, Mapping) and same_value(entry.get("value"), value):
                label = entry.get("label")
                break
    if isinstance(label, str) and label.strip():
        return label.strip()[: sanitize.MAX_LABEL_CHARS]
    return NONE_LABEL if value == "" else format_number(value)


def _children(raw: Mapping[str, Any], depth: int) -> tuple[FieldSpec, ...]:
    if depth >= MAX_DEPTH:
        return ()
    sub = raw.get("inputs")
    if not isinstance(sub, list | tuple):
        sub = raw.get("items")
        if isinstance(sub, Mapping):
            sub = sub.get("inputs")
    if not isinstance(sub, list | tuple):
        return ()
    return _parse_level(sub, {}, {}, depth + 1)


def _file_kind(raw: Any) -> str:
    kind = sanitize.text(raw, 40).lower()
    return kind or _DEFAULT_FILE_KIND


def _whole(number: int | float | None) -> int | None:
    return None if number is None else int(number)
