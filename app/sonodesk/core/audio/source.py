"""What the player reads from: the AudioSource protocol and an in-memory ArraySource.

Pure numpy; no files, no threads, no Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    from sonodesk.core.errors import AudioError

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")


@runtime_checkable
class AudioSource(Protocol):
    """Float32 frames that become available front to back and never change once available.

    The player calls ``view`` and the ``frames_ready``/``done``/``total_frames`` properties from
    the audio thread, so implementations must answer them without blocking: no locks held for
    long, no I/O, no large allocations.
    """

    @property
    def sample_rate(self) -> int: ...

    @property
    def channels(self) -> int: ...

    @property
    def total_frames(self) -> int:
        """Best known length: exact once ``done``, the header's estimate before."""
        ...

    @property
    def frames_ready(self) -> int:
        """Frames ``[0, frames_ready)`` can be read now."""
        ...

    @property
    def done(self) -> bool:
        """No more frames will arrive (finished, failed, cancelled or closed)."""
        ...

    @property
    def error(self) -> AudioError | None:
        """Why the source ended early, if it did."""
        ...

    def view(self, start: int, count: int) -> np.ndarray:
        """A read-only (frames, channels) view of ready frames; shorter or empty past the end."""
        ...

    def read(self, start: int, count: int) -> np.ndarray:
        """Like ``view`` but an independent copy, for callers that keep the data."""
        ...

    def close(self) -> None:
        """Release the samples; afterwards ``view`` returns empty arrays."""
        ...


class ArraySource:
    """A fully decoded clip held in memory (tests, generated signals, already-decoded takes)."""

    def __init__(self, samples: np.ndarray, sample_rate: int) -> None:
        data = np.asarray(samples, dtype=np.float32)
        if data.ndim == 1:
            data = data[:, np.newaxis]
        if data.ndim != 2 or data.shape[1] < 1:
            raise ValueError("samples must have shape (frames,) or (frames, channels)")
        if sample_rate <= 0:
            raise ValueError("sample_rate must be positive")
        self._data = np.ascontiguousarray(data)
        self._data.flags.writeable = False
        self._rate = int(sample_rate)
        self._channels = int(data.shape[1])
        self._closed = False

    @property
    def sample_rate(self) -> int:
        return self._rate

    @property
    def channels(self) -> int:
        return self._channels

    @property
    def total_frames(self) -> int:
        return len(self._data)

    @property
    def frames_ready(self) -> int:
        return len(self._data)

    @property
    def done(self) -> bool:
        return True

    @property
    def error(self) -> AudioError | None:
        return None

    @property
    def closed(self) -> bool:
        return self._closed

    def view(self, start: int, count: int) -> np.ndarray:
        start = max(0, start)
        return self._data[start : start + max(0, count)]

    def read(self, start: int, count: int) -> np.ndarray:
        return self.view(start, count).copy()

    def close(self) -> None:
        self._closed = True
        self._data = np.empty((0, self._channels), dtype=np.float32)
