"""Scenario inputs[] -> FieldSpecs: kinds, rules, defaults, ordering, and tolerance of garbage."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from sonodesk.core.errors import SonodeskError
from sonodesk.core.schema import (
    NO_DEFAULT,
    Conditional,
    FieldKind,
    FieldSpec,
    Requirement,
    SchemaError,
    partition_advanced,
    sections,
    specs_from_scenario,
    specs_from_scenario_model,
)


def spec_of(ui_config: dict[str, Any] | None = None, **raw: Any) -> FieldSpec:
    specs = specs_from_scenario([raw], ui_config)
    assert len(specs) == 1
    return specs[0]


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ({"name": "keyscale", "type": "string"}, FieldKind.TEXT),
        ({"name": "keyscale", "type": "string", "prompt": True}, FieldKind.LONG_TEXT),
        ({"name": "caption", "type": "string", "maxLength": 512}, FieldKind.LONG_TEXT),
        ({"name": "caption", "type": "string", "maxLength": 120}, FieldKind.TEXT),
        ({"name": "lyrics", "type": "string"}, FieldKind.LONG_TEXT),
        ({"name": "negative_prompt", "type": "string"}, FieldKind.LONG_TEXT),
        ({"name": "transcript", "type": "string"}, FieldKind.LONG_TEXT),
        ({"name": "text", "type": "string"}, FieldKind.LONG_TEXT),
        ({"name": "key", "type": "string", "allowedValues": ["C", "D"]}, FieldKind.CHOICE),
        ({"name": "rate", "type": "number", "allowedValues": [8000, 16000]}, FieldKind.CHOICE),
        ({"name": "speed", "type": "number", "min": 0.7, "max": 1.2}, FieldKind.NUMBER),
        ({"name": "bars", "type": "number"}, FieldKind.INTEGER),
        ({"name": "seed", "type": "number"}, FieldKind.SEED),
        ({"name": "Seed", "type": "number", "allowedValues": [1, 2]}, FieldKind.SEED),
        ({"name": "loop", "type": "boolean"}, FieldKind.BOOLEAN),
        ({"name": "stems", "type": "string_array", "allowedValues": ["a"]}, FieldKind.MULTI_CHOICE),
        ({"name": "keyterms", "type": "string_array"}, FieldKind.TAGS),
        ({"name": "cutPoints", "type": "number_array"}, FieldKind.NUMBER_LIST),
        ({"name": "audio", "type": "file"}, FieldKind.FILE),
        ({"name": "images", "type": "file_array"}, FieldKind.FILE_LIST),
        ({"name": "voiceId", "type": "model"}, FieldKind.MODEL),
        ({"name": "loras", "type": "model_array"}, FieldKind.MODEL_LIST),
        (
            {"name": "rows", "type": "inputs_array", "inputs": [{"name": "a", "type": "string"}]},
            FieldKind.GROUP_LIST,
        ),
        ({"name": "rows", "type": "inputs_array"}, FieldKind.JSON),  # no sub-fields known
        ({"name": "tint", "type": "color_wheel"}, FieldKind.JSON),
        ({"name": "tint"}, FieldKind.JSON),
        ({"name": "tint", "type": 7}, FieldKind.JSON),
    ],
)
def test_kind(raw: dict[str, Any], kind: FieldKind) -> None:
    assert spec_of(**raw).kind is kind


@pytest.mark.parametrize(
    ("raw", "integer"),
    [
        ({"name": "duration", "type": "number", "min": 4, "max": 180, "step": 1}, True),
        ({"name": "duration", "type": "number", "min": 3, "max": 180}, False),  # no step, no name
        ({"name": "swing", "type": "number", "min": 0, "max": 0.5, "step": 0.05}, False),
        ({"name": "gain", "type": "number", "min": -24, "max": 24, "step": 0.5}, False),
        ({"name": "gain", "type": "number", "min": 0.5, "max": 24, "step": 1}, False),  # bound
        ({"name": "numOutputs", "type": "number", "min": 1, "max": 4}, True),
        ({"name": "num_samples", "type": "number"}, True),
        ({"name": "numeric", "type": "number"}, False),
        ({"name": "numBeats", "type": "number", "step": 0.5}, False),  # step says otherwise
        ({"name": "bars", "type": "number", "default": 2.5}, False),  # so does the default
        ({"name": "sampleRate", "type": "number", "allowedValues": [8000, 44100]}, True),
        ({"name": "ratio", "type": "number", "allowedValues": [0.5, 1]}, False),
        ({"name": "seed", "type": "number", "step": 0.5}, True),  # seeds are always whole
    ],
)
def test_integer_rule(raw: dict[str, Any], integer: bool) -> None:
    assert spec_of(**raw).integer is integer


def test_advanced_rule() -> None:
    specs = specs_from_scenario(
        [
            {"name": "prompt", "type": "string", "prompt": True, "group": "advanced"},
            {"name": "duration", "type": "number", "costImpact": True, "group": "advanced"},
            {"name": "swing", "type": "number", "group": "Advanced settings"},
            {"name": "seed", "type": "number"},
            {"name": "seed2", "type": "number", "group": "expert"},
            {"name": "outputFormat", "type": "string", "allowedValues": ["mp3"]},
            {"name": "negativePrompt", "type": "string"},
            {"name": "thinking", "type": "boolean"},
            {"name": "sampleRate", "type": "number", "required": True},  # required: visible
            {"name": "bitrate", "type": "number", "required": {"ifDefined": {"x": "m"}}},
            {"name": "stability", "type": "number"},
        ],
        {"inputProperties": {"stability": {"collapsed": True}, "thinking": {"collapsed": False}}},
    )
    advanced = {s.name for s in specs if s.advanced}
    assert advanced == {"swing", "seed", "seed2", "outputFormat", "negativePrompt", "stability"}
    primary, collapsed = partition_advanced(specs)
    assert [s.name for s in primary] == ["prompt", "duration", "thinking", "sampleRate", "bitrate"]
    assert len(collapsed) == 6


def test_a_form_is_never_all_advanced() -> None:
    specs = specs_from_scenario(
        [{"name": "seed", "type": "number"}, {"name": "outputFormat", "type": "string"}]
    )
    assert [s.advanced for s in specs] == [False, False]


def test_order_is_kept_and_groups_are_pulled_together() -> None:
    specs = specs_from_scenario(
        [
            {"name": "a", "type": "string", "group": "g1"},
            {"name": "b", "type": "string"},
            {"name": "c", "type": "string", "group": "g2"},
            {"name": "d", "type": "string", "group": "g1"},
            {"name": "e", "type": "string"},
            {"name": "f", "type": "string", "group": "g2"},
        ]
    )
    assert [s.name for s in specs] == ["a", "d", "b", "c", "f", "e"]
    assert [(g, [s.name for s in members]) for g, members in sections(specs)] == [
        ("g1", ["a", "d"]),
        ("", ["b"]),
        ("g2", ["c", "f"]),
        ("", ["e"]),
    ]


def test_choice_labels_from_ui_config() -> None:
    fmt = spec_of(
        {"selects": {"fmt": {"": "Keep input format", "wav": "WAV (lossless)"}}},
        name="fmt",
        type="string",
        allowedValues=["", "wav", "mp3"],
    )
    assert [(c.value, c.label) for c in fmt.choices] == [
        ("", "Keep input format"),
        ("wav", "WAV (lossless)"),
        ("mp3", "mp3"),
    ]
    bare = spec_of(name="fmt", type="string", allowedValues=["", "wav"])
    assert bare.choices[0].label == "(none)"
    rate = spec_of(
        {"selects": {"rate": {"44100": "44.1 kHz"}}},
        name="rate",
        type="number",
        allowedValues=[44100, 48000.0, "8000", "x", None, math.nan, True, 44100],
    )
    assert rate.choice_values == (44100, 48000, 8000)
    assert [c.label for c in rate.choices] == ["44.1 kHz", "48000", "8000"]
    assert rate.label_for(44100.0) == "44.1 kHz"
    listed = spec_of(
        {"selects": {"v": [{"value": "a", "label": "Alpha"}]}},
        name="v",
        type="string",
        allowedValues=["a", 5],
    )
    assert [(c.value, c.label) for c in listed.choices] == [("a", "Alpha"), ("5", "5")]


def test_defaults_keep_falsy_values_and_use_a_sentinel_when_absent() -> None:
    specs = specs_from_scenario(
        [
            {"name": "n", "type": "number", "default": 0},
            {"name": "b", "type": "boolean", "default": False},
            {"name": "s", "type": "string", "default": ""},
            {"name": "none", "type": "string"},
            {"name": "null", "type": "string", "default": None},
        ]
    )
    assert [s.default for s in specs] == [0, False, "", NO_DEFAULT, NO_DEFAULT]
    assert [s.has_default for s in specs] == [True, True, True, False, False]


def test_defaults_are_repaired() -> None:
    stems = spec_of(
        name="stems",
        type="string_array",
        default="drums, bass,guitar,kazoo",
        allowedValues=["drums", "bass", "guitar"],
    )
    assert stems.default == ("drums", "bass", "guitar")
    assert spec_of(name="tags", type="string_array", default="a,b,,c").default == ("a", "b", "c")
    assert spec_of(name="pts", type="number_array", default="1.5, 3").default == (1.5, 3)
    assert spec_of(name="d", type="number", min=4, max=180, default=500).default == 180
    assert spec_of(name="d", type="number", default="20").default == 20
    assert (
        spec_of(name="k", type="string", allowedValues=["a"], default="zzz").default is NO_DEFAULT
    )
    assert spec_of(name="r", type="number", allowedValues=[8000], default="8000").default == 8000
    assert spec_of(name="b", type="boolean", default="true").default is True
    assert spec_of(name="b", type="boolean", default="maybe").default is NO_DEFAULT
    assert spec_of(name="s", type="string", default=5).default == "5"
    assert spec_of(name="x", type="weird", default={"a": [1, math.inf]}).default is NO_DEFAULT
    assert spec_of(name="x", type="weird", default={"a": [1]}).default == {"a": [1]}


def test_required_rules() -> None:
    def req(value: Any) -> Requirement:
        return spec_of(name="x", type="string", required=value).required

    assert req(True) == Requirement(always=True)
    assert req(False) == Requirement()
    assert req("yes") == Requirement()
    assert req({"always": True}).always
    assert req({"always": "true"}) == Requirement()
    assert req({"ifDefined": {"a": "Set it.", "b": 3}}).if_defined == (("a", "Set it."), ("b", ""))
    assert req({"ifNotDefined": ["a", "b"]}).if_not_defined == (("a", ""), ("b", ""))
    assert req({"ifDefined": [["a"], {"b": 1}, "c"]}).if_defined == (("c", ""),)
    assert req({"conditional": {"values": {"mode": ["x", 2.0, [1]]}, "operator": "or"}}) == (
        Requirement(conditional=Conditional((("mode", ("x", 2)),), "or"))
    )
    assert req({"conditional": {"values": "nope"}}) == Requirement()


def test_inputs_array_children_from_inputs_or_items() -> None:
    child = {"name": "bars", "type": "number", "min": 1, "max": 32, "step": 1}
    for key, value in (("inputs", [child]), ("items", [child]), ("items", {"inputs": [child]})):
        rows = spec_of(name="sections", type="inputs_array", maxLength=12, **{key: value})
        assert rows.kind is FieldKind.GROUP_LIST
        assert rows.max_length == 12
        assert rows.children[0].name == "bars"
        assert rows.children[0].kind is FieldKind.INTEGER


def test_lengths_count_items_for_arrays_and_min_max_fall_back_to_counts() -> None:
    text = spec_of(name="t", type="string", minLength=2, maxLength=500, min=3, max=9)
    assert (text.min_length, text.max_length, text.minimum, text.maximum) == (2, 500, None, None)
    assert text.length_unit == "characters"
    files = spec_of(name="f", type="file_array", min=1, max=3)
    assert (files.min_length, files.max_length, files.minimum) == (1, 3, None)
    assert files.length_unit == "items"
    points = spec_of(name="p", type="number_array", min=0, maxLength=16)
    assert (points.minimum, points.max_length) == (0, 16)


def test_file_and_model_fields() -> None:
    audio = spec_of(
        name="audio", type="file", kind="audio", maxSize=1000.0, minDuration=6, maxDuration=360
    )
    assert (audio.file_kind, audio.max_size, audio.min_duration, audio.max_duration) == (
        "audio",
        1000,
        6,
        360,
    )
    assert spec_of(name="img", type="file").file_kind == "image"  # the API's own default
    voice = spec_of(name="voiceId", type="model", modelTypes=["elevenlabs-voice", 3])
    assert voice.model_types == ("elevenlabs-voice",)
    assert spec_of(name="t", type="string", kind="audio").file_kind is None


def test_garbage_entries_are_skipped_or_repaired() -> None:
    specs = specs_from_scenario(
        [
            "not a dict",
            None,
            42,
            {"type": "string"},  # no name
            {"name": "", "type": "string"},
            {"name": "   ", "type": "string"},
            {"name": 5, "type": "string"},
            {"name": "x" * 300, "type": "string"},
            {"name": "dup", "type": "number", "min": "4", "max": "abc", "step": -1},
            {"name": "dup", "type": "string"},
            {
                "name": "nan",
                "type": "number",
                "min": math.nan,
                "max": math.inf,
                "default": math.nan,
            },
            {"name": "swap", "type": "number", "min": 10, "max": 1},
            {"name": "huge", "type": "string", "label": "L" * 10_000, "description": "D" * 10**6},
            {"name": "enum", "type": "string", "allowedValues": "a,b"},
            {"name": "lens", "type": "string", "minLength": -1, "maxLength": 2.5},
        ]
    )
    by = {s.name: s for s in specs}
    assert list(by) == ["dup", "nan", "swap", "huge", "enum", "lens"]
    assert by["dup"].kind is FieldKind.NUMBER
    assert (by["dup"].minimum, by["dup"].maximum, by["dup"].step) == (4, None, None)
    assert (by["nan"].minimum, by["nan"].maximum, by["nan"].default) == (None, None, NO_DEFAULT)
    assert (by["swap"].minimum, by["swap"].maximum) == (1, 10)
    assert len(by["huge"].label) == 200 and len(by["huge"].description) == 4000
    assert by["enum"].kind is FieldKind.TEXT and by["enum"].choices == ()
    assert (by["lens"].min_length, by["lens"].max_length) == (None, None)


@pytest.mark.parametrize("document", [None, {"inputs": []}, "[]", b"[]", 3])
def test_a_document_that_is_not_a_list_raises_schema_error(document: Any) -> None:
    with pytest.raises(SchemaError) as caught:
        specs_from_scenario(document)
    assert isinstance(caught.value, SonodeskError)
    assert "could not be read" in str(caught.value)


def test_model_record_wrapper_and_empty_inputs() -> None:
    assert specs_from_scenario_model({"inputs": [], "uiConfig": None}) == ()
    with pytest.raises(SchemaError):
        specs_from_scenario_model({"id": "m"})  # inputs not loaded
    with pytest.raises(SchemaError):
        specs_from_scenario_model(["not", "a", "record"])  # type: ignore[arg-type]


def test_specs_are_frozen_hashable_and_keep_a_read_only_raw() -> None:
    spec = spec_of(name="stems", type="string_array", default="a,b", **{"x-note": "kept"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        spec.name = "other"  # type: ignore[misc]
    assert hash(spec) == hash(spec_of(name="stems", type="string_array", default="a,b"))
    assert spec.raw["x-note"] == "kept"
    with pytest.raises(TypeError):
        spec.raw["name"] = "changed"  # type: ignore[index]
    assert isinstance(spec.default, tuple)


def test_label_falls_back_to_display_label() -> None:
    assert spec_of(name="numInferenceSteps", type="number").label == "Number of inference steps"
    assert spec_of(name="x", type="number", label="  Tempo (BPM) ").label == "Tempo (BPM)"


def test_a_huge_allowed_values_list_is_handled_quickly() -> None:
    spec = spec_of(
        name="v", type="string", allowedValues=[f"v{i % 50_000}" for i in range(100_000)]
    )
    assert len(spec.choices) == 50_000
