"""Reads a music sketch request (prompt words plus explicit params) into a Style. No Qt, no I/O."""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .music_genres import DEFAULT_GENRE, GENRES, KIT_VOICES, Genre
from .music_words import (
    CHORD_VOICE_WORDS,
    FAST_WORDS,
    KIT_WORDS,
    LEAD_VOICE_WORDS,
    LOUD_WORDS,
    MAJOR_WORDS,
    MINOR_WORDS,
    PART_WORDS,
    SLOW_WORDS,
    SOFT_WORDS,
    SWING_WORDS,
)

PARTS = ("drums", "bass", "chords", "lead", "pad", "arp")
KITS = ("lofi", "808", "acoustic")

_NOTE_CLASSES = {"c": 0, "d": 2, "e": 4, "f": 5, "g": 7, "a": 9, "b": 11}
_ACCIDENTALS = {"#": 1, "♯": 1, "sharp": 1, "b": -1, "♭": -1, "flat": -1}
_LONG_KEY = re.compile(
    r"(?<![a-z])([a-g])\s?(#|♯|♭|b(?=\s?-?(?:major|minor|maj|min)\b)|\s?-?sharp|\s?-?flat)?"
    r"\s?-?(major|minor|maj|min)(?![a-z])",
    re.IGNORECASE,
)
# Short forms need an anchor ("in D", "key of F#m") or an accidental ("Bbm") to tell them apart
# from ordinary words such as the article "a".
_ANCHORED_KEY = re.compile(
    r"(?:\bin|\bkey(?:\s+of)?|\bkey:)\s+([A-G])([#♯b♭]?)(m)?(?![A-Za-z0-9#])"
)
_BARE_KEY = re.compile(r"(?<![A-Za-z])([A-G])([#♯b♭])(m)?(?![A-Za-z0-9#])")
_BPM = re.compile(
    r"(\d{2,3}(?:\.\d+)?)\s*-?\s*(?:bpm|beats per minute)|(?:tempo|bpm)\s*(?:of|:|=)?\s*(\d{2,3})",
    re.IGNORECASE,
)
_NEGATION = r"(?:no|without|minus|zero|skip)\s+(?:[a-z-]+\s+)?"
_ONLY = re.compile(r"\b(?:only|just|solo)\b")
_MAJOR_TONICS = (0, 7, 2, 5, 9, 10, 4, 3)
_MINOR_TONICS = (9, 4, 2, 0, 7, 11, 5, 6)


@dataclass(frozen=True)
class Style:
    """Everything the arranger and the synthesisers need to know about the request."""

    genre: Genre
    bpm: float
    tonic: int
    minor: bool
    parts: frozenset[str]
    kit: str
    swing: float
    energy: float
    voices: tuple[tuple[str, str], ...]

    def voice(self, part: str) -> str:
        return dict(self.voices)[part]


def read_style(params: Mapping[str, Any]) -> Style:
    prompt = str(params.get("prompt") or "")
    text = " ".join(prompt.lower().split())
    genre = next((g for g in GENRES if _any(text, g.words)), DEFAULT_GENRE)
    kit = _kit(params.get("kit")) or _first_key(text, KIT_WORDS) or genre.kit
    minor = _mode(text, genre)
    tonic, explicit_mode = _key(params.get("key"), prompt, text)
    if explicit_mode is not None:
        minor = explicit_mode
    if tonic is None:
        tonics = _MINOR_TONICS if minor else _MAJOR_TONICS
        tonic = tonics[zlib.crc32(text.encode("utf-8")) % len(tonics)]
    energy = genre.energy + 0.2 * (_any(text, LOUD_WORDS) - _any(text, SOFT_WORDS))
    voices = dict(KIT_VOICES[kit])
    if kit == "808" and genre.groove not in ("trap", "boombap"):
        voices["bass"] = "saw_bass"
    voices["chords"] = _first_key(text, CHORD_VOICE_WORDS) or voices["chords"]
    voices["lead"] = _first_key(text, LEAD_VOICE_WORDS) or voices["lead"]
    return Style(
        genre=genre,
        bpm=_bpm(params.get("bpm"), text, genre),
        tonic=tonic,
        minor=minor,
        parts=_parts(params.get("instruments"), text, genre),
        kit=kit,
        swing=_swing(params.get("swing"), text, genre),
        energy=min(max(energy, 0.1), 1.0),
        voices=tuple(sorted(voices.items())),
    )


