"""Vectorised DSP for the music sketch: filters, envelopes, oscillators. No Qt, no I/O."""

from __future__ import annotations

import math

import numpy as np

# Keeps the per-block growth factor of the cumulative-sum filter below e**18 (about 6.6e7), so
# float64 keeps ~1e-12 relative precision while the block stays long enough to be efficient.
_MAX_BLOCK_GAIN_LOG = 18.0
TABLE_SIZE = 4096
_PHASE_BITS = 20


def lowpass(x: np.ndarray, cutoff: float, sample_rate: int) -> np.ndarray:
    """One-pole low-pass ``y[n] = a*y[n-1] + (1-a)*x[n]`` along the last axis, loop-free.

    The recursion is solved in closed form per block (``a**n * cumsum(a**-k * x)``); the state
    carried between blocks decays by ``a**L`` (about 1e-8) per block, so two neighbouring blocks'
    carries are all that matter and the whole filter stays vectorised.
    """
    if x.ndim == 2:
        return np.stack([lowpass(channel, cutoff, sample_rate) for channel in x])
    cutoff = min(max(cutoff, 1.0), 0.45 * sample_rate)
    decay = 2.0 * math.pi * cutoff / sample_rate
    if decay > _MAX_BLOCK_GAIN_LOG:
        return x.astype(np.float64)
    a = math.exp(-decay)
    block = max(1, int(_MAX_BLOCK_GAIN_LOG / decay))
    n = x.shape[0]
    count = -(-n // block)
    padded = np.zeros(count * block)
    padded[:n] = x
    rows = padded.reshape(count, block)
    k = np.arange(block)
    grow = np.exp(decay * k)
    shrink = np.exp(-decay * k)
    local = np.cumsum(rows * grow, axis=1)
    local *= shrink * (1.0 - a)
    ends = local[:, -1].copy()
    carry_decay = a**block
    state = ends.copy()
    state[1:] += carry_decay * ends[:-1]
    state[2:] += carry_decay * carry_decay * ends[:-2]
    local[1:] += np.outer(state[:-1], shrink * a)
    return local.reshape(-1)[:n]


def lowpass2(x: np.ndarray, cutoff: float, sample_rate: int) -> np.ndarray:
    """Two cascaded one-poles: a gentle 12 dB/octave slope without resonance."""
    return lowpass(lowpass(x, cutoff, sample_rate), cutoff, sample_rate)


def highpass(x: np.ndarray, cutoff: float, sample_rate: int) -> np.ndarray:
    return x - lowpass(x, cutoff, sample_rate)


def bandpass(x: np.ndarray, low: float, high: float, sample_rate: int) -> np.ndarray:
    return highpass(lowpass2(x, high, sample_rate), low, sample_rate)


def envelope(
    gate: int,
    release: int,
    sample_rate: int,
    *,
    attack: float = 0.004,
    decay: float | None = None,
    sustain: float = 1.0,
) -> np.ndarray:
    """Attack / exponential decay to ``sustain`` / release; starts and ends at exactly zero.

    The raised-cosine attack and release keep note edges free of clicks. float32, like the
    notes it shapes.
    """
    n = gate + release
    t = np.arange(n, dtype=np.float32) / np.float32(sample_rate)
    env = np.ones(n, dtype=np.float32)
    if decay is not None:
        env = np.float32(sustain) + np.float32(1.0 - sustain) * np.exp(-t / np.float32(decay))
    rise = max(1, int(attack * sample_rate))
    head = min(rise, n)
    env[:head] *= 0.5 - 0.5 * np.cos(np.pi * np.arange(head) / rise)
    if release > 0:
        fall = 0.5 + 0.5 * np.cos(np.pi * np.arange(1, release + 1) / release)
        env[gate:] = env[min(gate, n - 1)] * fall if gate > 0 else 0.0
    else:
        env[-1] = 0.0
    return env


def phase(freq: float | np.ndarray, n: int, sample_rate: int) -> np.ndarray:
    """Oscillator phase in cycles; accepts a per-sample frequency for vibrato and glides."""
    if np.isscalar(freq):
        return np.arange(n) * (float(freq) / sample_rate)
    return np.cumsum(np.asarray(freq, dtype=np.float64) / sample_rate) - freq[0] / sample_rate


def harmonic_table(levels: np.ndarray) -> np.ndarray:
    """One cycle of ``sum(levels[k-1] * sin(2*pi*k*x))`` sampled at TABLE_SIZE points."""
    spectrum = np.zeros(TABLE_SIZE // 2 + 1, dtype=np.complex128)
    count = min(len(levels), TABLE_SIZE // 2 - 1)
    spectrum[1 : count + 1] = -0.5j * TABLE_SIZE * np.asarray(levels[:count])
    return np.fft.irfft(spectrum, TABLE_SIZE).astype(np.float32)


def saw_levels(
    freq: float, sample_rate: int, *, cutoff: float | None = None, poles: int = 2
) -> np.ndarray:
    """Harmonic levels of a sawtooth, band-limited below Nyquist and, optionally, shaped by the
    magnitude response of a ``poles``-pole low-pass: the filter costs nothing per sample."""
    k = np.arange(1, max(2, int(0.45 * sample_rate / freq)) + 1)
    levels = (2.0 / np.pi) / k
    if cutoff is not None:
        levels = levels / (1.0 + (k * freq / cutoff) ** 2) ** (poles / 2.0)
    return levels


def table_osc(
    table: np.ndarray, freq: float | np.ndarray, n: int, sample_rate: int, start: float = 0.0
) -> np.ndarray:
    """Wavetable oscillator with a fixed-point integer phase: exact to ~1e-5 Hz and much
    cheaper than float phase wrapping. No interpolation is needed at this table size: the
    truncation noise sits around -60 dB, under the mix."""
    scale = TABLE_SIZE * float(1 << _PHASE_BITS) / sample_rate
    if np.isscalar(freq):
        acc = np.arange(n, dtype=np.int64) * round(float(freq) * scale)
    else:
        steps = np.rint(np.asarray(freq, dtype=np.float64) * scale).astype(np.int64)
        acc = np.cumsum(steps) - steps[0]
    acc += int(start * TABLE_SIZE * (1 << _PHASE_BITS))
    return table[(acc >> _PHASE_BITS) & (TABLE_SIZE - 1)]


def sine(cycles: np.ndarray) -> np.ndarray:
    """sin(2*pi*cycles) in float32: the phase is wrapped in float64 first, so single precision
    loses nothing audible while running several times faster."""
    wrapped = (cycles % 1.0).astype(np.float32)
    wrapped *= np.float32(2.0 * np.pi)
    return np.sin(wrapped)


def upsample2(x: np.ndarray) -> np.ndarray:
    """Double the sample rate by linear interpolation along the last axis (for dark, smooth
    signals: pads and reverb tails rendered at half rate)."""
    out = np.empty((*x.shape[:-1], 2 * x.shape[-1]), dtype=x.dtype)
    out[..., 0::2] = x
    out[..., 1:-1:2] = 0.5 * (x[..., :-1] + x[..., 1:])
    out[..., -1] = x[..., -1]
    return out


def vibrato(
    freq: float, n: int, sample_rate: int, *, rate: float, cents: float, delay: float
) -> np.ndarray:
    """A per-sample frequency curve whose wobble fades in after ``delay`` seconds."""
    t = np.arange(n) / sample_rate
    depth = np.clip((t - delay) / max(delay, 1e-3), 0.0, 1.0) * cents
    return freq * 2.0 ** (depth * np.sin(2.0 * np.pi * rate * t) / 1200.0)


def midi_hz(midi: float) -> float:
    return 440.0 * 2.0 ** ((midi - 69.0) / 12.0)


def pan_gains(pan: float) -> tuple[float, float]:
    """Constant-power pan, scaled so that the centre position is unity on both sides."""
    angle = (min(max(pan, -1.0), 1.0) + 1.0) * math.pi / 4.0
    return math.cos(angle) * math.sqrt(2.0), math.sin(angle) * math.sqrt(2.0)


def fft_convolve(x: np.ndarray, kernel: np.ndarray, *, block: int = 1 << 18) -> np.ndarray:
    """Overlap-add convolution of mono ``x`` with a (channels, taps) kernel, cut to len(x).

    Fixed-size blocks keep the FFTs cache-friendly and the memory bounded for long renders;
    the result is float32, like the buses it is mixed into.
    """
    n = x.shape[0]
    taps = kernel.shape[-1]
    size = block
    while size < 2 * taps:
        size *= 2
    hop = size - taps + 1
    spectrum = np.fft.rfft(kernel, size, axis=-1)
    out = np.zeros((kernel.shape[0], n + size), dtype=np.float32)
    for start in range(0, n, hop):
        piece = np.fft.rfft(x[start : start + hop], size)
        out[:, start : start + size] += np.fft.irfft(piece * spectrum, size, axis=-1)
    return out[:, :n]


def fade_edges(x: np.ndarray, fade_in: int, fade_out: int) -> None:
    """Raised-cosine fades over the first and last samples of the last axis, in place.

    The fade-out reaches exactly zero on the final sample, so a cut never clicks.
    """
    n = x.shape[-1]
    fade_in, fade_out = min(fade_in, n), min(fade_out, n)
    if fade_in > 0:
        rise = 0.5 - 0.5 * np.cos(np.pi * np.arange(fade_in) / fade_in)
        x[..., :fade_in] *= rise.astype(x.dtype)
    if fade_out > 0:
        ramp = 0.5 + 0.5 * np.cos(np.pi * np.arange(1, fade_out + 1) / fade_out)
        x[..., n - fade_out :] *= ramp.astype(x.dtype)
