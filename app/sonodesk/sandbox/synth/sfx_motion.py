"""Motion and machine presets: whoosh, impact, engine, laser, footsteps, riser (noise + FM).

Each function returns float64 stereo (n, 2), unnormalised. Pure numpy; no I/O, no Qt.
"""

from __future__ import annotations

import numpy as np

from sonodesk.sandbox.synth import dsp
from sonodesk.sandbox.synth.sfx_base import SfxContext


def _phase(freq: np.ndarray, sr: int) -> np.ndarray:
    return 2 * np.pi * np.cumsum(freq) / sr


def whoosh(ctx: SfxContext) -> np.ndarray:
    t = ctx.times()
    passes = max(1, round(ctx.seconds / 2.5))
    energy = np.zeros(ctx.n)
    position = np.zeros(ctx.n)
    for index in range(passes):
        center = (index + ctx.rng.uniform(0.4, 0.6)) * ctx.seconds / passes
        half = min(ctx.seconds / passes * 0.45, 0.35 + 0.9 * (1 - ctx.intensity))
        x = (t - center) / half
        # Faster rise than fall: the object arrives and then trails away.
        energy += np.exp(-np.where(x < 0, 2.2, 1.1) * x * x)
        direction = 1.0 if index % 2 == 0 else -1.0
        position += direction * np.tanh(x * 1.5) * np.exp(-0.15 * x * x)
    energy = np.clip(energy, 0.0, 1.0)
    center_hz = 220.0 * 2.0 ** ((3.0 + ctx.intensity) * energy)

    def mask(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        e = dsp.curve_at(energy, times, ctx.sr)
        c = dsp.curve_at(center_hz, times, ctx.sr)
        return dsp.band(freqs, c, 1.1) * (e**1.5)[:, None] + 0.004

    mono = dsp.spectral_noise(ctx.rng, ctx.n, ctx.sr, mask)
    air = dsp.spectral_noise(ctx.rng, ctx.n, ctx.sr, mask)
    return dsp.pan(mono, position * 0.8) + 0.25 * np.stack([air, -air], axis=1)


def _hit(ctx: SfxContext, length: int) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    t = np.arange(length) / sr
    body_tau = 0.25 + 0.35 * ctx.intensity
    thump_freq = 38.0 + 90.0 * np.exp(-t / 0.045)
    thump = np.sin(_phase(thump_freq, sr)) * np.exp(-t / body_tau)
    click = np.diff(rng.standard_normal(length + 1)) * np.exp(-t / 0.003)
    modes = sum(
        np.sin(2 * np.pi * rng.uniform(140.0, 750.0) * t + rng.uniform(0, 2 * np.pi))
        * np.exp(-t / rng.uniform(0.06, 0.25))
        for _ in range(4)
    )
    tail = dsp.fft_filter(
        rng.standard_normal((length, 2)), sr, lambda f: dsp.lowpass_mask(f, 1400.0)
    )
    tail *= (np.exp(-t / (0.4 + 0.9 * ctx.intensity)) * (1 - np.exp(-t / 0.01)))[:, None]
    center = thump * 1.0 + click * 0.35 + modes * 0.2
    return center[:, None] + tail * 0.35


def impact(ctx: SfxContext) -> np.ndarray:
    out = np.zeros((ctx.n, 2))
    at = 0.01
    # One hit, then more only while each still has room to ring out.
    while at == 0.01 or at < ctx.seconds - 1.5:
        dsp.add_at(out, _hit(ctx, min(ctx.n, int(ctx.sr * 3.0))), int(at * ctx.sr))
        at += ctx.rng.uniform(2.6, 3.6)
    return out


def engine(ctx: SfxContext) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    rpm = (700.0 + 2600.0 * ctx.intensity) * (
        1
        + 0.07 * dsp.smooth_random(rng, ctx.n, sr, 0.3)
        + 0.012 * dsp.smooth_random(rng, ctx.n, sr, 7.0)
    )
    firing = rpm / 60.0 * 2.0  # four cylinders, four strokes: two firings per revolution
    phase = _phase(firing, sr)
    tone = np.zeros(ctx.n)
    top = float(np.max(firing))
    for k in range(1, 40):
        if k * top > 5000:
            break
        tone += k**-0.75 * rng.uniform(0.7, 1.3) * np.sin(k * phase + rng.uniform(0, 2 * np.pi))
        # Half orders: the uneven cylinders that make an engine sound lumpy rather than pure.
        tone += 0.35 * k**-1.0 * np.sin((k - 0.5) * phase + rng.uniform(0, 2 * np.pi))
    pulse = (0.5 + 0.5 * np.cos(phase)) ** 4
    noise = dsp.fft_filter(rng.standard_normal(ctx.n), sr, lambda f: dsp.band(f, 900.0, 1.5))
    mix = tone * 0.6 + noise * pulse * (0.3 + 0.6 * ctx.intensity)
    cutoff = 700.0 + 1800.0 * ctx.intensity
    muffled = dsp.fft_filter(mix, sr, lambda f: dsp.lowpass_mask(f, cutoff, 2))
    rattle = dsp.fft_filter(rng.standard_normal((ctx.n, 2)), sr, lambda f: dsp.band(f, 2500.0, 1.0))
    return muffled[:, None] * np.array([1.0, 0.92]) + rattle * pulse[:, None] * 0.05


def laser(ctx: SfxContext) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    shots = int(min(40, max(1, round(ctx.seconds * (0.8 + 2.2 * ctx.intensity)))))
    out = np.zeros((ctx.n, 2))
    spacing = ctx.seconds / shots
    for index in range(shots):
        length = int(sr * rng.uniform(0.12, 0.35))
        t = np.arange(length) / sr
        high, low = rng.uniform(1500.0, 3200.0), rng.uniform(120.0, 400.0)
        carrier = low + (high - low) * np.exp(-t / (length / sr / 3.0))
        # Modest ratios and index keep the sidebands below Nyquist (no aliasing fizz).
        ratio = rng.choice([0.5, 1.0, 1.5, 2.0])
        index_curve = 3.0 * np.exp(-t / (length / sr / 4.0))
        shot = np.sin(_phase(carrier, sr) + index_curve * np.sin(_phase(carrier * ratio, sr)))
        shot *= (1 - np.exp(-t / 0.002)) * np.exp(-t / (length / sr / 2.5))
        start = int((index * spacing + rng.uniform(0.0, spacing * 0.3)) * sr)
        side = rng.uniform(-0.5, 0.5)
        dsp.add_at(out, dsp.pan(shot, side), start)
        dsp.add_at(out, dsp.pan(shot * 0.3, -side), start + int(0.09 * sr))  # slap echo
    return out


def footsteps(ctx: SfxContext) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    interval = 0.62 - 0.3 * ctx.intensity
    out = np.zeros((ctx.n, 2))
    at = rng.uniform(0.05, 0.2)
    foot = 0
    length = int(sr * 0.3)
    t = np.arange(length) / sr
    while at < ctx.seconds:
        heel = dsp.fft_filter(
            rng.standard_normal(length), sr, lambda f: dsp.lowpass_mask(f, 380.0, 3)
        )
        heel *= np.exp(-t / 0.028) * (1 - np.exp(-t / 0.0015))
        toe_at = int(sr * rng.uniform(0.06, 0.09))
        toe = np.zeros(length)
        toe[toe_at:] = heel[: length - toe_at] * 0.55
        scuff = dsp.fft_filter(rng.standard_normal(length), sr, lambda f: dsp.band(f, 3000.0, 1.2))
        scuff *= np.exp(-t / 0.05) * (1 - np.exp(-t / 0.004))
        step = (heel * 3.0 + toe * 3.0 + scuff * (0.25 + 0.3 * ctx.intensity)) * 10 ** (
            rng.uniform(-2, 2) / 20
        )
        dsp.add_at(out, dsp.pan(step, 0.25 if foot % 2 else -0.25), int(at * sr))
        foot += 1
        at += interval * rng.uniform(0.94, 1.06)
    return out


def riser(ctx: SfxContext) -> np.ndarray:
    rng, sr = ctx.rng, ctx.sr
    u = ctx.times() / ctx.seconds
    pitch = 90.0 * 2.0 ** (4.2 * u**1.4)
    tone = np.zeros((ctx.n, 2))
    for detune, side in ((1.0, 0.0), (1.007, -0.6), (0.994, 0.6)):
        phase = _phase(pitch * detune, sr) + rng.uniform(0, 2 * np.pi)
        voice = np.zeros(ctx.n)
        for k in range(1, 11):
            audible = (k * pitch * detune < 15000).astype(np.float64)
            voice += np.sin(k * phase) / k * audible
        tone += dsp.pan(voice, side)
    sweep = 400.0 * 2.0 ** (4.0 * u)

    def mask(times: np.ndarray, freqs: np.ndarray) -> np.ndarray:
        return dsp.band(freqs, dsp.curve_at(sweep, times, sr), 1.5)

    noise = np.stack(
        [dsp.spectral_noise(rng, ctx.n, sr, mask), dsp.spectral_noise(rng, ctx.n, sr, mask)], axis=1
    )
    swell = (u**2.2)[:, None]
    return (tone * 0.25 + noise * (0.4 + 0.5 * ctx.intensity)) * swell
