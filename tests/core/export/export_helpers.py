"""Test signals, take records on disk, and independent meters (pyloudnorm, scipy) for export tests.

The meters here share no code with sonodesk.core.export: loudness comes from pyloudnorm and
true peak from scipy's polyphase resampler.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import numpy as np
import pyloudnorm
import soundfile as sf
from scipy.signal import firwin, resample_poly

from sonodesk.core.jobs.records import TakeRecord

_INTERPOLATOR = firwin(4 * 128 + 1, 1 / 4, window=("kaiser", 10.0))

PARAMS: dict[str, Any] = {
    "prompt": "Dreamy lofi, 80 BPM ☕ — ünïcödé",
    "seed": 42,
    "duration": 2,
    "bpm": 80,
}


def sine(
    seconds: float, rate: int, freq: float = 997.0, amp: float = 0.5, ch: int = 2
) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    tone = amp * np.sin(2 * np.pi * freq * t)
    return np.repeat(tone[:, None], ch, axis=1).astype(np.float32)


def noise(seconds: float, rate: int, amp: float = 0.1, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (amp * rng.standard_normal((round(seconds * rate), 2))).astype(np.float32)


def click_train(
    seconds: float, rate: int, *, per_second: float = 4.0, amp: float = 0.9
) -> np.ndarray:
    """Sharp 2 ms clicks over a quieter bed: peaks far above the loudness, so normalising
    to a streaming target needs the limiter on every click while the bed carries the loudness.
    """
    rng = np.random.default_rng(7)
    n = round(seconds * rate)
    out = sine(seconds, rate, freq=220.0, amp=0.1) + noise(seconds, rate, amp=0.03, seed=11)
    length = round(0.002 * rate)
    decay = np.exp(-np.arange(length) / (0.0005 * rate))[:, None]
    for start in range(0, n - length, round(rate / per_second)):
        burst = amp * decay * rng.standard_normal((length, 2))
        out[start : start + length] += burst.astype(np.float32)
    return out


def faded(audio: np.ndarray, rate: int, seconds: float = 0.05) -> np.ndarray:
    """Short raised-cosine edges, so lossy codecs are not judged on an abrupt cut."""
    n = round(seconds * rate)
    ramp = (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, n)))[:, None].astype(np.float32)
    out = audio.copy()
    out[:n] *= ramp
    out[-n:] *= ramp[::-1]
    return out


def write_take(
    folder: Path,
    audio: np.ndarray,
    rate: int,
    *,
    name: str = "take.wav",
    subtype: str | None = "FLOAT",
    fmt: str | None = None,
    take_id: str = "take_1",
    **fields: Any,
) -> TakeRecord:
    """Write ``audio`` as a take file and return its record (MP3/OGG: pass ``fmt``)."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    with sf.SoundFile(str(path), "w", rate, audio.shape[1], subtype, format=fmt) as handle:
        for start in range(0, len(audio), 16384):
            handle.write(audio[start : start + 16384])
    values: dict[str, Any] = {
        "id": take_id,
        "job_id": "job_3f2a9c77",
        "output_index": 0,
        "provider": "scenario",
        "model_id": "model_sonodesk-music-sketch",
        "params": dict(PARAMS),
        "file_path": str(path),
        "created_at": time.mktime((2026, 11, 21, 15, 30, 5, 0, 0, -1)),
        "model_name": "Music Sketch",
        "seed": 42,
        "prompt": PARAMS["prompt"],
        "title": "Night drive",
        "cost": 0.12,
        "remote_job_id": "remote_1",
    }
    values.update(fields)
    return TakeRecord(**values)


def lufs(audio: np.ndarray, rate: int) -> float:
    """Integrated loudness by pyloudnorm (independent of the code under test)."""
    return float(pyloudnorm.Meter(rate).integrated_loudness(audio.astype(np.float64)))


def true_peak(audio: np.ndarray) -> float:
    """dBTP by 4x oversampling with a long Kaiser FIR designed by scipy (independent code).

    scipy's default resample_poly filter is short and under-reads broadband peaks; this
    513-tap design agrees with ideal band-limited interpolation within a few hundredths of a dB.
    """
    up = resample_poly(audio.astype(np.float64), 4, 1, axis=0, window=_INTERPOLATOR)
    return float(20 * np.log10(max(np.abs(up).max(), np.abs(audio).max())))


def read_back(path: Path) -> tuple[np.ndarray, int]:
    """Decode a whole export front to back (MP3 must be read sequentially)."""
    with sf.SoundFile(str(path)) as handle:
        return handle.read(dtype="float32", always_2d=True), handle.samplerate
