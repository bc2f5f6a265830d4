"""Sort catalogue models into the four kinds a musician looks for. Pure: no Qt, no I/O.

Only capabilities, tags, ids and names are read: descriptions mention other kinds too
("music for your voice-over") and would mislead.
"""

from __future__ import annotations

import re
from enum import StrEnum

from sonodesk.core.providers.base import ModelRecord

AUDIO_CAPABILITIES = frozenset({"txt2audio", "audio2audio", "video2audio"})
_TRANSFORM_CAPABILITIES = frozenset({"audio2audio", "video2audio"})


class Category(StrEnum):
    """The picker's groups, in display order."""

    MUSIC = "music"
    SPEECH = "speech"
    SFX = "sfx"
    AUDIO_TO_AUDIO = "audio2audio"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def order(self) -> int:
        return list(Category).index(self)


_LABELS = {
    Category.MUSIC: "Music",
    Category.SPEECH: "Speech",
    Category.SFX: "Sound effects",
    Category.AUDIO_TO_AUDIO: "Audio-to-audio",
}

_SPEECH_WORDS = frozenset(
    {"tts", "speech", "voice", "voices", "voiceover", "narration", "narrator", "dialogue", "sts"}
)
_SFX_WORDS = frozenset({"sfx", "foley"})
_SPEECH_PHRASES = ("text-to-speech", "speech-to-speech")
_SFX_PHRASES = ("sound-effect", "sound-effects", "soundfx")
# Families whose ids and names never say what they are: ElevenLabs' voice models are named
# after the engine ("Multilingual v2", "Turbo v2.5"), Bytedance's TTS is "Seed Audio", and
# MMAudio's text-to-audio model makes effects.
_SPEECH_FAMILIES = (
    "elevenlabs-multilingual",
    "elevenlabs-turbo",
    "elevenlabs-flash",
    "byteplus-seed-audio",
)
_SFX_FAMILIES = ("mm-audio",)
_MUSIC_TAGS = frozenset({"music", "song", "songs", "instrumental"})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(text: str) -> set[str]:
    return set(filter(None, _slug(text).split("-")))


def _says_speech(slug: str) -> bool:
    return bool(_words(slug) & _SPEECH_WORDS) or any(p in slug for p in _SPEECH_PHRASES)


def _says_sfx(slug: str) -> bool:
    return bool(_words(slug) & _SFX_WORDS) or any(p in slug for p in _SFX_PHRASES)


def category_of(
    model_id: str,
    name: str = "",
    capabilities: tuple[str, ...] | list[str] = (),
    tags: tuple[str, ...] | list[str] = (),
) -> Category:
    """The group a model belongs to; anything unrecognised that makes audio is music."""
    caps = {c.strip().lower() for c in capabilities}
    # A model that needs an input file is a different workflow, whatever sound it makes.
    if caps & _TRANSFORM_CAPABILITIES and "txt2audio" not in caps:
        return Category.AUDIO_TO_AUDIO
    tag_slugs = [_slug(t) for t in tags if not t.startswith("deprecated:")]
    for tag in tag_slugs:
        if _says_speech(tag):
            return Category.SPEECH
        if _says_sfx(tag):
            return Category.SFX
    if any(tag in _MUSIC_TAGS for tag in tag_slugs):
        return Category.MUSIC
    slugs = (_slug(model_id.removeprefix("model_")), _slug(name))
    for slug in slugs:
        if slug.startswith(_SPEECH_FAMILIES):
            return Category.SPEECH
        if slug.startswith(_SFX_FAMILIES):
            return Category.SFX
    for slug in slugs:
        if _says_speech(slug):
            return Category.SPEECH
        if _says_sfx(slug):
            return Category.SFX
    return Category.MUSIC


def categorize(record: ModelRecord) -> Category:
    """category_of() for a catalogue record."""
    return category_of(record.model_id, record.name, record.capabilities, record.tags)


def is_audio_model(record: ModelRecord) -> bool:
    """True for models that make audio (not image models, not sound-kit helper models)."""
    return bool({c.lower() for c in record.capabilities} & AUDIO_CAPABILITIES)
