"""Mapping a provider's 400 message to the field (or row field) it is about."""

from __future__ import annotations

import pytest

from sonodesk.core.schema import (
    field_from_server_message,
    parse_path,
    resolve_path,
    spec_at,
    specs_from_scenario,
    top_name,
)

SPECS = specs_from_scenario(
    [
        {"name": "prompt", "type": "string", "label": "Style prompt"},
        {"name": "duration", "type": "number"},
        {"name": "text", "type": "string"},
        {"name": "audio_setting", "type": "object"},
        {"name": "voice.name", "type": "string"},
        {
            "name": "sections",
            "type": "inputs_array",
            "inputs": [{"name": "bars", "type": "number"}, {"name": "text", "type": "string"}],
        },
    ]
)


@pytest.mark.parametrize(
    ("message", "path"),
    [
        ('"duration" must be less than or equal to 180', "duration"),
        ('"sections[0].bars" must be less than or equal to 32', "sections[0].bars"),
        ('"sections.1.text" is not allowed to be empty', "sections[1].text"),
        ('"sections[3].mystery" is not allowed', "sections[3]"),
        ('Validation failed: "prompt" length must be less than or equal to 2000', "prompt"),
        (
            "Body validation error! Invalid enum value. Expected 'mp3' | 'wav' | 'pcm', "
            "received 'ogg' at \"audio_setting.format\"",
            "audio_setting",
        ),
        ("Invalid enum value. Expected 'text' | 'x', received 'y' at body.duration", "duration"),
        ("prompt: String must contain at most 2000 character(s)", "prompt"),
        ('"voice.name" is required', "voice.name"),
        ('"Style prompt" is too long', "prompt"),  # Joi with .label()
        ('"modelId" must be a string', None),
        ("Cannot cancel this type of job. Action not permitted.", None),
        ("Error: something broke", None),
        ("", None),
    ],
)
def test_field_from_server_message(message: str, path: str | None) -> None:
    assert field_from_server_message(message, SPECS) == path


def test_odd_inputs_give_none() -> None:
    assert field_from_server_message(None, SPECS) is None  # type: ignore[arg-type]
    assert field_from_server_message('"duration" bad', ()) is None
    assert field_from_server_message('"' + "x" * 10_000 + '"', SPECS) is None


def test_paths() -> None:
    assert parse_path("sections[2].bars") == ("sections", 2, "bars")
    assert parse_path("sections.2.bars") == ("sections", 2, "bars")
    assert top_name("sections[2].bars") == "sections"
    assert resolve_path(SPECS, "body.sections[0].bars") == "sections[0].bars"
    assert resolve_path(SPECS, "nothing") is None
    bars = spec_at(SPECS, "sections[5].bars")
    assert bars is not None and bars.name == "bars"
    rows = spec_at(SPECS, "sections[5]")
    assert rows is not None and rows.name == "sections"
