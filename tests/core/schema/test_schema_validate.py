"""Validation: user-facing messages on the right paths, requirement rules, file limits."""

from __future__ import annotations

from typing import Any

import pytest

from sonodesk.core.schema import (
    FieldError,
    check_file_limits,
    is_required,
    specs_from_scenario,
    validate,
    validate_field,
)
from sonodesk.core.schema.validate import text_length

SPECS = specs_from_scenario(
    [
        {
            "name": "prompt",
            "type": "string",
            "maxLength": 500,
            "minLength": 3,
            "required": {
                "ifNotDefined": {"sections": "Describe the music or lay out its sections."}
            },
        },
        {"name": "duration", "type": "number", "min": 4, "max": 180, "step": 1},
        {"name": "start", "type": "number", "min": 0, "step": 0.1},
        {"name": "gain", "type": "number", "max": 12},
        {"name": "swing", "type": "number", "min": 0, "max": 0.5, "step": 0.05},
        {"name": "key", "type": "string", "allowedValues": ["C", "D"]},
        {
            "name": "instruments",
            "type": "string_array",
            "allowedValues": ["a", "b", "c"],
            "maxLength": 2,
            "minLength": 1,
        },
        {"name": "cuts", "type": "number_array", "min": 0, "max": 60, "maxLength": 3},
        {"name": "layers", "type": "file_array", "kind": "audio", "maxLength": 3},
        {"name": "layerGain", "type": "number", "required": {"ifDefined": {"layers": ""}}},
        {"name": "mode", "type": "string", "allowedValues": ["simple", "pro"]},
        {
            "name": "detail",
            "type": "string",
            "required": {"conditional": {"values": {"mode": ["pro"]}}},
        },
        {"name": "extra", "type": "mystery"},
        {
            "name": "sections",
            "type": "inputs_array",
            "maxLength": 2,
            "required": {"ifNotDefined": {"prompt": ""}},
            "inputs": [
                {"name": "name", "type": "string", "required": {"always": True}},
                {"name": "bars", "type": "number", "min": 1, "max": 32, "step": 1},
            ],
        },
    ]
)
BY = {spec.name: spec for spec in SPECS}
BASE = {"prompt": "dusty lofi"}


def errors(**values: Any) -> list[tuple[str, str]]:
    return [(e.path, e.message) for e in validate(SPECS, BASE | values)]


def test_valid_values_give_no_errors() -> None:
    assert errors(duration=20, swing=0.37, key="C", cuts=[1, 2.5], mode="simple") == []


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"duration": 200}, ("duration", "Must be between 4 and 180.")),
        ({"duration": "2"}, ("duration", "Must be between 4 and 180.")),
        ({"duration": 20.5}, ("duration", "Must be a whole number.")),
        ({"duration": "fast"}, ("duration", "Enter a number.")),
        ({"start": -0.5}, ("start", "Must be at least 0.")),
        ({"gain": 13}, ("gain", "Must be at most 12.")),
        ({"prompt": "x" * 512}, ("prompt", "At most 500 characters (now 512).")),
        ({"prompt": "ab"}, ("prompt", "At least 3 characters (now 2).")),
        ({"key": "E"}, ("key", "Choose one of the listed values.")),
        ({"instruments": ["a", "b", "c"]}, ("instruments", "At most 2 items.")),
        ({"instruments": ["z"]}, ("instruments", "Choose only from the listed values.")),
        ({"cuts": [1, 2, 3, 4]}, ("cuts", "At most 3 items.")),
        ({"cuts": [1, 90]}, ("cuts", "Each value must be between 0 and 60.")),
        ({"layers": ["1", "2", "3", "4"], "layerGain": 0}, ("layers", "At most 3 items.")),
        ({"extra": float("nan")}, ("extra", "Enter valid JSON.")),
    ],
)
def test_messages(values: dict[str, Any], expected: tuple[str, str]) -> None:
    assert errors(**values) == [expected]


def test_step_is_not_a_hard_rule_but_whole_numbers_are() -> None:
    assert errors(swing=0.123) == []  # the editor snaps; the server gets what the user set
    assert errors(duration=20.5) == [("duration", "Must be a whole number.")]


