"""Defaults, coercion, the request body, merging saved values, snapping, file discovery."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.schema import (
    build_body,
    coerce_value,
    default_row,
    default_values,
    file_values,
    initial_value,
    merge_values,
    parse_json_text,
    snap_to_step,
    specs_from_scenario,
)

SPECS = specs_from_scenario(
    [
        {"name": "prompt", "type": "string", "prompt": True, "required": {"always": True}},
        {"name": "note", "type": "string"},
        {"name": "negativePrompt", "type": "string", "default": ""},
        {"name": "duration", "type": "number", "default": 20, "min": 4, "max": 180, "step": 1},
        {"name": "swing", "type": "number", "default": 0, "min": 0, "max": 0.5, "step": 0.05},
        {"name": "loop", "type": "boolean", "default": False},
        {"name": "key", "type": "string", "default": "auto", "allowedValues": ["auto", "C", "D"]},
        {"name": "fmt", "type": "string", "allowedValues": ["", "wav"]},
        {"name": "rate", "type": "number", "allowedValues": [22050, 44100]},
        {
            "name": "stems",
            "type": "string_array",
            "default": "drums,bass",
            "allowedValues": ["drums", "bass", "fx"],
        },
        {"name": "tags", "type": "string_array"},
        {"name": "cuts", "type": "number_array", "min": 0},
        {"name": "audio", "type": "file", "kind": "audio"},
        {"name": "layers", "type": "file_array", "kind": "audio"},
        {"name": "kit", "type": "model"},
        {"name": "seed", "type": "number", "min": 0, "max": 65535},
        {"name": "extra", "type": "mystery"},
        {
            "name": "sections",
            "type": "inputs_array",
            "inputs": [
                {
                    "name": "name",
                    "type": "string",
                    "default": "verse",
                    "allowedValues": ["verse", "chorus"],
                },
                {"name": "bars", "type": "number", "default": 8, "min": 1, "max": 32, "step": 1},
                {"name": "stem", "type": "file"},
            ],
        },
    ]
)
BY = {spec.name: spec for spec in SPECS}


def test_default_values_keep_falsy_defaults_and_skip_fields_without_one() -> None:
    assert default_values(SPECS) == {
        "negativePrompt": "",
        "duration": 20,
        "swing": 0,
        "loop": False,
        "key": "auto",
        "stems": ["drums", "bass"],
    }


def test_default_values_are_fresh_copies() -> None:
    first = default_values(SPECS)
    first["stems"].append("fx")
    assert default_values(SPECS)["stems"] == ["drums", "bass"]
    assert initial_value(BY["note"]) is None
    assert default_row(BY["sections"]) == {"name": "verse", "bars": 8}


@pytest.mark.parametrize(
    ("name", "raw", "value"),
    [
        ("duration", "3", 3),
        ("duration", " 3.0 ", 3),
        ("duration", 7.0, 7),
        ("duration", "", None),
        ("swing", "0,25", 0.25),
        ("swing", "1e-1", 0.1),
        ("seed", "42", 42),
        ("loop", "yes", True),
        ("loop", "off", False),
        ("loop", 1, True),
        ("key", "C", "C"),
        ("key", "", None),
        ("fmt", "", ""),
        ("rate", "44100", 44100),
        ("rate", 22050.0, 22050),
        ("stems", "fx, drums,fx", ["fx", "drums"]),
        ("stems", ("bass",), ["bass"]),
        ("tags", "lofi, dusty\nwarm", ["lofi", "dusty", "warm"]),
        ("tags", ["a", 3, " "], ["a", "3"]),
        ("cuts", "1.5, 3 4", [1.5, 3, 4]),
        ("cuts", [2, "2.5"], [2, 2.5]),
        ("audio", Path("/music/take 1, final.wav"), "/music/take 1, final.wav"),
        ("audio", "  asset_abc  ", "asset_abc"),
        ("layers", "/a,b.wav", ["/a,b.wav"]),
        ("kit", "", None),
        ("note", 5, "5"),
        ("extra", {"a": [1, 2]}, {"a": [1, 2]}),
        ("extra", "plain text", "plain text"),
        ("sections", [{"bars": "4", "junk": 1}], [{"bars": 4}]),
        ("sections", '[{"name": "chorus"}]', [{"name": "chorus"}]),
        ("prompt", None, None),
    ],
)
def test_coerce_value(name: str, raw: Any, value: Any) -> None:
    coerced = coerce_value(BY[name], raw)
    assert coerced == value
    assert type(coerced) is type(value)
    assert coerce_value(BY[name], coerced) == coerced  # idempotent


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("duration", "abc", "Enter a number."),
        ("duration", "3.5", "Must be a whole number."),
        ("duration", True, "Enter a number."),
        ("duration", [3], "Enter a number."),
        ("swing", "nan", "Enter a number."),
        ("swing", "1e999", "Enter a number."),
        ("seed", 1.5, "Must be a whole number."),
        ("loop", "maybe", "Choose yes or no."),
        ("key", "E", "Choose one of the listed values."),
        ("key", ["C"], "Choose one of the listed values."),
        ("rate", 48000, "Choose one of the listed values."),
        ("stems", "drums,kazoo", "Choose only from the listed values."),
        ("tags", [{"a": 1}], "Enter words separated by commas."),
        ("cuts", "1, two", "Enter numbers separated by commas."),
        ("audio", 5, "Choose a file."),
        ("kit", ["m"], "Choose a model."),
        ("note", {"a": 1}, "Enter text."),
        ("extra", float("inf"), "Enter valid JSON."),
        ("sections", [{"bars": 2.5}], "Row 1, Bars: Must be a whole number."),
        ("sections", ["row"], "Row 1: Add rows with the fields shown."),
    ],
)
def test_coerce_value_rejects_with_a_user_message(name: str, raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        coerce_value(BY[name], raw)


def test_parse_json_text() -> None:
    assert parse_json_text('{"a": [1, 2]}') == {"a": [1, 2]}
    for bad in ("{", "NaN", "[1, Infinity]"):
        with pytest.raises(ValueError, match=r"^Enter valid JSON\.$"):
            parse_json_text(bad)


def test_build_body_omits_unset_optionals_and_keeps_zero_and_false() -> None:
    values = default_values(SPECS) | {
        "prompt": "dusty lofi",
        "note": "",
        "tags": [],
        "cuts": None,
        "fmt": "",
        "seed": "7",
        "duration": "30",
        "sections": [{"name": "chorus", "bars": "4", "stem": ""}, {}],
        "unknown": "ignored",
    }
    body = build_body(SPECS, values)
    assert body == {
        "prompt": "dusty lofi",
        "negativePrompt": "",  # has a default, so "" is deliberate
        "duration": 30,
        "swing": 0,
        "loop": False,
        "key": "auto",
        "fmt": "",  # "" is a listed choice
        "stems": ["drums", "bass"],
        "seed": 7,
        "sections": [{"name": "chorus", "bars": 4}, {}],  # rows keep their index
    }
    assert type(body["seed"]) is int


def test_build_body_raises_naming_the_field_for_unreadable_values() -> None:
    with pytest.raises(ValueError, match=r"^Duration: Enter a number\.$"):
        build_body(SPECS, {"duration": "soon"})


def test_merge_values_lays_saved_values_over_defaults_with_notes() -> None:
    values, notes = merge_values(
        SPECS,
        {"duration": "60", "key": "Z", "gone": 1, "seed": None, "stems": ["fx"], "swing": 9},
    )
    assert values["duration"] == 60
    assert values["key"] == "auto"
    assert values["stems"] == ["fx"]
    assert values["seed"] is None
    assert values["swing"] == 0
    assert notes == (
        "Key: Choose one of the listed values. The default is used instead.",
        "'gone' is no longer a setting of this model and was dropped.",
        "Swing: Must be between 0 and 0.5. The default is used instead.",
    )
    values, notes = merge_values(SPECS, "garbage")  # type: ignore[arg-type]
    assert values == default_values(SPECS) and len(notes) == 1


@pytest.mark.parametrize(
    ("name", "value", "snapped"),
    [
        ("swing", 0.123, 0.1),
        ("swing", 0.126, 0.15),
        ("swing", 0.9, 0.5),
        ("swing", -1, 0),
        ("duration", 20.4, 20),
        ("duration", 1, 4),
        ("seed", 70000, 65535),
    ],
)
def test_snap_to_step(name: str, value: float, snapped: float) -> None:
    assert snap_to_step(BY[name], value) == snapped


def test_snap_to_step_counts_from_the_minimum() -> None:
    (spec,) = specs_from_scenario([{"name": "x", "type": "number", "min": 0.25, "step": 0.5}])
    assert snap_to_step(spec, 0.9) == 0.75
    assert snap_to_step(spec, 1.1) == 1.25
    assert isinstance(snap_to_step(BY["duration"], 20.4), int)
    (tiny,) = specs_from_scenario([{"name": "x", "type": "number", "step": 1e-300}])
    assert snap_to_step(tiny, 1e300) == 1e300


def test_file_values_finds_every_file_including_rows() -> None:
    values = {
        "audio": "/tmp/a.wav",
        "layers": ["/tmp/b.wav", "asset_123"],
        "sections": [{"stem": "/tmp/c.wav"}, "junk", {"stem": ""}],
        "prompt": "/not/a/file",
    }
    assert file_values(SPECS, values) == [
        ("audio", "/tmp/a.wav"),
        ("layers[0]", "/tmp/b.wav"),
        ("layers[1]", "asset_123"),
        ("sections[0].stem", "/tmp/c.wav"),
    ]
