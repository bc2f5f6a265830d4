"""Bundled Scenario model schemas: each parses, builds a valid form and matches the reference."""

from __future__ import annotations

import json
import logging
import math
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core import paths
from sonodesk.core.catalog import bundled
from sonodesk.core.catalog.bundled import (
    CONFIDENCE_LEVELS,
    BundledModel,
    bundled_model,
    clear_cache,
    load_bundled_models,
)
from sonodesk.core.schema import (
    NO_DEFAULT,
    FieldKind,
    FieldSpec,
    build_body,
    default_values,
    has_value,
    is_required,
    specs_from_scenario,
    validate,
)

RESOURCES = paths.resource_dir()
DOCS_DIR = RESOURCES / "models" / "scenario"
FIXTURES = Path(__file__).parents[2] / "fixtures" / "models" / "scenario"
AUDIO_CAPABILITIES = {"txt2audio", "audio2audio", "video2audio"}
FAKE_ASSET = "asset_bundledTest01"

# Every audio model of scenario-api.md §2 that has an id (see the folder's README for the rest).
EXPECTED_IDS = {
    "model_elevenlabs-tts-v3",
    "model_elevenlabs-multilingual-v2",
    "model_elevenlabs-turbo-v2-5",
    "model_elevenlabs-music-v2",
    "model_elevenlabs-music-advanced-v2",
    "model_elevenlabs-sound-effects-v2",
    "model_elevenlabs-sts",
    "model_elevenlabs-voice-changer",
    "model_elevenlabs-voice-isolator",
    "model_elevenlabs-dubbing-v2",
    "model_ace-step-1-5-turbo-text-to-music",
    "model_ace-step-1-5-quality-text-to-music",
    "model_ace-step-1-5-turbo-cover",
    "model_ace-step-1-5-quality-cover",
    "model_ace-step-1-5-turbo-repaint",
    "model_ace-step-1-5-quality-repaint",
    "model_ace-step-1-5-edit-add-layer",
    "model_ace-step-1-5-edit-complete-track",
    "model_ace-step-1-5-edit-stem-extract",
    "model_lux-tts",
    "model_mm-audio-2-t2a",
    "model_tada-1b-text-to-speech",
    "model_tada-3b-text-to-speech",
    "model_meta-musicgen",
    "model_lyria-2",
    "model_lyria-3-clip",
    "model_lyria-3-pro",
    "model_google-gemini-2-5-flash-tts",
    "model_google-gemini-2-5-pro-tts",
    "model_google-gemini-3-1-flash-tts",
    "model_beatoven-music-generation",
    "model_beatoven-sound-effect",
    "model_xai-grok-tts",
    "model_sonilo-v1-1-text-to-music",
    "model_sonilo-v1-1-video-to-music",
    "model_sonilo-v1-1-text-to-sound-effects",
    "model_sonilo-v1-1-video-to-sound-effects",
    "model_sonilo-v1-1-video-to-video-sound-effects",
    "model_byteplus-seed-audio-1-0",
    "model_byteplus-seed-audio-1-0-multilingual",
    "model_minimax-music-2-0",
    "model_minimax-music-2-5",
    "model_minimax-music-2-6",
    "model_minimax-music-3-0",
    "model_minimax-music-cover",
    "model_minimax-speech-2-6-hd",
    "model_minimax-speech-2-6-turbo",
    "model_minimax-speech-2-8-hd",
    "model_minimax-speech-2-8-turbo",
    "model_scenario-audio-cut",
    "model_scenario-audio-split",
    "model_scenario-audio-extract",
}

