"""Sketch effects and mastering: reverb, echo, ducking, tape, loudness, limiter. No Qt, no I/O."""

from __future__ import annotations

import math

import numpy as np

from .music_dsp import fft_convolve, highpass, lowpass, lowpass2, sine, upsample2

CEILING = 10.0 ** (-1.0 / 20.0)  # -1 dBFS sample-peak ceiling
_TARGET_LOUDNESS = -14.0  # LUFS-like, see loudness()
_LIMIT_BLOCK = 64
_KNEE = 0.7
_CHUNK = 1 << 16


def reverb(send: np.ndarray, space: float, sample_rate: int) -> np.ndarray:
    """Stereo reverb of a mono send: FFT convolution with a synthetic decaying-noise room.

    It runs at half the sample rate: the tail is dark anyway and this halves the FFT work.
    Returns (2, frames) float32, one frame short when ``send`` has an odd length.
    """
    half = sample_rate // 2
    even = send[: len(send) // 2 * 2]
    low = even[0::2] + even[1::2]
    low *= np.float32(0.5)
    return upsample2(fft_convolve(low, _impulse(space, half), block=1 << 17))


def _impulse(space: float, sample_rate: int) -> np.ndarray:
    """A (2, taps) room: decorrelated noise after a 15 ms pre-delay, decaying by 60 dB over
    the reverb time and darkening as it goes; unit energy per channel."""
    rt60 = 0.9 + 2.6 * space
    length = int(min(rt60, 3.0) * sample_rate)
    # A fixed seed: every render of every take plays in the same room.
    rng = np.random.default_rng(20261101)
    t = np.arange(length) / sample_rate
    noise = rng.standard_normal((2, length))
    bright = lowpass(noise, 6500.0, sample_rate)
    dark = lowpass2(noise, 1800.0, sample_rate)
    # High frequencies die first in real rooms: fade from the bright to the dark noise.
    brightness = np.exp(-t / (0.25 + 0.4 * space))
    ir = (brightness * bright + (1.0 - brightness) * dark) * np.exp(-6.9 * t / rt60)
    ir = np.concatenate([np.zeros((2, int(0.015 * sample_rate))), ir], axis=1)
    return ir / np.sqrt(np.sum(ir**2, axis=1, keepdims=True))


def add_ping_pong(mix: np.ndarray, send: np.ndarray, delay: float, sample_rate: int) -> None:
    """Adds tempo-synced echoes of ``send`` to ``mix``, alternating left and right, each
    quieter than the last."""
    taps = int(delay * sample_rate)
    n = len(send)
    for k in range(1, 5):
        if k * taps < n:
            echo = mix[(k + 1) % 2, k * taps :]
            echo += np.float32(0.5 * 0.45 ** (k - 1)) * send[: n - k * taps]


def duck_curve(kicks: list[float], frames: int, sample_rate: int) -> np.ndarray:
    """0..1 sidechain amount: jumps at each kick and recovers over ~150 ms (house pumping)."""
    curve = np.zeros(frames, dtype=np.float32)
    length = int(0.35 * sample_rate)
    t = np.arange(length) / sample_rate
    shape = np.minimum(t / 0.004, 1.0) * np.exp(-t / 0.09)
    for when in kicks:
        start = int(when * sample_rate)
        if start >= frames:
            continue
        end = min(start + length, frames)
        np.maximum(curve[start:end], shape[: end - start], out=curve[start:end])
    return curve


def tape(mix: np.ndarray, sample_rate: int, rng: np.random.Generator) -> None:
    """Lo-fi character, in place: slow wow (pitch drift), soft vinyl crackle, a little hiss."""
    n = mix.shape[1]
    out = mix
    level = float(np.sqrt(np.mean(np.square(mix[:, ::16])))) + 1e-9
    offset = rng.uniform(0.0, 1.0)
    depth = np.float32(0.0007 * sample_rate)
    # Chunks keep the temporaries in cache instead of allocating several full-length arrays.
    # Every output sample reads at or before its own position, so walking the chunks from
    # the end lets the result overwrite the mix without reading anything already changed.
    for start in reversed(range(0, n, _CHUNK)):
        stop = min(start + _CHUNK, n)
        # Reading the mix at slowly wobbling positions bends its pitch by a few cents.
        drift = (1.0 + sine(np.arange(start, stop) * (0.45 / sample_rate) + offset)) * depth
        whole = drift.astype(np.int32)
        frac = drift - whole
        newer = np.arange(start, stop, dtype=np.int32) - whole
        np.clip(newer, 1, n - 1, out=newer)
        for c in range(2):
            late = np.take(mix[c], newer)
            out[c, start:stop] = late + (np.take(mix[c], newer - 1) - late) * frac
    click = np.exp(-np.arange(24) / 4.0) * np.sign(np.sin(np.arange(24) * 1.7))
    for start in rng.integers(0, max(n - 24, 1), size=int(n / sample_rate * 6)):
        out[:, start : start + 24] += (level * 0.25 * rng.exponential()) * click
    # A couple of seconds of hiss, looped: a loop this quiet and this noisy is inaudible.
    hiss = rng.standard_normal((2, 2 * sample_rate), dtype=np.float32) * np.float32(level * 0.012)
    for start in range(0, n, hiss.shape[1]):
        piece = out[:, start : start + hiss.shape[1]]
        piece += hiss[:, : piece.shape[1]]


def loudness(mix: np.ndarray, sample_rate: int) -> float:
    """An approximation of integrated loudness in LUFS (BS.1770 style, simplified).

    K-weighting is approximated by a one-pole high-pass and a +4 dB high shelf, computed on a
    4x decimated copy; 400 ms blocks below -70 LUFS or 10 LU under the mean are gated out.
    """
    usable = mix.shape[1] // 4 * 4
    quarter = sum(mix[:, k:usable:4] for k in range(4)) * 0.25
    rate = sample_rate // 4
    weighted = highpass(quarter, 60.0, rate)
    weighted = weighted + 0.585 * highpass(weighted, 1500.0, rate)
    block = int(0.4 * rate)
    count = weighted.shape[1] // block
    if count == 0:
        power = np.mean(weighted**2, axis=1).sum()
        return -0.691 + 10.0 * math.log10(max(float(power), 1e-12))
    blocks = weighted[:, : count * block].reshape(2, count, block)
    power = np.mean(blocks**2, axis=2).sum(axis=0)
    levels = -0.691 + 10.0 * np.log10(np.maximum(power, 1e-12))
    kept = power[levels > -70.0]
    if kept.size == 0:
        return -70.0
    relative = -0.691 + 10.0 * math.log10(float(np.mean(kept))) - 10.0
    kept = power[(levels > -70.0) & (levels > relative)]
    return -0.691 + 10.0 * math.log10(float(np.mean(kept)))


def master(mix: np.ndarray, sample_rate: int) -> np.ndarray:
    """Gain to the loudness target, soft-clip the loudest peaks, then limit to -1 dBFS.

    Takes a (2, frames) float32 mix (changed in place), returns (frames, 2) float32. Works in
    chunks so the temporaries stay in cache instead of costing full-length allocations.
    """
    gain = np.float32(min(10.0 ** ((_TARGET_LOUDNESS - loudness(mix, sample_rate)) / 20.0), 30.0))
    n = mix.shape[1]
    peaks = np.zeros(-(-n // _LIMIT_BLOCK), dtype=np.float32)
    for start in range(0, n, _CHUNK):
        y = mix[:, start : start + _CHUNK]
        y *= gain
        size = np.abs(y)
        over = size > _KNEE
        if over.any():
            # Above the knee, peaks bend smoothly towards 1.0 instead of being chopped.
            bent = _KNEE + (1.0 - _KNEE) * np.tanh((size[over] - _KNEE) / 0.3)
            y[over] = np.sign(y[over]) * bent
            size = np.abs(y)
        level = np.maximum(size[0], size[1])
        level = np.pad(level, (0, -len(level) % _LIMIT_BLOCK))
        first = start // _LIMIT_BLOCK
        peaks[first : first + len(level) // _LIMIT_BLOCK] = level.reshape(-1, _LIMIT_BLOCK).max(1)
    edges = _limiter_edges(peaks, sample_rate)
    ramp = np.arange(_LIMIT_BLOCK, dtype=np.float32) / np.float32(_LIMIT_BLOCK)
    out = np.empty((n, 2), dtype=np.float32)
    for start in range(0, n, _CHUNK):
        y = mix[:, start : start + _CHUNK]
        if edges is not None:
            first = start // _LIMIT_BLOCK
            blocks = -(-y.shape[1] // _LIMIT_BLOCK)
            low = edges[first : first + blocks]
            high = edges[first + 1 : first + 1 + blocks]
            curve = (low[:, None] + (high - low)[:, None] * ramp).reshape(-1)
            y = y * curve[: y.shape[1]]
        np.clip(y, -CEILING, CEILING, out=y)
        out[start : start + y.shape[1]] = y.T
    return out


def _limiter_edges(peaks: np.ndarray, sample_rate: int) -> np.ndarray | None:
    """Limiter gain at every block edge (one more than blocks), or None if nothing peaks.

    The gain each block needs is held with a min over +-W blocks, then smoothed by a moving
    average over +-W/2 blocks, which can never exceed any block's need. Each edge takes the
    smaller of its two blocks' values and samples ramp linearly between edges, so no sample
    overshoots and nothing loops per sample.
    """
    need = np.minimum(1.0, CEILING / np.maximum(peaks.astype(np.float64), 1e-9))
    if need.min() >= 1.0:
        return None
    width = max(2, int(0.03 * sample_rate / _LIMIT_BLOCK))
    padded = np.pad(need, width, constant_values=1.0)
    held = np.min(np.lib.stride_tricks.sliding_window_view(padded, 2 * width + 1), axis=1)
    half = width // 2
    sums = np.cumsum(np.pad(held, (half + 1, half), mode="edge"))
    smooth = (sums[2 * half + 1 :] - sums[: -2 * half - 1]) / (2 * half + 1)
    edges = np.concatenate([smooth[:1], np.minimum(smooth[:-1], smooth[1:]), smooth[-1:]])
    return edges.astype(np.float32)
