"""The sandbox's models: Scenario-shaped model records with ``inputs[]``, and their prices.

Between them the three runnable models use every input type and rule of the Scenario schema
(prompt text with maxLength, numbers with min/max/step, booleans, allowedValues with uiConfig
labels, file and file_array of kind audio with maxSize/maxDuration, string_array,
number_array, model, inputs_array, required always/ifDefined/ifNotDefined, costImpact,
group). Pure data and arithmetic: no I/O, no Qt.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

MUSIC_MODEL_ID = "model_sonodesk-music-sketch"
SFX_MODEL_ID = "model_sonodesk-sfx"
TOOLS_MODEL_ID = "model_sonodesk-audio-tools"
KIT_MODEL_TYPE = "sonodesk-kit"

OUTPUT_FORMATS = ["wav", "flac", "mp3", "ogg"]
MIME_TYPES = {
    "wav": "audio/wav",
    "flac": "audio/flac",
    "mp3": "audio/mpeg",
    "ogg": "audio/ogg",
}

MUSIC_KEYS = [
    "auto",
    "C major", "G major", "D major", "A major", "E major", "F major", "Bb major", "Eb major",
    "A minor", "E minor", "B minor", "D minor", "G minor", "C minor", "F minor", "F# minor",
]  # fmt: skip
MUSIC_INSTRUMENTS = ["drums", "bass", "chords", "lead", "pad", "arp"]
SECTION_NAMES = ["intro", "verse", "chorus", "bridge", "breakdown", "outro"]
SFX_PRESETS = [
    "auto", "rain", "wind", "whoosh", "impact", "fire", "ocean", "engine", "laser", "footsteps",
    "thunder", "riser",
]  # fmt: skip

_MAX_SEED = 2147483647

MUSIC_INPUTS: list[dict[str, Any]] = [
    {
        "name": "prompt",
        "type": "string",
        "label": "Prompt",
        "description": "Genre, mood, tempo, key and instruments in plain words. "
        "For example: 'dreamy lofi hip hop at 80 bpm in A minor with warm keys'.",
        "placeholder": "dreamy lofi hip hop at 80 bpm with warm keys",
        "prompt": True,
        "maxLength": 500,
        "required": {"ifNotDefined": {"sections": "Describe the music or lay out its sections."}},
        "group": "prompt",
    },
    {
        "name": "duration",
        "type": "number",
        "label": "Duration (s)",
        "description": "Length of the sketch in seconds.",
        "default": 20,
        "min": 4,
        "max": 180,
        "step": 1,
        "costImpact": True,
        "group": "length",
    },
    {
        "name": "numOutputs",
        "type": "number",
        "label": "Outputs",
        "description": "How many different takes this job returns.",
        "default": 1,
        "min": 1,
        "max": 4,
        "step": 1,
        "costImpact": True,
        "group": "length",
    },
    {
        "name": "bpm",
        "type": "number",
        "label": "Tempo (BPM)",
        "description": "Beats per minute. Empty: taken from the prompt, or chosen by the model.",
        "min": 60,
        "max": 180,
        "step": 1,
        "group": "musical",
    },
    {
        "name": "key",
        "type": "string",
        "label": "Key",
        "description": "Musical key; 'auto' reads it from the prompt (minor for dark moods).",
        "default": "auto",
        "allowedValues": MUSIC_KEYS,
        "group": "musical",
    },
    {
        "name": "instruments",
        "type": "string_array",
        "label": "Instruments",
        "description": "Parts to play. Empty: chosen from the prompt.",
        "allowedValues": MUSIC_INSTRUMENTS,
        "maxLength": 6,
        "group": "musical",
    },
    {
        "name": "kit",
        "type": "model",
        "label": "Sound kit",
        "description": "A sound-kit model that sets the drum and synth palette.",
        "modelTypes": [KIT_MODEL_TYPE],
        "group": "musical",
    },
    {
        "name": "sections",
        "type": "inputs_array",
        "label": "Sections",
        "description": "Lay the song out section by section. Overrides the prompt's length.",
        "required": {"ifNotDefined": {"prompt": "Lay out sections or describe the music."}},
        "maxLength": 12,
        "inputs": [
            {
                "name": "name",
                "type": "string",
                "label": "Section",
                "default": "verse",
                "allowedValues": SECTION_NAMES,
                "required": {"always": True},
            },
            {
                "name": "bars",
                "type": "number",
                "label": "Bars",
                "default": 8,
                "min": 1,
                "max": 32,
                "step": 1,
            },
            {
                "name": "energy",
                "type": "number",
                "label": "Energy",
                "default": 0.7,
                "min": 0,
                "max": 1,
                "step": 0.05,
            },
        ],
        "group": "arrangement",
    },
    {
        "name": "swing",
        "type": "number",
        "label": "Swing",
        "description": "Delays every second eighth note; 0 is straight. "
        "Empty: the prompt and genre decide.",
        "min": 0,
        "max": 0.5,
        "step": 0.05,
        "group": "advanced",
    },
    {
        "name": "seed",
        "type": "number",
        "label": "Seed",
        "description": "Same seed and settings give the same take.",
        "min": 0,
        "max": _MAX_SEED,
        "step": 1,
        "group": "advanced",
    },
    {
        "name": "outputFormat",
        "type": "string",
        "label": "Format",
        "default": "mp3",
        "allowedValues": OUTPUT_FORMATS,
        "group": "output",
    },
]

SFX_INPUTS: list[dict[str, Any]] = [
    {
        "name": "prompt",
        "type": "string",
        "label": "Sound",
        "description": "Describe the sound: 'heavy rain on a tin roof', 'sci-fi laser'.",
        "placeholder": "heavy rain on a tin roof",
        "prompt": True,
        "maxLength": 300,
        "required": {"always": True},
        "group": "prompt",
    },
    {
        "name": "preset",
        "type": "string",
        "label": "Sound type",
        "description": "'auto' picks the sound type from the prompt.",
        "default": "auto",
        "allowedValues": SFX_PRESETS,
        "group": "prompt",
    },
    {
        "name": "duration",
        "type": "number",
        "label": "Duration (s)",
        "default": 5,
        "min": 0.5,
        "max": 30,
        "step": 0.5,
        "costImpact": True,
        "group": "length",
    },
    {
        "name": "loop",
        "type": "boolean",
        "label": "Seamless loop",
        "description": "End where it begins, so it loops without a click.",
        "default": False,
        "group": "length",
    },
    {
        "name": "numOutputs",
        "type": "number",
        "label": "Outputs",
        "default": 1,
        "min": 1,
        "max": 4,
        "step": 1,
        "costImpact": True,
        "group": "length",
    },
    {
        "name": "intensity",
        "type": "number",
        "label": "Intensity",
        "default": 0.6,
        "min": 0,
        "max": 1,
        "step": 0.05,
        "group": "shape",
    },
    {
        "name": "stereoWidth",
        "type": "number",
        "label": "Stereo width",
        "default": 0.5,
        "min": 0,
        "max": 1,
        "step": 0.05,
        "group": "advanced",
    },
    {
        "name": "seed",
        "type": "number",
        "label": "Seed",
        "min": 0,
        "max": _MAX_SEED,
        "step": 1,
        "group": "advanced",
    },
    {
        "name": "outputFormat",
        "type": "string",
        "label": "Format",
        "default": "wav",
        "allowedValues": OUTPUT_FORMATS,
        "group": "output",
    },
]

TOOLS_INPUTS: list[dict[str, Any]] = [
    {
        "name": "audio",
        "type": "file",
        "label": "Audio",
        "description": "The audio to process (WAV, FLAC, MP3 or OGG; up to 10 minutes).",
        "kind": "audio",
        "maxSize": 50 * 1024 * 1024,
        "maxDuration": 600,
        "required": {"always": True},
        "parent": True,
        "group": "source",
    },
    {
        "name": "startTime",
        "type": "number",
        "label": "Start (s)",
        "description": "Trim everything before this time.",
        "default": 0,
        "min": 0,
        "step": 0.1,
        "group": "trim",
    },
    {
        "name": "endTime",
        "type": "number",
        "label": "End (s)",
        "description": "Trim everything after this time. Empty: to the end.",
        "min": 0,
        "step": 0.1,
        "group": "trim",
    },
    {
        "name": "cutPoints",
        "type": "number_array",
        "label": "Cut points (s)",
        "description": "Split into segments at these times; N points give N+1 outputs.",
        "min": 0,
        "maxLength": 16,
        "group": "trim",
    },
    {
        "name": "fadeIn",
        "type": "number",
        "label": "Fade in (s)",
        "default": 0,
        "min": 0,
        "max": 10,
        "step": 0.1,
        "group": "shape",
    },
    {
        "name": "fadeOut",
        "type": "number",
        "label": "Fade out (s)",
        "default": 0,
        "min": 0,
        "max": 10,
        "step": 0.1,
        "group": "shape",
    },
    {
        "name": "reverse",
        "type": "boolean",
        "label": "Reverse",
        "default": False,
        "group": "shape",
    },
    {
        "name": "gainDb",
        "type": "number",
        "label": "Gain (dB)",
        "default": 0,
        "min": -24,
        "max": 24,
        "step": 0.5,
        "group": "shape",
    },
    {
        "name": "normalize",
        "type": "boolean",
        "label": "Normalize peaks",
        "description": "Scale so the loudest peak reaches -1 dBFS (after gain).",
        "default": False,
        "group": "shape",
    },
    {
        "name": "extraLayers",
        "type": "file_array",
        "label": "Layers to mix in",
        "description": "Up to three more audio files mixed on top, from the start.",
        "kind": "audio",
        "maxLength": 3,
        "maxSize": 50 * 1024 * 1024,
        "maxDuration": 600,
        "group": "mix",
    },
    {
        "name": "layerGainDb",
        "type": "number",
        "label": "Layer level (dB)",
        "description": "Level of the mixed-in layers.",
        "min": -36,
        "max": 12,
        "step": 0.5,
        "required": {"ifDefined": {"extraLayers": "Set how loud the extra layers are mixed in."}},
        "group": "mix",
    },
    {
        "name": "outputFormat",
        "type": "string",
        "label": "Format",
        "description": "Empty keeps the input's format.",
        "default": "",
        "allowedValues": ["", *OUTPUT_FORMATS],
        "group": "output",
    },
]


def _model(
    model_id: str,
    name: str,
    description: str,
    capability: str,
    inputs: list[dict[str, Any]],
    tags: list[str],
    selects: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "id": model_id,
        "name": name,
        "shortDescription": description,
        "capabilities": [capability],
        "tags": tags,
        "type": "custom",
        "custom": True,
        "privacy": "public",
        "status": "trained",
        "accessRestrictions": 0,
        "inputs": inputs,
        "uiConfig": {"selects": selects or {}},
        "createdAt": "2026-11-01T00:00:00.000Z",
        "updatedAt": "2026-11-01T00:00:00.000Z",
    }


MODELS: list[dict[str, Any]] = [
    _model(
        MUSIC_MODEL_ID,
        "Sandbox Music Sketch",
        "Offline music sketches: drums, bass, chords and a melody in key, steered by the prompt.",
        "txt2audio",
        MUSIC_INPUTS,
        ["music", "sandbox"],
        {"key": {"auto": "Auto (from prompt)"}},
    ),
    _model(
        SFX_MODEL_ID,
        "Sandbox Sound Effects",
        "Offline sound effects from noise and FM synthesis: rain, wind, whooshes, impacts.",
        "txt2audio",
        SFX_INPUTS,
        ["sound-effects", "sandbox"],
        {
            "preset": {
                p: p.capitalize() if p != "auto" else "Auto (from prompt)" for p in SFX_PRESETS
            }
        },
    ),
    _model(
        TOOLS_MODEL_ID,
        "Sandbox Audio Tools",
        "Trim, split, fade, reverse, change gain and layer an uploaded file.",
        "audio2audio",
        TOOLS_INPUTS,
        ["utility", "sandbox"],
        {"outputFormat": {"": "Keep input format"}},
    ),
]

# Private sound-kit models: what a `model` input of type sonodesk-kit can point at.
KITS: list[dict[str, Any]] = [
    {
        "id": f"model_sonodesk-kit-{slug}",
        "name": label,
        "shortDescription": description,
        "capabilities": [],
        "tags": ["kit", "sandbox"],
        "type": KIT_MODEL_TYPE,
        "custom": False,
        "privacy": "private",
        "status": "trained",
        "accessRestrictions": 0,
        "inputs": [],
        "uiConfig": {},
        "createdAt": "2026-11-01T00:00:00.000Z",
        "updatedAt": "2026-11-01T00:00:00.000Z",
    }
    for slug, label, description in [
        ("lofi", "Lo-fi kit", "Dusty drums, warm electric piano, soft bass."),
        ("808", "808 kit", "Booming 808 kick and bass, crisp hats, bright synths."),
        ("acoustic", "Acoustic kit", "Natural drums, plucked bass, organ-like chords."),
    ]
]


def model_by_id(model_id: str) -> dict[str, Any] | None:
    for record in (*MODELS, *KITS):
        if record["id"] == model_id:
            return record
    return None


def price(model_id: str, params: Mapping[str, Any]) -> float:
    """Compute units a run costs: proportional to audio length and number of outputs."""
    outputs = _number(params.get("numOutputs"), 1)
    if model_id == MUSIC_MODEL_ID:
        seconds = _number(params.get("duration"), 20)
        return round(max(1.0, math.ceil(seconds / 10) * 0.5) * outputs, 2)
    if model_id == SFX_MODEL_ID:
        seconds = _number(params.get("duration"), 5)
        return round(max(0.5, seconds * 0.1) * outputs, 2)
    if model_id == TOOLS_MODEL_ID:
        return 0.5
    return 1.0


def _number(value: Any, fallback: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return fallback
    return float(value)
