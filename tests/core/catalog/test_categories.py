"""Categories of real catalogue ids (scenario-api.md §2.0) and of the sandbox's own models."""

from __future__ import annotations

import pytest

from sonodesk.core.catalog.categories import Category, categorize, category_of, is_audio_model
from sonodesk.core.providers.base import ModelRecord
from sonodesk.core.providers.scenario_parse import model_from_json
from sonodesk.sandbox.catalog import KITS, MODELS

A2A, MUSIC, SFX, SPEECH = (
    Category.AUDIO_TO_AUDIO,
    Category.MUSIC,
    Category.SFX,
    Category.SPEECH,
)

# (model id, capability, expected). Names are left out on purpose: ids alone must do.
SCENARIO_IDS = [
    ("model_elevenlabs-tts-v3", "txt2audio", SPEECH),
    ("model_elevenlabs-multilingual-v2", "txt2audio", SPEECH),
    ("model_elevenlabs-turbo-v2-5", "txt2audio", SPEECH),
    ("model_elevenlabs-music-v2", "txt2audio", MUSIC),
    ("model_elevenlabs-music-advanced-v2", "txt2audio", MUSIC),
    ("model_elevenlabs-sound-effects-v2", "txt2audio", SFX),
    ("model_elevenlabs-sts", "audio2audio", A2A),
    ("model_elevenlabs-voice-changer", "audio2audio", A2A),
    ("model_elevenlabs-voice-isolator", "audio2audio", A2A),
    ("model_ace-step-1-5-turbo-text-to-music", "txt2audio", MUSIC),
    ("model_ace-step-1-5-quality-text-to-music", "txt2audio", MUSIC),
    ("model_ace-step-1-5-turbo-cover", "audio2audio", A2A),
    ("model_ace-step-1-5-quality-cover", "audio2audio", A2A),
    ("model_ace-step-1-5-turbo-repaint", "audio2audio", A2A),
    ("model_ace-step-1-5-quality-repaint", "audio2audio", A2A),
    ("model_ace-step-1-5-edit-add-layer", "audio2audio", A2A),
    ("model_ace-step-1-5-edit-complete-track", "audio2audio", A2A),
    ("model_ace-step-1-5-edit-stem-extract", "audio2audio", A2A),
    ("model_lux-tts", "txt2audio", SPEECH),
    ("model_mm-audio-2-t2a", "txt2audio", SFX),
    ("model_tada-1b-text-to-speech", "txt2audio", SPEECH),
    ("model_tada-3b-text-to-speech", "txt2audio", SPEECH),
    ("model_meta-musicgen", "txt2audio", MUSIC),
    ("model_lyria-2", "txt2audio", MUSIC),
    ("model_lyria-3-clip", "txt2audio", MUSIC),
    ("model_lyria-3-pro", "txt2audio", MUSIC),
    ("model_google-gemini-2-5-flash-tts", "txt2audio", SPEECH),
    ("model_google-gemini-2-5-pro-tts", "txt2audio", SPEECH),
    ("model_google-gemini-3-1-flash-tts", "txt2audio", SPEECH),
    ("model_beatoven-music-generation", "txt2audio", MUSIC),
    ("model_beatoven-sound-effect", "txt2audio", SFX),
    ("model_xai-grok-tts", "txt2audio", SPEECH),
    ("model_sonilo-v1-1-text-to-music", "txt2audio", MUSIC),
    ("model_sonilo-v1-1-video-to-music", "video2audio", A2A),
    ("model_sonilo-v1-1-text-to-sound-effects", "txt2audio", SFX),
    ("model_sonilo-v1-1-video-to-sound-effects", "video2audio", A2A),
    ("model_byteplus-seed-audio-1-0", "txt2audio", SPEECH),
    ("model_byteplus-seed-audio-1-0-multilingual", "txt2audio", SPEECH),
    ("model_minimax-music-2-0", "txt2audio", MUSIC),
    ("model_minimax-music-2-5", "txt2audio", MUSIC),
    ("model_minimax-music-2-6", "txt2audio", MUSIC),
    ("model_minimax-music-3-0", "txt2audio", MUSIC),
    ("model_minimax-music-cover", "audio2audio", A2A),
    ("model_minimax-speech-2-6-hd", "txt2audio", SPEECH),
    ("model_minimax-speech-2-6-turbo", "txt2audio", SPEECH),
    ("model_minimax-speech-2-8-hd", "txt2audio", SPEECH),
    ("model_minimax-speech-2-8-turbo", "txt2audio", SPEECH),
    ("model_scenario-audio-cut", "audio2audio", A2A),
    ("model_scenario-audio-split", "audio2audio", A2A),
    ("model_scenario-audio-extract", "video2audio", A2A),
    ("minimax/music-01", "txt2audio", MUSIC),
]


