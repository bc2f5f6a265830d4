"""Fill one output buffer from a source: position, loop wrap, underrun hold, gain and fade tails.

Runs on the audio thread under the player's lock; copies slices into reused buffers only.
No threads of its own, no listeners, no Qt.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sonodesk.core.audio.mix import GainRamp, Scratch, copy_mapped
from sonodesk.core.audio.source import AudioSource
from sonodesk.core.lazy_import import lazy_module

if TYPE_CHECKING:
    import numpy as np
else:
    np = lazy_module("numpy")


class Ending(enum.Enum):
    """How a buffer ended the source, if it did."""

    FINISHED = "finished"
    FAILED = "failed"


class Renderer:
    """The transport's sample-level state: frame position, gain ramp and a fade-out tail.

    A *tail* is a few milliseconds of what was playing when the transport jumped (pause, stop,
    seek, switching takes); it fades out underneath whatever plays next so jumps do not click.
    It holds a view of the old samples, so it stays valid even if the old source is closed.
    """

    def __init__(self) -> None:
        self.pos = 0
        self.loop = False
        self.buffering = False
        self.fade_frames = 0
        self.gain = GainRamp(0, 1.0)
        self.scratch = Scratch()
        self._tail: np.ndarray | None = None
        self._tail_pos = 0
        self._tail_gain = 0.0

    def configure(self, fade_frames: int, channels: int) -> None:
        """Called when a stream opens: fades are counted in frames of its rate."""
        self.fade_frames = max(0, int(fade_frames))
        self.gain.ramp_frames = self.fade_frames
        self.scratch.ensure(max(4096, self.fade_frames), channels)

    def start_tail(self, src: AudioSource | None) -> None:
        """Keep the sound at the current position to fade out under whatever plays next."""
        if self.fade_frames <= 0 or src is None or self.gain.value == 0.0:
            self._tail = None
            return
        tail = src.view(self.pos, self.fade_frames)
        self._tail = tail if len(tail) else None
        self._tail_pos = 0
        self._tail_gain = self.gain.value

    def drop_tail(self) -> None:
        self._tail = None

    def fade_in(self) -> None:
        """The next frames start from silence (after play, seek, a take switch or an underrun)."""
        self.gain.jump(0.0)

    def render(self, out: np.ndarray, src: AudioSource | None) -> Ending | None:
        """Fill ``out`` completely; ``src`` None means silence (stopped, paused, rate mismatch)."""
        self.scratch.ensure(len(out), out.shape[1])
        written, ending = (0, None) if src is None else self._copy_source(out, src)
        if written < len(out):
            out[written:].fill(0.0)
        self.gain.apply(out[:written], self.scratch)
        if self._tail is not None:
            self._mix_tail(out)
        return ending

    def _copy_source(self, out: np.ndarray, src: AudioSource) -> tuple[int, Ending | None]:
        n, written, pos = len(out), 0, self.pos
        ending = None
        while written < n:
            ready = src.frames_ready
            if pos < ready:
                chunk = src.view(pos, n - written)
                k = len(chunk)
                if k == 0:
                    break  # closed under us: play silence
                copy_mapped(out[written : written + k], chunk)
                written += k
                pos += k
                continue
            if not src.done:
                # Underrun: hold the position, play silence, fade in when frames arrive.
                if not self.buffering:
                    self.buffering = True
                    self.fade_in()
                break
            if src.error is not None:
                ending = Ending.FAILED
                break
            if self.loop and ready > 0:
                pos = 0  # seamless: the rest of this buffer continues from the start
                continue
            ending = Ending.FINISHED
            pos = 0
            break
        if written:
            self.buffering = False
        self.pos = pos
        return written, ending

    def _mix_tail(self, out: np.ndarray) -> None:
        tail, pos, length = self._tail, self._tail_pos, self.fade_frames
        assert tail is not None
        k = min(len(out), len(tail) - pos)
        if k > 0 and length > 0:
            audio = self.scratch.audio[:k, : out.shape[1]]
            copy_mapped(audio, tail[pos : pos + k])
            ramp = self.scratch.tail_ramp[:k]
            # gain(j) = g0 * (1 - (j + 1) / length): a linear fade to zero over the fade time
            slope = np.float32(-self._tail_gain / length)
            np.multiply(self.scratch.base[pos : pos + k, np.newaxis], slope, out=ramp)
            ramp += np.float32(self._tail_gain)
            audio *= ramp
            out[:k] += audio
        self._tail_pos = pos + max(k, 0)
        if self._tail_pos >= len(tail):
            self._tail = None
