"""Loudness normalisation to a LUFS target under a true-peak ceiling, limiting only when needed.

Pure numpy on in-memory audio; no I/O, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sonodesk.core.export.limiter import apply_gain, limiter_gain_db
from sonodesk.core.export.loudness import (
    block_powers,
    integrated_loudness,
    to_db,
    true_peak_db,
    true_peak_envelope,
)

# The limiter aims this far under the ceiling: the gain curve is exact at frame positions but
# the product of a moving gain and the audio can peak a hair higher between them.
LIMITER_MARGIN_DB = 0.15
# Close enough to the target to stop iterating (the promise to users is 0.5 LU).
TOLERANCE_LU = 0.1
# Beyond this much peak reduction even short peaks sound squashed; the target is given up.
MAX_LIMITING_DB = 18.0
# Past this much limiting the result is reported, so the user can pick a quieter target.
NOTABLE_LIMITING_DB = 6.0
_MAX_ROUNDS = 8


@dataclass(frozen=True)
class LoudnessResult:
    """What normalisation measured and did. Levels in LUFS / dBTP; None where undefined."""

    target: float
    ceiling: float
    input_lufs: float | None
    input_true_peak: float
    output_lufs: float | None
    output_true_peak: float
    gain_db: float
    limiting_db: float  # deepest gain reduction the limiter applied (positive dB)
    note: str | None = None

    def as_dict(self) -> dict[str, float | str | None]:
        def clean(value: float | None) -> float | None:
            return None if value is None or not math.isfinite(value) else round(value, 2)

        return {
            "target_lufs": self.target,
            "ceiling_dbtp": self.ceiling,
            "input_lufs": clean(self.input_lufs),
            "input_true_peak_dbtp": clean(self.input_true_peak),
            "output_lufs": clean(self.output_lufs),
            "output_true_peak_dbtp": clean(self.output_true_peak),
            "gain_db": clean(self.gain_db),
            "limiting_db": clean(self.limiting_db),
            "note": self.note,
        }


def normalize_loudness(
    audio: np.ndarray, rate: int, target: float, ceiling: float, *, headroom_db: float = 0.0
) -> tuple[np.ndarray, LoudnessResult]:
    """Bring ``audio`` to ``target`` LUFS with its true peak at or under ``ceiling`` dBTP.

    ``headroom_db`` lowers the limiter's aim further (lossy encoders overshoot). Silence and
    takes under 0.4 s have no defined loudness: they come back unchanged with a note.
    """
    powers = block_powers(audio, rate)
    measured = powers.integrated()
    envelope = true_peak_envelope(audio, rate)
    peak = to_db(float(envelope.max())) if envelope.size else -math.inf
    if measured is None:
        reason = "shorter than 0.4 s" if powers.powers.size == 0 else "silent"
        note = f"Loudness is undefined because the take is {reason}: its level was left unchanged."
        return audio, LoudnessResult(target, ceiling, None, peak, None, peak, 0.0, 0.0, note)
    gain = target - measured
    aim = ceiling - headroom_db - LIMITER_MARGIN_DB
    if peak + gain <= aim:
        out = audio * np.float32(10.0 ** (gain / 20.0))
        reached = powers.scaled(gain).integrated()
        return out, LoudnessResult(target, ceiling, measured, peak, reached, peak + gain, gain, 0.0)
    out, reached, used_gain, limiting = _limit_towards(audio, rate, envelope, target, gain, aim)
    final_peak = true_peak_db(out, rate)
    if final_peak > aim + LIMITER_MARGIN_DB:
        # The moving gain let an inter-sample peak through: aim lower by what got past.
        aim -= final_peak - aim
        out, reached, used_gain, limiting = _limit_towards(audio, rate, envelope, target, gain, aim)
        final_peak = true_peak_db(out, rate)
    note = None
    if reached is not None and abs(reached - target) > 0.5:
        note = (
            f"Reached {reached:.1f} LUFS instead of {target:g}: the peaks would need more than "
            f"{MAX_LIMITING_DB:g} dB of limiting to go louder under {ceiling:g} dBTP."
        )
    elif limiting > NOTABLE_LIMITING_DB:
        note = (
            f"Peaks were limited by up to {limiting:.1f} dB to reach {target:g} LUFS under "
            f"{ceiling:g} dBTP; a quieter target keeps more of the transients."
        )
    return out, LoudnessResult(
        target, ceiling, measured, peak, reached, final_peak, used_gain, limiting, note
    )


def _limit_towards(
    audio: np.ndarray, rate: int, envelope: np.ndarray, target: float, gain: float, aim: float
) -> tuple[np.ndarray, float | None, float, float]:
    """Search the pre-gain whose limited result measures ``target`` (secant steps).

    Returns (audio, loudness reached, pre-gain used, deepest limiting in dB).
    """
    peak = to_db(float(envelope.max()))
    max_gain = aim - peak + MAX_LIMITING_DB
    tried: list[tuple[float, float]] = []
    best: tuple[np.ndarray, float | None, float, float] | None = None
    current = min(gain, max_gain)
    for _ in range(_MAX_ROUNDS):
        curve = limiter_gain_db(envelope * np.float32(10.0 ** (current / 20.0)), rate, aim)
        out = apply_gain(audio, curve, current)
        reached = integrated_loudness(out, rate)
        best = (out, reached, current, float(-curve.min()))
        if reached is None or abs(reached - target) <= TOLERANCE_LU:
            break
        tried.append((current, reached))
        step = target - reached
        if len(tried) >= 2:
            (g0, l0), (g1, l1) = tried[-2], tried[-1]
            # Limiting flattens loudness growth: follow the measured slope, bounded so a
            # nearly flat step cannot throw the gain far away.
            slope = (l1 - l0) / (g1 - g0) if g1 != g0 else 1.0
            step /= min(1.0, max(0.1, slope))
        following = min(max_gain, current + step)
        if following == current:
            break
        current = following
    assert best is not None
    return best
