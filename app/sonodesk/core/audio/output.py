"""Where rendered audio goes: the AudioOutput/OutputStream protocols and a real-time NullOutput.

No device access here (see sounddevice_output.py), no Qt.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sonodesk.core.errors import AudioError
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")

log = logging.getLogger(__name__)

# The array type is named as a string: numpy is imported on first use (lazy_import).
OutputCallback = Callable[["np.ndarray"], None]
"""Fills ``out`` (float32, shape (frames, channels)) completely; runs on the output's thread."""


class OutputUnavailable(AudioError):
    """Playback cannot start (no PortAudio, no device, device refused). Everything else works."""


@runtime_checkable
class OutputStream(Protocol):
    """One open stream at a fixed rate and channel count, driven by its callback.

    ``channels`` may be fewer than requested (a mono device); the callback receives buffers
    of that width. ``notice`` is a plain sentence worth showing once (e.g. "fell back to the
    default device"), or None.
    """

    sample_rate: int
    channels: int
    notice: str | None

    @property
    def latency(self) -> float:
        """Seconds between the callback filling a frame and the frame being heard."""
        ...

    @property
    def active(self) -> bool: ...

    def start(self) -> None: ...

    def stop(self) -> None:
        """Stop calling back; may discard queued audio. Never call it from the callback."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class AudioOutput(Protocol):
    """A factory of streams for one destination (a device, nothing, or a test recorder)."""

    def open(self, sample_rate: int, channels: int, callback: OutputCallback) -> OutputStream:
        """Open (not start) a stream.

        Raises:
            OutputUnavailable: with a sentence the UI can show as is.
        """
        ...


class NullStream:
    """Pulls blocks through the callback at real-time rate on its own thread, and drops them."""

    def __init__(
        self, sample_rate: int, channels: int, callback: OutputCallback, block_frames: int
    ) -> None:
        self.sample_rate = int(sample_rate)
        self.channels = int(channels)
        self.notice: str | None = None
        self._callback = callback
        self._block = np.zeros((block_frames, self.channels), dtype=np.float32)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self.frames_pulled = 0
        self.peak = 0.0

    @property
    def latency(self) -> float:
        return len(self._block) / self.sample_rate

    @property
    def active(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._closed:
            raise OutputUnavailable("Playback is unavailable: the output stream was closed.")
        if self.active:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="sonodesk-null-output", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=2.0)
        self._thread = None

    def close(self) -> None:
        self.stop()
        self._closed = True

    def _run(self) -> None:
        period = len(self._block) / self.sample_rate
        deadline = time.monotonic()
        while not self._stop.is_set():
            try:
                self._callback(self._block)
            except Exception:
                log.exception("output callback failed; the null stream stops")
                return
            self.frames_pulled += len(self._block)
            self.peak = max(self.peak, float(np.max(np.abs(self._block), initial=0.0)))
            deadline += period
            lag = time.monotonic() - deadline
            if lag > 0.25:
                # Fell far behind (a suspended VM, a debugger): resume from now rather than
                # pulling a burst, as a device would after an underrun.
                deadline = time.monotonic()
            self._stop.wait(max(0.0, deadline - time.monotonic()))


class NullOutput:
    """Consumes audio in real time without a device: headless runs and smoke tests.

    Positions advance as on a real device because blocks are pulled on a ``time.monotonic``
    schedule. The last opened stream is kept in :attr:`stream` for inspection.
    """

    def __init__(self, block_frames: int = 1024) -> None:
        self.block_frames = int(block_frames)
        self.stream: NullStream | None = None

    def open(self, sample_rate: int, channels: int, callback: OutputCallback) -> NullStream:
        self.stream = NullStream(sample_rate, channels, callback, self.block_frames)
        return self.stream