def _any(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![a-z0-9]){re.escape(w)}(?![a-z0-9])", text) for w in words)


def _first_key(text: str, table: Mapping[str, tuple[str, ...]]) -> str | None:
    return next((key for key, words in table.items() if _any(text, words)), None)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return None
    return float(value)


def _bpm(value: Any, text: str, genre: Genre) -> float:
    explicit = _number(value)
    if explicit is not None:
        return min(max(explicit, 60.0), 180.0)
    match = _BPM.search(text)
    if match:
        return min(max(float(match.group(1) or match.group(2)), 60.0), 180.0)
    fast, slow = _any(text, FAST_WORDS), _any(text, SLOW_WORDS)
    bpm = genre.bpm
    if fast and not slow:
        bpm = bpm * 1.1 if genre is not DEFAULT_GENRE else 128.0
    elif slow and not fast:
        bpm = bpm * 0.9 if genre is not DEFAULT_GENRE else 76.0
    return float(round(min(max(bpm, 60.0), 180.0)))


def _mode(text: str, genre: Genre) -> bool:
    sad = sum(_any(text, (w,)) for w in MINOR_WORDS)
    happy = sum(_any(text, (w,)) for w in MAJOR_WORDS)
    return genre.minor if sad == happy else sad > happy


def _key(value: Any, prompt: str, text: str) -> tuple[int | None, bool | None]:
    """Tonic pitch class and mode; explicit ``key`` wins, then the prompt's key words."""
    if isinstance(value, str) and value.strip().lower() not in ("", "auto"):
        parsed = _LONG_KEY.search(value.strip().lower())
        if parsed:
            return _pitch_class(parsed.group(1), parsed.group(2)), parsed.group(3).startswith("min")
    long_form = _LONG_KEY.search(text)
    if long_form:
        letter, accidental, mode = long_form.groups()
        return _pitch_class(letter, accidental), mode.startswith("min")
    short = _ANCHORED_KEY.search(prompt) or _BARE_KEY.search(prompt)
    if short:
        letter, accidental, minor = short.groups()
        return _pitch_class(letter, accidental), (True if minor else None)
    return None, None


def _pitch_class(letter: str, accidental: str | None) -> int:
    shift = _ACCIDENTALS.get((accidental or "").strip(" -").lower(), 0)
    return (_NOTE_CLASSES[letter.lower()] + shift) % 12


def _parts(value: Any, text: str, genre: Genre) -> frozenset[str]:
    if isinstance(value, list | tuple) and value:
        chosen = frozenset(str(v) for v in value) & frozenset(PARTS)
        if chosen:
            return chosen
    negated = {p for p, words in PART_WORDS.items() if _negated(text, words)}
    mentioned = {p for p, words in PART_WORDS.items() if _any(text, words)} - negated
    if _ONLY.search(text) and mentioned:
        return frozenset(mentioned)
    parts = (set(genre.parts) | mentioned) - negated
    # "drumless" and "beatless" negate by suffix rather than by a preceding word.
    if re.search(r"\b(?:drum|beat)less\b", text):
        parts.discard("drums")
    return frozenset(parts or {"chords", "pad"})


def _negated(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{_NEGATION}{re.escape(w)}(?![a-z0-9])", text) for w in words)


def _swing(value: Any, text: str, genre: Genre) -> float:
    """An explicit swing wins (0 is straight); unset leaves the feel to the prompt and genre
    ("straight" in the prompt asks for none)."""
    explicit = _number(value)
    if explicit is not None and explicit >= 0.0:
        return min(explicit, 0.5)
    if re.search(r"\b(?:straight|quantized|quantised)\b", text):
        return 0.0
    return max(genre.swing, 0.3) if _any(text, SWING_WORDS) else genre.swing


def _kit(value: Any) -> str | None:
    """The kit slug from a kit model id (or a record carrying one)."""
    if isinstance(value, Mapping):
        value = value.get("id") or value.get("modelId")
    if not isinstance(value, str):
        return None
    slug = value.rsplit("kit-", 1)[-1].lower()
    return slug if slug in KITS else None
