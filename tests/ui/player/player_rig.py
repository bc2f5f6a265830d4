"""The player test rig: a QtPlayer on a FakeOutput whose device clock and playhead clock agree.

Test helpers only; no fixtures (see conftest.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PySide6.QtCore import QObject, Signal

from fakes.fake_audio import FakeOutput, write_audio, write_tone
from sonodesk.core.audio.envelope import Envelope, EnvelopeBuilder
from sonodesk.ui.player.qt_player import QtPlayer

RATE = 48_000


class ManualClock:
    """A monotonic clock the test moves by hand, so the smoothed playhead is deterministic."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Rig:
    fake: FakeOutput
    clock: ManualClock
    player: QtPlayer
    tmp: Path
    files: dict[str, np.ndarray] = field(default_factory=dict)

    def advance(self, seconds: float) -> None:
        """Device time and wall time pass together, as they do on a real sound card."""
        self.clock.now += seconds
        self.fake.advance(seconds)

    def tone(self, name: str = "tone.wav", seconds: float = 1.0) -> Path:
        path = self.tmp / name
        self.files[name] = write_tone(path, seconds, RATE)
        return path

    def loud_then_silent(self, name: str = "half.wav", seconds: float = 2.0) -> Path:
        """First half a loud tone, second half digital silence."""
        path = self.tmp / name
        frames = round(seconds * RATE)
        t = np.arange(frames) / RATE
        data = np.zeros((frames, 2), dtype=np.float32)
        half = frames // 2
        data[:half, 0] = 0.9 * np.sin(2 * np.pi * 220 * t[:half])
        data[:half, 1] = data[:half, 0]
        write_audio(path, data, RATE)
        self.files[name] = data
        return path

    def load(self, path: Path, **kwargs: object) -> None:
        assert self.player.load_take(path, **kwargs)  # type: ignore[arg-type]
        decoder = self.player.core.source
        assert decoder is not None
        assert decoder.wait_done(5.0)  # type: ignore[attr-defined]


class ScriptedTake(QObject):
    """Stands in for QtPlayer in front of a WaveformView: the test decides how much is decoded."""

    sig_take_loaded = Signal(str, float)
    sig_take_decoded = Signal(float)
    sig_take_unloaded = Signal()
    sig_state_changed = Signal(str)
    sig_position_jumped = Signal(float)

    def __init__(self, samples: np.ndarray, rate: int = RATE, bins: int = 4096) -> None:
        super().__init__()
        self.samples = samples
        self.rate = rate
        self.fed = 0
        self._builder = EnvelopeBuilder(len(samples), bins, samples.shape[1])
        self.has_take = True
        self.is_playing = False

    @property
    def is_decoding(self) -> bool:
        return self.fed < len(self.samples)

    def duration(self) -> float:
        return len(self.samples) / self.rate

    def position(self) -> float:
        return 0.0

    def envelope(self) -> Envelope:
        return self._builder.snapshot()

    def feed(self, fraction: float) -> None:
        """Decode up to ``fraction`` of the take."""
        upto = round(len(self.samples) * fraction)
        if upto > self.fed:
            self._builder.feed(self.samples[self.fed : upto])
            self.fed = upto
        if not self.is_decoding:
            self.sig_take_decoded.emit(self.duration())


def demo_take(path: Path, seconds: float = 63.0, rate: int = RATE) -> Path:
    """Something that looks like music on a waveform: pulsing notes, swells and a silent break."""
    t = np.arange(round(seconds * rate)) / rate
    swell = 0.25 + 0.75 * np.abs(np.sin(2 * np.pi * t / 8.0))
    gate = (np.sin(2 * np.pi * 2.0 * t) > -0.3).astype(np.float64)
    pluck = np.exp(-((t * 4.0) % 1.0) * 3.0)
    level = 0.8 * swell * gate * pluck
    left = level * np.sin(2 * np.pi * 220.0 * t)
    right = level * np.sin(2 * np.pi * 330.0 * t)
    data = np.stack([left, right], axis=1).astype(np.float32)
    data[round(50 * rate) : round(53 * rate)] = 0.0
    return write_audio(path, data, rate)
