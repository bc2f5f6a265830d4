"""Integrated loudness (LUFS) of a take, for loudness-matched A/B listening.

Uses sonodesk.core.export.loudness when present; otherwise an ITU-R BS.1770-4 measurement
done here with numpy: K-weighting applied in the frequency domain in overlapping chunks,
then the absolute and relative gates. Reads audio files; writes nothing. No Qt.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sonodesk.core.errors import AudioError
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

log = logging.getLogger(__name__)

BLOCK_SECONDS = 0.4
OVERLAP = 0.75
ABSOLUTE_GATE = -70.0
RELATIVE_GATE = -10.0
MAX_SECONDS = 20 * 60.0
_FFT_SIZE = 1 << 18
_HISTORY = 1 << 13  # the K-filter's response has died out long before this many samples
_CHUNK = _FFT_SIZE - _HISTORY


def _biquads(rate: float) -> list[tuple[tuple[float, float, float], tuple[float, float, float]]]:
    """The two K-weighting stages (BS.1770 shelf + RLB high-pass) for any sample rate."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh**0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = (
        ((vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0),
        (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0),
    )
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    highpass = ((1.0, -2.0, 1.0), (1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0))
    return [shelf, highpass]


def _response(rate: float, size: int) -> np.ndarray:
    """The K-filter's complex frequency response at the rfft bins of ``size`` samples."""
    z1 = np.exp(-2j * np.pi * np.arange(size // 2 + 1) / size)
    response = np.ones(size // 2 + 1, dtype=np.complex128)
    for (b0, b1, b2), (_, a1, a2) in _biquads(rate):
        response *= (b0 + b1 * z1 + b2 * z1 * z1) / (1 + a1 * z1 + a2 * z1 * z1)
    return response


def k_weighted(samples: np.ndarray, rate: float) -> np.ndarray:
    """Samples (frames, channels) through the K-filter: overlap-save FFT filtering.

    Each chunk carries the ``_HISTORY`` samples before it; the circular wrap of the filter's
    tail lands in that history, which is discarded.
    """
    frames = samples.shape[0]
    out = np.empty(samples.shape, dtype=np.float64)
    response = _response(rate, _FFT_SIZE)[:, None]
    for start in range(0, frames, _CHUNK):
        lo, hi = max(0, start - _HISTORY), min(frames, start + _CHUNK)
        spectrum = np.fft.rfft(samples[lo:hi], _FFT_SIZE, axis=0) * response
        filtered = np.fft.irfft(spectrum, _FFT_SIZE, axis=0)
        out[start:hi] = filtered[start - lo : hi - lo]
    return out


def integrated_loudness(samples: np.ndarray, rate: float) -> float | None:
    """Gated integrated loudness in LUFS; None for silence (nothing above the -70 LUFS gate)."""
    data = np.asarray(samples, dtype=np.float64)
    if data.ndim == 1:
        data = data[:, None]
    if data.size == 0 or rate <= 0 or not np.all(np.isfinite(data)):
        return None
    weighted = k_weighted(data, rate)
    block = max(1, round(BLOCK_SECONDS * rate))
    hop = max(1, round(block * (1 - OVERLAP)))
    frames = weighted.shape[0]
    # Squares summed over channels (weight 1: mono, stereo and the front three channels).
    power = np.concatenate([[0.0], np.cumsum(np.sum(weighted * weighted, axis=1))])
    if frames <= block:
        starts = np.array([0])
        block = frames
    else:
        starts = np.arange(0, frames - block + 1, hop)
    energies = (power[starts + block] - power[starts]) / block
    return _gated(energies)


def _gated(energies: np.ndarray) -> float | None:
    with np.errstate(divide="ignore"):
        levels = -0.691 + 10 * np.log10(energies)
    kept = energies[levels > ABSOLUTE_GATE]
    if kept.size == 0:
        return None
    relative = -0.691 + 10 * math.log10(float(np.mean(kept))) + RELATIVE_GATE
    with np.errstate(divide="ignore"):
        kept = kept[-0.691 + 10 * np.log10(kept) > relative]
    if kept.size == 0:
        return None
    return -0.691 + 10 * math.log10(float(np.mean(kept)))


def _external() -> Callable[[np.ndarray, float], float | None] | None:
    """The export package's meter when it offers ``integrated_loudness(samples, rate)``."""
    try:
        from sonodesk.core.export import loudness as export_loudness
    except ImportError:
        return None
    meter = getattr(export_loudness, "integrated_loudness", None)
    return meter if callable(meter) else None


def measure(samples: np.ndarray, rate: float) -> float | None:
    """LUFS of decoded audio: the export meter when available, else the one here."""
    meter = _external()
    if meter is not None:
        frames = samples[:, None] if samples.ndim == 1 else samples
        try:
            value = meter(frames, rate)
        except Exception:  # an unfinished or mismatched meter must not break A/B
            log.warning("export loudness meter failed; using the library's own")
        else:
            if value is None or (isinstance(value, float | int) and math.isfinite(value)):
                return None if value is None else float(value)
    return integrated_loudness(samples, rate)


def measure_file(path: str | Path) -> float | None:
    """LUFS of an audio file; AudioError when it cannot be decoded."""
    import soundfile

    try:
        with soundfile.SoundFile(str(path)) as handle:
            rate = handle.samplerate
            limit = int(MAX_SECONDS * rate)
            samples = handle.read(frames=limit, dtype="float32", always_2d=True)
    except (RuntimeError, OSError, ValueError) as exc:
        raise AudioError(f"'{Path(path).name}' could not be read to measure its loudness.") from exc
    return measure(samples, rate)
