"""Screenshots of the ParamsPanel (dark theme, 480×760) for review: tests/artifacts/form_*.png."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from fakes.fake_audio import noise, write_audio
from sonodesk.sandbox.catalog import (
    KITS,
    MUSIC_MODEL_ID,
    SFX_MODEL_ID,
    TOOLS_MODEL_ID,
    model_by_id,
)
from sonodesk.ui.form import ParamsPanel
from ui.form.form_helpers import recorded_model, specs_of

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZE = (480, 760)


@pytest.fixture
def dark(qapp):  # type: ignore[no-untyped-def]
    from sonodesk.ui import theme

    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    theme.apply_theme(qapp, "dark")
    yield
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)


@pytest.fixture
def panel(dark, show):  # type: ignore[no-untyped-def]
    def options(types: tuple[str, ...]) -> list[tuple[str, str]]:
        return [(kit["id"], kit["name"]) for kit in KITS if kit["type"] in types]

    def _panel(model: dict, values: dict | None = None, provider: str = "Scenario") -> ParamsPanel:
        widget = ParamsPanel(model_options=options)
        widget.set_model(
            model["name"],
            specs_of(model),
            values,
            provider=provider,
            description=model.get("shortDescription", ""),
        )
        return show(widget, *SIZE)

    return _panel


def drum_loop(seconds: float, rate: int) -> np.ndarray:
    """Decaying noise hits on every beat at 92 BPM, louder on 1 and 3: a waveform with shape."""
    data = noise(seconds, rate, channels=2)
    t = np.arange(len(data)) / rate
    beat = 60 / 92
    phase = t % beat
    accent = np.where((t // beat) % 2 == 0, 1.0, 0.55)
    return (data * (accent * np.exp(-phase * 9))[:, None]).astype(np.float32)


def save(widget: ParamsPanel, name: str, qtbot) -> Path:  # type: ignore[no-untyped-def]
    QApplication.processEvents()
    qtbot.wait(30)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"form_{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 0
    return path


def test_music_sketch(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = panel(
        model_by_id(MUSIC_MODEL_ID),
        {
            "prompt": "dreamy lofi hip hop at 80 bpm with warm keys and vinyl crackle",
            "instruments": ["drums", "bass", "chords"],
            "kit": "model_sonodesk-kit-lofi",
        },
        provider="Sandbox",
    )
    widget.set_price("1 CU")
    save(widget, "music_sketch", qtbot)


def test_sound_effects(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = panel(model_by_id(SFX_MODEL_ID), provider="Sandbox")
    widget.form.set_advanced_expanded(True)
    widget.form.set_last_used_seed(1834201177)
    widget.set_takes(4)
    widget.set_price("2 CU")
    save(widget, "sound_effects", qtbot)
    widget.form.set_advanced_expanded(False)


def test_audio_tools(panel, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wav = tmp_path / "drum loop 92bpm.wav"
    write_audio(wav, drum_loop(7.5, 44_100), 44_100)
    widget = panel(
        model_by_id(TOOLS_MODEL_ID),
        {"audio": str(wav), "cutPoints": [1.5, 3.75]},
        provider="Sandbox",
    )
    card = widget.form.editors()["audio"].card
    qtbot.waitUntil(card.thumb.has_envelope, timeout=3000)
    save(widget, "audio_tools", qtbot)


def test_gemini_tts(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = panel(
        recorded_model("google-gemini-3-1-flash-tts"),
        {
            "text": "Speaker 1: Did you hear the new mix?\n"
            "Speaker 2: Twice. The bass finally sits.",
            "multiSpeakerConfig": [
                {"speaker": "Speaker 1", "voice": "Kore"},
                {"speaker": "Speaker 2", "voice": "Puck"},
            ],
        },
    )
    save(widget, "gemini_tts", qtbot)


def test_elevenlabs_music_advanced(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = panel(
        recorded_model("elevenlabs-music-advanced-v2"),
        {
            "sections": [
                {
                    "text": "[Intro] {soft piano, rain}",
                    "durationSeconds": 12,
                    "positiveStyles": ["lofi", "warm"],
                },
                {
                    "text": "[Verse] city lights are fading slow",
                    "durationSeconds": 24,
                    "positiveStyles": ["jazzy"],
                    "negativeStyles": ["autotune"],
                },
            ]
        },
    )
    save(widget, "elevenlabs_music_advanced", qtbot)


def test_errors_visible(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = panel(model_by_id(MUSIC_MODEL_ID), {"prompt": "x" * 510}, provider="Sandbox")
    widget.set_takes(2)
    assert not widget.request_generate()
    widget.form.show_server_error('"duration" must be less than or equal to 180')
    widget.scroll.verticalScrollBar().setValue(0)
    save(widget, "errors", qtbot)


def test_light_theme(panel, qtbot) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.ui import theme

    theme.apply_theme(QApplication.instance(), "light")
    widget = panel(model_by_id(SFX_MODEL_ID), {"prompt": "sci-fi laser, short"}, provider="Sandbox")
    save(widget, "light_sound_effects", qtbot)