@pytest.mark.parametrize(("model_id", "capability", "expected"), SCENARIO_IDS)
def test_scenario_catalogue_ids(model_id: str, capability: str, expected: Category) -> None:
    assert category_of(model_id, "", (capability,)) is expected


def test_sandbox_models() -> None:
    records = {m["id"]: model_from_json(m, "sandbox") for m in MODELS}
    assert categorize(records["model_sonodesk-music-sketch"]) is MUSIC
    assert categorize(records["model_sonodesk-sfx"]) is SFX
    assert categorize(records["model_sonodesk-audio-tools"]) is A2A


def test_sandbox_kits_are_not_audio_models() -> None:
    kits = [model_from_json(k, "sandbox") for k in KITS]
    assert kits and not any(is_audio_model(k) for k in kits)
    assert all(is_audio_model(model_from_json(m, "sandbox")) for m in MODELS)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ElevenLabs Multilingual v2", SPEECH),
        ("Gemini 3.1 Flash TTS", SPEECH),
        ("Voice Designer", SPEECH),
        ("Cinematic Sound Effects", SFX),
        ("Foley Studio", SFX),
        ("Trap Beat Maker", MUSIC),
    ],
)
def test_names_decide_when_the_id_is_opaque(name: str, expected: Category) -> None:
    assert category_of("model_abc123", name, ("txt2audio",)) is expected


def test_tags_win_over_names_and_deprecation_tags_are_ignored() -> None:
    assert category_of("model_x", "Studio", ("txt2audio",), ("text-to-speech",)) is SPEECH
    assert category_of("model_x", "Studio", ("txt2audio",), ("sound-effects",)) is SFX
    assert category_of("model_x", "Voice Studio", ("txt2audio",), ("music",)) is MUSIC
    tags = ("deprecated:model_sfx-v2",)
    assert category_of("model_lyria-2", "Lyria 2", ("txt2audio",), tags) is MUSIC


def test_capability_words_are_case_insensitive_and_transforms_need_no_text_input() -> None:
    assert category_of("model_x", "", ("Audio2Audio",)) is A2A
    # A model that also takes text is classified by what it makes.
    assert category_of("model_x-tts", "", ("txt2audio", "audio2audio")) is SPEECH


def test_words_do_not_match_inside_other_words() -> None:
    # "sts" must not fire inside "artists"; "sfx" not inside longer tokens.
    assert category_of("model_artists-choice", "", ("txt2audio",)) is MUSIC
    assert category_of("model_sfxmusic", "", ("txt2audio",)) is MUSIC


def test_category_labels_and_order() -> None:
    assert [c.label for c in Category] == ["Music", "Speech", "Sound effects", "Audio-to-audio"]
    assert [c.order for c in Category] == [0, 1, 2, 3]


def test_categorize_reads_the_record() -> None:
    record = ModelRecord("model_x", "Narrator", "scenario", capabilities=("txt2audio",))
    assert categorize(record) is SPEECH
