"""The export signal chain on a decoded take: channels, rate, trim, fades, loudness. No I/O, no Qt.

Fades come after resampling and trimming so their lengths are exact at the output rate, and
loudness comes last so the target is met by the audio that is actually written.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sonodesk.core.export.formats import FormatSpec, output_rate
from sonodesk.core.export.normalize import LoudnessResult, normalize_loudness
from sonodesk.core.export.processing import (
    apply_fades,
    convert_channels,
    resample,
    resample_note,
    trim_silence,
)
from sonodesk.core.export.settings import ExportSettings
from sonodesk.core.export.source import SourceAudio


@dataclass(frozen=True)
class Prepared:
    """Audio ready for the loudness stage, at the output rate and channel count."""

    audio: np.ndarray
    rate: int
    notes: tuple[str, ...]


def prepare(source: SourceAudio, settings: ExportSettings, spec: FormatSpec) -> Prepared:
    """Channels, sample rate, silence trim and fades, collecting a note for each surprise."""
    notes: list[str] = []
    step = convert_channels(source.audio, settings.channels, spec.max_channels)
    _add(notes, step.note)
    rate, rate_note = output_rate(spec, settings.sample_rate, source.rate)
    audio = resample(step.audio, source.rate, rate)
    _add(notes, rate_note or resample_note(source.rate, rate))
    if settings.trim_silence:
        step = trim_silence(audio, rate, settings.trim_threshold_db, settings.trim_pad_ms)
        audio = step.audio
        _add(notes, step.note)
    if settings.fade_in or settings.fade_out:
        step = apply_fades(audio, rate, settings.fade_in, settings.fade_out, settings.fade_curve)
        audio = step.audio
        _add(notes, step.note)
    return Prepared(audio, rate, tuple(notes))


def level(
    prepared: Prepared,
    settings: ExportSettings,
    spec: FormatSpec,
    *,
    extra_headroom: float = 0.0,
    offset: float = 0.0,
) -> tuple[np.ndarray, LoudnessResult | None]:
    """Normalise loudness when the settings ask for it; lossy formats keep extra headroom.

    ``offset`` shifts the target to compensate what a lossy codec was measured to change.
    """
    if settings.loudness_target is None:
        return prepared.audio, None
    return normalize_loudness(
        prepared.audio,
        prepared.rate,
        settings.loudness_target + offset,
        settings.true_peak_ceiling,
        headroom_db=spec.lossy_headroom_db + extra_headroom,
    )


def _add(notes: list[str], note: str | None) -> None:
    if note:
        notes.append(note)