# Parameter counts from the "Params" column of §2.0 (and the tables of §2.1-§2.10).
PARAM_COUNTS = {
    "model_elevenlabs-tts-v3": 9,
    "model_elevenlabs-multilingual-v2": 10,
    "model_elevenlabs-turbo-v2-5": 10,
    "model_elevenlabs-music-v2": 5,
    "model_elevenlabs-music-advanced-v2": 3,
    "model_elevenlabs-sound-effects-v2": 5,
    "model_elevenlabs-sts": 6,
    "model_elevenlabs-voice-changer": 11,
    "model_elevenlabs-voice-isolator": 2,
    "model_ace-step-1-5-turbo-text-to-music": 10,
    "model_ace-step-1-5-quality-text-to-music": 10,
    "model_ace-step-1-5-turbo-cover": 10,
    "model_ace-step-1-5-quality-cover": 10,
    "model_ace-step-1-5-turbo-repaint": 11,
    "model_ace-step-1-5-quality-repaint": 10,
    "model_ace-step-1-5-edit-add-layer": 9,
    "model_ace-step-1-5-edit-complete-track": 7,
    "model_ace-step-1-5-edit-stem-extract": 6,
    "model_lux-tts": 6,
    "model_mm-audio-2-t2a": 7,
    "model_tada-1b-text-to-speech": 12,
    "model_tada-3b-text-to-speech": 12,
    "model_meta-musicgen": 12,
    "model_lyria-2": 3,
    "model_lyria-3-clip": 2,
    "model_lyria-3-pro": 2,
    "model_google-gemini-2-5-flash-tts": 3,
    "model_google-gemini-2-5-pro-tts": 3,
    "model_google-gemini-3-1-flash-tts": 4,
    "model_beatoven-music-generation": 6,
    "model_beatoven-sound-effect": 6,
    "model_xai-grok-tts": 4,
    "model_sonilo-v1-1-text-to-music": 3,
    "model_sonilo-v1-1-video-to-music": 5,
    "model_byteplus-seed-audio-1-0": 7,
    "model_byteplus-seed-audio-1-0-multilingual": 8,
    "model_minimax-music-2-0": 4,
    "model_minimax-music-2-5": 4,
    "model_minimax-music-2-6": 6,
    "model_minimax-speech-2-6-hd": 11,
    "model_minimax-speech-2-6-turbo": 11,
    "model_scenario-audio-cut": 4,
    "model_scenario-audio-split": 4,
    "model_scenario-audio-extract": 3,
}

# What an untouched form (defaults only) reports as missing, per model.
REQUIRED_WITHOUT_DEFAULT = {
    "model_elevenlabs-tts-v3": ["text"],
    "model_elevenlabs-multilingual-v2": ["text"],
    "model_elevenlabs-turbo-v2-5": ["text"],
    "model_elevenlabs-music-v2": ["prompt"],
    "model_elevenlabs-music-advanced-v2": ["sections"],
    "model_elevenlabs-sound-effects-v2": ["text"],
    "model_elevenlabs-sts": ["audio"],
    "model_elevenlabs-voice-changer": ["audio"],
    "model_elevenlabs-voice-isolator": ["audio"],
    "model_elevenlabs-dubbing-v2": ["file", "targetLang"],
    "model_ace-step-1-5-turbo-text-to-music": ["prompt", "lyrics"],
    "model_ace-step-1-5-quality-text-to-music": ["prompt", "lyrics"],
    "model_ace-step-1-5-turbo-cover": ["srcAudio"],
    "model_ace-step-1-5-quality-cover": ["srcAudio"],
    "model_ace-step-1-5-turbo-repaint": ["srcAudio"],
    "model_ace-step-1-5-quality-repaint": ["srcAudio"],
    "model_ace-step-1-5-edit-add-layer": ["srcAudio", "trackName", "prompt"],
    "model_ace-step-1-5-edit-complete-track": ["srcAudio", "prompt"],
    "model_ace-step-1-5-edit-stem-extract": ["srcAudio", "trackName"],
    "model_lux-tts": ["prompt", "audio"],
    "model_mm-audio-2-t2a": ["prompt"],
    "model_tada-1b-text-to-speech": ["prompt", "audio"],
    "model_tada-3b-text-to-speech": ["prompt", "audio"],
    "model_meta-musicgen": ["prompt"],
    "model_lyria-2": ["prompt"],
    "model_lyria-3-clip": [],
    "model_lyria-3-pro": [],
    "model_google-gemini-2-5-flash-tts": ["text"],
    "model_google-gemini-2-5-pro-tts": ["text"],
    "model_google-gemini-3-1-flash-tts": ["text"],
    "model_beatoven-music-generation": ["prompt"],
    "model_beatoven-sound-effect": ["prompt"],
    "model_xai-grok-tts": ["text"],
    "model_sonilo-v1-1-text-to-music": ["prompt"],
    "model_sonilo-v1-1-video-to-music": ["video"],
    "model_sonilo-v1-1-text-to-sound-effects": ["prompt"],
    "model_sonilo-v1-1-video-to-sound-effects": ["video"],
    "model_sonilo-v1-1-video-to-video-sound-effects": ["video"],
    "model_byteplus-seed-audio-1-0": ["textPrompt"],
    "model_byteplus-seed-audio-1-0-multilingual": ["textPrompt"],
    "model_minimax-music-2-0": ["prompt", "lyrics"],
    "model_minimax-music-2-5": ["lyrics"],
    "model_minimax-music-2-6": ["prompt"],
    "model_minimax-music-3-0": ["prompt"],
    "model_minimax-music-cover": ["audioUrl", "prompt"],
    "model_minimax-speech-2-6-hd": ["text"],
    "model_minimax-speech-2-6-turbo": ["text"],
    "model_minimax-speech-2-8-hd": ["text"],
    "model_minimax-speech-2-8-turbo": ["text"],
    "model_scenario-audio-cut": ["audio"],
    "model_scenario-audio-split": ["audio"],
    "model_scenario-audio-extract": ["video"],
}

