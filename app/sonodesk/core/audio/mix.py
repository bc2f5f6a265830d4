"""Sample-level helpers for the audio callback: channel mapping and click-free gain ramps.

Pure numpy working in place on caller buffers and reused scratch space; no threads, no Qt.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")


def copy_mapped(dst: np.ndarray, src: np.ndarray) -> None:
    """Write ``src`` (frames, n) into ``dst`` (same frames, m channels), mapping channels.

    Mono is copied to every output channel, many channels are averaged into a mono output,
    and otherwise channels map one to one (extra source channels dropped, extra outputs silent).
    """
    out_ch, in_ch = dst.shape[1], src.shape[1]
    if in_ch == out_ch or in_ch == 1:
        np.copyto(dst, src)  # (frames, 1) broadcasts across the output channels
    elif out_ch == 1:
        np.sum(src, axis=1, keepdims=True, out=dst)
        dst *= np.float32(1.0 / in_ch)
    elif in_ch > out_ch:
        np.copyto(dst, src[:, :out_ch])
    else:
        np.copyto(dst[:, :in_ch], src)
        dst[:, in_ch:] = 0.0


def db_to_gain(db: float) -> float:
    """Decibels to a linear factor (0 dB → 1.0)."""
    return float(10.0 ** (db / 20.0))


class Scratch:
    """Reusable float32 buffers, grown (rarely) when the output asks for a larger block.

    Allocated by the first ``ensure`` (a stream opening, or the first block rendered), not
    here: a player that has not played yet (the window builds one before its first paint)
    needs no numpy.
    """

    base: np.ndarray
    ramp: np.ndarray
    tail_ramp: np.ndarray
    audio: np.ndarray

    def __init__(self, frames: int = 4096) -> None:
        self._frames = 0
        self._channels = 0
        self._minimum = frames

    def ensure(self, frames: int, channels: int) -> None:
        if frames <= self._frames and channels == self._channels:
            return
        frames = max(frames, self._frames, self._minimum)
        # 1, 2, 3, …: multiplied by a slope, this row is a linear ramp without np.linspace.
        self.base = np.arange(1, frames + 1, dtype=np.float32)
        self.ramp = np.empty((frames, 1), dtype=np.float32)
        self.tail_ramp = np.empty((frames, 1), dtype=np.float32)
        self.audio = np.empty((frames, channels), dtype=np.float32)
        self._frames, self._channels = frames, channels


class GainRamp:
    """A gain that moves linearly toward its target; a full 0→1 swing takes ``ramp_frames``.

    ``ramp_frames == 0`` makes every change immediate (tests that compare samples exactly).
    """

    def __init__(self, ramp_frames: int = 0, value: float = 1.0) -> None:
        self.ramp_frames = max(0, int(ramp_frames))
        self.value = float(value)
        self.target = float(value)

    def jump(self, value: float) -> None:
        """Set the current gain without a ramp (the start of a fade-in)."""
        self.value = float(value) if self.ramp_frames else self.target

    def apply(self, buf: np.ndarray, scratch: Scratch) -> None:
        """Multiply ``buf`` (frames, channels) in place, advancing the gain frame by frame."""
        n = len(buf)
        if n == 0:
            return
        delta = self.target - self.value
        if delta == 0.0 or self.ramp_frames == 0:
            self.value = self.target
            if self.value != 1.0:
                buf *= np.float32(self.value)
            return
        step = 1.0 / self.ramp_frames
        steps = math.ceil(abs(delta) / step)
        m = min(n, steps)
        ramp = scratch.ramp[:m]
        np.multiply(scratch.base[:m, np.newaxis], np.float32(math.copysign(step, delta)), out=ramp)
        ramp += np.float32(self.value)
        if m == steps:
            ramp[-1] = self.target  # land exactly, never overshoot
        buf[:m] *= ramp
        self.value = self.target if m == steps else float(ramp[-1, 0])
        if m < n and self.value != 1.0:
            buf[m:] *= np.float32(self.value)
