"""Export one planned take: decode, process, write, retrying for lossy overshoot or a taken name.

Called by core.export.batch on its worker thread; no Qt.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from sonodesk.core.errors import SonodeskError
from sonodesk.core.export.formats import FormatSpec
from sonodesk.core.export.metadata import Tags, tags_for
from sonodesk.core.export.normalize import LoudnessResult
from sonodesk.core.export.render import Prepared, level, prepare
from sonodesk.core.export.report import ExportCancelled, ExportProgress, PlannedExport, TakeResult
from sonodesk.core.export.settings import ExportSettings
from sonodesk.core.export.source import read_source
from sonodesk.core.export.targets import Target, TargetExists, next_free
from sonodesk.core.export.writer import (
    LevelCheck,
    LevelMismatch,
    WriteJob,
    WrittenFile,
    write_export,
)
from sonodesk.core.take_record import take_record

# Share of one take's progress spent before encoding starts (decode, then process).
_READ_SHARE, _PROCESS_SHARE = 0.15, 0.35
# Extra headroom over the measured overshoot when a lossy file must be limited again.
_OVERSHOOT_PAD_DB = 0.2
# Encodes tried for a lossy file before accepting (and reporting) what the codec gives.
_LEVEL_ATTEMPTS = 3
_RENAME_ATTEMPTS = 100


class Reporter:
    """Turns per-take stages into overall progress for the callback."""

    def __init__(
        self, callback: Callable[[ExportProgress], None] | None, index: int, total: int, take: str
    ) -> None:
        self._callback, self._index, self._total, self._take = callback, index, total, take

    def __call__(self, stage: str, fraction: float) -> None:
        if self._callback is not None:
            overall = (self._index + min(1.0, fraction)) / self._total
            self._callback(ExportProgress(self._index, self._total, self._take, stage, overall))


def export_one(
    plan: PlannedExport,
    settings: ExportSettings,
    spec: FormatSpec,
    cancel: threading.Event,
    report: Reporter,
    claimed: set[str],
    app_version: str,
) -> TakeResult:
    take, started = plan.take, time.monotonic()
    try:
        report("reading", 0.0)
        source = read_source(take.file_path, cancel=cancel)
        report("processing", _READ_SHARE)
        prepared = prepare(source, settings, spec)
        audio, loudness = level(prepared, settings, spec)
        if cancel.is_set():
            raise ExportCancelled()
        writer = _Writer(plan, settings, spec, prepared, cancel, report, claimed, app_version)
        written, loudness, notes = writer.write(audio, loudness)
    except ExportCancelled:
        return TakeResult(take.id, "cancelled", seconds=time.monotonic() - started)
    except SonodeskError as exc:
        return TakeResult(
            take.id, "failed", None, exc.message, exc.hint, seconds=time.monotonic() - started
        )
    except MemoryError:
        return TakeResult(
            take.id,
            "failed",
            None,
            "There is not enough free memory to export this take.",
            "Close other programs, or export it on its own.",
            seconds=time.monotonic() - started,
        )
    except TargetExists:
        return TakeResult(
            take.id,
            "conflict",
            plan.target.path,
            f"“{plan.target.path.name}” appeared while exporting.",
            "Choose to replace it or to save with a number added.",
        )
    return TakeResult(
        take.id,
        "written",
        written.path,
        notes=prepared.notes + notes,
        loudness=loudness,
        decoded_true_peak=written.decoded_true_peak,
        seconds=time.monotonic() - started,
    )


@dataclass
class _Writer:
    """Writes one take, retrying for a lossy overshoot or a name taken meanwhile."""

    plan: PlannedExport
    settings: ExportSettings
    spec: FormatSpec
    prepared: Prepared
    cancel: threading.Event
    report: Reporter
    claimed: set[str]
    app_version: str

    def write(
        self, audio: np.ndarray, loudness: LoudnessResult | None
    ) -> tuple[WrittenFile, LoudnessResult | None, tuple[str, ...]]:
        """Write; for lossy normalised exports, correct until the decoded file measures right."""
        target = self.settings.loudness_target
        ceiling = self.settings.true_peak_ceiling
        if target is None or loudness is None or loudness.output_lufs is None or self.spec.lossless:
            return self._attempt(audio, loudness, None), loudness, ()
        offset = extra = 0.0
        for attempt in range(_LEVEL_ATTEMPTS):
            check = LevelCheck(target, ceiling, enforce=attempt < _LEVEL_ATTEMPTS - 1)
            try:
                written = self._attempt(audio, loudness, check)
                break
            except LevelMismatch as missed:
                # The codec moved the level (it drops highs, overshoots peaks): aim the
                # normaliser off by what was measured and encode again.
                if missed.lufs is not None:
                    offset += target - missed.lufs
                if missed.true_peak > ceiling:
                    extra += missed.true_peak - ceiling + _OVERSHOOT_PAD_DB
                audio, loudness = level(
                    self.prepared, self.settings, self.spec, extra_headroom=extra, offset=offset
                )
        assert loudness is not None
        loudness = dataclasses.replace(
            loudness,
            target=target,
            # A note about the shifted target would confuse; the decoded measure is reported.
            note=loudness.note if offset == 0.0 else None,
            output_lufs=written.decoded_lufs,
            output_true_peak=written.decoded_true_peak
            if written.decoded_true_peak is not None
            else loudness.output_true_peak,
        )
        return written, loudness, self._level_notes(written, target, ceiling)

    def _level_notes(self, written: WrittenFile, target: float, ceiling: float) -> tuple[str, ...]:
        notes = []
        lufs, peak = written.decoded_lufs, written.decoded_true_peak
        if lufs is not None and abs(lufs - target) > 0.5:
            notes.append(
                f"The decoded {self.spec.label} measures {lufs:.1f} LUFS instead of {target:g}: "
                "the codec removes sound this take's loudness depends on; a higher bitrate or a "
                "lossless format gets closer."
            )
        if peak is not None and peak > ceiling:
            notes.append(
                f"The decoded {self.spec.family} peaks at {peak:.1f} dBTP, over the {ceiling:g} "
                "dBTP ceiling: a higher bitrate or a lower ceiling avoids this."
            )
        return tuple(notes)

    def _attempt(
        self, audio: np.ndarray, loudness: LoudnessResult | None, check: LevelCheck | None
    ) -> WrittenFile:
        target = self.plan.target
        for _ in range(_RENAME_ATTEMPTS):
            job = WriteJob(
                audio=audio,
                rate=self.prepared.rate,
                spec=self.spec,
                target=target.path,
                tags=self._tags(audio, loudness),
                replace=target.replaces,
                dither=self.settings.dither,
                level_check=check,
            )
            try:
                return write_export(job, cancel=self.cancel, progress=self._progress)
            except TargetExists:
                if self.settings.overwrite != "number":
                    raise
                # Another program took the name after planning: take the next number.
                stem = target.path.name[: -len(self.spec.extension) - 1]
                folder = target.path.parent
                target = Target(next_free(folder, stem, self.spec.extension, self.claimed))
        raise TargetExists(target.path.name)

    def _progress(self, fraction: float) -> None:
        self.report("encoding", _PROCESS_SHARE + (1.0 - _PROCESS_SHARE) * fraction)

    def _tags(self, audio: np.ndarray, loudness: LoudnessResult | None) -> Tags | None:
        if not self.settings.embed_metadata:
            return None
        take = self.plan.take
        export = export_description(self.settings, self.spec, self.prepared.rate, audio, loudness)
        record = take_record(take, export=export, app_version=self.app_version)
        return tags_for(take, record, app_version=self.app_version)


def export_description(
    settings: ExportSettings,
    spec: FormatSpec,
    rate: int,
    audio: np.ndarray,
    loudness: LoudnessResult | None,
) -> dict[str, Any]:
    """The "export" part of the embedded record. The folder is left out: it is private.

    Loudness figures are those measured before encoding; the target is the user's own even
    when a lossy retry aimed the normaliser elsewhere to compensate for the codec.
    """
    chosen = {k: v for k, v in settings.to_dict().items() if k != "folder"}
    target = settings.loudness_target
    return {
        "format": spec.key,
        "label": spec.label,
        "sample_rate": rate,
        "channels": int(audio.shape[1]),
        "duration": round(len(audio) / rate, 6),
        "loudness": None if loudness is None else {**loudness.as_dict(), "target_lufs": target},
        "settings": chosen,
        "exported": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
