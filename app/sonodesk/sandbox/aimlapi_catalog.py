"""The AI/ML API music models the sandbox answers for: parameter rules, sketch mapping, credits.

Rules follow the team's API notes (scenario-api.md §3.4), written here independently of the
app's bundled schemas so a test can check that the two agree. Every model is played by the
sandbox's music sketch synthesiser. Pure data and arithmetic: no I/O, no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

SAMPLE_RATES: Final = (16000, 24000, 32000, 44100)
BITRATES: Final = (32000, 64000, 128000, 256000)
FORMATS: Final = ("mp3", "wav", "pcm")
MAX_REFERENCE_BYTES: Final = 50 * 1024 * 1024
REFERENCE_SECONDS: Final = (6.0, 360.0)
# The one price example in the docs: 120000 credits = 0.06 USD.
USD_PER_CREDIT: Final = 0.06 / 120000


@dataclass(frozen=True)
class Rule:
    """What one body field accepts. ``kind``: string, integer, boolean, enum, object, audio."""

    kind: str
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[Any, ...] = ()
    fields: Mapping[str, Rule] = field(default_factory=dict)


def _audio_setting(rate_key: str) -> Rule:
    return Rule(
        "object",
        fields={
            rate_key: Rule("enum", choices=SAMPLE_RATES),
            "bitrate": Rule("enum", choices=BITRATES),
            "format": Rule("enum", choices=FORMATS),
        },
    )


_LYRICS = Rule("string", min_length=10, max_length=3000)

MODELS: Final[dict[str, dict[str, Rule]]] = {
    "stable-audio": {
        "prompt": Rule("string", required=True),
        "seconds_start": Rule("integer", minimum=1, maximum=47),
        "seconds_total": Rule("integer", minimum=1, maximum=47),
        "steps": Rule("integer", minimum=1, maximum=1000),
    },
    "elevenlabs/eleven_music": {
        "prompt": Rule("string", required=True, max_length=2000),
        "music_length_ms": Rule("integer", minimum=10000, maximum=300000),
    },
    "google/lyria2": {
        "prompt": Rule("string", required=True),
        "negative_prompt": Rule("string"),
        "seed": Rule("integer", minimum=0),
    },
    "minimax/music-1.5": {
        "prompt": Rule("string", required=True, min_length=10, max_length=300),
        "lyrics": Rule("string", required=True, min_length=10, max_length=3000),
        "audio_setting": _audio_setting("audio_sample_rate"),
    },
    "minimax/music-2.0": {
        "prompt": Rule("string", required=True, min_length=10, max_length=2000),
        "lyrics": Rule("string", required=True, min_length=10, max_length=3000),
        "audio_setting": _audio_setting("audio_sample_rate"),
    },
    "minimax/music-2.6": {
        "prompt": Rule("string", max_length=2000),
        "lyrics": Rule("string", max_length=3000),
        "audio_setting": _audio_setting("audio_sample_rate"),
        "lyrics_optimizer": Rule("boolean"),
        "is_instrumental": Rule("boolean"),
    },
    "minimax/music-cover": {
        "prompt": Rule("string", required=True, min_length=10, max_length=2000),
        "reference_audio_url": Rule("audio", required=True),
        "lyrics": _LYRICS,
        "audio_setting": _audio_setting("sample_rate"),
    },
}
# What each model hands back when the request does not say (MiniMax: audio_setting.format).
_NATIVE_FORMATS: Final = {"stable-audio": "wav", "google/lyria2": "wav"}


def id_suffix(model: str) -> str:
    """The part of a generation id after the colon: ``google/lyria2`` -> ``lyria2``."""
    return model.rsplit("/", 1)[-1]


def seconds_for(model: str, params: Mapping[str, Any], reference_seconds: float | None) -> float:
    """How long the sandbox's take is: the requested length, else a length typical of it."""
    if model == "stable-audio":
        return float(params.get("seconds_total", 30))
    if model == "elevenlabs/eleven_music":
        return params.get("music_length_ms", 10000) / 1000.0
    if model == "google/lyria2":
        return 30.0  # Lyria 2 clips are half a minute
    if model == "minimax/music-cover":
        return min(max(reference_seconds or 30.0, 6.0), 60.0)
    lyrics = params.get("lyrics")
    if isinstance(lyrics, str) and lyrics.strip() and not params.get("is_instrumental"):
        lines = [line for line in lyrics.splitlines() if line.strip()]
        return min(max(4.0 * len(lines), 15.0), 60.0)  # about a bar of sketch per lyric line
    return 30.0


def output_format(model: str, params: Mapping[str, Any]) -> str:
    """The encoded format: raw PCM is served as WAV so every take is a playable file."""
    setting = params.get("audio_setting")
    wanted = setting.get("format") if isinstance(setting, Mapping) else None
    wanted = wanted or _NATIVE_FORMATS.get(model, "mp3")
    return "wav" if wanted == "pcm" else str(wanted)


def sketch_params(model: str, params: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """The music sketch's params for an AI/ML API request (prompt words steer the style)."""
    prompt = str(params.get("prompt") or "").strip() or "warm instrumental groove"
    negative = params.get("negative_prompt")
    if isinstance(negative, str) and negative.strip():
        # The sketch understands "without drums": turn "drums, vocals" into such phrases.
        words = [w.strip() for w in negative.replace(";", ",").split(",") if w.strip()]
        prompt += "".join(f", without {word}" for word in words[:6])
    return {
        "prompt": prompt[:500],
        "duration": round(min(max(seconds, 4.0), 180.0), 3),
        "outputFormat": output_format(model, params),
    }


def credits(model: str, seconds: float) -> float:
    """Sandbox prices (not the vendor's): a base per model plus a share per second."""
    base = 30000 if model.startswith("minimax/") else 15000
    return float(base + 1000 * math.ceil(seconds))


def usage(credit_count: float) -> dict[str, float]:
    return {"credits_used": credit_count, "usd_spent": round(credit_count * USD_PER_CREDIT, 6)}