# The only inputs meant to be edited as JSON: their row fields are not documented, so the
# documents declare no sub-fields rather than guessing names.
INTENDED_JSON = {
    ("model_sonilo-v1-1-video-to-sound-effects", "segments"),
    ("model_sonilo-v1-1-video-to-video-sound-effects", "segments"),
}

DIALECT_TYPES = {
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
}
INPUT_KEYS = {
    "name",
    "type",
    "label",
    "description",
    "hint",
    "placeholder",
    "group",
    "default",
    "required",
    "allowedValues",
    "min",
    "max",
    "step",
    "minLength",
    "maxLength",
    "kind",
    "maxSize",
    "minDuration",
    "maxDuration",
    "costImpact",
    "prompt",
    "promptSpark",
    "inputs",
    "modelTypes",
    "parent",
    "x-unverified",
}
WRAPPER_KEYS = {"source", "recorded", "confidence", "notes", "model"}
MODEL_KEYS = {
    "id",
    "name",
    "shortDescription",
    "capabilities",
    "tags",
    "type",
    "accessRestrictions",
    "inputs",
    "uiConfig",
}
# Facts the fixtures and the bundled documents must agree on (labels and groups may differ).
FACT_KEYS = (
    "type",
    "default",
    "min",
    "max",
    "minLength",
    "maxLength",
    "allowedValues",
    "required",
    "kind",
    "maxSize",
    "maxDuration",
    "modelTypes",
    "costImpact",
)
# EL_VOICES of §2.0: 21 voices, default Adam.
EL_VOICES = [
    "Adam",
    "Alice",
    "Bella",
    "Bill",
    "Brian",
    "Callum",
    "Charlie",
    "Chris",
    "Daniel",
    "Eric",
    "George",
    "Harry",
    "Jessica",
    "Laura",
    "Liam",
    "Lily",
    "Matilda",
    "River",
    "Roger",
    "Sarah",
    "Will",
]


# ---------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def models() -> list[BundledModel]:
    clear_cache()
    return load_bundled_models()


def documents() -> list[Path]:
    return sorted(DOCS_DIR.glob("*.json"))


def raw_document(model_id: str) -> dict[str, Any]:
    return json.loads((DOCS_DIR / f"{model_id}.json").read_text(encoding="utf-8"))


def specs_of(model_id: str) -> tuple[FieldSpec, ...]:
    found = bundled_model(model_id)
    assert found is not None, model_id
    assert found.record.inputs is not None
    return specs_from_scenario(found.record.inputs, found.record.ui_config)


def by_name(model_id: str) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs_of(model_id)}


def walk(specs: Sequence[FieldSpec]) -> Iterator[FieldSpec]:
    for spec in specs:
        yield spec
        yield from walk(spec.children)


