"""Decode a take file completely into float32 for export, reading front to back. No Qt.

MP3 must be read sequentially: soundfile's re-seek between blocks goes through mpg123's
approximate seeking and corrupts samples at block boundaries (see core.audio.info).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import numpy as np

from sonodesk.core.audio.info import (
    DEFAULT_MAX_SECONDS,
    AudioInfo,
    check_length,
    info_from_handle,
    not_audio,
    open_soundfile,
)
from sonodesk.core.errors import AudioError, SonodeskError
from sonodesk.core.export.report import ExportCancelled

BLOCK_FRAMES = 1 << 16
_UNKNOWN_START_SECONDS = 60.0


@dataclass(frozen=True)
class SourceAudio:
    """A decoded take: frames x channels float32 at ``rate``, and what its header said."""

    audio: np.ndarray
    rate: int
    info: AudioInfo


def read_source(
    path: str | os.PathLike[str],
    *,
    cancel: threading.Event | None = None,
    max_seconds: float | None = DEFAULT_MAX_SECONDS,
) -> SourceAudio:
    """Decode all of ``path``; raises :class:`AudioError` in plain words or ExportCancelled."""
    with open_soundfile(path, sequential=True) as handle:
        info = info_from_handle(handle)
        check_length(info, max_seconds)
        if info.frames_known:
            capacity = info.frames
        else:
            capacity = int(_UNKNOWN_START_SECONDS * info.sample_rate)
        buf = np.empty((max(capacity, 1), info.channels), dtype=np.float32)
        pos = 0
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise ExportCancelled()
                if pos + BLOCK_FRAMES > len(buf) and not info.frames_known:
                    buf = _grow(buf, pos, info, max_seconds)
                want = min(BLOCK_FRAMES, len(buf) - pos)
                if want <= 0:
                    break
                got = len(handle.read(out=buf[pos : pos + want]))
                if got == 0:
                    break
                pos += got
        except (SonodeskError, MemoryError):
            raise
        except Exception as exc:  # the decoder's own failures, phrased for users
            raise not_audio("it is damaged part-way through") from exc
    if pos == 0:
        raise not_audio("it contains no audio")
    return SourceAudio(buf[:pos], info.sample_rate, info)


def _grow(buf: np.ndarray, pos: int, info: AudioInfo, max_seconds: float | None) -> np.ndarray:
    size = max(len(buf) + len(buf) // 2, pos + BLOCK_FRAMES)
    if max_seconds is not None:
        limit = int(max_seconds * info.sample_rate) + info.sample_rate
        if pos >= limit:
            raise AudioError(
                "This take is longer than Sonodesk can export in one piece.",
                hint="The file may be damaged; open it in an audio editor to check it.",
            )
        size = min(size, limit)
    grown = np.empty((size, info.channels), dtype=np.float32)
    grown[:pos] = buf[:pos]
    return grown
