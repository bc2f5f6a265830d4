"""Synthesises one drum sound per kit, voice and round-robin variant. No Qt, no I/O."""

from __future__ import annotations

import zlib

import numpy as np

from .music_dsp import bandpass, fade_edges, highpass, lowpass, lowpass2

# Inharmonic square-wave partials: the classic recipe for a metallic cymbal shimmer.
_METAL = (205.3, 304.4, 369.6, 522.7, 540.0, 800.0)
_TOMS = {"tom_hi": (230.0, 195.0), "tom_mid": (170.0, 145.0), "tom_low": (125.0, 102.0)}


def drum_sample(
    kit: str, voice: str, variant: int, sample_rate: int, *, tonic: int, tight: bool
) -> np.ndarray:
    """A mono sample peaking at 1.0; variants differ only in their noise, like round-robins.

    ``tonic`` (pitch class) tunes the 808 kick, whose long boom is heard as a bass note;
    ``tight`` shortens it for four-on-the-floor, where a kick lands on every beat.
    """
    seed = zlib.crc32(f"{kit}/{voice}/{variant}".encode())
    rng = np.random.default_rng(seed)
    sr = sample_rate
    if voice == "kick":
        y = _kick(kit, rng, sr, tonic, tight)
    elif voice == "snare":
        y = _clap(rng, sr) if kit == "808" else _snare(kit, rng, sr)
    elif voice in _TOMS:
        y = _tom(*_TOMS[voice], rng, sr)
    else:
        y = _cymbal(kit, voice, rng, sr)
    fade_edges(y, max(2, int(0.0004 * sr)), int(0.006 * sr))
    peak = float(np.max(np.abs(y)))
    return (y / peak if peak > 0 else y).astype(np.float32)


def _time(seconds: float, sr: int) -> np.ndarray:
    return np.arange(int(seconds * sr)) / sr


def _sweep(t: np.ndarray, start: float, end: float, bend: float) -> np.ndarray:
    """Phase in radians of a sine gliding exponentially from ``start`` to ``end`` Hz."""
    cycles = end * t + (start - end) * bend * (1.0 - np.exp(-t / bend))
    return 2.0 * np.pi * cycles


def _kick(kit: str, rng: np.random.Generator, sr: int, tonic: int, tight: bool) -> np.ndarray:
    start, end, bend, decay, click, drive, length = {
        "lofi": (115.0, 50.0, 0.035, 0.22, 0.15, 1.5, 0.45),
        "808": (170.0, 45.0, 0.045, 0.6, 0.25, 2.2, 1.1),
        "acoustic": (105.0, 58.0, 0.02, 0.16, 0.45, 1.2, 0.4),
    }[kit]
    if kit == "808":
        # The tail settles on the key's tonic between E1 and D#2, so the boom never clashes.
        end = 440.0 * 2.0 ** ((28 + (tonic - 28) % 12 - 69) / 12.0)
        start = 3.6 * end
        if tight:
            decay, length = 0.22, 0.5
    t = _time(length, sr)
    body = np.sin(_sweep(t, start, end, bend)) * np.exp(-t / decay)
    transient = lowpass(rng.standard_normal(len(t)), 3500.0, sr) * np.exp(-t / 0.004)
    y = np.tanh(drive * (body + click * transient)) / np.tanh(drive)
    if kit == "acoustic":
        skin = lowpass2(rng.standard_normal(len(t)), 900.0, sr) * np.exp(-t / 0.05)
        y = y + 0.35 * skin
    # Removes the sweep's small DC offset, which would otherwise thump the limiter.
    y = highpass(y, 25.0, sr)
    return lowpass2(y, 2500.0, sr) if kit == "lofi" else y


def _snare(kit: str, rng: np.random.Generator, sr: int) -> np.ndarray:
    acoustic = kit == "acoustic"
    t = _time(0.45 if acoustic else 0.35, sr)
    tone = np.sin(_sweep(t, 230.0, 190.0, 0.01)) + 0.5 * np.sin(2 * np.pi * 331.0 * t)
    tone *= np.exp(-t / 0.05)
    noise = bandpass(rng.standard_normal(len(t)), 1200.0, 7500.0, sr)
    noise /= np.max(np.abs(noise))
    noise *= np.exp(-t / (0.15 if acoustic else 0.09))
    y = 0.55 * tone + (1.0 if acoustic else 0.8) * noise
    return lowpass2(y, 6000.0, sr) if kit == "lofi" else y


def _clap(rng: np.random.Generator, sr: int) -> np.ndarray:
    t = _time(0.4, sr)
    env = np.zeros_like(t)
    for offset in (0.0, 0.011, 0.022):
        after = np.clip(t - offset, 0.0, None)
        env = np.maximum(env, np.where(t >= offset, np.exp(-after / 0.006), 0.0))
    tail = np.clip(t - 0.03, 0.0, None)
    env = np.maximum(env, np.where(t >= 0.03, 0.7 * np.exp(-tail / 0.12), 0.0))
    noise = bandpass(rng.standard_normal(len(t)), 900.0, 3200.0, sr)
    return noise / np.max(np.abs(noise)) * env


def _tom(start: float, end: float, rng: np.random.Generator, sr: int) -> np.ndarray:
    t = _time(0.5, sr)
    body = np.sin(_sweep(t, start, end, 0.03)) * np.exp(-t / 0.22)
    stick = lowpass(rng.standard_normal(len(t)), 2500.0, sr) * np.exp(-t / 0.012)
    return body + 0.4 * stick


def _cymbal(kit: str, voice: str, rng: np.random.Generator, sr: int) -> np.ndarray:
    decay, length, cut = {
        "hat": (0.03, 0.14, 7000.0),
        "open": (0.22, 0.7, 6500.0),
        "ride": (0.55, 1.4, 4500.0),
        "crash": (0.8, 2.4, 3500.0),
    }.get(voice, (0.03, 0.14, 7000.0))
    t = _time(length, sr)
    noise = rng.standard_normal(len(t))
    if kit != "lofi":
        detune = 1.0 + 0.01 * rng.standard_normal(len(_METAL))
        metal = sum(
            np.sign(np.sin(2 * np.pi * f * d * t)) for f, d in zip(_METAL, detune, strict=True)
        )
        noise = 0.5 * noise + 0.5 * metal
    if kit == "lofi":
        # Dusty hats: lower and narrower, the top octave rolled off like an old record's.
        cut *= 0.75
    y = highpass(highpass(noise, cut, sr), cut, sr)
    if kit == "lofi":
        y = lowpass(y, 10000.0, sr)
    if voice == "ride":
        y = y + 0.25 * np.sin(2 * np.pi * 3150.0 * t)
    return y * np.exp(-t / decay)
