"""Property tests: random and malformed inputs[] documents and values never crash the pipeline."""

from __future__ import annotations

import json
import random
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.schema import (
    FieldError,
    FieldKind,
    build_body,
    coerce_value,
    default_values,
    expand_variations,
    field_from_server_message,
    merge_values,
    schema_fingerprint,
    specs_from_scenario,
    validate,
)
from sonodesk.sandbox.catalog import MODELS

KNOWN_TYPES = [
    "string",
    "number",
    "boolean",
    "file",
    "file_array",
    "string_array",
    "number_array",
    "model",
    "model_array",
    "inputs_array",
]
KEYS = [
    "name", "type", "label", "description", "hint", "placeholder", "group", "default",
    "required", "allowedValues", "min", "max", "step", "minLength", "maxLength", "kind",
    "maxSize", "minDuration", "maxDuration", "costImpact", "prompt", "promptSpark", "inputs",
    "items", "modelTypes", "parent",
]  # fmt: skip

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
names = st.sampled_from(["prompt", "seed", "duration", "sections", "bars", "x", "numOutputs"]) | (
    st.text(max_size=12)
)
types = st.sampled_from(KNOWN_TYPES) | st.text(max_size=10) | json_like


@st.composite
def plausible_value(draw: st.DrawFn, key: str) -> Any:
    """Mostly well-formed values for ``key``, sometimes anything at all."""
    if draw(st.integers(0, 4)) == 0:
        return draw(json_like)
    if key in ("min", "max", "step", "minLength", "maxLength", "maxSize", "maxDuration"):
        return draw(st.integers(-5, 100) | st.floats(-5, 100))
    if key == "allowedValues":
        return draw(st.lists(st.text(max_size=5) | st.integers(0, 50), max_size=5))
    if key == "required":
        rule = st.fixed_dictionaries(
            {},
            optional={
                "always": st.booleans(),
                "ifDefined": st.dictionaries(names, st.text(max_size=10), max_size=2)
                | st.lists(json_like, max_size=3),
                "ifNotDefined": st.dictionaries(names, st.text(max_size=10), max_size=2) | names,
                "conditional": st.fixed_dictionaries(
                    {"values": st.dictionaries(names, st.lists(scalars, max_size=3), max_size=2)},
                    optional={"operator": st.sampled_from(["and", "or", "xor"])},
                ),
            },
        )
        return draw(st.booleans() | rule)
    if key in ("inputs", "items"):
        return draw(st.lists(st.deferred(lambda: entries), max_size=3))
    return draw(json_like)


@st.composite
def entry(draw: st.DrawFn) -> Any:
    if draw(st.integers(0, 9)) == 0:
        return draw(json_like)  # not an object at all
    keys = draw(st.lists(st.sampled_from(KEYS[2:]), unique=True, max_size=8))
    raw: dict[str, Any] = {key: draw(plausible_value(key)) for key in keys}
    if draw(st.integers(0, 9)):
        raw["name"] = draw(names)
    if draw(st.integers(0, 9)):
        raw["type"] = draw(types)
    return raw


entries = entry()
documents = st.lists(entries, max_size=12)
ui_configs = (
    st.none()
    | json_like
    | st.fixed_dictionaries(
        {"selects": st.dictionaries(names, json_like, max_size=3)},
        optional={"inputProperties": st.dictionaries(names, json_like, max_size=3)},
    )
)
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _walk(specs):  # type: ignore[no-untyped-def]
    for spec in specs:
        yield spec
        yield from _walk(spec.children)


@FAST
@given(documents, ui_configs)
def test_any_document_gives_usable_specs(document: list[Any], ui_config: Any) -> None:
    specs = specs_from_scenario(document, ui_config)
    names_seen = [spec.name for spec in specs]
    assert len(names_seen) == len(set(names_seen))
    for spec in _walk(specs):
        assert isinstance(spec.kind, FieldKind)
        hash(spec)
        if spec.source_type not in KNOWN_TYPES:
            assert spec.kind is FieldKind.JSON
        for bound in (spec.minimum, spec.maximum):
            assert bound is None or bound == bound  # never NaN
    values = default_values(specs)
    errors = validate(specs, values)
    assert all(isinstance(error, FieldError) for error in errors)
    body = build_body(specs, values)
    json.dumps(body, allow_nan=False)
    assert len(schema_fingerprint(specs)) == 16
    assert schema_fingerprint(specs) == schema_fingerprint(specs_from_scenario(document, ui_config))
    expand_variations(specs, values, 2, rng=random.Random(0))
    for error in errors:
        if '"' not in error.path:  # a quote inside a name cannot survive a quoted message
            assert field_from_server_message(f'"{error.path}" is invalid', specs) is not None


@FAST
@given(st.sampled_from(MODELS), st.dictionaries(names, json_like, max_size=8))
def test_any_values_are_validated_without_raising(model: dict[str, Any], values: Any) -> None:
    specs = specs_from_scenario(model["inputs"], model["uiConfig"])
    for error in validate(specs, values):
        assert error.message and error.message[0].isupper() and error.message.endswith(".")
    merged, notes = merge_values(specs, values)
    assert validate(specs, merged) is not None
    assert all(isinstance(note, str) for note in notes)


@FAST
@given(st.sampled_from(MODELS), json_like)
def test_coerce_is_idempotent_or_refuses(model: dict[str, Any], raw: Any) -> None:
    for spec in specs_from_scenario(model["inputs"], model["uiConfig"]):
        try:
            once = coerce_value(spec, raw)
        except ValueError as exc:
            assert str(exc).endswith(".")
            continue
        assert coerce_value(spec, once) == once


@FAST
@given(st.text(max_size=200))
def test_any_server_message_maps_to_a_known_field_or_none(message: str) -> None:
    model = MODELS[0]
    specs = specs_from_scenario(model["inputs"], model["uiConfig"])
    path = field_from_server_message(message, specs)
    assert path is None or path.split("[")[0].split(".")[0] in {s.name for s in specs}