def test_characters_are_counted_like_the_service_counts_them() -> None:
    assert text_length("abc") == 3
    assert text_length("🎵") == 2  # one emoji is two UTF-16 code units
    assert errors(prompt="🎵" * 251) == [("prompt", "At most 500 characters (now 502).")]


def test_either_or_requirement_reports_both_sides_with_the_schema_messages() -> None:
    assert validate(SPECS, {}) == [
        FieldError("prompt", "Describe the music or lay out its sections."),
        FieldError("sections", "Fill this in or set Prompt."),  # no schema message: ours
    ]
    assert validate(SPECS, {"sections": [{"name": "intro"}]}) == []
    assert validate(SPECS, {"prompt": "   "})[0].message.startswith("Describe the music")


def test_if_defined_and_conditional_requirements() -> None:
    assert errors(layers=["a.wav"]) == [("layerGain", "Required when Layers is set.")]
    assert errors(layers=["a.wav"], layerGain=0) == []
    assert errors(layers=[]) == []
    assert errors(mode="pro") == [("detail", "Required.")]
    assert errors(mode="simple") == []
    assert is_required(BY["detail"], {"mode": "pro"})
    assert not is_required(BY["detail"], {"mode": "simple"})
    assert is_required(BY["prompt"], {}) and not is_required(BY["prompt"], {"sections": [{}]})


def test_or_conditional() -> None:
    (spec,) = specs_from_scenario(
        [
            {
                "name": "x",
                "type": "string",
                "required": {"conditional": {"values": {"a": [1], "b": ["on"]}, "operator": "or"}},
            }
        ]
    )
    assert is_required(spec, {"a": "1"})
    assert is_required(spec, {"b": "on"})
    assert not is_required(spec, {"a": 2, "b": "off"})


def test_rows_are_checked_with_nested_paths() -> None:
    rows = [{"name": "verse", "bars": 8}, {"name": "", "bars": 40}, "junk"]
    assert errors(sections=rows) == [
        ("sections", "At most 2 items."),
        ("sections[1].name", "Required."),
        ("sections[1].bars", "Must be between 1 and 32."),
        ("sections[2]", "Remove this row or fill in its fields."),
    ]


def test_validate_field_for_inline_checks_uses_the_siblings() -> None:
    assert validate_field(BY["duration"], "500", {}) == [
        FieldError("duration", "Must be between 4 and 180.")
    ]
    assert validate_field(BY["layerGain"], None, {"layers": ["x"]}) == [
        FieldError("layerGain", "Required when Layers is set.")
    ]
    assert validate_field(BY["layerGain"], None, {}) == []


@pytest.mark.parametrize(
    "values",
    [
        None,
        [],
        "text",
        {"duration": object(), "key": {"a": 1}, "cuts": {"x": 1}, "sections": 5},
        {"sections": "{not json", "instruments": 3, "layers": {}, "extra": {1, 2}},
        {"prompt": b"bytes", "gain": float("inf"), "start": 10**400},
    ],
)
def test_validate_never_raises_on_odd_values(values: Any) -> None:
    result = validate(SPECS, values)
    assert all(isinstance(e, FieldError) and e.message.endswith(".") for e in result)


def test_check_file_limits() -> None:
    (audio,) = specs_from_scenario(
        [
            {
                "name": "ref",
                "type": "file",
                "kind": "audio",
                "maxSize": 10 * 1024 * 1024,
                "minDuration": 6,
                "maxDuration": 360,
            }
        ]
    )
    assert check_file_limits(audio, 5_000_000, 30) is None
    assert check_file_limits(audio, None, None) is None
    assert check_file_limits(audio, 11.5 * 1024 * 1024, 30) == (
        "Choose a file under 10 MB (this one is 11.5 MB)."
    )
    assert check_file_limits(audio, 100, 400) == (
        "Choose audio no longer than 6 min (this one is 6 min 40 s)."
    )
    assert check_file_limits(audio, 100, 3) == "Choose audio at least 6 s long (this one is 3 s)."
    assert check_file_limits(audio, float("nan"), float("inf")) is None
    (video,) = specs_from_scenario(
        [{"name": "v", "type": "file", "kind": "video", "maxDuration": 60}]
    )
    assert check_file_limits(video, None, 61) == (
        "Choose a video no longer than 1 min (this one is 1 min 1 s)."
    )
