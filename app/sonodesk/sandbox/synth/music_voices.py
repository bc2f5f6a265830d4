"""Single notes of the pitched voices: keys, saws, pads, basses, leads. No Qt, no I/O."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import NamedTuple

import numpy as np

from .music_dsp import (
    envelope,
    harmonic_table,
    lowpass,
    lowpass2,
    midi_hz,
    phase,
    saw_levels,
    sine,
    table_osc,
    vibrato,
)


class _Spec(NamedTuple):
    render: Callable[[float, int, int, int], np.ndarray]
    release: float  # seconds the note rings on after its gate closes, so edges never click
    level_db: float  # evens out loudness (RMS of a typical note); the mix sets the balance
    half_rate: bool = False  # nothing in a pad this dark lives above a quarter of the rate


def render_rate(voice: str, sample_rate: int) -> int:
    """The rate a voice renders at; the caller interpolates a half-rate bus up once."""
    return sample_rate // 2 if _SPECS[voice].half_rate else sample_rate


def render_voice(voice: str, midi: float, gate: int, sample_rate: int) -> np.ndarray:
    """One note at unit velocity: mono (n,) or stereo (2, n), n = gate + the voice's release.

    ``sample_rate`` is the voice's own rate, see ``render_rate``.
    """
    spec = _SPECS[voice]
    y = spec.render(midi_hz(midi), gate, int(spec.release * sample_rate), sample_rate)
    return (y * np.float32(10.0 ** (spec.level_db / 20.0))).astype(np.float32)


def _rng(*key: object) -> np.random.Generator:
    return np.random.default_rng(zlib.crc32(repr(key).encode()))


def _t(n: int, sr: int) -> np.ndarray:
    return np.arange(n, dtype=np.float32) / np.float32(sr)


def _ep(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    """FM electric piano: a 1:1 modulator whose index fades, plus a short high 'tine'."""
    n = gate + release
    t = _t(n, sr)
    cycles = phase(f, n, sr)
    # A low, fading index keeps it warm: mostly the first few harmonics, brighter on attack.
    index = (1.3 if f < 300 else 0.8) * np.exp(-t / 0.3) + 0.2
    y = sine(cycles + index * sine(cycles) / (2 * np.pi))
    if 8 * f < 0.4 * sr:
        # Three octaves up: a bright attack that stays in tune with the chord.
        y += 0.1 * sine(8 * cycles) * np.exp(-t / 0.03)
    return y * envelope(gate, release, sr, attack=0.003, decay=1.2, sustain=0.25)


def _saw_stack(
    f: float | np.ndarray, n: int, sr: int, cents: tuple[float, ...], cutoff: float
) -> np.ndarray:
    """Detuned band-limited saws, already low-passed by shaping the wavetable's harmonics."""
    base = float(np.mean(f))
    table = harmonic_table(saw_levels(base, sr, cutoff=cutoff))
    y = np.zeros(n, dtype=np.float32)
    for i, c in enumerate(cents):
        # Fixed but different start phases keep the stack from summing into one big spike.
        y += table_osc(table, f * 2.0 ** (c / 1200.0), n, sr, 0.37 * i)
    return y / len(cents)


