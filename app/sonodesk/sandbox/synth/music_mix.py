"""Places notes and drum hits into stereo buses and mixes the parts with sends. No Qt, no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np

from .music_drumkit import drum_sample
from .music_drums import Hit
from .music_dsp import pan_gains, upsample2
from .music_parts import Note
from .music_voices import render_rate, render_voice

# Gates are rounded to this many samples so repeated notes share one rendered waveform.
_GATE_QUANTUM = 128


@dataclass(frozen=True)
class PartMix:
    gain: float
    reverb: float  # send level into the reverb
    echo: float  # send level into the ping-pong delay
    duck: float  # sidechain depth under the kick, for four-on-the-floor grooves


MIX: Mapping[str, PartMix] = MappingProxyType(
    {
        "drums": PartMix(0.6, 0.0, 0.0, 0.0),
        "bass": PartMix(0.65, 0.0, 0.0, 0.45),
        "chords": PartMix(0.3, 0.22, 0.0, 0.35),
        "lead": PartMix(0.32, 0.22, 0.16, 0.0),
        "pad": PartMix(0.2, 0.4, 0.0, 0.5),
        "arp": PartMix(0.16, 0.22, 0.22, 0.3),
    }
)
# Drum voice: (gain, pan, reverb send).
DRUM_MIX: Mapping[str, tuple[float, float, float]] = MappingProxyType(
    {
        "kick": (1.0, 0.0, 0.0),
        "snare": (1.1, 0.0, 0.16),
        "hat": (0.8, 0.25, 0.04),
        "open": (0.5, 0.25, 0.08),
        "ride": (0.5, 0.3, 0.08),
        "crash": (0.35, -0.3, 0.12),
        "tom_hi": (0.6, 0.3, 0.12),
        "tom_mid": (0.6, 0.0, 0.12),
        "tom_low": (0.6, -0.3, 0.12),
    }
)


class Buses:
    """The render's own buffers: the dry mix plus the reverb and delay sends.

    One instance per render call, so concurrent renders share nothing.
    """

    def __init__(self, frames: int, sample_rate: int) -> None:
        self.frames = frames
        self.sample_rate = sample_rate
        self.mix = np.zeros((2, frames), dtype=np.float32)
        self.reverb = np.zeros(frames, dtype=np.float32)
        self.echo = np.zeros(frames, dtype=np.float32)
        self._notes: dict[tuple[str, int, int], np.ndarray] = {}
        self._drums: dict[tuple[str, str, int], np.ndarray] = {}

    def note_bus(self, notes: Iterable[Note], voice: str) -> np.ndarray:
        """Render ``notes`` with ``voice`` into a fresh stereo bus."""
        sr = render_rate(voice, self.sample_rate)
        frames = -(-self.frames * sr // self.sample_rate)
        bus = np.zeros((2, frames), dtype=np.float32)
        for note in notes:
            start = round(note.start * sr)
            if start >= frames:
                continue
            gate = max(1, round((note.end - note.start) * sr / _GATE_QUANTUM)) * _GATE_QUANTUM
            key = (voice, note.midi, gate)
            samples = self._notes.get(key)
            if samples is None:
                samples = self._notes[key] = render_voice(voice, note.midi, gate, sr)
            self._place(bus, samples, start, note.velocity, note.pan)
        # Another part plays other voices, so its notes would not be found here again.
        self._notes.clear()
        if frames != self.frames:
            bus = upsample2(bus)[:, : self.frames]
        return bus

    def drum_bus(
        self, hits: Iterable[Hit], kit: str, *, tonic: int, tight: bool
    ) -> tuple[np.ndarray, np.ndarray]:
        """The drum bus and the drums' own reverb send (snares ring, kicks stay dry)."""
        bus = np.zeros((2, self.frames), dtype=np.float32)
        send = np.zeros(self.frames, dtype=np.float32)
        for hit in hits:
            start = round(hit.time * self.sample_rate)
            if start >= self.frames:
                continue
            key = (kit, hit.voice, hit.variant)
            samples = self._drums.get(key)
            if samples is None:
                samples = drum_sample(
                    kit, hit.voice, hit.variant, self.sample_rate, tonic=tonic, tight=tight
                )
                self._drums[key] = samples
            gain, pan, reverb = DRUM_MIX[hit.voice]
            self._place(bus, samples, start, gain * hit.velocity, pan)
            if reverb:
                end = min(start + len(samples), self.frames)
                send[start:end] += samples[: end - start] * (reverb * gain * hit.velocity)
        return bus, send

    def add(self, bus: np.ndarray, part: str, duck: np.ndarray | None = None) -> None:
        """Mix a part's bus in at its level, after sidechain ducking, and feed its sends."""
        setting = MIX[part]
        if duck is not None and setting.duck:
            bus *= 1.0 - setting.duck * duck
        bus *= np.float32(setting.gain)
        self.mix += bus
        # The bus is spent once mixed, so its left channel becomes the mono send in place.
        mono = bus[0]
        mono += bus[1]
        mono *= np.float32(0.5)
        scaled = 1.0
        for send, level in ((self.reverb, setting.reverb), (self.echo, setting.echo)):
            if level:
                mono *= np.float32(level / scaled)
                scaled = level
                send += mono

    @staticmethod
    def _place(bus: np.ndarray, samples: np.ndarray, start: int, level: float, pan: float) -> None:
        end = min(start + samples.shape[-1], bus.shape[-1])
        piece = samples[..., : end - start]
        left, right = pan_gains(pan)
        sides = (piece, piece) if piece.ndim == 1 else (piece[0], piece[1])
        bus[0, start:end] += sides[0] * np.float32(level * left)
        bus[1, start:end] += sides[1] * np.float32(level * right)
