"""Our sandbox models (every Scenario input type and rule) give usable specs and valid bodies."""

from __future__ import annotations

from sonodesk.core.schema import (
    FieldError,
    FieldKind,
    build_body,
    default_row,
    default_values,
    field_from_server_message,
    partition_advanced,
    specs_from_scenario_model,
    validate,
)
from sonodesk.sandbox.catalog import (
    MUSIC_MODEL_ID,
    SFX_MODEL_ID,
    TOOLS_MODEL_ID,
    model_by_id,
)


def specs_for(model_id: str):  # type: ignore[no-untyped-def]
    record = model_by_id(model_id)
    assert record is not None
    return specs_from_scenario_model(record)


def test_music_model_needs_a_prompt_or_sections() -> None:
    specs = specs_for(MUSIC_MODEL_ID)
    values = default_values(specs)
    assert validate(specs, values) == [
        FieldError("prompt", "Describe the music or lay out its sections."),
        FieldError("sections", "Lay out sections or describe the music."),
    ]
    values["prompt"] = "dreamy lofi hip hop at 80 bpm"
    assert validate(specs, values) == []
    assert build_body(specs, values) == {
        "prompt": "dreamy lofi hip hop at 80 bpm",
        "duration": 20,
        "numOutputs": 1,
        "key": "auto",
        "outputFormat": "mp3",
    }


def test_music_model_sections_instead_of_a_prompt() -> None:
    specs = specs_for(MUSIC_MODEL_ID)
    by = {s.name: s for s in specs}
    sections = by["sections"]
    assert sections.kind is FieldKind.GROUP_LIST and sections.max_length == 12
    assert [c.name for c in sections.children] == ["name", "bars", "energy"]
    values = default_values(specs) | {"sections": [{"name": "intro", "bars": 4}, {"bars": 99}]}
    assert validate(specs, values) == [
        FieldError("sections[1].name", "Required."),
        FieldError("sections[1].bars", "Must be between 1 and 32."),
    ]
    values["sections"][1] = default_row(sections) | {"bars": "16"}
    assert validate(specs, values) == []
    assert build_body(specs, values)["sections"] == [
        {"name": "intro", "bars": 4},
        {"name": "verse", "bars": 16, "energy": 0.7},
    ]
    message = '"sections[1].bars" must be less than or equal to 32'
    assert field_from_server_message(message, specs) == "sections[1].bars"


def test_music_model_kinds_and_collapsed_fields() -> None:
    specs = specs_for(MUSIC_MODEL_ID)
    kinds = {s.name: s.kind for s in specs}
    assert kinds == {
        "prompt": FieldKind.LONG_TEXT,
        "duration": FieldKind.INTEGER,
        "numOutputs": FieldKind.INTEGER,
        "bpm": FieldKind.INTEGER,
        "key": FieldKind.CHOICE,
        "instruments": FieldKind.MULTI_CHOICE,
        "kit": FieldKind.MODEL,
        "sections": FieldKind.GROUP_LIST,
        "swing": FieldKind.NUMBER,
        "seed": FieldKind.SEED,
        "outputFormat": FieldKind.CHOICE,
    }
    primary, advanced = partition_advanced(specs)
    assert [s.name for s in advanced] == ["swing", "seed", "outputFormat"]
    assert {"prompt", "duration", "sections"} <= {s.name for s in primary}
    key = next(s for s in specs if s.name == "key")
    assert key.label_for("auto") == "Auto (from prompt)"


def test_sfx_model_default_body() -> None:
    specs = specs_for(SFX_MODEL_ID)
    values = default_values(specs)
    assert validate(specs, values) == [FieldError("prompt", "Required.")]
    values["prompt"] = "heavy rain on a tin roof"
    assert validate(specs, values) == []
    body = build_body(specs, values)
    assert body["loop"] is False and body["duration"] == 5 and "seed" not in body
    assert next(s for s in specs if s.name == "duration").kind is FieldKind.NUMBER  # step 0.5


def test_tools_model_default_body_and_if_defined_rule() -> None:
    specs = specs_for(TOOLS_MODEL_ID)
    values = default_values(specs)
    assert validate(specs, values) == [FieldError("audio", "Required.")]
    values["audio"] = "asset_source"
    assert validate(specs, values) == []
    assert build_body(specs, values) == {
        "audio": "asset_source",
        "startTime": 0,
        "fadeIn": 0,
        "fadeOut": 0,
        "reverse": False,
        "gainDb": 0,
        "normalize": False,
        "outputFormat": "",
    }
    values["extraLayers"] = ["asset_a", "asset_b"]
    assert validate(specs, values) == [
        FieldError("layerGainDb", "Set how loud the extra layers are mixed in.")
    ]
    values["layerGainDb"] = -6
    values["cutPoints"] = "12.5, 30"
    assert validate(specs, values) == []
    body = build_body(specs, values)
    assert body["cutPoints"] == [12.5, 30] and body["layerGainDb"] == -6
