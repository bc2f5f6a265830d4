"""What a validated request means for its job: outputs, audio length, and cross-field checks.

Knows the three sandbox models; reads the resolved asset records. No I/O, no Qt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from sonodesk.sandbox.validation import Validated, ValidationFailed, fmt

log = logging.getLogger(__name__)

_BEATS_PER_BAR = 4
_FALLBACK_BPM = 100.0
_RATE = 44100


@dataclass(frozen=True)
class JobSpec:
    outputs: int
    audio_seconds: float  # per output, an estimate where the renderer decides the length


def prepare(model_id: str, validated: Validated) -> JobSpec:
    params = validated.params
    if model_id == TOOLS_MODEL_ID:
        return _tools(validated)
    if model_id == SFX_MODEL_ID:
        return JobSpec(int(params.get("numOutputs", 1)), float(params.get("duration", 5)))
    if model_id == MUSIC_MODEL_ID:
        return JobSpec(int(params.get("numOutputs", 1)), _music_seconds(params))
    return JobSpec(1, 5.0)


def _music_seconds(params: dict[str, Any]) -> float:
    try:
        from sonodesk.sandbox.synth.music import sketch_frames

        return sketch_frames(params, _RATE) / _RATE
    except Exception:
        # Only the timeline length depends on this; a rough figure beats refusing the job.
        log.warning("music length estimate failed; using the section/duration fallback")
    sections = params.get("sections")
    if sections:
        bpm = float(params.get("bpm") or _FALLBACK_BPM)
        bars = sum(float(section.get("bars", 8)) for section in sections)
        return bars * _BEATS_PER_BAR * 60.0 / bpm
    return float(params.get("duration", 20))


def _tools(validated: Validated) -> JobSpec:
    params = validated.params
    source = validated.assets["audio"][0]
    duration = float(source.properties.get("duration") or 0.0)
    start = float(params.get("startTime", 0.0))
    if start >= duration:
        raise ValidationFailed(f'"startTime" must be less than {fmt(round(duration, 3))}')
    end = params.get("endTime")
    end_s = duration if end is None else float(end)
    if end is not None:
        if end_s <= start:
            raise ValidationFailed(f'"endTime" must be greater than {fmt(start)}')
        if end_s > duration + 1e-6:
            raise ValidationFailed(
                f'"endTime" must be less than or equal to {fmt(round(duration, 3))}'
            )
    points: list[Any] = list(params.get("cutPoints") or [])
    previous = start
    for index, point in enumerate(points):
        if point <= previous:
            raise ValidationFailed(f'"cutPoints[{index}]" must be greater than {fmt(previous)}')
        previous = float(point)
    if points and points[-1] >= end_s:
        last = len(points) - 1
        raise ValidationFailed(f'"cutPoints[{last}]" must be less than {fmt(round(end_s, 3))}')
    outputs = 1 + len(points)
    return JobSpec(outputs, (end_s - start) / outputs)
