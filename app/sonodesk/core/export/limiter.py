"""A look-ahead true-peak limiter computed as one gain curve, fully vectorised. No I/O, no Qt.

The gain never exceeds what each frame's true-peak envelope allows (a forward-looking minimum
followed by box smoothing that stays inside that window), ramps down smoothly before a peak,
holds briefly and recovers fast after short peaks and slowly after sustained ones: no
clipping, no per-sample Python loop.
"""

from __future__ import annotations

import numpy as np

LOOKAHEAD_MS = 5.0
HOLD_MS = 10.0
# Program-dependent release: short overs (clicks, drum hits) recover fast so the music
# around them keeps its level; sustained overs (bass notes) recover slowly so the gain does
# not ripple along with the waveform, which would be heard as distortion.
FAST_RELEASE_DB_PER_S = 600.0
SLOW_RELEASE_DB_PER_S = 40.0
SUSTAIN_MS = 50.0


def sliding_min(values: np.ndarray, width: int) -> np.ndarray:
    """``out[i] = values[i : i + width].min()`` for every full window (van Herk / Gil-Werman).

    Each window spans at most two blocks of ``width``: its minimum is the suffix minimum of the
    first block and the prefix minimum of the second, both computed with one accumulate each.
    """
    n = len(values)
    if width <= 1 or n == 0:
        return values.copy()
    blocks = -(-n // width)
    padded = np.full(blocks * width, np.inf, dtype=values.dtype)
    padded[:n] = values
    grid = padded.reshape(blocks, width)
    prefix = np.minimum.accumulate(grid, axis=1).ravel()
    suffix = np.minimum.accumulate(grid[:, ::-1], axis=1)[:, ::-1].ravel()
    return np.minimum(suffix[: n - width + 1], prefix[width - 1 : n])


def _window_min(values: np.ndarray, before: int, after: int) -> np.ndarray:
    """Minimum over ``[i - before, i + after)`` for every index, edges padded with +inf."""
    padded = np.concatenate([np.full(before, np.inf), values, np.full(max(0, after - 1), np.inf)])
    return sliding_min(padded, before + after)


def _box(values: np.ndarray, width: int) -> np.ndarray:
    """Causal moving average over the last ``width`` values (the first values repeat the edge)."""
    if width <= 1:
        return values
    padded = np.concatenate([np.full(width - 1, values[0]), values])
    sums = np.cumsum(padded, dtype=np.float64)
    sums[width:] = sums[width:] - sums[:-width]
    return sums[width - 1 :] / width


def _envelope_curve(needed: np.ndarray, lookahead: int, hold: int, slope: float) -> np.ndarray:
    """Gain (dB) under ``needed`` per frame: look-ahead, hold, fixed-rate release, smoothing."""
    # Forward window: the gain is already down when the peak arrives; the hold keeps it down
    # across the peaks of one low note instead of pumping on every cycle.
    floor = _window_min(needed, hold, lookahead)
    # Recovery at ``slope`` dB per frame: min over k <= i of floor[k] + slope * (i - k), which
    # is a prefix minimum once the ramp is removed.
    ramp = slope * np.arange(len(floor), dtype=np.float64)
    released = np.minimum.accumulate(floor - ramp) + ramp
    # Two boxes whose spans add up to the look-ahead: every frame they average lies in a
    # window whose minimum already honours this frame, so smoothing never lets a peak through.
    first = (lookahead + 1) // 2
    return _box(_box(released, first), lookahead + 1 - first)


def limiter_gain_db(envelope: np.ndarray, rate: int, ceiling_db: float) -> np.ndarray:
    """Gain in dB (<= 0) per frame that keeps ``envelope * gain`` under ``ceiling_db``.

    ``envelope`` is the true-peak envelope of the audio at the level it will be limited at.
    Only the stretches around overs are computed; everywhere else the gain is exactly 0 dB.
    """
    with np.errstate(divide="ignore"):
        needed = np.minimum(0.0, ceiling_db - 20.0 * np.log10(envelope.astype(np.float64)))
    gain = np.zeros(len(needed))
    overs = np.flatnonzero(needed < 0.0)
    if overs.size == 0:
        return gain
    lookahead = max(2, round(LOOKAHEAD_MS * rate / 1000.0))
    hold = max(0, round(HOLD_MS * rate / 1000.0))
    sustain = max(1, round(SUSTAIN_MS * rate / 1000.0))
    # How far one over can reach: back by the look-ahead, forward by hold, the sustain
    # average, the slowest full recovery and the smoothing.
    recovery = int(np.ceil(-needed.min() * rate / SLOW_RELEASE_DB_PER_S))
    before, after = lookahead + 1, hold + sustain + 2 * lookahead + recovery + 1
    breaks = np.flatnonzero(np.diff(overs) > before + after)
    for first, last in zip(
        np.concatenate([[overs[0]], overs[breaks + 1]]),
        np.concatenate([overs[breaks], [overs[-1]]]),
        strict=True,
    ):
        lo, hi = max(0, first - before), min(len(needed), last + after + 1)
        gain[lo:hi] = _gain_curve(needed[lo:hi], rate, lookahead, hold, sustain)
    return gain


def _gain_curve(
    needed: np.ndarray, rate: int, lookahead: int, hold: int, sustain: int
) -> np.ndarray:
    fast = _envelope_curve(needed, lookahead, hold, FAST_RELEASE_DB_PER_S / rate)
    # The sustained part of the need (its average over 50 ms) gets the slow release; taking
    # the lower of both curves keeps the fast curve's guarantee.
    slow = _envelope_curve(_box(needed, sustain), lookahead, hold, SLOW_RELEASE_DB_PER_S / rate)
    return np.minimum(fast, slow)


def apply_gain(audio: np.ndarray, gain_db: np.ndarray, static_db: float = 0.0) -> np.ndarray:
    """``audio`` times a per-frame gain curve in dB plus a constant gain, as float32."""
    factor = np.power(10.0, (gain_db + static_db) / 20.0).astype(np.float32)
    return audio * factor[:, None]
