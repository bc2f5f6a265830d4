"""Channel conversion, resampling, silence trimming and fades on in-memory audio. No I/O, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import soxr

from sonodesk.core.export.formats import khz


@dataclass(frozen=True)
class Edited:
    """Audio after one processing step, and a sentence when the step did something unexpected."""

    audio: np.ndarray
    note: str | None = None


def convert_channels(audio: np.ndarray, mode: str, max_channels: int = 8) -> Edited:
    """ "keep", "mono" (average of all channels) or "stereo" (mono is duplicated).

    Takes with more channels than asked for (or than the format holds) keep their first two:
    guessing a surround layout would be worse than saying so.
    """
    channels = audio.shape[1]
    if mode == "mono":
        if channels == 1:
            return Edited(audio)
        return Edited(audio.mean(axis=1, dtype=np.float32, keepdims=True))
    wanted = 2 if mode == "stereo" else min(channels, max_channels)
    if channels == wanted:
        return Edited(audio)
    if channels == 1:
        return Edited(np.repeat(audio, wanted, axis=1))
    return Edited(
        np.ascontiguousarray(audio[:, :2]),
        f"Only the first two of the take's {channels} channels were exported.",
    )


def resample(audio: np.ndarray, source_rate: int, rate: int) -> np.ndarray:
    """Sample-rate conversion with soxr's very-high-quality linear-phase filter."""
    if source_rate == rate or audio.shape[0] == 0:
        return audio
    return np.ascontiguousarray(
        soxr.resample(audio, source_rate, rate, quality="VHQ"), dtype=np.float32
    )


def resample_note(source_rate: int, rate: int) -> str | None:
    """A short record of a conversion, for the export report (None when nothing changed)."""
    if source_rate == rate:
        return None
    return f"Resampled from {khz(source_rate)} to {khz(rate)}."


def trim_silence(audio: np.ndarray, rate: int, threshold_db: float, pad_ms: float) -> Edited:
    """Cut leading and trailing audio under ``threshold_db`` dBFS, keeping ``pad_ms`` around it.

    The pad keeps the attack of the first transient and the last bit of decay intact.
    """
    if audio.shape[0] == 0:
        return Edited(audio)
    threshold = 10.0 ** (threshold_db / 20.0)
    loud = np.abs(audio).max(axis=1) > threshold
    first = int(np.argmax(loud))
    if not loud[first]:
        return Edited(
            audio, f"Nothing in the take is above {threshold_db:g} dBFS, so it was not trimmed."
        )
    last = len(loud) - 1 - int(np.argmax(loud[::-1]))
    pad = round(pad_ms * rate / 1000.0)
    start, stop = max(0, first - pad), min(len(loud), last + 1 + pad)
    if start == 0 and stop == len(loud):
        return Edited(audio)
    removed = (start + len(loud) - stop) / rate
    return Edited(audio[start:stop], f"Trimmed {removed:.2f} s of silence.")


def fade_curve(length: int, curve: str) -> np.ndarray:
    """A rising gain of ``length`` frames from 0 towards 1 (the next frame is at unity)."""
    position = np.arange(length, dtype=np.float64) / max(1, length)
    if curve == "linear":
        return position.astype(np.float32)
    # Equal power: sin for the way in (and cos for the way out) keeps the summed power of a
    # crossfade constant, and sounds even rather than sagging in the middle.
    return np.sin(0.5 * np.pi * position).astype(np.float32)


def apply_fades(
    audio: np.ndarray, rate: int, fade_in: float, fade_out: float, curve: str
) -> Edited:
    """Fade in from silence and out to silence; the last frame of a fade-out is exactly 0.

    When both fades together are longer than the take they are shortened in proportion.
    """
    frames = audio.shape[0]
    fin, fout = round(fade_in * rate), round(fade_out * rate)
    note = None
    if fin + fout > frames and fin + fout > 0:
        scale = frames / (fin + fout)
        fin, fout = int(fin * scale), int(fout * scale)
        note = "The fades were longer than the take and were shortened to fit."
    if fin == 0 and fout == 0:
        return Edited(audio, note)
    out = audio.copy()
    if fin:
        out[:fin] *= fade_curve(fin, curve)[:, None]
    if fout:
        # Reversed rising curve shifted by one frame so the final frame lands on silence.
        falling = fade_curve(fout + 1, curve)[::-1][1:]
        out[frames - fout :] *= falling[:, None]
    return Edited(out, note)
