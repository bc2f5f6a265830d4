"""Decode an audio file on a background thread into one float32 buffer that playback can read early.

Owns its decoding thread and file handle; no playback, no Qt.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sonodesk.core.audio.envelope import Envelope, EnvelopeBuilder, compute_envelope
from sonodesk.core.audio.info import (
    DEFAULT_MAX_SECONDS,
    AudioInfo,
    check_length,
    format_duration,
    info_from_handle,
    not_audio,
    open_soundfile,
)
from sonodesk.core.errors import AudioError
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

log = logging.getLogger(__name__)

# A small first block gets sound out quickly; later blocks are larger for throughput.
FIRST_BLOCK_FRAMES = 4096
BLOCK_FRAMES = 65536
# Starting capacity when the header states no length; the buffer grows by half each time.
_UNKNOWN_START_SECONDS = 60.0
# Decoding runs hundreds of times faster than playback: when the CPU is busy the UI thread
# should win, so the decoding thread lowers its own priority (Linux lets a thread do that).
DECODE_NICENESS = 10


class ProgressiveDecoder:
    """Decodes ``path`` front to back on its own thread; implements ``AudioSource``.

    Opening and probing happen in the constructor, so a missing, damaged or over-long file
    raises :class:`AudioError` right away; decoding errors after that end the stream early and
    appear in :attr:`error`. The buffer is preallocated from the header's frame count (pages are
    only touched as they are filled) and grows only when the header states no length.

    Reads are lock-free: frames are written before ``frames_ready`` is advanced, and a grown
    buffer is published before the count that needs it, so any ``view`` sees decoded data.
    Mono files stay mono here; the player maps channels to the output.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        block_frames: int = BLOCK_FRAMES,
        first_block_frames: int = FIRST_BLOCK_FRAMES,
        max_seconds: float | None = DEFAULT_MAX_SECONDS,
        envelope_bins: int = 0,
        start: bool = True,
    ) -> None:
        """Open ``path`` and (unless ``start`` is False) begin decoding.

        Args:
            path: the audio file.
            block_frames: frames per read after the first block.
            first_block_frames: frames in the first read (time to first sound).
            max_seconds: refuse files stating a longer length, and stop growing past it when
                the length is unknown. None disables the guard.
            envelope_bins: when positive, build an envelope of this many bins while decoding
                (see :meth:`envelope`).
            start: start the thread now; otherwise call :meth:`start`.
        """
        if block_frames <= 0 or first_block_frames <= 0:
            raise ValueError("block sizes must be positive")
        self.name = Path(path).name
        self._handle = open_soundfile(path, sequential=True)
        try:
            self.info: AudioInfo = info_from_handle(self._handle)
            check_length(self.info, max_seconds)
        except BaseException:
            self._handle.close()
            raise
        self._rate = self.info.sample_rate
        self._channels = self.info.channels
        self._max_frames = (
            None if max_seconds is None else int(max_seconds * self._rate) + self._rate
        )
        if self.info.frames_known:
            capacity = self.info.frames
        else:
            capacity = int(_UNKNOWN_START_SECONDS * self._rate)
            if self._max_frames is not None:
                capacity = min(capacity, self._max_frames)
        try:
            # np.empty only reserves address space; pages are committed as blocks land.
            self._buf = np.empty((capacity, self._channels), dtype=np.float32)
        except MemoryError as exc:
            self._handle.close()
            raise AudioError(
                "There is not enough free memory to play this file.",
                hint="Close other takes or programs and try again.",
            ) from exc
        self._block = int(block_frames)
        self._first_block = int(first_block_frames)
        self._frames_ready = 0
        self._total = self.info.frames
        self._done = False
        self._error: AudioError | None = None
        self._cancel = threading.Event()
        self._cond = threading.Condition()
        self._env_bins = int(envelope_bins)
        self._env_builder: EnvelopeBuilder | None = None
        # The envelope so far, replaced whole after each block by the decoding thread, so a
        # reader never waits for that (low-priority) thread; the exact one once done.
        self._env_latest: Envelope | None = None
        self._env_final: Envelope | None = None
        if self._env_bins > 0:
            self._env_builder = EnvelopeBuilder(self.info.frames, self._env_bins, self._channels)
            self._env_latest = self._env_builder.snapshot()
        self._thread = threading.Thread(
            target=self._run, name=f"sonodesk-decode:{self.name}", daemon=True
        )
        self._started = False
        if start:
            self.start()

    # -- AudioSource -------------------------------------------------------------------------

    @property
    def sample_rate(self) -> int:
        return self._rate

    @property
    def channels(self) -> int:
        return self._channels

    @property
    def total_frames(self) -> int:
        """The header's length until decoding ends, then the exact decoded length."""
        return self._frames_ready if self._done else max(self._total, self._frames_ready)

    @property
    def frames_ready(self) -> int:
        return self._frames_ready

    @property
    def done(self) -> bool:
        return self._done

    @property
    def error(self) -> AudioError | None:
        return self._error

    @property
    def duration(self) -> float:
        return self.total_frames / self._rate

    def view(self, start: int, count: int) -> np.ndarray:
        ready = self._frames_ready
        buf = self._buf  # read after the count: a newer buffer always holds older frames
        start = max(0, start)
        return buf[start : max(start, min(start + max(0, count), ready))]

    def read(self, start: int, count: int) -> np.ndarray:
        return self.view(start, count).copy()

    def close(self) -> None:
        """Stop decoding and free the samples (views already handed out keep theirs alive)."""
        self.cancel()
        if self._started and threading.current_thread() is not self._thread:
            self._thread.join(timeout=2.0)
        with self._cond:
            self._buf = np.empty((0, self._channels), dtype=np.float32)
            self._frames_ready = 0
            self._done = True
            self._cond.notify_all()
        if not self._started:
            self._handle.close()

    def __enter__(self) -> ProgressiveDecoder:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- control -----------------------------------------------------------------------------

    def start(self) -> None:
        if not self._started:
            self._started = True
            self._thread.start()

    def cancel(self) -> None:
        """Ask the thread to stop after the block it is reading (a few milliseconds)."""
        self._cancel.set()

    def wait_for_frames(self, count: int, timeout: float | None = None) -> bool:
        """Block until ``count`` frames are ready; False on timeout or if decoding ended short."""
        with self._cond:
            self._cond.wait_for(lambda: self._frames_ready >= count or self._done, timeout)
            return self._frames_ready >= count

    def wait_done(self, timeout: float | None = None) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self._done, timeout)

    def envelope(self) -> Envelope | None:
        """The envelope so far (None unless ``envelope_bins`` was given); exact once done."""
        if self._env_bins <= 0:
            return None
        return self._env_final or self._env_latest

    # -- decoding thread ---------------------------------------------------------------------

    def _run(self) -> None:
        _lower_thread_priority(DECODE_NICENESS)
        try:
            self._decode()
        except AudioError as exc:
            self._finish(exc)
        except Exception as exc:  # the decoder's own failures, phrased for users
            log.warning("decoding %s failed: %s", self.name, exc)
            self._finish(not_audio("it is damaged part-way through"))
        else:
            self._finish(None)
        finally:
            self._handle.close()

    def _decode(self) -> None:
        pos = 0
        want = self._first_block
        while not self._cancel.is_set():
            buf = self._ensure_room(pos)
            if buf is None:
                return
            target = buf[pos : pos + want]
            got = len(self._handle.read(out=target))
            if got == 0:
                return
            block = buf[pos : pos + got]
            if self._env_builder is not None:
                self._env_builder.feed(block)
                self._env_latest = self._env_builder.snapshot()
            with self._cond:
                self._frames_ready = pos + got
                self._cond.notify_all()
            pos += got
            want = self._block

    def _ensure_room(self, pos: int) -> np.ndarray | None:
        """The buffer to write at ``pos``, grown if the length is unknown; None when full."""
        buf = self._buf
        if pos < len(buf):
            return buf
        if self.info.frames_known:
            return None  # libsndfile never returns more frames than the header states
        limit = self._max_frames
        if limit is not None and pos >= limit:
            raise AudioError(
                f"Only the first {format_duration(limit / self._rate)} of this file can be played.",
                hint="The file is longer than Sonodesk's limit for one take.",
            )
        size = max(len(buf) + len(buf) // 2, pos + self._block)
        if limit is not None:
            size = min(size, limit)
        grown = np.empty((size, self._channels), dtype=np.float32)
        grown[:pos] = buf[:pos]
        with self._cond:
            self._buf = grown
        return grown

    def _finish(self, error: AudioError | None) -> None:
        if self._env_builder is not None and not self._cancel.is_set():
            self._finalise_envelope()
        with self._cond:
            self._error = error
            self._total = self._frames_ready
            self._done = True
            self._cond.notify_all()

    def _finalise_envelope(self) -> None:
        assert self._env_builder is not None
        ready = self._frames_ready
        if ready == self._env_builder.total_frames:
            final = self._env_builder.snapshot()
        else:
            # The header's length was an estimate (truncated MP3, unknown length): re-bin the
            # real length so the waveform spans the whole view.
            final = compute_envelope(self._buf[:ready], self._env_bins)
        self._env_final = final


def _lower_thread_priority(niceness: int) -> None:
    """Make the calling thread yield the CPU to others (Linux: a per-thread nice value)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), niceness)
