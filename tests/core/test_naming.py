"""File names are safe on every OS and built only from our own records."""

from __future__ import annotations

import pytest

from sonodesk.core.naming import (
    extension_for,
    model_short_name,
    sanitize_component,
    slug,
    take_stem,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a/b\\c", "a b c"),
        ("..", "untitled"),
        ("../../etc/passwd", "etc passwd"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("  trailing dots... ", "trailing dots"),
        ('what?*:"<>|', "what"),
        ("tab\tand\nnewline", "tab and newline"),
        ("keep_under_scores", "keep_under_scores"),
        ("", "untitled"),
    ],
)
def test_sanitize_component(raw: str, expected: str) -> None:
    assert sanitize_component(raw) == expected


def test_sanitize_caps_length() -> None:
    assert len(sanitize_component("x" * 1000)) == 120


def test_slug_and_model_names() -> None:
    assert slug("Dreamy lofi, 80 BPM! ☕") == "dreamy-lofi-80-bpm"
    assert slug("ünïcödé words") == "unicode-words"
    assert len(slug("word " * 100)) <= 40
    assert model_short_name("model_sonodesk-music-sketch") == "sonodesk-music-sketch"
    assert model_short_name("google/lyria2") == "lyria2"


def test_extension_prefers_format_then_mime() -> None:
    assert extension_for("audio/mpeg") == "mp3"
    assert extension_for("audio/wav; charset=x") == "wav"
    assert extension_for(None, "FLAC") == "flac"
    assert extension_for("application/x-evil", "../../x") == "bin"


def test_take_stem_is_deterministic_and_safe() -> None:
    kwargs = dict(
        created_at=1_800_000_000.0,
        model_id="model_x/../../y",
        prompt="a/b ../ c",
        job_id="job_abcdef123456",
        output_index=1,
    )
    stem = take_stem(**kwargs)
    assert stem == take_stem(**kwargs)
    assert "/" not in stem and "\\" not in stem and ".." not in stem
    assert stem.endswith("abcdef-2")
