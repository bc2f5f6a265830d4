"""The audio-tools model: layer, trim, split, reverse, fade, gain and normalise decoded audio.

Works on float arrays the caller decoded; no I/O, no Qt.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sonodesk.sandbox.synth import dsp

_NORMALIZE_PEAK = 10 ** (-1.0 / 20.0)  # -1 dBFS


def process(
    params: Mapping[str, Any],
    source: np.ndarray,
    sample_rate: int,
    layers: Sequence[tuple[np.ndarray, int]] = (),
) -> list[np.ndarray]:
    """One float32 (frames, channels) array per output: 1 + len(cutPoints) segments."""
    mixed = source.astype(np.float64)
    if layers:
        mixed = _mix_layers(mixed, sample_rate, layers, float(params.get("layerGainDb", 0.0)))
    total = mixed.shape[0] / sample_rate
    start = float(params.get("startTime", 0.0))
    end = params.get("endTime")
    end_s = total if end is None else min(float(end), total)
    bounds = [start, *sorted(float(p) for p in params.get("cutPoints") or []), end_s]
    segments = []
    for lo, hi in itertools.pairwise(bounds):
        a = round(lo * sample_rate)
        b = max(a + 1, round(hi * sample_rate))
        segments.append(_shape(mixed[a:b], sample_rate, params))
    return segments


def output_count(params: Mapping[str, Any]) -> int:
    return 1 + len(params.get("cutPoints") or [])


def _mix_layers(
    base: np.ndarray, sample_rate: int, layers: Sequence[tuple[np.ndarray, int]], gain_db: float
) -> np.ndarray:
    out = base.copy()
    gain = dsp.db_to_gain(gain_db)
    for samples, layer_rate in layers:
        layer = dsp.match_channels(samples.astype(np.float64), base.shape[1])
        layer = dsp.resample_linear(layer, layer_rate, sample_rate)
        # Layers start with the source and are cut (or padded with silence) to its length.
        count = min(layer.shape[0], out.shape[0])
        out[:count] += layer[:count] * gain
    return out


def _shape(segment: np.ndarray, sample_rate: int, params: Mapping[str, Any]) -> np.ndarray:
    out = segment[::-1].copy() if params.get("reverse") else segment.copy()
    frames = out.shape[0]
    fade_in = min(frames, round(float(params.get("fadeIn", 0.0)) * sample_rate))
    fade_out = min(frames, round(float(params.get("fadeOut", 0.0)) * sample_rate))
    if fade_in > 0:
        out[:fade_in] *= np.linspace(0.0, 1.0, fade_in, endpoint=False)[:, None]
    if fade_out > 0:
        out[frames - fade_out :] *= np.linspace(1.0, 0.0, fade_out)[:, None]
    out *= dsp.db_to_gain(float(params.get("gainDb", 0.0)))
    if params.get("normalize"):
        out = dsp.normalize_peak(out, _NORMALIZE_PEAK)
    return np.clip(out, -1.0, 1.0).astype(np.float32)
