"""Check a chosen file against a file field before upload: is it a local file, audio, small enough?

Blocking file I/O (stat, header probe, a decode for the thumbnail), so callers run it off the
UI thread for anything but tiny files. No Qt; the limits themselves are core's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sonodesk.core.audio import AudioInfo, Envelope, EnvelopeBuilder, compute_envelope, probe
from sonodesk.core.audio.info import open_soundfile
from sonodesk.core.errors import AudioError
from sonodesk.core.lazy_import import lazy_module
from sonodesk.core.schema import FieldSpec, check_file_limits
from sonodesk.core.schema.labels import format_bytes, format_duration

if TYPE_CHECKING:
    import numpy as np
    import soundfile as sf
else:
    np = lazy_module("numpy")
    sf = lazy_module("soundfile")

THUMB_BINS: Final = 120
_READ_ALL_SECONDS: Final = 180.0  # shorter clips are decoded in one read
_BLOCK_FRAMES: Final = 65_536
# Headers are tiny: probing these synchronously keeps drops snappy without risking a stall.
SYNC_PROBE_BYTES: Final = 16 * 1024 * 1024

AUDIO_PATTERNS: Final = "*.wav *.flac *.mp3 *.ogg *.opus *.aif *.aiff *.m4a"
IMAGE_PATTERNS: Final = "*.png *.jpg *.jpeg *.webp"


@dataclass(frozen=True)
class FileReport:
    """What the form knows about a chosen file. ``problem`` set means: do not accept it."""

    path: str
    size: int | None = None
    info: AudioInfo | None = None
    problem: str | None = None

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def duration(self) -> float | None:
        if self.info is None or not self.info.frames_known:
            return None
        return self.info.duration

    def summary(self) -> str:
        """ "0:12 · WAV · 48 kHz stereo · 1.2 MB"."""
        parts: list[str] = []
        if self.duration is not None:
            parts.append(clock(self.duration))
        if self.info is not None:
            parts.append(self.info.format_name)
            rate = f"{self.info.sample_rate / 1000:g} kHz"
            channels = {1: "mono", 2: "stereo"}.get(self.info.channels, f"{self.info.channels} ch")
            parts.append(f"{rate} {channels}")
        if self.size is not None:
            parts.append(format_bytes(self.size))
        return " · ".join(parts)


def clock(seconds: float) -> str:
    """12.4 -> "0:12", 75 -> "1:15", 3723 -> "1:02:03"."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def is_local_path(value: str) -> bool:
    """A path on this computer (as opposed to an uploaded asset id such as ``asset_abc``)."""
    return os.sep in value or (os.altsep is not None and os.altsep in value) or Path(value).exists()


def path_problem(path: str) -> str | None:
    """Problems visible without reading the file: missing, a folder, unreadable."""
    p = Path(path)
    if p.is_dir():
        return "That is a folder. Choose a file."
    if not p.exists():
        return "This file is no longer there. Choose it again."
    if not os.access(p, os.R_OK):
        return "Sonodesk may not read this file (permission denied)."
    return None


def inspect_file(spec: FieldSpec, path: str) -> FileReport:
    """Stat, probe (for audio fields) and check the field's size and duration limits."""
    problem = path_problem(path)
    if problem is not None:
        return FileReport(path, problem=problem)
    size = Path(path).stat().st_size
    info: AudioInfo | None = None
    if spec.file_kind == "audio":
        try:
            info = probe(path)
        except AudioError as exc:
            return FileReport(path, size=size, problem=str(exc))
    duration = info.duration if info is not None and info.frames_known else None
    problem = check_file_limits(spec, size, duration)
    return FileReport(path, size=size, info=info, problem=problem)


def thumbnail_envelope(path: str, bins: int = THUMB_BINS) -> Envelope | None:
    """A coarse waveform of the whole file; None when it cannot be decoded."""
    try:
        with open_soundfile(path, sequential=True) as handle:
            known = 0 < handle.frames < 2**62
            seconds = handle.frames / handle.samplerate if known else None
            if seconds is None or seconds <= _READ_ALL_SECONDS:
                blocks = list(_blocks(handle))
                data = np.concatenate(blocks) if blocks else np.zeros((0, 1), np.float32)
                return compute_envelope(data, bins)
            builder = EnvelopeBuilder(int(handle.frames), bins)
            for block in _blocks(handle):
                builder.feed(block)
            return builder.snapshot()
    except (AudioError, RuntimeError, ValueError, OSError):
        return None


def _blocks(handle: sf.SoundFile) -> Iterator[np.ndarray]:
    while True:
        block = handle.read(_BLOCK_FRAMES, dtype="float32", always_2d=True)
        if len(block) == 0:
            return
        yield block


def describe_limits(spec: FieldSpec) -> str:
    """ "Up to 50 MB, 10 min" for the drop zone's caption."""
    parts: list[str] = []
    if spec.max_size is not None:
        parts.append(f"up to {format_bytes(spec.max_size)}")
    if spec.max_duration is not None:
        parts.append(f"max {format_duration(spec.max_duration)}")
    if spec.min_duration is not None:
        parts.append(f"min {format_duration(spec.min_duration)}")
    text = ", ".join(parts)
    return text[:1].upper() + text[1:]