def walk_raw(inputs: Sequence[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    for item in inputs:
        yield item
        yield from walk_raw(item.get("inputs", []))


def range_of(spec: FieldSpec) -> tuple[Any, Any, Any]:
    return spec.minimum, spec.maximum, spec.default


def plausible_number(spec: FieldSpec) -> int | float:
    lo, hi = spec.minimum, spec.maximum
    if lo is not None and hi is not None:
        number: float = (lo + hi) / 2
    elif lo is not None:
        number = lo + 1
    elif hi is not None:
        number = hi - 1
    else:
        number = 1
    return math.floor(number) if spec.integer or spec.kind is FieldKind.SEED else number


def plausible_text(spec: FieldSpec) -> str:
    text = "warm lo-fi groove with soft keys"
    if spec.min_length is not None and len(text) < spec.min_length:
        text = text.ljust(spec.min_length, "!")
    return text[: spec.max_length] if spec.max_length else text


def plausible(spec: FieldSpec) -> Any:
    """A value a musician could plausibly enter (first choice, mid-range, short text ...)."""
    if spec.choices:
        first = spec.choices[0].value
        return [first] if spec.kind is FieldKind.MULTI_CHOICE else first
    kind = spec.kind
    if kind in (FieldKind.LONG_TEXT, FieldKind.TEXT):
        return plausible_text(spec)
    if kind in (FieldKind.NUMBER, FieldKind.INTEGER, FieldKind.SEED):
        return plausible_number(spec)
    if kind is FieldKind.NUMBER_LIST:
        return [plausible_number(spec)]
    if kind is FieldKind.BOOLEAN:
        return True
    if kind is FieldKind.FILE:
        return FAKE_ASSET
    if kind is FieldKind.FILE_LIST:
        return [FAKE_ASSET]
    if kind is FieldKind.MODEL:
        return "model_myClonedVoice"
    if kind is FieldKind.MODEL_LIST:
        return ["model_myClonedVoice"]
    if kind is FieldKind.TAGS:
        return ["warm"]
    if kind is FieldKind.GROUP_LIST:
        row, _filled = fill_required(spec.children, default_values(spec.children))
        return [row]
    raise AssertionError(f"no plausible value for {spec.name} ({kind})")


def fill_required(
    specs: Sequence[FieldSpec], values: dict[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Fill each field that is required now and empty, in form order, until none is left."""
    filled: list[str] = []
    changed = True
    while changed:
        changed = False
        for spec in specs:
            if is_required(spec, values) and not has_value(spec, values.get(spec.name)):
                values[spec.name] = plausible(spec)
                filled.append(spec.name)
                changed = True
    return values, filled


# ---------------------------------------------------------------- the set of documents


def test_every_documented_model_is_bundled_and_none_is_skipped(models: list[BundledModel]) -> None:
    ids = [m.model_id for m in models]
    assert len(ids) == len(set(ids))
    assert set(ids) == EXPECTED_IDS
    assert len(models) == len(documents()) >= 45  # nothing was skipped as damaged
    assert ids == sorted(ids)


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.stem)
def test_document_shape(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    assert set(document) == WRAPPER_KEYS
    model = document["model"]
    assert set(model) == MODEL_KEYS
    assert model["id"] == path.stem
    assert document["source"].startswith("scenario-api.md §")
    assert date.fromisoformat(document["recorded"]) == date(2026, 11, 21)
    assert document["confidence"] in CONFIDENCE_LEVELS
    assert isinstance(document["notes"], str)
    assert model["name"].strip() and model["shortDescription"].strip()
    assert model["type"] == "custom" and model["accessRestrictions"] == 0
    assert model["capabilities"] and set(model["capabilities"]) <= AUDIO_CAPABILITIES
    assert all(isinstance(t, str) and t == t.strip() and t for t in model["tags"])
    for tag in model["tags"]:
        if tag.startswith("deprecated:"):
            assert tag.split(":", 1)[1] in EXPECTED_IDS
    assert set(model["uiConfig"]) == {"selects"}
    # Pretty-printed with a 2-space indent, as the README promises.
    text = path.read_text(encoding="utf-8")
    assert text == json.dumps(document, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.stem)
def test_inputs_use_only_the_scenario_dialect(path: Path) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    inputs = document["model"]["inputs"]
    names = [item["name"] for item in inputs]
    assert len(names) == len(set(names))
    unverified = 0
    for item in walk_raw(inputs):
        assert set(item) <= INPUT_KEYS, f"{item['name']}: {set(item) - INPUT_KEYS}"
        assert item["type"] in DIALECT_TYPES
        assert item["label"].strip()
        if "kind" in item:
            assert item["type"] in ("file", "file_array")
            assert item["kind"] in ("audio", "video", "image")
        if item["type"] in ("file", "file_array"):
            assert "kind" in item, f"{item['name']}: files always state their kind"
        if "modelTypes" in item:
            assert item["type"] in ("model", "model_array")
        if "required" in item:
            assert isinstance(item["required"], dict) and item["required"]
        if "x-unverified" in item:
            assert isinstance(item["x-unverified"], str) and item["x-unverified"].strip()
            unverified += 1
    if document["confidence"] != "full":
        assert document["notes"].strip() and unverified
    if document["confidence"] == "listed-only":
        assert all("x-unverified" in item for item in walk_raw(inputs))


@pytest.mark.parametrize("path", documents(), ids=lambda p: p.stem)
def test_select_labels_name_allowed_values(path: Path) -> None:
    model = json.loads(path.read_text(encoding="utf-8"))["model"]
    inputs = {item["name"]: item for item in model["inputs"]}
    for name, labels in model["uiConfig"]["selects"].items():
        allowed = {str(v) for v in inputs[name]["allowedValues"]}
        assert set(labels) <= allowed, f"{name}: {set(labels) - allowed}"
        assert all(isinstance(label, str) and label.strip() for label in labels.values())


def test_records_are_marked_bundled(models: list[BundledModel]) -> None:
    for model in models:
        record = model.record
        assert record.schema_source == "bundled"
        assert record.provider_id == "scenario"
        assert record.inputs
        assert model.source and model.recorded == "2026-11-21"
        assert set(record.capabilities) & AUDIO_CAPABILITIES
    assert bundled_model("model_xai-grok-tts") == next(
        m for m in models if m.model_id == "model_xai-grok-tts"
    )
    assert bundled_model("model_does-not-exist") is None


def test_parameter_counts_match_the_reference() -> None:
    for model_id, count in PARAM_COUNTS.items():
        assert len(raw_document(model_id)["model"]["inputs"]) == count, model_id


# ---------------------------------------------------------------- forms, defaults and bodies


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_specs_build_without_unintended_json_fields(model_id: str) -> None:
    specs = specs_of(model_id)
    inputs = raw_document(model_id)["model"]["inputs"]
    # No input was dropped by the parser (grouping may reorder them).
    assert sorted(s.name for s in walk(specs)) == sorted(i["name"] for i in walk_raw(inputs))
    json_fields = {(model_id, s.name) for s in walk(specs) if s.kind is FieldKind.JSON}
    assert json_fields <= INTENDED_JSON
    assert json_fields == {key for key in INTENDED_JSON if key[0] == model_id}


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_defaults_report_only_required_fields(model_id: str) -> None:
    specs = specs_of(model_id)
    spec = {s.name: s for s in specs}
    values = default_values(specs)
    errors = validate(specs, values)
    assert [e.path for e in errors] == REQUIRED_WITHOUT_DEFAULT[model_id]
    for error in errors:
        assert spec[error.path].required.any_rule and not spec[error.path].has_default


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_filling_required_fields_gives_a_valid_body(model_id: str) -> None:
    specs = specs_of(model_id)
    defaults = default_values(specs)
    values, filled = fill_required(specs, dict(defaults))
    assert validate(specs, values) == []
    body = build_body(specs, values)
    assert set(body) == set(defaults) | set(filled)
    json.dumps(body, allow_nan=False)
    for spec in specs:
        if spec.kind is FieldKind.GROUP_LIST and spec.name in body:
            row = values[spec.name][0]
            assert set(body[spec.name][0]) == set(row)


@pytest.mark.parametrize("model_id", sorted(EXPECTED_IDS))
def test_filling_every_field_gives_a_valid_body(model_id: str) -> None:
    specs = specs_of(model_id)
    values = {s.name: plausible(s) for s in specs if s.kind is not FieldKind.JSON}
    assert validate(specs, values) == []
    assert set(build_body(specs, values)) == set(values)


# ---------------------------------------------------------------- exact values (spot checks)


def test_elevenlabs_sound_effects_v2() -> None:
    spec = by_name("model_elevenlabs-sound-effects-v2")
    assert range_of(spec["durationSeconds"]) == (0.5, 30, 5)
    assert range_of(spec["promptInfluence"]) == (0, 1, 0.3)
    assert spec["loop"].default is False
    assert "seed" not in spec  # no seed support
    assert len(spec["outputFormat"].choices) == 12
    assert not any(str(v).startswith("wav") for v in spec["outputFormat"].choice_values)


def test_elevenlabs_voices_formats_and_voice_rule() -> None:
    for model_id in (
        "model_elevenlabs-tts-v3",
        "model_elevenlabs-multilingual-v2",
        "model_elevenlabs-turbo-v2-5",
        "model_elevenlabs-sts",
        "model_elevenlabs-voice-changer",
    ):
        spec = by_name(model_id)
        assert list(spec["publicVoice"].choice_values) == EL_VOICES, model_id
        assert spec["publicVoice"].default == "Adam"
        assert spec["voiceId"].kind is FieldKind.MODEL
        assert spec["voiceId"].model_types == ("elevenlabs-voice",)
        assert spec["outputFormat"].default == "mp3_44100_128"
    tts = by_name("model_elevenlabs-tts-v3")
    assert len(tts["outputFormat"].choices) == 19
    assert tts["outputFormat"].label_for("mp3_44100_128") == "MP3 44.1 kHz, 128 kbps"
    assert tts["outputFormat"].label_for("wav_22050") == "WAV 22.05 kHz"
    assert range_of(tts["similarityBoost"]) == (0, 1, 0.75)
    assert range_of(tts["speed"]) == (0.7, 1.2, 1)
    assert tts["text"].max_length == 40000 and "languageCode" not in tts
    multi = by_name("model_elevenlabs-multilingual-v2")
    assert range_of(multi["similarityBoost"]) == (0, 1, 0.5)
    assert multi["languageCode"].default is NO_DEFAULT
    assert multi["languageCode"].choice_values[:3] == ("", "en", "ca")
    assert len(multi["languageCode"].choices) == 46
    assert multi["languageCode"].label_for("") == "Auto-detect"
    changer = by_name("model_elevenlabs-voice-changer")
    assert changer["stability"].default is NO_DEFAULT  # the voice's own setting
    assert changer["fileFormat"].choice_values == ("pcm_s16le_16", "other")
    assert changer["fileFormat"].default == "other"
    assert len(changer["outputFormat"].choices) == 12


def test_elevenlabs_music_v2_uses_the_documented_duration_range() -> None:
    spec = by_name("model_elevenlabs-music-v2")
    duration = spec["durationSeconds"]
    assert range_of(duration) == (3, 180, 30) and duration.cost_impact
    assert "600" in duration.raw["x-unverified"]
    assert spec["forceInstrumental"].default is False


def test_beatoven_music_and_sound_effect() -> None:
    music = by_name("model_beatoven-music-generation")
    assert range_of(music["duration"]) == (5, 150, 90)
    assert range_of(music["refinement"]) == (10, 200, 100)
    assert range_of(music["creativity"]) == (1, 20, 16)
    assert range_of(music["seed"]) == (0, 2147483647, NO_DEFAULT)
    assert music["negativePrompt"].default == ""
    sfx = by_name("model_beatoven-sound-effect")
    assert range_of(sfx["duration"]) == (1, 35, 7)
    assert range_of(sfx["refinement"]) == (10, 200, 40)
    assert sfx["negativePrompt"].default is NO_DEFAULT


def test_xai_grok_tts() -> None:
    spec = by_name("model_xai-grok-tts")
    rate = spec["sampleRate"]
    assert rate.kind is FieldKind.CHOICE
    assert rate.choice_values == (8000, 16000, 22050, 24000, 44100, 48000)
    assert rate.default == 44100 and rate.label_for(22050) == "22.05 kHz"
    assert spec["voice"].choice_values == ("ara", "eve", "leo", "rex", "sal")
    assert spec["voice"].default == "eve"
    assert spec["language"].default == "auto" and len(spec["language"].choices) == 17
    assert spec["text"].max_length == 15000


def test_gemini_voices_and_languages() -> None:
    for model_id in (
        "model_google-gemini-2-5-flash-tts",
        "model_google-gemini-2-5-pro-tts",
        "model_google-gemini-3-1-flash-tts",
    ):
        spec = by_name(model_id)
        assert len(spec["voice"].choices) == 30 and spec["voice"].default == "Puck"
        assert len(spec["language"].choices) == 24 and spec["language"].default == "en-US"
        assert spec["language"].label_for("pt-BR") == "Portuguese (Brazil)"
    speakers = by_name("model_google-gemini-3-1-flash-tts")["multiSpeakerConfig"]
    assert speakers.kind is FieldKind.GROUP_LIST and speakers.max_length == 2
    assert [c.name for c in speakers.children] == ["speaker", "voice"]


def test_meta_musicgen() -> None:
    spec = by_name("model_meta-musicgen")
    assert spec["modelVersion"].choice_values == (
        "stereo-melody-large",
        "stereo-large",
        "melody-large",
        "large",
    )
    assert spec["modelVersion"].default == "stereo-melody-large"
    assert range_of(spec["duration"]) == (1, 30, 8)
    assert spec["normalizationStrategy"].choice_values == ("loudness", "clip", "peak", "rms")
    assert range_of(spec["classifierFreeGuidance"]) == (0, 10, 3)
    assert spec["inputAudio"].file_kind == "audio"
    # "required if no input audio" (older docs): a melody alone is enough.
    specs = specs_of("model_meta-musicgen")
    assert validate(specs, default_values(specs) | {"inputAudio": FAKE_ASSET}) == []


def test_ace_step_text_to_music() -> None:
    for model_id in (
        "model_ace-step-1-5-turbo-text-to-music",
        "model_ace-step-1-5-quality-text-to-music",
    ):
        spec = by_name(model_id)
        duration = spec["duration"]
        assert range_of(duration) == (10, 600, NO_DEFAULT) and duration.cost_impact
        assert range_of(spec["numOutputs"]) == (1, 4, 1) and spec["numOutputs"].cost_impact
        assert range_of(spec["bpm"]) == (30, 300, NO_DEFAULT)
        assert len(spec["vocalLanguage"].choices) == 51
        assert spec["vocalLanguage"].default == "unknown"
        assert spec["prompt"].max_length == 512
        specs = specs_of(model_id)
        assert validate(specs, {"lyrics": "[Verse] la la"}) == []
        assert validate(specs, {"prompt": "lofi"}) == []


def test_ace_step_edits_and_repaints() -> None:
    complete = by_name("model_ace-step-1-5-edit-complete-track")["completeTrackClasses"]
    assert complete.kind is FieldKind.MULTI_CHOICE and len(complete.choices) == 12
    assert complete.default == ("drums", "bass", "guitar")
    assert complete.label_for("backing_vocals") == "Backing vocals"
    layer = by_name("model_ace-step-1-5-edit-add-layer")
    assert layer["trackName"].required.always and len(layer["trackName"].choices) == 12
    assert range_of(layer["guidanceScale"]) == (1, 15, 7)
    turbo = by_name("model_ace-step-1-5-turbo-repaint")
    assert turbo["audioFormat"].choice_values == ("mp3", "wav", "flac")
    assert turbo["audioFormat"].default == "mp3"
    assert range_of(turbo["repaintingEnd"]) == (-1, None, -1)
    assert "audioFormat" not in by_name("model_ace-step-1-5-quality-repaint")
    cover = by_name("model_ace-step-1-5-quality-cover")
    assert range_of(cover["audioCoverStrength"]) == (0, 1, 1)


def test_voice_clone_tts_models() -> None:
    lux = by_name("model_lux-tts")
    assert range_of(lux["seed"]) == (0, 2147483647, NO_DEFAULT)
    assert range_of(lux["maxRefLength"]) == (1, 15, 5)
    assert range_of(lux["numInferenceSteps"]) == (1, 16, 4)
    tada = by_name("model_tada-3b-text-to-speech")
    assert tada["language"].choice_values == (
        "en",
        "ar",
        "ch",
        "de",
        "es",
        "fr",
        "it",
        "ja",
        "pl",
        "pt",
    )
    assert range_of(tada["repetitionPenalty"]) == (1, 2, 1.1)
    assert range_of(tada["speedUpFactor"]) == (0.5, 2, 1)
    mmaudio = by_name("model_mm-audio-2-t2a")
    assert range_of(mmaudio["seed"]) == (0, 65535, NO_DEFAULT)
    assert range_of(mmaudio["cfgStrength"]) == (1, 20, 4.5)


def test_bytedance_seed_audio() -> None:
    plain = by_name("model_byteplus-seed-audio-1-0")
    multi = by_name("model_byteplus-seed-audio-1-0-multilingual")
    assert plain["textPrompt"].max_length == 2048 and multi["textPrompt"].max_length == 3000
    assert multi["enableSubtitle"].default is True and "enableSubtitle" not in plain
    assert range_of(plain["pitchRate"]) == (-12, 12, 0)
    assert range_of(plain["speechRate"]) == (-50, 100, 0)
    refs = plain["audioReferences"]
    assert (refs.max_length, refs.max_duration, refs.max_size) == (3, 30, 10485760)
    assert plain["sampleRate"].choice_values == (8000, 16000, 24000, 32000, 44100, 48000)


def test_minimax_music_and_speech() -> None:
    assert by_name("model_minimax-music-2-0")["sampleRate"].choice_values == (
        8000,
        16000,
        22050,
        24000,
        32000,
        44100,
    )
    v25 = by_name("model_minimax-music-2-5")
    assert v25["sampleRate"].choice_values == (16000, 24000, 32000, 44100)
    assert (v25["lyrics"].min_length, v25["lyrics"].max_length) == (1, 3500)
    assert v25["bitrate"].default == 256000 and v25["bitrate"].label_for(256000) == "256 kbps"
    v26 = by_name("model_minimax-music-2-6")
    assert v26["lyrics"].default == "" and v26["prompt"].max_length == 2000
    v30 = by_name("model_minimax-music-3-0")
    assert (v30["prompt"].min_length, v30["prompt"].max_length) == (10, 2000)
    assert v30["sampleRate"].default is NO_DEFAULT
    for model_id in ("model_minimax-speech-2-6-hd", "model_minimax-speech-2-8-turbo"):
        speech = by_name(model_id)
        voice = speech["voiceId"]
        assert voice.kind is FieldKind.CHOICE and len(voice.choices) == 17  # presets, not clones
        assert voice.default == "Wise_Woman" and voice.label_for("Wise_Woman") == "Wise woman"
        assert speech["sampleRate"].default == 32000 and speech["bitrate"].default == 128000
        assert speech["languageBoost"].default == "Automatic"
        assert "Chinese,Yue" in speech["languageBoost"].choice_values
        assert range_of(speech["volume"]) == (0, 10, 1)
    listed = raw_document("model_minimax-speech-2-8-hd")
    assert listed["confidence"] == "listed-only"


def test_sonilo() -> None:
    music = by_name("model_sonilo-v1-1-text-to-music")
    assert range_of(music["duration"]) == (1, 600, 90) and music["duration"].cost_impact
    assert range_of(music["numSamples"]) == (1, 3, 1)
    video = by_name("model_sonilo-v1-1-video-to-music")
    assert video["video"].file_kind == "video" and video["duration"].default is NO_DEFAULT
    assert range_of(video["startOffset"]) == (0, 600, NO_DEFAULT)
    sfx = by_name("model_sonilo-v1-1-text-to-sound-effects")
    assert range_of(sfx["duration"]) == (1, 180, 8)
    assert sfx["audioFormat"].choice_values == ("aac", "mp3", "wav", "flac")
    segments = by_name("model_sonilo-v1-1-video-to-sound-effects")["segments"]
    assert segments.kind is FieldKind.JSON and segments.max_length == 50


def test_scenario_utilities() -> None:
    split = by_name("model_scenario-audio-split")
    assert split["cutPoints"].kind is FieldKind.NUMBER_LIST
    assert split["cutPoints"].source_type == "number_array"
    assert split["outputFormat"].choice_values == ("", "mp3", "wav", "ogg", "m4a")
    assert split["outputFormat"].default == ""
    assert split["strict"].default is False
    specs = specs_of("model_scenario-audio-split")
    body = build_body(specs, default_values(specs) | {"audio": FAKE_ASSET, "cutPoints": "10, 20"})
    assert body["cutPoints"] == [10, 20] and body["outputFormat"] == ""
    cut = by_name("model_scenario-audio-cut")
    assert range_of(cut["startTime"]) == (0, None, 0)
    assert range_of(cut["endTime"]) == (0, None, NO_DEFAULT)
    extract = by_name("model_scenario-audio-extract")
    assert extract["outputFormat"].choice_values == ("mp3", "wav", "aac")
    assert extract["video"].file_kind == "video"


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.json")), ids=lambda p: p.stem)
def test_recorded_fixtures_agree_with_the_bundled_documents(path: Path) -> None:
    fixture = json.loads(path.read_text(encoding="utf-8"))["model"]
    bundled_doc = raw_document(fixture["id"])["model"]
    assert bundled_doc["capabilities"] == fixture["capabilities"]
    compare_inputs(bundled_doc["inputs"], fixture["inputs"], fixture["id"])


def compare_inputs(ours: list[dict[str, Any]], theirs: list[dict[str, Any]], where: str) -> None:
    assert {i["name"] for i in ours} == {i["name"] for i in theirs}, where
    mine = {i["name"]: i for i in ours}
    for item in theirs:
        own = mine[item["name"]]
        for key in FACT_KEYS:
            if key == "costImpact" and "costImpact" in own.get("x-unverified", ""):
                continue  # marked as an assumption, see the bundled document's notes
            assert own.get(key) == item.get(key), f"{where}.{item['name']}.{key}"
        if "inputs" in item:
            compare_inputs(own["inputs"], item["inputs"], f"{where}.{item['name']}")


# ---------------------------------------------------------------- loader behaviour


def write(folder: Path, name: str, content: Any) -> None:
    text = content if isinstance(content, str) else json.dumps(content)
    (folder / name).write_text(text, encoding="utf-8")


def test_damaged_files_are_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "models" / "scenario"
    folder.mkdir(parents=True)
    good = "model_scenario-audio-cut"
    shutil.copy(DOCS_DIR / f"{good}.json", folder / f"{good}.json")
    sound = raw_document("model_lyria-2")
    write(folder, "model_broken.json", '{"source": "x", "model": {')
    write(folder, "model_list.json", [1, 2])
    write(folder, "model_no-model.json", {"source": "x"})
    write(folder, "model_wrong-name.json", sound)
    write(folder, "model_no-id.json", {"model": {"inputs": []}})
    write(folder, "model_no-inputs.json", {"model": {"id": "model_no-inputs"}})
    (folder / "model_binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "model_folder.json").mkdir()
    vague = dict(sound, confidence="sure")
    vague["model"] = dict(sound["model"], id="model_vague")
    write(folder, "model_vague.json", vague)
    clear_cache()
    with caplog.at_level(logging.WARNING, logger=bundled.__name__):
        loaded = load_bundled_models(tmp_path)
    assert [m.model_id for m in loaded] == [good, "model_vague"]
    assert loaded[1].confidence == "listed-only"  # an unknown label claims the least
    warned = caplog.text
    for name in (
        "model_broken",
        "model_list",
        "model_no-model",
        "model_wrong-name",
        "model_no-id",
        "model_no-inputs",
        "model_binary",
        "model_folder",
        "model_vague",
    ):
        assert name in warned, name
    assert bundled_model("model_lyria-2", tmp_path) is None
    assert bundled_model(good, tmp_path) is loaded[0]


def test_a_missing_folder_gives_no_models(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clear_cache()
    with caplog.at_level(logging.WARNING, logger=bundled.__name__):
        assert load_bundled_models(tmp_path / "nowhere") == []
    assert "not a folder" in caplog.text


def test_default_folder_is_the_resources_folder() -> None:
    assert bundled.models_dir() == paths.resource_dir() / "models" / "scenario"
    assert bundled.models_dir(Path("/x")) == Path("/x/models/scenario")


def test_loading_is_fast_and_cached() -> None:
    timings = []
    for _ in range(3):
        clear_cache()
        started = time.perf_counter()
        first = load_bundled_models()
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.1, f"cold load took {min(timings) * 1000:.1f} ms"
    started = time.perf_counter()
    again = load_bundled_models()
    assert time.perf_counter() - started < 0.01
    assert again is not first and again == first
    assert all(a is b for a, b in zip(again, first, strict=True))
