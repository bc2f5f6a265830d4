"""Real Scenario audio models (transcribed schemas): specs, default bodies, rejected values."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.schema import (
    NO_DEFAULT,
    FieldKind,
    FieldSpec,
    build_body,
    check_file_limits,
    default_values,
    expand_variations,
    field_from_server_message,
    schema_fingerprint,
    specs_from_scenario_model,
    validate,
)

FIXTURES = Path(__file__).parents[2] / "fixtures" / "models" / "scenario"


def load(model_id: str) -> tuple[FieldSpec, ...]:
    document = json.loads((FIXTURES / f"{model_id}.json").read_text(encoding="utf-8"))
    assert document["recorded"] and document["source"]
    assert document["model"]["id"] == model_id
    return specs_from_scenario_model(document["model"])


def by_name(specs: tuple[FieldSpec, ...]) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


def problems(specs: tuple[FieldSpec, ...], values: dict[str, Any]) -> list[tuple[str, str]]:
    return [(e.path, e.message) for e in validate(specs, values)]


# model id -> (what the untouched form reports, the smallest additions that make it valid)
DEFAULT_CASES = {
    "model_elevenlabs-music-advanced-v2": (
        [("sections", "Required.")],
        {"sections": [{"text": "[Verse] city lights"}]},
    ),
    "model_google-gemini-3-1-flash-tts": ([("text", "Required.")], {"text": "Hello there."}),
    "model_elevenlabs-tts-v3": ([("text", "Required.")], {"text": "[whispers] Hello."}),
    "model_ace-step-1-5-turbo-text-to-music": (
        [
            ("prompt", "Describe the style or write lyrics."),
            ("lyrics", "Write lyrics or describe the style."),
        ],
        {"lyrics": "[Verse]\nla la la"},
    ),
    "model_ace-step-1-5-edit-complete-track": (
        [("srcAudio", "Required."), ("prompt", "Required.")],
        {"srcAudio": "asset_src", "prompt": "add warm bass"},
    ),
    "model_scenario-audio-split": ([("audio", "Required.")], {"audio": "asset_src"}),
    "model_byteplus-seed-audio-1-0": ([("textPrompt", "Required.")], {"textPrompt": "Hi @Audio1"}),
}


@pytest.mark.parametrize("model_id", sorted(DEFAULT_CASES))
def test_default_values_report_exactly_the_required_fields(model_id: str) -> None:
    specs = load(model_id)
    expected, additions = DEFAULT_CASES[model_id]
    values = default_values(specs)
    assert problems(specs, values) == expected
    values |= additions
    assert problems(specs, values) == []
    body = build_body(specs, values)
    json.dumps(body, allow_nan=False)  # sendable as is
    assert set(additions) <= set(body)
    assert len(schema_fingerprint(specs)) == 16


def test_elevenlabs_music_advanced_sections() -> None:
    specs = load("model_elevenlabs-music-advanced-v2")
    spec = by_name(specs)
    sections = spec["sections"]
    assert sections.kind is FieldKind.GROUP_LIST and sections.max_length == 30
    assert [(c.name, c.kind) for c in sections.children] == [
        ("text", FieldKind.LONG_TEXT),
        ("durationSeconds", FieldKind.NUMBER),
        ("positiveStyles", FieldKind.TAGS),
        ("negativeStyles", FieldKind.TAGS),
        ("contextAdherence", FieldKind.NUMBER),
    ]
    assert len(spec["outputFormat"].choices) == 12 and spec["outputFormat"].advanced
    row = {
        "text": "[Chorus] sing",
        "durationSeconds": 150,
        "positiveStyles": [f"s{i}" for i in range(11)],
    }
    assert problems(specs, {"sections": [{"text": "ok"}, row]}) == [
        ("sections[1].durationSeconds", "Must be between 3 and 120."),
        ("sections[1].positiveStyles", "At most 10 items."),
    ]
    assert problems(specs, {"sections": [{"text": "x"}] * 31}) == [
        ("sections", "At most 30 items.")
    ]
    assert problems(specs, {"sections": [{}]}) == [("sections[0].text", "Required.")]
    assert problems(specs, {"sections": [{"text": "x"}], "outputFormat": "wav_44100"}) == [
        ("outputFormat", "Choose one of the listed values.")  # no WAV outside TTS
    ]
    message = '"sections[1].durationSeconds" must be less than or equal to 120'
    assert field_from_server_message(message, specs) == "sections[1].durationSeconds"


def test_gemini_tts_voices_languages_and_speakers() -> None:
    specs = load("model_google-gemini-3-1-flash-tts")
    spec = by_name(specs)
    assert len(spec["voice"].choices) == 30 and spec["voice"].default == "Puck"
    assert len(spec["language"].choices) == 24 and spec["language"].default == "en-US"
    speakers = spec["multiSpeakerConfig"]
    assert speakers.kind is FieldKind.GROUP_LIST and speakers.max_length == 2
    rows = [{"speaker": "Ana", "voice": "Kore"}, {"speaker": " ", "voice": "Puck"}, {}]
    assert problems(specs, {"text": "Hi", "multiSpeakerConfig": rows}) == [
        ("multiSpeakerConfig", "At most 2 items."),
        ("multiSpeakerConfig[1].speaker", "Required."),
        ("multiSpeakerConfig[2].speaker", "Required."),
        ("multiSpeakerConfig[2].voice", "Required."),
    ]
    assert problems(specs, {"text": "Hi", "voice": "Nova"}) == [
        ("voice", "Choose one of the listed values.")
    ]
    body = build_body(specs, {"text": "Hi", "multiSpeakerConfig": rows[:1]})
    assert body["multiSpeakerConfig"] == [{"speaker": "Ana", "voice": "Kore"}]


def test_elevenlabs_tts_v3() -> None:
    specs = load("model_elevenlabs-tts-v3")
    spec = by_name(specs)
    assert spec["voiceId"].kind is FieldKind.MODEL
    assert spec["voiceId"].model_types == ("elevenlabs-voice",)
    assert spec["voiceId"].default is NO_DEFAULT
    assert len(spec["publicVoice"].choices) == 21 and spec["publicVoice"].default == "Adam"
    assert len(spec["outputFormat"].choices) == 19
    assert spec["outputFormat"].default == "mp3_44100_128"
    assert (spec["speed"].minimum, spec["speed"].maximum, spec["speed"].integer) == (
        0.7,
        1.2,
        False,
    )
    assert spec["text"].kind is FieldKind.LONG_TEXT
    assert {s.name for s in specs if s.advanced} == {"outputFormat", "seed"}
    base = {"text": "Hello"}
    assert problems(specs, base | {"speed": 1.5}) == [("speed", "Must be between 0.7 and 1.2.")]
    assert problems(specs, base | {"stability": -0.1}) == [
        ("stability", "Must be between 0 and 1.")
    ]
    assert problems(specs, {"text": "a" * 40001}) == [
        ("text", "At most 40000 characters (now 40001).")
    ]
    assert problems(specs, base | {"seed": 1.5}) == [("seed", "Must be a whole number.")]
    assert build_body(specs, default_values(specs) | base) == {
        "text": "Hello",
        "publicVoice": "Adam",
        "stability": 0.5,
        "similarityBoost": 0.75,
        "styleExaggeration": 0,
        "speed": 1,
        "outputFormat": "mp3_44100_128",
    }
    runs = expand_variations(specs, base, 3, rng=random.Random(11))
    assert [r["seed"] for r in runs][1:] == [runs[0]["seed"] + 1, runs[0]["seed"] + 2]


def test_ace_step_turbo_text_to_music() -> None:
    specs = load("model_ace-step-1-5-turbo-text-to-music")
    spec = by_name(specs)
    assert len(spec["vocalLanguage"].choices) == 51 and spec["vocalLanguage"].default == "unknown"
    assert spec["duration"].default is NO_DEFAULT and spec["duration"].cost_impact
    assert spec["numOutputs"].kind is FieldKind.INTEGER and not spec["numOutputs"].advanced
    assert {s.name for s in specs if s.advanced} == {"thinking", "seed"}
    base = {"prompt": "lofi"}
    assert problems(specs, {"prompt": "x"}) == [] and problems(specs, {"lyrics": "x"}) == []
    assert problems(specs, base | {"bpm": 20}) == [("bpm", "Must be between 30 and 300.")]
    assert problems(specs, base | {"duration": 5}) == [("duration", "Must be between 10 and 600.")]
    assert problems(specs, base | {"numOutputs": 5}) == [("numOutputs", "Must be between 1 and 4.")]
    assert problems(specs, base | {"seed": -1}) == [("seed", "Must be at least 0.")]
    assert problems(specs, {"prompt": "x" * 513}) == [
        ("prompt", "At most 512 characters (now 513).")
    ]
    body = build_body(specs, default_values(specs) | {"lyrics": "[Verse] hi", "duration": "90"})
    assert body == {
        "lyrics": "[Verse] hi",
        "instrumental": False,
        "vocalLanguage": "unknown",
        "duration": 90,
        "numOutputs": 1,
        "thinking": True,
    }


def test_ace_step_complete_track_comma_string_default() -> None:
    specs = load("model_ace-step-1-5-edit-complete-track")
    spec = by_name(specs)
    classes = spec["completeTrackClasses"]
    assert classes.kind is FieldKind.MULTI_CHOICE and len(classes.choices) == 12
    assert default_values(specs)["completeTrackClasses"] == ["drums", "bass", "guitar"]
    assert spec["srcAudio"].kind is FieldKind.FILE and spec["srcAudio"].file_kind == "audio"
    base = default_values(specs) | {"srcAudio": "asset_a", "prompt": "fill it out"}
    assert problems(specs, base | {"completeTrackClasses": ["drums", "kazoo"]}) == [
        ("completeTrackClasses", "Choose only from the listed values.")
    ]
    assert problems(specs, base | {"completeTrackClasses": []}) == [
        ("completeTrackClasses", "Required.")
    ]
    assert problems(specs, base | {"guidanceScale": 20}) == [
        ("guidanceScale", "Must be between 1 and 15.")
    ]
    assert build_body(specs, base)["completeTrackClasses"] == ["drums", "bass", "guitar"]


def test_scenario_audio_split_number_array() -> None:
    specs = load("model_scenario-audio-split")
    spec = by_name(specs)
    assert spec["cutPoints"].kind is FieldKind.NUMBER_LIST
    assert spec["outputFormat"].choices[0].label == "(none)"
    base = default_values(specs) | {"audio": "asset_a"}
    assert problems(specs, base | {"cutPoints": "1.5, x"}) == [
        ("cutPoints", "Enter numbers separated by commas.")
    ]
    assert problems(specs, base | {"outputFormat": "flac"}) == [
        ("outputFormat", "Choose one of the listed values.")
    ]
    assert build_body(specs, base | {"cutPoints": "1.5, 3"}) == {
        "audio": "asset_a",
        "cutPoints": [1.5, 3],
        "outputFormat": "",  # keep the input's format
        "strict": False,
    }


def test_byteplus_seed_audio_files() -> None:
    specs = load("model_byteplus-seed-audio-1-0")
    spec = by_name(specs)
    refs = spec["audioReferences"]
    assert (refs.kind, refs.file_kind, refs.max_length) == (FieldKind.FILE_LIST, "audio", 3)
    assert spec["imageReference"].file_kind == "image"
    assert spec["textPrompt"].kind is FieldKind.LONG_TEXT  # 2048 characters allowed
    assert spec["sampleRate"].kind is FieldKind.CHOICE and spec["sampleRate"].default == 44100
    assert spec["sampleRate"].advanced
    assert spec["pitchRate"].kind is FieldKind.NUMBER
    base = {"textPrompt": "Hi"}
    assert problems(specs, base | {"audioReferences": ["a", "b", "c", "d"]}) == [
        ("audioReferences", "At most 3 items.")
    ]
    assert problems(specs, base | {"sampleRate": 22050}) == [
        ("sampleRate", "Choose one of the listed values.")
    ]
    assert problems(specs, base | {"sampleRate": "48000"}) == []
    assert problems(specs, base | {"pitchRate": 13}) == [
        ("pitchRate", "Must be between -12 and 12.")
    ]
    assert problems(specs, {"textPrompt": "x" * 2049}) == [
        ("textPrompt", "At most 2048 characters (now 2049).")
    ]
    assert check_file_limits(refs, 11 * 1024 * 1024, 10) == (
        "Choose a file under 10 MB (this one is 11 MB)."
    )
    assert check_file_limits(refs, 1024, 31) == (
        "Choose audio no longer than 30 s (this one is 31 s)."
    )
    assert build_body(specs, default_values(specs) | base) == {
        "textPrompt": "Hi",
        "sampleRate": 44100,
        "speechRate": 0,
        "loudnessRate": 0,
        "pitchRate": 0,
    }
