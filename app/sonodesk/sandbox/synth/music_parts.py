"""Writes the harmony and the backing parts (bass, chords, pad, arp) as notes. No Qt, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .music_arrange import Bar
from .music_prompt import Style
from .music_theory import (
    SLOTS,
    Grid,
    chord_degrees,
    degree_midi,
    pick_progressions,
    scale,
    tonic_midi,
    voice_chord,
)


@dataclass(frozen=True)
class Note:
    start: float  # seconds
    end: float  # end of the gate, seconds; the voice's release rings on after it
    midi: int
    velocity: float
    pan: float = 0.0


@dataclass(frozen=True)
class BarChord:
    root: int  # scale degree of the chord root
    voicing: tuple[int, ...]  # MIDI notes for the keys
    bass_tonic: int  # MIDI of the tonic in the bass register


# (start step, length in steps, what to play: R root, 5 fifth, 8 octave, A approach next root)
_BASS: dict[str, tuple[tuple[tuple[int, int, str], ...], ...]] = {
    "four": (((2, 2, "R"), (6, 2, "R"), (10, 2, "R"), (14, 2, "8")),
             ((0, 3, "R"), (3, 1, "R"), (6, 2, "R"), (8, 3, "R"), (11, 1, "5"), (14, 2, "R"))),
    "techno": (tuple((s, 1, "R") for s in range(16) if s % 4),),
    "boombap": (((0, 6, "R"), (7, 2, "R"), (10, 4, "5"), (14, 2, "A")),
                ((0, 5, "R"), (6, 3, "8"), (10, 3, "R"), (14, 2, "A"))),
    "rock": (tuple((s, 2, "5" if s == 12 else "R") for s in range(0, 16, 2)),
             ((0, 3, "R"), (3, 3, "R"), (6, 2, "R"), (8, 3, "R"), (11, 3, "5"), (14, 2, "A"))),
    "dnb": (((0, 8, "R"), (10, 6, "R")), ((0, 6, "R"), (6, 4, "R"), (10, 6, "5"))),
    "trap": (((0, 7, "R"), (7, 3, "R"), (10, 6, "R")), ((0, 10, "R"), (10, 4, "5"), (14, 2, "8"))),
    "jazz": (((0, 4, "R"), (4, 4, "3"), (8, 4, "5"), (12, 4, "A")),
             ((0, 4, "R"), (4, 4, "5"), (8, 4, "3"), (12, 4, "A"))),
    "none": (((0, 16, "R"),),),
}  # fmt: skip
# (start step, length in steps, velocity) for the chord part.
_COMP: dict[str, tuple[tuple[tuple[int, int, float], ...], ...]] = {
    "four": (((2, 2, 0.9), (6, 2, 0.75), (10, 2, 0.9), (14, 2, 0.75)),
             ((0, 3, 0.9), (6, 3, 0.8), (10, 2, 0.8)), ((0, 16, 0.8),)),
    "boombap": (((0, 14, 0.85),), ((0, 6, 0.85), (6, 10, 0.7)), ((0, 10, 0.85), (14, 2, 0.6))),
    "rock": (((0, 8, 0.85), (8, 8, 0.75)), ((0, 6, 0.85), (6, 10, 0.75)),
             ((0, 4, 0.85), (4, 4, 0.7), (8, 4, 0.8), (12, 4, 0.7))),
    "dnb": (((0, 16, 0.8),),),
    "trap": (((0, 16, 0.8),), ((0, 8, 0.8), (8, 8, 0.7))),
    "jazz": (((0, 3, 0.8), (6, 6, 0.7)), ((2, 2, 0.7), (10, 4, 0.75)), ((0, 3, 0.8), (10, 4, 0.7))),
    "none": (((0, 16, 0.75),),),
}  # fmt: skip
_STRUM = {"ep": 0.012, "organ": 0.004, "pluck": 0.02, "supersaw": 0.0}


def plan_harmony(bars: tuple[Bar, ...], style: Style, rng: np.random.Generator) -> list[BarChord]:
    """One chord per bar (held for ``chord_bars``), voice-led from the previous chord."""
    progressions = pick_progressions(style.minor, style.genre.name == "jazz", rng)
    sevenths = style.genre.sevenths
    steps = scale(style.minor)
    low_tonic = tonic_midi(style.tonic, 31 if style.voice("bass") == "sub808" else 36)
    chords: list[BarChord] = []
    previous: tuple[int, ...] | None = None
    last_root: int | None = None
    for bar in bars:
        progression = progressions[SLOTS[bar.section]]
        root = progression[(bar.pos // style.genre.chord_bars) % len(progression)]
        if bar.index == len(bars) - 1 and len(bars) > 2:
            # The last bar comes home to the tonic chord, so the sketch ends resolved.
            root = 0
        if root != last_root or previous is None:
            degrees = chord_degrees(root, sevenths)
            classes = tuple((style.tonic + steps[d % 7]) % 12 for d in degrees)
            previous = voice_chord(classes, previous, rng)
            last_root = root
        chords.append(BarChord(root, previous, low_tonic))
    return chords


def _velocity(bar: Bar, level: float) -> float:
    return level * (0.6 + 0.4 * bar.energy)


def bass_notes(
    bars: tuple[Bar, ...],
    chords: list[BarChord],
    style: Style,
    grid: Grid,
    rng: np.random.Generator,
) -> list[Note]:
    groove = "techno" if style.genre.name == "techno" else style.genre.groove
    options = _BASS.get(groove, _BASS["rock"])
    patterns = [options[int(rng.integers(len(options)))] for _ in range(2)]
    notes: list[Note] = []
    for i, (bar, chord) in enumerate(zip(bars, chords, strict=True)):
        if "bass" not in bar.parts:
            continue
        following = chords[i + 1] if i + 1 < len(chords) else chord
        pattern = patterns[1] if bar.section == "chorus" else patterns[0]
        root = _bass_pitch(chord, chord.root, style)
        for step, length, role in pattern:
            if role == "A":
                midi = _bass_pitch(chord, following.root - 1, style)
            elif role in ("3", "5"):
                midi = _bass_pitch(chord, chord.root + (2 if role == "3" else 4), style)
            else:
                midi = root + (12 if role == "8" else 0)
            gate = length * 0.92 if length < 8 else length
            velocity = _velocity(bar, 0.9 if step % 8 == 0 else 0.72)
            notes.append(_note(grid, bar, step, gate, midi, velocity))
    return _merge(notes) if groove == "none" else notes


def _bass_pitch(chord: BarChord, degree: int, style: Style) -> int:
    """A scale degree folded into the bass octave starting at the bass tonic."""
    midi = degree_midi(chord.bass_tonic, style.minor, degree % 7)
    return midi - 12 if midi - chord.bass_tonic > 7 else midi


def chord_notes(
    bars: tuple[Bar, ...],
    chords: list[BarChord],
    style: Style,
    grid: Grid,
    rng: np.random.Generator,
) -> list[Note]:
    options = _COMP.get(style.genre.groove, _COMP["rock"])
    comps = [options[int(rng.integers(len(options)))] for _ in range(2)]
    strum = _STRUM.get(style.voice("chords"), 0.0)
    held = style.genre.groove == "none"
    notes: list[Note] = []
    for bar, chord in zip(bars, chords, strict=True):
        if "chords" not in bar.parts:
            continue
        comp = comps[1] if bar.section in ("chorus", "bridge") else comps[0]
        if held:
            # Slow harmony: strike once per chord and let it ring across its bars.
            if bar.pos % style.genre.chord_bars:
                continue
            comp = ((0, 16 * style.genre.chord_bars, comp[0][2]),)
        count = len(chord.voicing)
        for step, length, level in comp:
            for j, midi in enumerate(chord.voicing):
                pan = -0.4 + 0.8 * j / max(count - 1, 1)
                velocity = _velocity(bar, level) * (0.92 + 0.08 * rng.random())
                note = _note(grid, bar, step, length - 0.25, midi, velocity, pan)
                offset = strum * j
                notes.append(Note(note.start + offset, note.end, midi, velocity, pan))
    return notes


def pad_notes(bars: tuple[Bar, ...], chords: list[BarChord], grid: Grid) -> list[Note]:
    """Held chords an octave-spanning voicing wide; repeated chords merge into one swell."""
    notes: list[Note] = []
    for bar, chord in zip(bars, chords, strict=True):
        if "pad" not in bar.parts:
            continue
        tones = (chord.voicing[0] - 12, *chord.voicing[1:])
        for midi in tones:
            notes.append(_note(grid, bar, 0, 16, midi, _velocity(bar, 0.8)))
    return _merge(notes)


def arp_notes(
    bars: tuple[Bar, ...], chords: list[BarChord], grid: Grid, rng: np.random.Generator
) -> list[Note]:
    shape = int(rng.integers(3))
    rate = 2 if grid.bpm >= 140 else 1
    notes: list[Note] = []
    for bar, chord in zip(bars, chords, strict=True):
        if "arp" not in bar.parts:
            continue
        tones = [m + 12 for m in chord.voicing]
        if shape == 1:
            tones = tones + tones[-2:0:-1]
        elif shape == 2:
            tones = tones + [m + 12 for m in tones]
        for i, step in enumerate(range(0, 16, rate)):
            accent = 1.0 if step % 4 == 0 else 0.7
            # A slow left-right drift keeps a busy arpeggio from sitting on top of the lead.
            pan = 0.45 * float(np.sin(0.7 * (bar.index * 16 + step)))
            midi = tones[i % len(tones)]
            notes.append(_note(grid, bar, step, rate * 0.6, midi, _velocity(bar, accent), pan))
    return notes


def _note(
    grid: Grid, bar: Bar, step: float, length: float, midi: int, velocity: float, pan: float = 0.0
) -> Note:
    start = grid.time(bar.index, step)
    return Note(start, grid.time(bar.index, step + length), midi, velocity, pan)


def _merge(notes: list[Note]) -> list[Note]:
    """Joins a note to the same pitch ending just before it, so held chords swell as one."""
    latest: dict[int, int] = {}
    out: list[Note] = []
    for note in sorted(notes, key=lambda n: n.start):
        index = latest.get(note.midi)
        if index is not None and -1e-6 < note.start - out[index].end < 0.1:
            held = out[index]
            out[index] = Note(held.start, note.end, note.midi, held.velocity, held.pan)
        else:
            latest[note.midi] = len(out)
            out.append(note)
    return out
