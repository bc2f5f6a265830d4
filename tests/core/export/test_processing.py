"""Trim, fades, channel conversion and the limiter's building blocks on known signals."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from core.export.export_helpers import read_back, sine, write_take
from sonodesk.core.export import ExportSettings, export_takes
from sonodesk.core.export.limiter import limiter_gain_db, sliding_min
from sonodesk.core.export.processing import apply_fades, convert_channels, fade_curve, trim_silence

RATE = 48_000


def _padded_tone(lead: float, body: float, tail: float, rate: int = RATE) -> np.ndarray:
    return np.concatenate(
        [
            np.zeros((round(lead * rate), 2), np.float32),
            sine(body, rate, 440.0, 0.5),
            np.zeros((round(tail * rate), 2), np.float32),
        ]
    )


def test_trim_keeps_the_pad_around_the_sound() -> None:
    audio = _padded_tone(0.5, 1.0, 0.7)
    edited = trim_silence(audio, RATE, -60.0, 10.0)
    pad = round(0.010 * RATE)
    first_loud = round(0.5 * RATE) + 1  # sample 0 of the sine is exactly 0
    assert len(edited.audio) == pytest.approx(RATE + 2 * pad, abs=2)
    assert np.abs(edited.audio[:pad]).max() == 0.0  # the pad is the original silence
    kept = len(edited.audio) - pad
    assert np.array_equal(edited.audio[pad:], audio[first_loud : first_loud + kept])
    assert edited.note and "Trimmed 1.18 s" in edited.note


def test_trim_threshold_spares_quiet_tails() -> None:
    audio = _padded_tone(0.2, 0.5, 0.0)
    tail = 0.002 * sine(0.5, RATE, 440.0, 1.0)  # about -54 dBFS: above -60, below -50
    audio = np.concatenate([audio, tail])
    assert len(trim_silence(audio, RATE, -60.0, 0.0).audio) > len(
        trim_silence(audio, RATE, -50.0, 0.0).audio
    )


def test_silent_take_is_not_trimmed_to_nothing() -> None:
    audio = np.zeros((RATE, 2), np.float32)
    edited = trim_silence(audio, RATE, -60.0, 10.0)
    assert edited.audio is audio and edited.note and "not trimmed" in edited.note


@pytest.mark.parametrize("curve", ["equal_power", "linear"])
def test_fade_shapes(curve: str) -> None:
    rising = fade_curve(1000, curve)
    assert rising[0] == 0.0 and np.all(np.diff(rising) > 0) and rising[-1] < 1.0
    if curve == "equal_power":
        assert rising[500] == pytest.approx(np.sin(np.pi / 4), abs=1e-6)  # -3 dB at half-way
    else:
        assert rising[500] == pytest.approx(0.5, abs=1e-6)


def test_fades_start_and_end_in_silence_with_exact_lengths() -> None:
    audio = np.ones((RATE, 2), np.float32)
    edited = apply_fades(audio, RATE, 0.25, 0.5, "linear")
    out = edited.audio
    assert out[0, 0] == 0.0 and out[-1, 0] == 0.0
    assert np.all(out[round(0.25 * RATE) : RATE - round(0.5 * RATE)] == 1.0)
    assert np.all(out[: round(0.25 * RATE)] < 1.0)
    assert np.all(out[RATE - round(0.5 * RATE) :] < 1.0)
    assert np.array_equal(audio, np.ones((RATE, 2), np.float32))  # input untouched


def test_fades_longer_than_the_take_are_shortened() -> None:
    edited = apply_fades(np.ones((1000, 1), np.float32), RATE, 1.0, 1.0, "equal_power")
    assert edited.note and "shortened" in edited.note
    assert edited.audio[0, 0] == 0.0 and edited.audio[-1, 0] == 0.0


def test_fades_after_resampling_have_exact_output_lengths(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", np.ones((44_100 * 2, 2), np.float32) * 0.5, 44_100)
    settings = ExportSettings(
        format="wav32f",
        sample_rate=48_000,
        fade_in=0.5,
        fade_out=0.25,
        fade_curve="linear",
        folder=str(tmp_path / "o"),
    )
    audio, rate = read_back(export_takes([take], settings).results[0].path)
    assert rate == 48_000 and len(audio) == 96_000
    level = audio[:, 0]
    # Timings in 48 kHz frames: a fade computed at 44.1 kHz would be off by 8 %.
    assert np.allclose(level[24_000:-12_000], 0.5, atol=2e-3)
    assert level[12_000] == pytest.approx(0.25, abs=2e-3)  # half-way through the fade-in
    assert level[-6_000] == pytest.approx(0.25, abs=2e-3)  # half-way through the fade-out
    assert level[-1] == 0.0


def test_trim_then_fade_in_export(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", _padded_tone(1.0, 1.0, 1.0), RATE)
    settings = ExportSettings(
        format="flac24",
        trim_silence=True,
        trim_pad_ms=5.0,
        fade_out=0.1,
        folder=str(tmp_path / "o"),
    )
    result = export_takes([take], settings).results[0]
    audio, _ = read_back(result.path)
    assert len(audio) == pytest.approx(RATE + 2 * 240, abs=2)
    assert audio[-1, 0] == 0.0
    assert any("Trimmed" in note for note in result.notes)


def test_channel_conversion() -> None:
    stereo = np.stack([np.ones(10), -np.ones(10) * 0.5], axis=1).astype(np.float32)
    assert np.allclose(convert_channels(stereo, "mono").audio, 0.25)
    mono = np.ones((10, 1), np.float32)
    assert convert_channels(mono, "stereo").audio.shape == (10, 2)
    quad = np.zeros((10, 4), np.float32)
    edited = convert_channels(quad, "keep", max_channels=2)
    assert edited.audio.shape == (10, 2) and edited.note and "first two" in edited.note


def test_sliding_min_matches_brute_force() -> None:
    values = np.random.default_rng(2).standard_normal(1000)
    for width in (1, 2, 7, 64, 1000):
        expected = [values[i : i + width].min() for i in range(len(values) - width + 1)]
        assert np.array_equal(sliding_min(values, width), expected)


def test_limiter_gain_never_lets_a_peak_through_and_ramps_smoothly() -> None:
    rng = np.random.default_rng(4)
    envelope = np.minimum(np.abs(rng.standard_normal(RATE)) * 0.3, 0.9).astype(np.float32)
    envelope[10_000] = 4.0  # one 12 dB over
    envelope[30_000:30_500] = 2.0  # a sustained 6 dB over
    gain = limiter_gain_db(envelope, RATE, 0.0)
    assert np.all(20 * np.log10(envelope.astype(np.float64)) + gain <= 1e-9)
    assert np.abs(np.diff(gain)).max() < 0.2  # dB per frame: no step, no click
    assert gain[:9_000].min() > -0.01  # untouched well before the look-ahead


def test_limiter_only_computes_around_overs_and_matches_the_full_curve() -> None:
    from sonodesk.core.export import limiter

    rng = np.random.default_rng(9)
    envelope = np.minimum(np.abs(rng.standard_normal(RATE * 3)) * 0.2, 0.9).astype(np.float32)
    envelope[[5_000, 70_000, 71_000, 140_000]] = [3.0, 1.5, 6.0, 1.2]
    gain = limiter.limiter_gain_db(envelope, RATE, 0.0)
    needed = np.minimum(0.0, -20 * np.log10(envelope.astype(np.float64)))
    full = limiter._gain_curve(needed, RATE, 240, 480, 2400)
    assert np.allclose(gain, full, atol=1e-9)
