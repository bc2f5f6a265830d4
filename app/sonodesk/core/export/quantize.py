"""Float audio to the exact samples a format stores: 16/24-bit integers (with TPDF dither) or float.

We quantise ourselves instead of letting libsndfile convert floats, because its conversion
wraps around instead of clipping for values at or beyond full scale. No I/O, no Qt.
"""

from __future__ import annotations

import numpy as np

_SCALE = {"int16": 32768.0, "int24": 8388608.0}
# Fixed seed: the same take exported twice gives byte-identical files.
_DITHER_SEED = 0x50D0


def is_exact(audio: np.ndarray, sample_format: str) -> bool:
    """True when every sample already sits on the format's integer grid (nothing to dither)."""
    scaled = audio * np.float32(_SCALE[sample_format])
    return bool(np.array_equal(scaled, np.round(scaled)))


def to_stored(audio: np.ndarray, sample_format: str, *, dither: bool) -> np.ndarray:
    """The array to hand soundfile for ``sample_format``.

    int16 -> int16 samples; int24 -> int32 holding the 24-bit value in its top bytes (how
    libsndfile reads int32 into PCM_24); float -> float32 unchanged (float files may exceed
    full scale); encoded -> float32 clipped to full scale for the lossy encoders.
    """
    if sample_format == "float":
        return np.ascontiguousarray(audio, dtype=np.float32)
    if sample_format == "encoded":
        return np.clip(audio, -1.0, 1.0).astype(np.float32, copy=False)
    scale = _SCALE[sample_format]
    scaled = audio.astype(np.float64) * scale
    if dither and sample_format == "int16" and not is_exact(audio, sample_format):
        # TPDF: the sum of two uniform variables spanning one step each decorrelates the
        # rounding error from the music, turning distortion on quiet fades into a noise floor.
        rng = np.random.default_rng(_DITHER_SEED)
        # Dual mono stays dual mono: identical channels get identical dither.
        shape = (len(scaled), 1) if _dual_mono(audio) else scaled.shape
        scaled += rng.random(shape) - rng.random(shape)
    stored = np.clip(np.round(scaled), -scale, scale - 1.0)
    if sample_format == "int16":
        return stored.astype(np.int16)
    return stored.astype(np.int32) << 8


def _dual_mono(audio: np.ndarray) -> bool:
    return audio.shape[1] > 1 and all(
        np.array_equal(audio[:, 0], audio[:, index]) for index in range(1, audio.shape[1])
    )
