"""Scales, chord progressions, voice-led voicings and the swung timing grid. No Qt, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MAJOR = (0, 2, 4, 5, 7, 9, 11)
MINOR = (0, 2, 3, 5, 7, 8, 10)

# Progressions as 0-based scale degrees, one chord per harmonic step. "main" plays in intros,
# verses and outros, "lift" in choruses, "turn" in bridges and breakdowns.
_PROGRESSIONS: dict[tuple[bool, str], tuple[tuple[int, ...], ...]] = {
    (False, "main"): ((0, 4, 5, 3), (0, 5, 3, 4), (0, 3, 0, 4), (5, 3, 0, 4), (0, 2, 3, 4)),
    (False, "lift"): ((3, 4, 0, 5), (0, 4, 5, 3), (3, 0, 4, 5), (5, 3, 0, 4), (3, 4, 2, 5)),
    (False, "turn"): ((3, 4, 5, 5), (5, 3, 4, 4), (1, 4, 0, 0), (3, 5, 4, 4)),
    (True, "main"): ((0, 5, 2, 6), (0, 6, 5, 6), (0, 3, 6, 2), (0, 5, 3, 4), (0, 3, 4, 0)),
    (True, "lift"): ((5, 6, 0, 0), (5, 2, 6, 0), (3, 5, 6, 0), (0, 5, 2, 6), (5, 3, 0, 6)),
    (True, "turn"): ((3, 4, 5, 6), (5, 6, 3, 4), (3, 6, 2, 5), (5, 3, 6, 6)),
}
_JAZZ_MAIN = ((1, 4, 0, 0), (0, 5, 1, 4), (2, 5, 1, 4))
SLOTS = {
    "intro": "main",
    "verse": "main",
    "outro": "main",
    "chorus": "lift",
    "bridge": "turn",
    "breakdown": "turn",
}


def scale(minor: bool) -> tuple[int, ...]:
    return MINOR if minor else MAJOR


def degree_midi(tonic_midi: int, minor: bool, degree: int) -> int:
    """MIDI note of a scale degree counted from the tonic (7 is the tonic an octave up)."""
    octave, index = divmod(degree, 7)
    return tonic_midi + 12 * octave + scale(minor)[index]


def chord_degrees(root: int, sevenths: bool) -> tuple[int, ...]:
    """Stacked diatonic thirds, so every chord stays inside the key."""
    return (root, root + 2, root + 4, root + 6) if sevenths else (root, root + 2, root + 4)


def is_chord_tone(degree: int, root: int, sevenths: bool) -> bool:
    return (degree - root) % 7 in ((0, 2, 4, 6) if sevenths else (0, 2, 4))


def pick_progressions(
    minor: bool, jazz: bool, rng: np.random.Generator
) -> dict[str, tuple[int, ...]]:
    """One progression per slot for this take; the lift often reuses the main one."""
    chosen: dict[str, tuple[int, ...]] = {}
    for slot in ("main", "lift", "turn"):
        options = _PROGRESSIONS[(minor, slot)]
        if jazz and slot == "main" and not minor:
            options = _JAZZ_MAIN
        chosen[slot] = options[int(rng.integers(len(options)))]
    if rng.random() < 0.35:
        chosen["lift"] = chosen["main"]
    return chosen


def voice_chord(
    pitch_classes: tuple[int, ...],
    previous: tuple[int, ...] | None,
    rng: np.random.Generator,
    *,
    low: int = 52,
    high: int = 76,
) -> tuple[int, ...]:
    """Place the chord's pitch classes in [low, high] with the smallest motion from before.

    Smooth voice leading is what makes a progression sound played rather than stacked.
    """
    candidates = []
    for rotation in range(len(pitch_classes)):
        order = pitch_classes[rotation:] + pitch_classes[:rotation]
        for base in range(low, low + 12):
            if base % 12 != order[0] % 12:
                continue
            notes = [base]
            for pc in order[1:]:
                step = (pc - notes[-1]) % 12 or 12
                notes.append(notes[-1] + step)
            if notes[-1] <= high:
                candidates.append(tuple(notes))
    if not candidates:
        candidates = [tuple(low + (pc - low) % 12 for pc in sorted(pitch_classes))]
    centre = (low + high) / 2.0
    jitter = rng.random(len(candidates)) * 0.6
    scores = []
    for voicing, noise in zip(candidates, jitter, strict=True):
        if previous and len(previous) == len(voicing):
            cost = sum(abs(a - b) for a, b in zip(sorted(voicing), sorted(previous), strict=True))
        else:
            cost = abs(float(np.mean(voicing)) - centre)
        scores.append(cost + noise)
    return candidates[int(np.argmin(scores))]


def tonic_midi(tonic: int, low: int) -> int:
    """The lowest MIDI note of this pitch class at or above ``low``."""
    return low + (tonic - low) % 12


@dataclass(frozen=True)
class Grid:
    """Bar/step (16th) positions to seconds, with swing delaying every second eighth note.

    ``swing`` 0.5 moves the off-beat eighth to the last triplet of the beat; the warp is
    piecewise linear within each beat, so 16ths and note lengths stay in order.
    """

    bpm: float
    swing: float

    @property
    def beat(self) -> float:
        return 60.0 / self.bpm

    @property
    def bar(self) -> float:
        return 4.0 * self.beat

    def time(self, bar: int, step: float) -> float:
        beat_index, within = divmod(step, 4.0)
        shift = self.swing * 4.0 / 3.0
        if within <= 2.0:
            warped = within * (2.0 + shift) / 2.0
        else:
            warped = 2.0 + shift + (within - 2.0) * (2.0 - shift) / 2.0
        return bar * self.bar + (beat_index + warped / 4.0) * self.beat
