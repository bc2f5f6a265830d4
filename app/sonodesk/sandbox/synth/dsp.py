"""Vectorised numpy building blocks for the sound generators: noise, filters, envelopes, panning.

Pure arithmetic on arrays; no I/O, no randomness of its own (callers pass a Generator). No Qt.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

FloatArray = np.ndarray
MaskFn = Callable[[FloatArray, FloatArray], FloatArray]
StaticMaskFn = Callable[[FloatArray], FloatArray]

# STFT frame for time-varying spectral shaping: 2048 samples resolve ~20 Hz at 44.1 kHz.
_FRAME = 2048


def spectral_noise(
    rng: np.random.Generator, n: int, sr: int, mask_fn: MaskFn, *, frame: int = _FRAME
) -> FloatArray:
    """Noise whose spectrum follows ``mask_fn(times, freqs) -> (frames, bins)`` over time.

    Random complex spectra are shaped frame by frame and overlap-added, which gives moving
    filters (wind gusts, whooshes, waves) without a per-sample loop.
    """
    hop = frame // 4
    n_frames = n // hop + 4
    bins = frame // 2 + 1
    freqs = np.fft.rfftfreq(frame, 1.0 / sr)
    times = (np.arange(n_frames) * hop - frame / 2) / sr
    mask = np.asarray(mask_fn(times, freqs), dtype=np.float64)
    mask = np.broadcast_to(mask, (n_frames, bins))
    spectra = rng.standard_normal((n_frames, bins)) + 1j * rng.standard_normal((n_frames, bins))
    frames = np.fft.irfft(spectra * mask, n=frame, axis=1)
    window = np.hanning(frame)
    frames *= window
    out = np.zeros(n_frames * hop + frame)
    for k in range(4):
        # Frames k, k+4, k+8, ... never overlap each other, so each group adds in one shot.
        group = frames[k::4]
        starts = (np.arange(k, n_frames, 4) * hop)[: len(group)]
        if len(group) == 0:
            continue
        flat = group.reshape(-1)
        base = starts[0]
        out[base : base + flat.size] += flat
    offset = frame // 2
    # A unit mask gives about unit RMS: complex noise carries power 2 per bin, irfft scales
    # by 1/frame, and Hann^2 at 75 % overlap adds up to 1.5 in power.
    return out[offset : offset + n] * np.sqrt(frame / 3.0)


def band(
    freqs: FloatArray, center: FloatArray | float, width_oct: FloatArray | float
) -> FloatArray:
    """Gaussian band in log-frequency; ``center``/``width_oct`` may be per-frame columns."""
    safe = np.maximum(freqs, 1.0)
    center = np.asarray(center, dtype=np.float64)
    width = np.asarray(width_oct, dtype=np.float64)
    if center.ndim == 1:
        center = center[:, None]
    if width.ndim == 1:
        width = width[:, None]
    distance = np.log2(safe / np.maximum(center, 1.0)) / np.maximum(width, 1e-3)
    return np.exp(-0.5 * distance * distance)


def tilt(freqs: FloatArray, slope_db_per_oct: float, ref: float = 1000.0) -> FloatArray:
    """A straight spectral slope: -3 dB/oct is pink, -6 dB/oct is brown."""
    octaves = np.log2(np.maximum(freqs, 20.0) / ref)
    return 10.0 ** (slope_db_per_oct * octaves / 20.0)


def highpass_mask(freqs: FloatArray, cutoff: float, order: int = 2) -> FloatArray:
    ratio = np.maximum(freqs, 1e-3) / cutoff
    return ratio**order / np.sqrt(1.0 + ratio ** (2 * order))


def lowpass_mask(freqs: FloatArray, cutoff: float, order: int = 2) -> FloatArray:
    ratio = np.maximum(freqs, 0.0) / cutoff
    return 1.0 / np.sqrt(1.0 + ratio ** (2 * order))


def fft_filter(x: FloatArray, sr: int, mask_fn: StaticMaskFn) -> FloatArray:
    """Zero-phase static filter along axis 0 with a magnitude response ``mask_fn(freqs)``."""
    n = x.shape[0]
    size = 1 << max(1, int(np.ceil(np.log2(max(n, 2)))))
    spectrum = np.fft.rfft(x, n=size, axis=0)
    freqs = np.fft.rfftfreq(size, 1.0 / sr)
    gain = mask_fn(freqs)
    if x.ndim == 2:
        gain = gain[:, None]
    return np.fft.irfft(spectrum * gain, n=size, axis=0)[:n]


def convolve(x: FloatArray, kernel: FloatArray) -> FloatArray:
    """Linear convolution via FFT, truncated to len(x)."""
    n = x.shape[0]
    size = 1 << int(np.ceil(np.log2(n + kernel.shape[0])))
    out = np.fft.irfft(np.fft.rfft(x, size) * np.fft.rfft(kernel, size), size)
    return out[:n]


def smooth_random(rng: np.random.Generator, n: int, sr: int, rate_hz: float) -> FloatArray:
    """A smooth random curve in roughly [-1, 1] that changes about ``rate_hz`` times a second."""
    points = max(4, int(np.ceil(n / sr * rate_hz)) + 4)
    knots = rng.uniform(-1.0, 1.0, points)
    positions = np.linspace(0, points - 3, n)
    index = np.floor(positions).astype(int)
    frac = positions - index
    # Cosine interpolation between knots keeps the curve smooth without a filter.
    weight = (1 - np.cos(np.pi * frac)) / 2
    return knots[index] * (1 - weight) + knots[index + 1] * weight


def curve_at(curve: FloatArray, times: FloatArray, sr: int) -> FloatArray:
    """Sample a per-sample control curve at frame times (seconds)."""
    index = np.clip((times * sr).astype(int), 0, len(curve) - 1)
    return curve[index]


def exp_decay(n: int, sr: int, tau: float) -> FloatArray:
    return np.exp(-np.arange(n) / (sr * max(tau, 1e-4)))


def pan(mono: FloatArray, position: FloatArray | float) -> FloatArray:
    """Equal-power pan: position -1 (left) .. +1 (right), scalar or per-sample."""
    angle = (np.clip(position, -1.0, 1.0) + 1.0) * np.pi / 4
    return np.stack([mono * np.cos(angle), mono * np.sin(angle)], axis=1)


def add_at(target: FloatArray, source: FloatArray, start: int) -> None:
    """Mix ``source`` into ``target`` from ``start``, clipping at both ends."""
    if start >= target.shape[0] or start + source.shape[0] <= 0:
        return
    lo = max(0, -start)
    hi = min(source.shape[0], target.shape[0] - start)
    target[start + lo : start + hi] += source[lo:hi]


def fade_edges(x: FloatArray, sr: int, seconds: float = 0.005) -> FloatArray:
    n = min(int(sr * seconds), x.shape[0] // 2)
    if n <= 1:
        return x
    ramp = np.sin(np.linspace(0.0, np.pi / 2, n)) ** 2
    out = x.copy()
    out[:n] *= ramp[:, None] if x.ndim == 2 else ramp
    out[-n:] *= ramp[::-1, None] if x.ndim == 2 else ramp[::-1]
    return out


def loop_crossfade(x: FloatArray, n_out: int) -> FloatArray:
    """Fold the material past ``n_out`` back over the head, so sample n_out-1 flows into 0.

    ``x`` must be longer than ``n_out``; the extra length is the crossfade. Equal-power
    fades suit the uncorrelated noise most presets are made of.
    """
    extra = x.shape[0] - n_out
    out = x[:n_out].copy()
    if extra <= 0:
        return out
    t = np.linspace(0.0, 1.0, extra, endpoint=False)
    fade_in = np.sin(t * np.pi / 2)[:, None]
    fade_out = np.cos(t * np.pi / 2)[:, None]
    out[:extra] = x[:extra] * fade_in + x[n_out:] * fade_out
    return out


def set_width(stereo: FloatArray, width: float) -> FloatArray:
    """Scale the side signal: 0 is mono, 1 keeps the generated image."""
    mid = (stereo[:, 0] + stereo[:, 1]) / 2
    side = (stereo[:, 0] - stereo[:, 1]) / 2 * width
    return np.stack([mid + side, mid - side], axis=1)


def unit_rms(x: FloatArray) -> FloatArray:
    """Scale to RMS 1, so components made by different means can be mixed by level."""
    rms = float(np.sqrt(np.mean(np.square(x)))) if x.size else 0.0
    return x / rms if rms > 1e-12 else x


def normalize_peak(x: FloatArray, peak: float) -> FloatArray:
    top = float(np.max(np.abs(x))) if x.size else 0.0
    if top < 1e-9:
        return x
    return x * (peak / top)


def db_to_gain(db: float) -> float:
    return float(10.0 ** (db / 20.0))


def resample_linear(x: FloatArray, sr_from: int, sr_to: int) -> FloatArray:
    """Linear-interpolation resampling: good enough for mixing layers, not for mastering."""
    if sr_from == sr_to or x.shape[0] == 0:
        return x
    n_out = max(1, round(x.shape[0] * sr_to / sr_from))
    src = np.arange(x.shape[0]) / sr_from
    dst = np.arange(n_out) / sr_to
    return np.stack([np.interp(dst, src, x[:, c]) for c in range(x.shape[1])], axis=1)


def match_channels(x: FloatArray, channels: int) -> FloatArray:
    if x.shape[1] == channels:
        return x
    mono = x.mean(axis=1, keepdims=True)
    return np.repeat(mono, channels, axis=1)
