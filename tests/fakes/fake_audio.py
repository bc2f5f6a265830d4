"""FakeOutput (an audio output with a test-driven clock that records every frame) and signal files.

No device, no real time, no Qt: the test thread pulls frames through the player's callback.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import soundfile as sf

from sonodesk.core.audio.output import OutputCallback, OutputUnavailable
from sonodesk.core.errors import AudioError


class FakeStream:
    """One stream opened on a FakeOutput; records the buffers its callback filled."""

    def __init__(
        self, owner: FakeOutput, sample_rate: int, channels: int, callback: OutputCallback
    ) -> None:
        self.owner = owner
        self.sample_rate = sample_rate
        self.channels = channels
        self.notice: str | None = owner.notice
        self.callback = callback
        self.active = False
        self.closed = False
        self.starts = 0
        self.blocks: list[np.ndarray] = []

    @property
    def latency(self) -> float:
        return self.owner.latency

    def start(self) -> None:
        if self.closed:
            raise RuntimeError("start() after close()")
        if self.owner.start_error is not None:
            raise self.owner.start_error
        self.active = True
        self.starts += 1

    def stop(self) -> None:
        self.active = False

    def close(self) -> None:
        self.active = False
        self.closed = True

    def pull(self, frames: int) -> int:
        """Run the callback for ``frames`` frames in blocks; returns frames pulled (0 if idle)."""
        if not self.active:
            return 0
        done = 0
        while done < frames:
            n = min(self.owner.block_frames, frames - done)
            # Fresh garbage each time: a callback that forgets to fill a frame gets caught.
            out = np.full((n, self.channels), np.nan, dtype=np.float32)
            self.callback(out)
            self.blocks.append(out)
            done += n
        return done

    @property
    def recorded(self) -> np.ndarray:
        if not self.blocks:
            return np.zeros((0, self.channels), dtype=np.float32)
        return np.concatenate(self.blocks)


class FakeOutput:
    """Implements AudioOutput with a clock the test drives: ``advance(seconds)``.

    Every frame handed to the (latest) stream is recorded; ``open_error``/``start_error`` make
    the next open/start fail like a missing device would.
    """

    def __init__(
        self,
        *,
        block_frames: int = 256,
        latency: float = 0.01,
        max_channels: int | None = None,
        open_error: Exception | None = None,
        start_error: Exception | None = None,
        notice: str | None = None,
    ) -> None:
        self.block_frames = block_frames
        self.latency = latency
        self.max_channels = max_channels
        self.open_error = open_error
        self.start_error = start_error
        self.notice = notice
        self.streams: list[FakeStream] = []
        self._carry = 0.0

    def open(self, sample_rate: int, channels: int, callback: OutputCallback) -> FakeStream:
        if self.open_error is not None:
            raise self.open_error
        if self.max_channels is not None:
            channels = min(channels, self.max_channels)
        stream = FakeStream(self, sample_rate, channels, callback)
        self.streams.append(stream)
        return stream

    @property
    def stream(self) -> FakeStream:
        if not self.streams:
            raise AssertionError("no stream was opened")
        return self.streams[-1]

    def advance(self, seconds: float) -> int:
        """Let ``seconds`` of device time pass on the latest stream (fractions carry over)."""
        if not self.streams:
            return 0
        exact = seconds * self.stream.sample_rate + self._carry
        frames = int(exact)
        self._carry = exact - frames
        return self.stream.pull(frames)

    def advance_frames(self, frames: int) -> int:
        return self.stream.pull(frames) if self.streams else 0

    @property
    def recorded(self) -> np.ndarray:
        """Everything the latest stream was handed, (frames, channels) float32."""
        return self.stream.recorded

    def clear(self) -> None:
        if self.streams:
            self.stream.blocks.clear()


def unavailable(message: str = "Playback is unavailable: test device missing.") -> Exception:
    return OutputUnavailable(message)


# -- signals ---------------------------------------------------------------------------------


def tone(
    seconds: float,
    rate: int = 48_000,
    *,
    channels: int = 2,
    freq: float = 440.0,
    amplitude: float = 0.5,
) -> np.ndarray:
    """A sine, one frequency per channel (freq, 1.5·freq, …) so channels are distinguishable."""
    t = np.arange(round(seconds * rate)) / rate
    cols = [amplitude * np.sin(2 * np.pi * freq * (1 + 0.5 * c) * t) for c in range(channels)]
    return np.stack(cols, axis=1).astype(np.float32)


def noise(seconds: float, rate: int = 48_000, *, channels: int = 2, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    data = rng.uniform(-0.5, 0.5, size=(round(seconds * rate), channels))
    return data.astype(np.float32)


def ramp(frames: int, *, channels: int = 2) -> np.ndarray:
    """Every frame distinct and exactly representable: sample-accurate comparisons."""
    base = (np.arange(frames) % 65_536) / 65_536.0
    cols = [base * (0.5 if c % 2 else -0.5) + 0.001 * c for c in range(channels)]
    return np.stack(cols, axis=1).astype(np.float32)


def write_audio(
    path: Path,
    samples: np.ndarray,
    rate: int = 48_000,
    *,
    format: str | None = None,
    subtype: str | None = None,
) -> Path:
    """Write with soundfile in blocks (one huge Vorbis/Opus write crashes libsndfile 1.2.2)."""
    data = samples if samples.ndim == 2 else samples[:, np.newaxis]
    with sf.SoundFile(
        str(path), "w", rate, data.shape[1], subtype=subtype, format=format
    ) as handle:
        for start in range(0, len(data), 16_384):
            handle.write(data[start : start + 16_384])
    return path


def write_tone(
    path: Path,
    seconds: float = 1.0,
    rate: int = 48_000,
    *,
    channels: int = 2,
    format: str | None = None,
    subtype: str | None = None,
) -> np.ndarray:
    """Write a tone file and return the float32 samples that went in."""
    data = tone(seconds, rate, channels=channels)
    write_audio(path, data, rate, format=format, subtype=subtype)
    return data


def write_noise(
    path: Path,
    seconds: float = 1.0,
    rate: int = 48_000,
    *,
    channels: int = 2,
    format: str | None = None,
    subtype: str | None = None,
) -> np.ndarray:
    """Write uniform noise and return the float32 samples that went in."""
    data = noise(seconds, rate, channels=channels)
    write_audio(path, data, rate, format=format, subtype=subtype)
    return data


class ScriptedSource:
    """An AudioSource whose decoding progress the test sets: underruns, late errors, closing."""

    def __init__(self, samples: np.ndarray, sample_rate: int = 48_000, *, ready: int = 0) -> None:
        self.samples = samples if samples.ndim == 2 else samples[:, np.newaxis]
        self.sample_rate = sample_rate
        self.channels = self.samples.shape[1]
        self.frames_ready = ready
        self.done = False
        self.error: AudioError | None = None
        self.closed = False

    @property
    def total_frames(self) -> int:
        return self.frames_ready if self.done else len(self.samples)

    def deliver(self, frames: int) -> None:
        self.frames_ready = min(len(self.samples), self.frames_ready + frames)

    def finish(self, error: AudioError | None = None) -> None:
        self.error = error
        self.done = True

    def view(self, start: int, count: int) -> np.ndarray:
        if self.closed:
            return self.samples[:0]
        start = max(0, start)
        return self.samples[start : max(start, min(start + count, self.frames_ready))]

    def read(self, start: int, count: int) -> np.ndarray:
        return self.view(start, count).copy()

    def close(self) -> None:
        self.closed = True