def _supersaw(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    env = envelope(gate, release, sr, attack=0.008, decay=0.8, sustain=0.6)
    stacks = ((-11.0, 0.0, 4.0), (11.0, 0.0, -4.0))
    sides = [_saw_stack(f, n, sr, cents, 4200.0) for cents in stacks]
    return np.stack(sides) * env


def _organ(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    """Drawbar organ: a few harmonics, a decaying third-harmonic 'percussion', slow tremolo."""
    n = gate + release
    t = _t(n, sr)
    cycles = phase(f, n, sr)
    # Drawbars as (harmonic of the sub-octave, level): 16', 8', 4', 2 2/3', 2', 1 1/3'.
    levels = np.zeros(12)
    for harmonic, level in ((1, 0.5), (2, 1.0), (4, 0.6), (6, 0.3), (8, 0.25), (12, 0.12)):
        if harmonic * f / 2 < 0.4 * sr:
            levels[harmonic - 1] = level
    y = table_osc(harmonic_table(levels), f / 2.0, n, sr)
    y += 0.35 * sine(3 * cycles) * np.exp(-t / 0.18)
    y *= 1.0 + 0.08 * np.sin(2 * np.pi * 5.8 * t)
    return y / 2.4 * envelope(gate, release, sr, attack=0.006)


def _pad(f: float, gate: int, release: int, sr: int, *, strings: bool = False) -> np.ndarray:
    """Detuned saw stacks per side with a slow swell."""
    n = gate + release
    attack = min(0.35 if strings else 0.5, 0.4 * gate / sr)
    env = envelope(gate, release, sr, attack=attack)
    curve = vibrato(f, n, sr, rate=5.2, cents=9.0, delay=0.25) if strings else f
    cutoff = 2300.0 if strings else 1400.0
    sides = [
        _saw_stack(curve, n, sr, cents, cutoff)
        for cents in ((-14.0, -5.0, 7.0, 16.0), (-16.0, -7.0, 5.0, 14.0))
    ]
    return np.stack(sides) * env


def _sub808(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    """Sine sub with a quick pitch dive and saturation so it reads on small speakers too."""
    n = gate + release
    t = _t(n, sr)
    curve = f * (1.0 + 0.19 * np.exp(-t / 0.03))
    y = np.tanh(1.8 * sine(phase(curve, n, sr))) / np.tanh(1.8)
    return y * envelope(gate, release, sr, attack=0.003, decay=1.5, sustain=0.5)


def _saw_bass(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    cycles = phase(f, n, sr)
    table = harmonic_table(saw_levels(f, sr, cutoff=max(4.0 * f, 500.0)))
    y = 0.6 * table_osc(table, f, n, sr) + 0.7 * sine(cycles)
    return y * envelope(gate, release, sr, attack=0.004, decay=0.3, sustain=0.7)


def _soft_bass(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    cycles = phase(f, n, sr)
    y = sine(cycles) + 0.18 * sine(2 * cycles) + 0.08 * sine(3 * cycles)
    env = envelope(gate, release, sr, attack=0.006, decay=0.6, sustain=0.5)
    return lowpass(y / 1.2 * env, 900.0, sr)


def _decaying_bands(
    f: float, n: int, sr: int, levels: np.ndarray, rate: Callable[[float], float]
) -> np.ndarray:
    """Harmonics whose decay rate grows with their number, approximated in three bands.

    Each band is one wavetable with its own exponential fade, so a closing filter or a
    string's faster-dying overtones cost three table lookups instead of one sine per partial.
    """
    t = _t(n, sr)
    count = min(len(levels), max(1, int(0.4 * sr / f)))
    y = np.zeros(n, dtype=np.float32)
    for low, high in ((1, 2), (3, 6), (7, count)):
        if low > count:
            break
        band = np.zeros(high)
        band[low - 1 : high] = levels[low - 1 : high]
        middle = float(np.sqrt(low * min(high, count)))
        y += table_osc(harmonic_table(band), f, n, sr) * np.exp(-t * rate(middle))
    return y / max(float(np.sum(levels[:count])), 1e-9)


def _plucked(f: float, n: int, sr: int, *, damping: float, brightness: int) -> np.ndarray:
    """Plucked string: upper partials die faster, as on a real string."""
    k = np.arange(1, brightness + 1)
    # A pluck near one end: the 1/k slope with a gentle notch pattern from its position.
    levels = np.abs(np.sin(np.pi * k * 0.18)) / k
    return _decaying_bands(f, n, sr, levels, lambda m: damping * (1.0 + 0.15 * m * m))


def _pluck_bass(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    y = _plucked(f, n, sr, damping=1.2, brightness=14)
    return y * envelope(gate, release, sr, attack=0.003)


def _pluck(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    y = _plucked(f, n, sr, damping=1.5, brightness=18)
    return y * envelope(gate, release, sr, attack=0.002)


def _synth_pluck(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    """A saw whose harmonics fade faster the higher they are: a closing filter, additively."""
    n = gate + release
    levels = 1.0 / np.arange(1, 28)
    y = _decaying_bands(f, n, sr, levels, lambda m: 4.0 + 2.2 * m)
    return y * envelope(gate, release, sr, attack=0.002, decay=0.25, sustain=0.3)


def _flute(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    curve = vibrato(f, n, sr, rate=5.0, cents=14.0, delay=0.18)
    cycles = phase(curve, n, sr)
    y = sine(cycles) + 0.22 * sine(2 * cycles) + 0.07 * sine(3 * cycles)
    breath = lowpass2(_rng("flute", f, n).standard_normal(n), 2 * f, sr) * 0.15
    env = envelope(gate, release, sr, attack=0.04, decay=0.5, sustain=0.85)
    return lowpass((y / 1.3 + breath) * env, 5000.0, sr)


def _saw_lead(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    curve = vibrato(f, n, sr, rate=5.5, cents=12.0, delay=0.22)
    y = _saw_stack(curve, n, sr, (-6.0, 6.0), 5000.0)
    return y * envelope(gate, release, sr, attack=0.006, decay=0.4, sustain=0.75)


def _bell(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    n = gate + release
    t = _t(n, sr)
    cycles = phase(f, n, sr)
    y = sine(cycles + 2.0 * np.exp(-t / 0.5) * sine(3.5 * cycles) / (2 * np.pi))
    return y * envelope(gate, release, sr, attack=0.002, decay=0.9, sustain=0.0)


def _strings(f: float, gate: int, release: int, sr: int) -> np.ndarray:
    return _pad(f, gate, release, sr, strings=True)


_SPECS: Mapping[str, _Spec] = MappingProxyType(
    {
        "ep": _Spec(_ep, 0.18, -3.0),
        "supersaw": _Spec(_supersaw, 0.15, 5.0),
        "organ": _Spec(_organ, 0.06, -1.0),
        "pad": _Spec(_pad, 0.9, 3.0, half_rate=True),
        "strings": _Spec(_strings, 0.7, 3.0, half_rate=True),
        "sub808": _Spec(_sub808, 0.12, -6.5),
        "saw_bass": _Spec(_saw_bass, 0.06, -5.0),
        "soft_bass": _Spec(_soft_bass, 0.08, -3.0),
        "pluck_bass": _Spec(_pluck_bass, 0.06, 6.0),
        "flute": _Spec(_flute, 0.12, -3.0),
        "saw_lead": _Spec(_saw_lead, 0.1, 1.0),
        "bell": _Spec(_bell, 0.25, -2.0),
        "pluck": _Spec(_pluck, 0.08, 7.0),
        "synth_pluck": _Spec(_synth_pluck, 0.06, 10.0),
    }
)
