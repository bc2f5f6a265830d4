"""Weather and nature presets: rain, wind, fire, ocean, thunder (shaped noise plus events).

Each function returns float64 stereo (n, 2), unnormalised. Pure numpy; no I/O, no Qt.
"""

from __future__ import annotations

import numpy as np

from sonodesk.sandbox.synth import dsp
from sonodesk.sandbox.synth.sfx_base import SfxContext

_EVENT_CHUNK = 2048


def _stereo_noise(ctx: SfxContext, mask_fn: dsp.MaskFn) -> np.ndarray:
    """Two independent noises through the same moving filter: wide but coherent."""
    left = dsp.spectral_noise(ctx.rng, ctx.n, ctx.sr, mask_fn)
    right = dsp.spectral_noise(ctx.rng, ctx.n, ctx.sr, mask_fn)
    return np.stack([left, right], axis=1)


def _event_train(
    ctx: SfxContext, rate: float, kernels: list[np.ndarray], spread: float
) -> np.ndarray:
    """Poisson-timed copies of ``kernels`` with heavy-tailed loudness, scattered over the field."""
    count = int(ctx.rng.poisson(max(rate, 0.0) * ctx.seconds))
    positions = ctx.rng.integers(0, ctx.n, count)
    loudness = np.minimum(ctx.rng.pareto(2.5, count) * 0.35 + 0.1, 1.0)
    choice = ctx.rng.integers(0, len(kernels), count)
    side = ctx.rng.uniform(-spread, spread, count)
    length = max(k.shape[0] for k in kernels)
    bank = np.stack([np.pad(k, (0, length - k.shape[0])) for k in kernels])
    out = np.zeros((ctx.n, 2))
    offsets = np.arange(length)
    # Scatter events a chunk at a time: bincount adds overlapping kernels in one pass, far
    # cheaper than a full-length convolution per kernel, and the chunk bounds memory.
    for lo in range(0, count, _EVENT_CHUNK):
        hi = min(count, lo + _EVENT_CHUNK)
        index = positions[lo:hi, None] + offsets[None, :]
        inside = index < ctx.n
        shapes = bank[choice[lo:hi]] * loudness[lo:hi, None]
        for channel, sign in ((0, -1.0), (1, 1.0)):
            gain = np.sqrt(0.5 + 0.5 * sign * side[lo:hi])[:, None]
            weights = (shapes * gain)[inside]
            out[:, channel] += np.bincount(index[inside], weights=weights, minlength=ctx.n)
    return out


