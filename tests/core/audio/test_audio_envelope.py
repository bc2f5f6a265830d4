"""Envelopes: right values on known signals, builder == one-shot, threads == one thread."""

from __future__ import annotations

import numpy as np
import pytest

from fakes.fake_audio import noise
from sonodesk.core.audio import envelope as envelope_module
from sonodesk.core.audio.envelope import Envelope, EnvelopeBuilder, bin_edges, compute_envelope


def _square(frames: int, period: int, amplitude: float) -> np.ndarray:
    wave = np.where((np.arange(frames) // (period // 2)) % 2 == 0, amplitude, -amplitude)
    return np.stack([wave, wave], axis=1).astype(np.float32)


def test_square_wave() -> None:
    env = compute_envelope(_square(48_000, 100, 0.25), 100)
    assert env.bins == 100 and env.complete and env.frames == 48_000
    np.testing.assert_array_equal(env.max, np.full(100, 0.25, np.float32))
    np.testing.assert_array_equal(env.min, np.full(100, -0.25, np.float32))
    np.testing.assert_allclose(env.rms, 0.25, rtol=1e-6)
    assert env.max.dtype == env.min.dtype == env.rms.dtype == np.float32


def test_silence_is_all_zero() -> None:
    env = compute_envelope(np.zeros((10_000, 2), np.float32), 37)
    for values in (env.min, env.max, env.rms):
        np.testing.assert_array_equal(values, np.zeros(37, np.float32))


@pytest.mark.parametrize(("frames", "bins"), [(48_000, 100), (10_007, 333), (999, 1000 - 7)])
def test_single_spike_lands_in_its_bin(frames: int, bins: int) -> None:
    edges = bin_edges(frames, bins)
    rng = np.random.default_rng(frames)
    for spike in [*rng.integers(0, frames, size=20).tolist(), 0, frames - 1]:
        data = np.zeros((frames, 2), np.float32)
        data[spike, 1] = 0.9
        env = compute_envelope(data, bins)
        expected_bin = int(np.searchsorted(edges, spike, side="right")) - 1
        assert int(np.argmax(env.max)) == expected_bin
        assert env.max[expected_bin] == np.float32(0.9)
        assert np.count_nonzero(env.max) == 1 and np.count_nonzero(env.min) == 0
        width = edges[expected_bin + 1] - edges[expected_bin]
        assert env.rms[expected_bin] == pytest.approx(0.9 / np.sqrt(2 * width), rel=1e-5)


def test_min_max_are_across_channels() -> None:
    data = np.zeros((100, 2), np.float32)
    data[:, 0] = 0.5
    data[:, 1] = -0.25
    env = compute_envelope(data, 4)
    np.testing.assert_array_equal(env.max, np.full(4, 0.5, np.float32))
    np.testing.assert_array_equal(env.min, np.full(4, -0.25, np.float32))
    np.testing.assert_allclose(env.rms, np.sqrt((0.25 + 0.0625) / 2), rtol=1e-6)


def test_mono_1d_and_float64_inputs() -> None:
    mono = np.linspace(-1, 1, 1000)
    env = compute_envelope(mono, 10)
    assert env.max[-1] == pytest.approx(1.0) and env.min[0] == pytest.approx(-1.0)
    np.testing.assert_array_equal(env.max, compute_envelope(mono[:, None], 10).max)


def test_fewer_frames_than_bins_shows_each_frame() -> None:
    data = np.array([[0.1], [-0.2], [0.3]], np.float32)
    env = compute_envelope(data, 6)
    np.testing.assert_allclose(env.max, [0.1, 0.1, -0.2, -0.2, 0.3, 0.3])
    assert env.complete


def test_empty_clip() -> None:
    env = compute_envelope(np.zeros((0, 2), np.float32), 5)
    assert env.bins == 5 and env.frames == 0
    np.testing.assert_array_equal(env.max, np.zeros(5, np.float32))


def test_two_threads_match_one(monkeypatch: pytest.MonkeyPatch) -> None:
    data = noise(5.0, 48_000, seed=3)
    one = compute_envelope(data, 1234, workers=1)
    two = compute_envelope(data, 1234, workers=2)
    monkeypatch.setattr(envelope_module, "_PARALLEL_MIN_SAMPLES", 1_000)
    auto = compute_envelope(data, 1234)
    for other in (two, auto):
        np.testing.assert_array_equal(one.max, other.max)
        np.testing.assert_array_equal(one.min, other.min)
        # chunk boundaries differ between the splits, so float32 sums may differ in the last bit
        np.testing.assert_allclose(one.rms, other.rms, rtol=1e-6)


@pytest.mark.parametrize("block", [1, 97, 4096, 100_000])
def test_builder_matches_one_shot(block: int) -> None:
    data = noise(0.75, 48_000, seed=block)
    frames = len(data) if block != 1 else 3_001
    data = data[:frames]
    builder = EnvelopeBuilder(frames, 200)
    for start in range(0, frames, block):
        builder.feed(data[start : start + block])
    built = builder.snapshot()
    reference = compute_envelope(data, 200)
    assert built.complete and built.frames == frames
    np.testing.assert_array_equal(built.max, reference.max)
    np.testing.assert_array_equal(built.min, reference.min)
    np.testing.assert_allclose(built.rms, reference.rms, rtol=1e-5)


def test_builder_partial_snapshots() -> None:
    data = noise(1.0, 1_000, seed=1)
    builder = EnvelopeBuilder(1_000, 10)
    assert builder.snapshot().filled == 0
    builder.feed(data[:250])
    partial = builder.snapshot()
    assert partial.filled == 2  # bins 0 and 1 complete, bin 2 half-filled
    assert partial.max[2] != 0.0 and partial.max[3] == 0.0
    reference = compute_envelope(data, 10)
    np.testing.assert_array_equal(partial.max[:2], reference.max[:2])
    # snapshots are copies: feeding more does not change one already handed out
    before = partial.max.copy()
    builder.feed(data[250:])
    np.testing.assert_array_equal(partial.max, before)
    assert builder.snapshot().complete


def test_builder_folds_extra_frames_into_last_bin() -> None:
    builder = EnvelopeBuilder(100, 4)
    builder.feed(np.zeros((100, 1), np.float32))
    spike = np.zeros((50, 1), np.float32)
    spike[-1] = 0.7
    builder.feed(spike)
    env = builder.snapshot()
    assert env.max[-1] == np.float32(0.7)
    assert builder.frames_fed == 150


def test_builder_rejects_channel_change() -> None:
    builder = EnvelopeBuilder(100, 4)
    builder.feed(np.zeros((10, 2), np.float32))
    with pytest.raises(ValueError):
        builder.feed(np.zeros((10, 1), np.float32))


def test_rebin_down_and_up() -> None:
    data = noise(1.0, 8_000, seed=5)
    fine = compute_envelope(data, 800)
    coarse = fine.rebin(100)
    direct = compute_envelope(data, 100)
    np.testing.assert_array_equal(coarse.max, direct.max)
    np.testing.assert_array_equal(coarse.min, direct.min)
    np.testing.assert_allclose(coarse.rms, direct.rms, rtol=1e-4)
    wide = coarse.rebin(300)
    assert wide.bins == 300 and wide.complete
    assert isinstance(wide, Envelope)
    assert fine.rebin(800) is fine
