"""Display labels from identifiers, and the number/size/duration/constraint texts."""

from __future__ import annotations

import pytest

from sonodesk.core.schema import constraint_summary, display_label, specs_from_scenario
from sonodesk.core.schema.labels import format_bytes, format_duration, format_number


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("inference_steps", "Inference steps"),
        ("inferenceSteps", "Inference steps"),
        ("numInferenceSteps", "Number of inference steps"),
        ("num_outputs", "Number of outputs"),
        ("bpm", "BPM"),
        ("targetBpm", "Target BPM"),
        ("cfgStrength", "CFG strength"),
        ("gainDb", "Gain dB"),
        ("targetLufs", "Target LUFS"),
        ("audioUrl", "Audio URL"),
        ("audioURL", "Audio URL"),
        ("voiceId", "Voice ID"),
        ("URLPath", "URL path"),
        ("sampleRate", "Sample rate"),
        ("output-format", "Output format"),
        ("mp3Bitrate", "Mp3 bitrate"),
        ("seed", "Seed"),
        ("num", "Num"),
        ("", "Value"),
        ("___", "___"),  # nothing to split: shown as is
    ],
)
def test_display_label(name: str, label: str) -> None:
    assert display_label(name) == label


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (20.0, "20"),
        (20, "20"),
        (0.05, "0.05"),
        (-12, "-12"),
        (2147483647, "2147483647"),
        (0.1 + 0.2, "0.3"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


def test_format_bytes_and_duration() -> None:
    assert format_bytes(10 * 1024 * 1024) == "10 MB"
    assert format_bytes(11.5 * 1024 * 1024) == "11.5 MB"
    assert format_bytes(2048) == "2 KB"
    assert format_bytes(12) == "12 bytes"
    assert format_duration(42) == "42 s"
    assert format_duration(30.25) == "30.2 s"
    assert format_duration(600) == "10 min"
    assert format_duration(605) == "10 min 5 s"
    assert format_duration(3900) == "1 h 5 min"


def test_constraint_summary() -> None:
    duration, text, items, audio, swing = specs_from_scenario(
        [
            {"name": "duration", "type": "number", "min": 4, "max": 180, "step": 1},
            {"name": "prompt", "type": "string", "maxLength": 500},
            {"name": "tags", "type": "string_array", "maxLength": 6},
            {
                "name": "audio",
                "type": "file",
                "kind": "audio",
                "maxSize": 52428800,
                "maxDuration": 600,
            },
            {"name": "swing", "type": "number", "min": 0, "max": 0.5, "step": 0.05},
        ]
    )
    assert constraint_summary(duration) == "4 to 180, whole numbers"
    assert constraint_summary(text) == "Up to 500 characters"
    assert constraint_summary(items) == "Up to 6 items"
    assert constraint_summary(audio) == "Audio file, up to 50 MB, at most 10 min long"
    assert constraint_summary(swing) == "0 to 0.5, steps of 0.05"
