"""Property tests: random and malformed JSON Schema documents never crash the pipeline."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.schema import (
    FieldError,
    FieldKind,
    SchemaError,
    build_body,
    default_values,
    nest_dotted,
    schema_fingerprint,
    specs_from_jsonschema,
    validate,
)

KNOWN_TYPES = ["string", "integer", "number", "boolean", "array", "object", "null"]
DEF_NAMES = ["A", "B", "C"]

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
json_like = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
names = st.sampled_from(["prompt", "seed", "audio_setting", "format", "a.b", "x", ""]) | st.text(
    max_size=10
)
refs = st.sampled_from([f"#/$defs/{n}" for n in DEF_NAMES] + ["#", "#/nope", "http://x/y"])


def _schema(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keywords = st.fixed_dictionaries(
        {},
        optional={
            "type": st.sampled_from(KNOWN_TYPES)
            | st.lists(st.sampled_from(KNOWN_TYPES), max_size=3)
            | json_like,
            "properties": st.dictionaries(names, children, max_size=4) | json_like,
            "required": st.lists(names, max_size=3) | json_like,
            "items": children,
            "enum": st.lists(scalars, max_size=4) | json_like,
            "const": scalars,
            "default": json_like,
            "minimum": st.integers(-5, 50) | st.floats() | json_like,
            "maximum": st.integers(-5, 50) | st.floats() | json_like,
            "exclusiveMinimum": st.booleans() | st.integers(-5, 50) | st.floats(),
            "exclusiveMaximum": st.booleans() | st.integers(-5, 50) | st.floats(),
            "multipleOf": st.integers(-2, 5) | st.floats() | json_like,
            "minLength": st.integers(-2, 20) | json_like,
            "maxLength": st.integers(-2, 400) | json_like,
            "minItems": st.integers(-2, 5),
            "maxItems": st.integers(-2, 5),
            "format": st.sampled_from(["uri", "binary", "date"]) | json_like,
            "anyOf": st.lists(children, max_size=3) | json_like,
            "oneOf": st.lists(children, max_size=3),
            "allOf": st.lists(children, max_size=3),
            "$ref": refs | json_like,
            "nullable": st.booleans() | json_like,
            "readOnly": st.booleans(),
            "title": json_like,
            "description": json_like,
            "examples": json_like,
            "contentMediaType": st.sampled_from(["audio/mpeg", "image/png", "x"]),
            "x-maxSize": json_like,
        },
    )
    return keywords | json_like


schemas = st.recursive(st.just({}) | st.just(True), _schema, max_leaves=25)
documents = st.fixed_dictionaries(
    {"properties": st.dictionaries(names, schemas, max_size=8)},
    optional={
        "type": st.just("object") | json_like,
        "required": st.lists(names, max_size=4) | json_like,
        "$defs": st.dictionaries(st.sampled_from(DEF_NAMES), schemas, max_size=3),
        "allOf": st.lists(schemas, max_size=2),
        "$ref": refs,
    },
)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _walk(specs):  # type: ignore[no-untyped-def]
    for spec in specs:
        yield spec
        yield from _walk(spec.children)


@FAST
@given(documents | schemas)
def test_any_document_gives_usable_specs(document: Any) -> None:
    if not isinstance(document, dict):
        with pytest.raises(SchemaError, match="expected a JSON object"):
            specs_from_jsonschema(document)
        return
    specs = specs_from_jsonschema(document)
    seen = [spec.name for spec in specs]
    assert len(seen) == len(set(seen)) and "model" not in seen
    for spec in _walk(specs):
        assert isinstance(spec.kind, FieldKind)
        hash(spec)
        for bound in (spec.minimum, spec.maximum, spec.step):
            assert bound is None or bound == bound  # never NaN
        if spec.minimum is not None and spec.maximum is not None:
            assert spec.minimum <= spec.maximum
    values = default_values(specs)
    errors = validate(specs, values)
    assert all(isinstance(error, FieldError) for error in errors)
    body = build_body(specs, values)
    json.dumps(nest_dotted(body), allow_nan=False)  # dotted names never collide
    assert schema_fingerprint(specs) == schema_fingerprint(specs_from_jsonschema(document))


KEYWORDS = [
    "enum", "const", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "multipleOf", "minLength", "maxLength", "minItems", "maxItems", "format", "items",
    "properties", "required", "anyOf", "oneOf", "allOf", "$ref", "nullable", "title",
    "description", "examples", "example", "contentMediaType", "contentEncoding", "x-maxSize",
    "x-minDuration", "readOnly",
]  # fmt: skip


@FAST
@given(
    st.sampled_from(KNOWN_TYPES),
    st.dictionaries(st.sampled_from(KEYWORDS), json_like, max_size=6),
    names,
)
def test_any_keyword_value_on_a_typed_field_is_tolerated(
    type_name: str, keywords: dict[str, Any], name: str
) -> None:
    document = {"properties": {name: {"type": type_name, **keywords}}, "required": [name]}
    for spec in specs_from_jsonschema(document):
        validate([spec], default_values([spec]))
        json.dumps(build_body([spec], default_values([spec])), allow_nan=False)


@FAST
@given(json_like)
def test_anything_that_is_not_a_mapping_is_a_schema_error(value: Any) -> None:
    if isinstance(value, dict):
        specs_from_jsonschema(value)
    else:
        with pytest.raises(SchemaError):
            specs_from_jsonschema(value)


@FAST
@given(
    st.text(min_size=1, max_size=12).filter(lambda t: t not in KNOWN_TYPES),
    st.dictionaries(st.sampled_from(["minimum", "maxLength", "format", "default"]), scalars),
)
def test_unknown_types_fall_back_to_json(type_name: str, extra: dict[str, Any]) -> None:
    document = {"properties": {"field": {"type": type_name, **extra}}}
    (spec,) = specs_from_jsonschema(document)
    assert spec.kind is FieldKind.JSON and spec.name == "field"