def rain(ctx: SfxContext) -> np.ndarray:
    def bed(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        hiss = dsp.band(freqs, 3500.0, 1.5) + 0.5 * dsp.band(freqs, 800.0, 1.2)
        return (hiss * dsp.highpass_mask(freqs, 200.0) * dsp.lowpass_mask(freqs, 9000.0))[None, :]

    wash = dsp.unit_rms(_stereo_noise(ctx, bed))
    kernels = []
    for _ in range(16):  # many drop pitches, so no fixed tone stands out
        length = int(ctx.sr * 0.03)
        t = np.arange(length) / ctx.sr
        pitch = ctx.rng.uniform(1500.0, 5000.0) * (1 - 0.25 * t / t[-1])
        ping = np.sin(2 * np.pi * np.cumsum(pitch) / ctx.sr)
        click = ctx.rng.standard_normal(length) * np.exp(-t / 0.0008)
        kernels.append((0.6 * ping + 0.4 * click) * np.exp(-t / ctx.rng.uniform(0.002, 0.007)))
    drops = dsp.unit_rms(_event_train(ctx, 60 + 900 * ctx.intensity, kernels, spread=0.9))
    return wash * (0.45 + 0.3 * ctx.intensity) + drops * 0.5


def wind(ctx: SfxContext) -> np.ndarray:
    gust = 0.55 + 0.45 * dsp.smooth_random(ctx.rng, ctx.n, ctx.sr, 0.35)
    drift = dsp.smooth_random(ctx.rng, ctx.n, ctx.sr, 0.18)
    center = 320.0 * 2.0 ** (0.9 * ctx.intensity + 0.6 * (drift + 1))
    whistle = 0.25 + 0.6 * ctx.intensity

    def mask(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        g = dsp.curve_at(gust, times, ctx.sr)
        c = dsp.curve_at(center, times, ctx.sr)
        body = dsp.band(freqs, c * (0.8 + 0.4 * g), 1.3) * g[:, None]
        howl = whistle * dsp.band(freqs, c * 2.6, 0.1) * (g**3)[:, None]
        rumble = 0.3 * dsp.lowpass_mask(freqs, 150.0, 3)[None, :] * g[:, None]
        return body + howl + rumble

    return _stereo_noise(ctx, mask) * 0.5


def fire(ctx: SfxContext) -> np.ndarray:
    flicker = 0.65 + 0.35 * dsp.smooth_random(ctx.rng, ctx.n, ctx.sr, 3.0)

    def roar(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        body = dsp.lowpass_mask(freqs, 400.0, 2) * dsp.tilt(freqs, -3.0, 100.0)
        return (body * dsp.highpass_mask(freqs, 40.0) + 0.05 * dsp.band(freqs, 2500.0, 1.4))[
            None, :
        ]

    bed = dsp.unit_rms(_stereo_noise(ctx, roar)) * flicker[:, None]
    crackles = []
    for _ in range(6):
        length = int(ctx.sr * 0.012)
        t = np.arange(length) / ctx.sr
        center = ctx.rng.uniform(1500.0, 4500.0)
        burst = dsp.fft_filter(
            ctx.rng.standard_normal(length), ctx.sr, lambda f, c=center: dsp.band(f, c, 1.3)
        )
        crackles.append(burst * np.exp(-t / ctx.rng.uniform(0.0008, 0.003)))
    pops = []
    for _ in range(3):
        length = int(ctx.sr * 0.05)
        t = np.arange(length) / ctx.sr
        tone = np.sin(2 * np.pi * ctx.rng.uniform(400.0, 1200.0) * t) * np.exp(-t / 0.01)
        pops.append(tone + 0.4 * ctx.rng.standard_normal(length) * np.exp(-t / 0.002))
    crackle = dsp.unit_rms(_event_train(ctx, 15 + 120 * ctx.intensity, crackles, spread=0.6))
    pop = dsp.unit_rms(_event_train(ctx, 0.5 + 2.5 * ctx.intensity, pops, spread=0.5))
    return bed * 0.5 + crackle * (0.35 + 0.3 * ctx.intensity) + pop * 0.2


def ocean(ctx: SfxContext) -> np.ndarray:
    t = ctx.times()
    roar = np.zeros(ctx.n)
    foam = np.zeros(ctx.n)
    start = -ctx.rng.uniform(0.0, 4.0)
    while start < ctx.seconds:
        period = ctx.rng.uniform(5.5, 8.5)
        u = (t - start) / period
        inside = (u >= 0) & (u < 1.6)
        build = np.where(u < 0.6, (np.clip(u, 0, 0.6) / 0.6) ** 2, np.exp(-(u - 0.6) / 0.12))
        wash = np.where(u < 0.58, 0.0, np.exp(-np.maximum(u - 0.6, 0) / 0.3))
        size = ctx.rng.uniform(0.7, 1.0)
        roar += np.where(inside, build, 0.0) * size
        foam += np.where(inside, wash, 0.0) * size
        start += period * ctx.rng.uniform(0.85, 1.05)
    strength = 0.6 + 0.5 * ctx.intensity

    def mask(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        r = dsp.curve_at(roar, times, ctx.sr)[:, None]
        f = dsp.curve_at(foam, times, ctx.sr)[:, None]
        low = dsp.band(freqs, 260.0, 1.6)[None, :] * (0.25 + r)
        spray = dsp.band(freqs, 2800.0, 1.7)[None, :] * f * strength
        distant = 0.15 * dsp.lowpass_mask(freqs, 500.0, 2)[None, :]
        return low + spray + distant

    return _stereo_noise(ctx, mask) * 0.45


def _strike(ctx: SfxContext, at: float) -> np.ndarray:
    """One lightning crack followed by a rolling rumble that decays over several seconds."""
    rng, sr = ctx.rng, ctx.sr
    length = ctx.n - int(at * sr)
    if length <= 0:
        return np.zeros((ctx.n, 2))
    t = np.arange(length) / sr
    crack_env = np.zeros(length)
    for offset in rng.uniform(0.0, 0.2, 5):
        late = np.maximum(t - offset, 0)
        crack_env += np.where(t >= offset, np.exp(-late / 0.04), 0.0) * rng.uniform(0.4, 1.0)

    def crack_band(f: np.ndarray) -> np.ndarray:
        return dsp.highpass_mask(f, 300.0) * dsp.lowpass_mask(f, 4000.0)

    crack = dsp.fft_filter(rng.standard_normal((length, 2)), sr, crack_band)
    crack = dsp.unit_rms(crack[: int(0.4 * sr)]) if length > int(0.4 * sr) else dsp.unit_rms(crack)
    crack = np.pad(crack, ((0, length - crack.shape[0]), (0, 0))) * crack_env[:, None]
    cutoff = 110.0 + 150.0 * ctx.intensity

    def rumble_mask(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        low = dsp.lowpass_mask(freqs, cutoff, 3) * dsp.highpass_mask(freqs, 25.0)
        return (low * dsp.tilt(freqs, -3.0, 60.0))[None, :]

    rolls = 0.45 + 0.55 * np.abs(dsp.smooth_random(rng, length, sr, 1.8))
    decay = np.exp(-t / (2.0 + 3.5 * ctx.intensity)) * (1 - np.exp(-t / 0.3))
    sub = SfxContext(sr, length, rng, ctx.intensity)
    rumble = dsp.unit_rms(_stereo_noise(sub, rumble_mask)) * (rolls * decay)[:, None]
    out = np.zeros((ctx.n, 2))
    dsp.add_at(out, crack * 0.6 + rumble * 1.6, int(at * sr))
    return out


def thunder(ctx: SfxContext) -> np.ndarray:
    out = _strike(ctx, ctx.rng.uniform(0.05, 0.3))
    if ctx.seconds > 10:
        out += 0.7 * _strike(ctx, ctx.seconds * ctx.rng.uniform(0.5, 0.65))

    def distant_rain(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        return dsp.band(freqs, 2500.0, 1.5)[None, :]

    return out + 0.03 * dsp.unit_rms(_stereo_noise(ctx, distant_rain))
