"""Loudness and true peak agree with independent meters; normalised exports hit the target.

Loudness is checked with pyloudnorm and true peak with scipy's 4x polyphase resampler, on
the decoded exported files.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from core.export.export_helpers import (
    click_train,
    faded,
    lufs,
    noise,
    read_back,
    sine,
    true_peak,
    write_take,
)
from sonodesk.core.export import ExportSettings, export_takes, normalize_loudness
from sonodesk.core.export.loudness import (
    integrated_loudness,
    k_weighting_biquads,
    true_peak_db,
)

RATE = 48_000


def test_k_weighting_matches_the_bs1770_table_at_48k() -> None:
    (shelf_b, shelf_a), (hp_b, hp_a) = k_weighting_biquads(48_000)
    assert np.allclose(shelf_b, [1.53512485958697, -2.69169618940638, 1.19839281085285])
    assert np.allclose(shelf_a, [1.0, -1.69065929318241, 0.73248077421585])
    assert np.allclose(hp_b, [1.0, -2.0, 1.0])
    assert np.allclose(hp_a, [1.0, -1.99004745483398, 0.99007225036621])


@pytest.mark.parametrize("rate", [22_050, 44_100, 48_000, 96_000])
@pytest.mark.parametrize("kind", ["noise", "sine", "clicks"])
def test_integrated_loudness_agrees_with_pyloudnorm(rate: int, kind: str) -> None:
    audio = {
        "noise": noise(4.0, rate, 0.05),
        "sine": sine(4.0, rate, 440.0, 0.3),
        "clicks": click_train(4.0, rate),
    }[kind]
    ours = integrated_loudness(audio, rate)
    assert ours is not None and abs(ours - lufs(audio, rate)) < 0.2


def test_997hz_sine_reads_as_the_standard_says() -> None:
    # BS.1770: a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS.
    audio = sine(5.0, RATE, 997.0, 1.0, ch=1)
    assert integrated_loudness(audio, RATE) == pytest.approx(-3.01, abs=0.03)


def test_loudness_is_undefined_for_silence_and_very_short_takes() -> None:
    assert integrated_loudness(np.zeros((RATE * 2, 2), np.float32), RATE) is None
    assert integrated_loudness(sine(0.3, RATE), RATE) is None


@pytest.mark.parametrize("kind", ["clicks", "quarter-rate", "noise"])
def test_true_peak_agrees_with_scipy(kind: str) -> None:
    n = np.arange(RATE * 2)
    audio = {
        "clicks": click_train(2.0, RATE),
        # fs/4 at 45 degrees: every sample is 0.707 of the real peak (+3 dB inter-sample).
        "quarter-rate": (0.5 * np.sin(np.pi / 2 * n + np.pi / 4))[:, None].astype(np.float32),
        "noise": noise(2.0, RATE, 0.2),
    }[kind]
    assert true_peak_db(audio, RATE) == pytest.approx(true_peak(audio), abs=0.15)
    if kind == "quarter-rate":
        assert 20 * math.log10(np.abs(audio).max()) < true_peak_db(audio, RATE) - 2.5


SIGNALS = {
    "quiet sine": lambda: sine(6.0, RATE, 440.0, 0.01),
    "loud noise": lambda: noise(6.0, RATE, 0.5),
    "peaky clicks": lambda: click_train(6.0, RATE),
}


@pytest.mark.parametrize("target", [-14.0, -16.0, -23.0])
@pytest.mark.parametrize("signal", list(SIGNALS))
def test_normalised_audio_hits_target_under_ceiling(signal: str, target: float) -> None:
    audio = SIGNALS[signal]()
    out, result = normalize_loudness(audio, RATE, target, -1.0)
    assert abs(lufs(out, RATE) - target) <= 0.5
    assert true_peak(out) <= -1.0
    assert result.output_lufs is not None and abs(result.output_lufs - target) <= 0.5
    assert np.abs(out).max() < 1.0  # limited, never clipped


def test_peaky_material_is_limited_smoothly_not_clipped() -> None:
    audio = click_train(6.0, RATE)
    out, result = normalize_loudness(audio, RATE, -14.0, -1.0)
    assert result.limiting_db > 3.0
    # Gain per frame = out / in where the input is loud: it moves smoothly, never jumps.
    loud = np.abs(audio[:, 0]) > 0.05
    gain = out[loud, 0] / audio[loud, 0]
    assert np.all(gain > 0)
    frames = np.flatnonzero(loud)
    adjacent = np.diff(frames) == 1
    assert np.abs(np.diff(gain))[adjacent].max() < 0.02


def test_unreachable_target_says_so_instead_of_crushing() -> None:
    sparse = np.zeros((RATE * 4, 2), np.float32)
    sparse[:: RATE // 2][:, :] = 0.9  # single-sample clicks: loudness needs absurd limiting
    sparse += noise(4.0, RATE, 0.0005)
    out, result = normalize_loudness(sparse, RATE, -14.0, -1.0)
    assert result.note and "instead of -14" in result.note
    assert result.limiting_db <= 18.0 + 0.5
    assert true_peak(out) <= -1.0


@pytest.mark.parametrize(
    ("audio", "reason"),
    [(np.zeros((RATE * 2, 2), np.float32), "silent"), (sine(0.2, RATE), "shorter than 0.4 s")],
)
def test_undefined_loudness_leaves_audio_alone_with_a_note(audio: np.ndarray, reason: str) -> None:
    out, result = normalize_loudness(audio, RATE, -14.0, -1.0)
    assert out is audio
    assert result.output_lufs is None and result.note and reason in result.note


@pytest.mark.parametrize(
    "key", ["wav32f", "wav24", "flac24", "flac16", "mp3-320", "mp3-v0", "opus-128", "ogg-q5"]
)
@pytest.mark.parametrize("signal", ["loud noise", "peaky clicks", "quiet sine"])
def test_exported_files_meet_target_and_ceiling(tmp_path: Path, key: str, signal: str) -> None:
    take = write_take(tmp_path / "src", faded(SIGNALS[signal](), RATE), RATE)
    settings = ExportSettings(
        format=key, loudness_target=-14.0, true_peak_ceiling=-1.0, folder=str(tmp_path / "o")
    )
    result = export_takes([take], settings).results[0]
    assert result.status == "written", result.message
    audio, rate = read_back(result.path)
    assert abs(lufs(audio, rate) - (-14.0)) <= 0.5
    assert true_peak(audio) <= -1.0


def test_low_bitrate_mp3_reports_what_it_could_not_reach(tmp_path: Path) -> None:
    # 128 kbps drops the highs the clicks' loudness lives in; the export says so, with numbers.
    take = write_take(tmp_path / "src", faded(SIGNALS["peaky clicks"](), RATE), RATE)
    settings = ExportSettings(format="mp3-128", loudness_target=-14.0, folder=str(tmp_path / "o"))
    result = export_takes([take], settings).results[0]
    audio, rate = read_back(result.path)
    measured = lufs(audio, rate)
    assert true_peak(audio) <= -1.0
    if abs(measured + 14.0) > 0.5:
        assert any("measures" in note and "instead of -14" in note for note in result.notes)
    assert result.loudness is not None
    assert result.loudness.output_lufs == pytest.approx(measured, abs=0.2)


def test_silent_take_exports_unchanged_with_a_note(tmp_path: Path) -> None:
    take = write_take(tmp_path / "src", np.zeros((RATE, 2), np.float32), RATE)
    settings = ExportSettings(format="wav24", loudness_target=-14.0, folder=str(tmp_path / "o"))
    result = export_takes([take], settings).results[0]
    assert result.status == "written"
    assert result.loudness is not None and result.loudness.note
    assert np.all(read_back(result.path)[0] == 0)
