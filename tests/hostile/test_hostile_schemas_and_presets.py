"""Model schemas and preset files that are hostile in ways the unit properties do not reach:
schemas that arrive as server JSON or model files (then straight into the form functions),
nested thousands deep, cyclic or huge; preset files that are random bytes, cut short, flipped,
nested too deep or full of non-finite numbers; and the user's own presets file damaged.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.errors import ProtocolError
from sonodesk.core.presets import PresetStore
from sonodesk.core.presets.transfer import PresetImportError, export_presets, import_presets
from sonodesk.core.providers import scenario_parse
from sonodesk.core.providers.aimlapi_models import load_bundled, record_from_document
from sonodesk.core.schema import (
    FieldSpec,
    SchemaError,
    build_body,
    default_values,
    specs_from_jsonschema,
    specs_from_scenario,
    validate,
)
from sonodesk.sandbox.catalog import MODELS, MUSIC_MODEL_ID

scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**64), 2**64)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20)
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)
TYPES = ["string", "number", "boolean", "file", "file_array", "string_array", "number_array",
         "model", "inputs_array", "integer", "object", "array", "weird"]  # fmt: skip
inputs = st.lists(
    st.fixed_dictionaries(
        {"name": st.text(max_size=12) | json_values, "type": st.sampled_from(TYPES) | json_values},
        optional={
            "default": json_values,
            "allowedValues": st.lists(scalars, max_size=300) | json_values,
            "min": json_values,
            "max": json_values,
            "maxLength": json_values,
            "required": json_values,
            "inputs": json_values,
            "label": st.text(max_size=5000),
        },
    )
    | json_values,
    max_size=30,
)
PROPERTIES = settings(
    max_examples=150,
    deadline=3000,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _form_round_trip(specs: list[FieldSpec]) -> None:
    """What the form does with specs: defaults, validation, the request body."""
    values = default_values(specs)
    for error in validate(specs, values):
        assert error.message and error.message[0].isupper() and error.message.endswith(".")
    json.dumps(build_body(specs, values), allow_nan=False)


@PROPERTIES
@given(
    model=st.fixed_dictionaries(
        {"id": st.sampled_from(["model_x", "..", "", "a/b"]) | json_values, "inputs": inputs},
        optional={"uiConfig": json_values, "name": json_values, "tags": json_values},
    ),
    wrapped=st.booleans(),
)
def test_a_model_answer_from_the_server_reaches_the_form_safely(model: Any, wrapped: bool) -> None:
    try:
        record = scenario_parse.model_from_json({"model": model} if wrapped else model, "scenario")
    except ProtocolError:
        return
    specs = specs_from_scenario(record.inputs or (), record.ui_config)
    _form_round_trip(specs)


@PROPERTIES
@given(
    document=json_values
    | st.fixed_dictionaries({"model": json_values})
    | st.fixed_dictionaries(
        {"model": st.fixed_dictionaries({"id": st.text(max_size=20), "schema": json_values})}
    )
)
def test_an_aimlapi_model_document_reaches_the_form_safely(document: Any) -> None:
    try:
        record = record_from_document(document, "aimlapi")
    except ProtocolError:
        return
    try:
        specs = specs_from_jsonschema(record.json_schema)
    except SchemaError:
        return
    _form_round_trip(specs)


@settings(max_examples=25, deadline=5000)
@given(
    depth=st.integers(1, 3000), kind=st.sampled_from(["inputs_array", "object", "items", "anyOf"])
)
def test_schemas_nested_thousands_deep_are_bounded(depth: int, kind: str) -> None:
    started = time.monotonic()
    if kind == "inputs_array":
        node: Any = {"name": "leaf", "type": "string"}
        for level in range(depth):
            node = {"name": f"n{level}", "type": "inputs_array", "inputs": [node]}
        specs = specs_from_scenario([node], None)
    else:
        leaf: Any = {"type": "string"}
        for level in range(depth):
            leaf = {
                "object": {"type": "object", "properties": {f"p{level}": leaf}},
                "items": {"type": "array", "items": leaf},
                "anyOf": {"anyOf": [leaf, {"type": "null"}]},
            }[kind]
        specs = specs_from_jsonschema({"properties": {"root": leaf}})
    _form_round_trip(specs)
    assert time.monotonic() - started < 3.0


def test_cyclic_references_and_huge_documents_are_bounded() -> None:
    cyclic = {
        "$defs": {"A": {"$ref": "#/$defs/B"}, "B": {"$ref": "#/$defs/A"}},
        "properties": {"a": {"$ref": "#/$defs/A"}, "me": {"type": "object", "properties": {
            "again": {"$ref": "#"}}}},
    }  # fmt: skip
    _form_round_trip(specs_from_jsonschema(cyclic))
    started = time.monotonic()
    huge = [
        {
            "name": f"f{n}",
            "type": "string",
            "default": "x" * 100_000,
            "allowedValues": list(range(500)),
        }
        for n in range(600)
    ]
    _form_round_trip(specs_from_scenario(huge, None))
    assert time.monotonic() - started < 10.0


def test_hostile_model_files_are_skipped_not_fatal(tmp_path: Path) -> None:
    good = {
        "model": {"id": "vendor/good", "schema": {"properties": {"prompt": {"type": "string"}}}}
    }
    files = {
        "good.json": json.dumps(good).encode(),
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "latin1.json": '{"model": "caf\xe9"}'.encode("latin-1"),
        "nan.json": b'{"model": {"id": "x", "schema": NaN}}',
        "empty.json": b"",
        "huge.json": b" " * (1024 * 1024 + 1),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    assert list(load_bundled(tmp_path, "aimlapi")) == ["vendor/good"]


# -- preset files ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def music_specs() -> list[FieldSpec]:
    (music,) = [m for m in MODELS if m["id"] == MUSIC_MODEL_ID]
    return specs_from_scenario(music["inputs"], music["uiConfig"])


@pytest.fixture(scope="module")
def shared_file(tmp_path_factory: pytest.TempPathFactory, music_specs: list[FieldSpec]) -> bytes:
    """A real exported preset file with two presets, as someone would share it."""
    folder = tmp_path_factory.mktemp("shared")
    store = PresetStore(folder / "presets", "sandbox", starters_dir=folder / "none")
    store.save(MUSIC_MODEL_ID, "Groove", {"prompt": "funk at 100 bpm", "duration": 30}, music_specs)
    store.save(MUSIC_MODEL_ID, "Pads", {"prompt": "ambient pads", "duration": 60}, music_specs)
    path = folder / "shared.sonodesk-presets.json"
    assert export_presets(store, MUSIC_MODEL_ID, path) == 2
    return path.read_bytes()


def _import(tmp: Path, data: bytes, specs: list[FieldSpec]) -> Any:
    path = tmp / "incoming.json"
    path.write_bytes(data)
    store = PresetStore(tmp / f"store-{time.monotonic_ns()}", "sandbox", starters_dir=tmp / "none")
    try:
        result = import_presets(store, path, MUSIC_MODEL_ID, specs)
    except PresetImportError as exc:
        assert exc.message and exc.message[0].isupper() and exc.message.endswith(".")
        assert not store.path_for(MUSIC_MODEL_ID).exists()  # nothing half-imported
        return exc
    for imported in result.presets:
        values = store.get(MUSIC_MODEL_ID, imported.name).params
        json.dumps(values, allow_nan=False)  # never a NaN or an infinity in a saved preset
        for error in validate(specs, values):
            assert error.message.endswith(".")
    return result


@PROPERTIES
@given(data=st.binary(max_size=2000))
def test_random_bytes_as_a_preset_file(
    tmp_path: Path, music_specs: list[FieldSpec], data: bytes
) -> None:
    _import(tmp_path, data, music_specs)


@PROPERTIES
@given(
    cut=st.floats(0.0, 1.0),
    flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=5),
)
def test_a_shared_preset_file_cut_short_or_damaged(
    tmp_path: Path, music_specs: list[FieldSpec], shared_file: bytes, cut: float, flips: list[Any]
) -> None:
    data = bytearray(shared_file[: int(len(shared_file) * cut)])
    for where, value in flips:
        if data:
            data[min(len(data) - 1, int(where * len(data)))] = value
    outcome = _import(tmp_path, bytes(data), music_specs)
    if cut == 1.0 and not flips:
        assert [p.name for p in outcome.presets] == ["Groove", "Pads"]


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (lambda t: t.replace('"duration": 30', '"duration": NaN'), None),
        (lambda t: t.replace('"duration": 30', '"duration": 1e999'), None),
        (lambda t: t.replace('"funk at 100 bpm"', "[" * 10_000 + "]" * 10_000), "nested"),
        (lambda t: t.replace('"funk at 100 bpm"', '"' + "x" * 900_000 + '"'), None),
        (lambda t: t.replace('"funk at 100 bpm"', '"' + "x" * 2_000_000 + '"'), "too large"),
        (lambda t: "\ufeff" + t, "ok"),
    ],
)
def test_non_finite_deep_and_huge_values(
    tmp_path: Path, music_specs: list[FieldSpec], shared_file: bytes, replace: Any, message: Any
) -> None:
    text = replace(shared_file.decode("utf-8"))
    outcome = _import(tmp_path, text.encode("utf-8"), music_specs)
    if message == "ok":
        assert [p.name for p in outcome.presets] == ["Groove", "Pads"]
    elif message is not None:
        assert isinstance(outcome, PresetImportError) and message in outcome.message
    # None: refused, or imported without the unusable value (_import checked what was saved).


def test_a_damaged_presets_file_of_your_own_is_kept_aside(
    tmp_path: Path, music_specs: list[FieldSpec]
) -> None:
    store = PresetStore(tmp_path / "presets", "sandbox", starters_dir=tmp_path / "none")
    store.save(MUSIC_MODEL_ID, "Mine", {"prompt": "lofi", "duration": 20}, music_specs)
    own = store.path_for(MUSIC_MODEL_ID)
    damaged = os.urandom(512)
    own.write_bytes(damaged)
    fresh = PresetStore(tmp_path / "presets", "sandbox", starters_dir=tmp_path / "none")
    listing = fresh.listing(MUSIC_MODEL_ID)
    assert listing.names() == []
    kept = [p for p in own.parent.iterdir() if ".damaged-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    fresh.save(MUSIC_MODEL_ID, "Again", {"prompt": "lofi", "duration": 20}, music_specs)
    assert fresh.listing(MUSIC_MODEL_ID).names() == ["Again"]
