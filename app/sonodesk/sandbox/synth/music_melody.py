"""Writes the lead melody: motifs, phrases, mostly steps, cadences on chord tones. No Qt, no I/O."""

from __future__ import annotations

import numpy as np

from .music_arrange import Bar
from .music_parts import BarChord, Note
from .music_prompt import Style
from .music_theory import Grid, degree_midi, is_chord_tone, tonic_midi

Rhythm = tuple[tuple[float, float], ...]  # (start step, length in steps) within a bar

_SPARSE: tuple[Rhythm, ...] = (
    ((0, 8), (8, 8)),
    ((0, 6), (6, 2), (8, 8)),
    ((2, 6), (8, 4), (12, 4)),
    ((0, 12),),
)
_MEDIUM: tuple[Rhythm, ...] = (
    ((0, 2), (2, 2), (4, 4), (8, 2), (10, 2), (12, 4)),
    ((0, 3), (3, 3), (6, 2), (8, 4), (12, 2), (14, 2)),
    ((0, 4), (6, 2), (8, 2), (10, 6)),
    ((2, 2), (4, 2), (6, 2), (8, 6), (14, 2)),
)
_BUSY: tuple[Rhythm, ...] = (
    ((0, 2), (2, 1), (3, 1), (4, 2), (6, 2), (8, 2), (10, 2), (12, 2), (14, 2)),
    ((0, 1), (1, 1), (2, 2), (4, 2), (6, 2), (8, 3), (11, 3), (14, 2)),
)
_ANSWER: tuple[Rhythm, ...] = (((0, 4), (4, 4)), ((0, 2), (2, 2), (4, 3)), ((0, 3), (3, 5)))
_CADENCE: tuple[Rhythm, ...] = (
    ((0, 4), (4, 4), (8, 8)),
    ((0, 2), (2, 2), (4, 12)),
    ((0, 6), (6, 10)),
)
# Degrees relative to the lead's tonic: a range of about an octave and a half.
_LOW, _HIGH = -3, 8


def lead_notes(
    bars: tuple[Bar, ...],
    chords: list[BarChord],
    style: Style,
    grid: Grid,
    rng: np.random.Generator,
) -> list[Note]:
    """The melody; a section's phrases are written once and repeat when the section returns."""
    tonic = tonic_midi(style.tonic, 62)
    sevenths = style.genre.sevenths
    written: dict[tuple[str, int], list[tuple[int, float, float, int, float]]] = {}
    notes: list[Note] = []
    for bar in bars:
        if "lead" not in bar.parts or bar.pos % 4:
            continue
        span = [
            i
            for i in range(bar.index, min(bar.index + 4, len(bars)))
            if bars[i].section == bar.section and bars[i].pos >= bar.pos
        ]
        key = (bar.section, (bar.pos // 4) % 2)
        if key not in written:
            roots = [chords[i].root for i in span]
            pool = _pool(style, bar)
            written[key] = _phrase(roots, pool, key[1] == 1, sevenths, bar.section, rng)
        for offset, step, length, degree, velocity in written[key]:
            if offset >= len(span) or "lead" not in bars[span[offset]].parts:
                continue
            target = bars[span[offset]]
            midi = degree_midi(tonic, style.minor, degree)
            start = grid.time(target.index, step)
            end = grid.time(target.index, step + max(length * 0.9, 0.5))
            level = velocity * (0.6 + 0.4 * target.energy)
            notes.append(Note(start, end, midi, level, 0.1))
    return notes


def _pool(style: Style, bar: Bar) -> tuple[Rhythm, ...]:
    if style.genre.chord_bars > 1 or style.genre.name in ("ambient", "cinematic"):
        return _SPARSE
    if bar.energy >= 0.8:
        return _MEDIUM + _BUSY
    if bar.energy < 0.5:
        return _SPARSE + _MEDIUM[:2]
    return _MEDIUM


def _phrase(
    roots: list[int],
    pool: tuple[Rhythm, ...],
    answer: bool,
    sevenths: bool,
    section: str,
    rng: np.random.Generator,
) -> list[tuple[int, float, float, int, float]]:
    """Four bars: motif, reply, motif again (moved onto the new chord), cadence."""
    motif = pool[int(rng.integers(len(pool)))]
    reply = _ANSWER[int(rng.integers(len(_ANSWER)))] if rng.random() < 0.5 else motif
    rhythms = [motif, reply, motif, _CADENCE[int(rng.integers(len(_CADENCE)))]]
    centre = 5 if section == "chorus" else 3
    position = centre
    motif_shape: list[int] | None = None
    out: list[tuple[int, float, float, int, float]] = []
    for offset, root in enumerate(roots[:4]):
        rhythm = rhythms[offset]
        strong = [step % 8 == 0 or length >= 6 for step, length in rhythm]
        if offset == 2 and motif_shape is not None:
            start = _nearest_chord_tone(position, root, sevenths, 0)
            degrees = [min(max(start + d, _LOW), _HIGH) for d in motif_shape]
        else:
            degrees = _walk(position, strong, root, centre, sevenths, rng)
        if offset == len(roots[:4]) - 1:
            before = degrees[-2] if len(degrees) > 1 else position
            degrees[-1] = _cadence_degree(before, root, answer, sevenths)
        if offset == 0:
            motif_shape = [d - degrees[0] for d in degrees]
        for (step, length), degree, accent in zip(rhythm, degrees, strong, strict=True):
            velocity = (0.9 if accent else 0.72) + rng.uniform(-0.05, 0.05)
            out.append((offset, float(step), float(length), degree, velocity))
        position = degrees[-1]
    return out


def _walk(
    position: int,
    strong: list[bool],
    root: int,
    centre: int,
    sevenths: bool,
    rng: np.random.Generator,
) -> list[int]:
    """Mostly steps, some skips, rare leaps that are answered by a step back."""
    degrees: list[int] = []
    last_move = 0
    for i, accent in enumerate(strong):
        if i == 0:
            candidate = _nearest_chord_tone(position, root, sevenths, 0)
        else:
            roll = rng.random()
            if abs(last_move) >= 3:
                move = -int(np.sign(last_move))
            elif roll < 0.62:
                move = 1
            elif roll < 0.72:
                move = 0
            elif roll < 0.9:
                move = 2
            else:
                move = int(rng.integers(3, 5))
            # Drift back towards the middle of the range rather than wandering off.
            up_bias = 0.5 + 0.08 * (centre - position)
            move = move if rng.random() < up_bias else -move
            candidate = position + move
            if not _LOW <= candidate <= _HIGH:
                # Turn back at the edges of the range instead of sticking to them.
                move = -move
                candidate = position + move
            if accent:
                candidate = _nearest_chord_tone(candidate, root, sevenths, move)
        candidate = min(max(candidate, _LOW), _HIGH)
        last_move = candidate - position if degrees else 0
        degrees.append(candidate)
        position = candidate
    return degrees


def _nearest_chord_tone(degree: int, root: int, sevenths: bool, direction: int) -> int:
    """The closest chord tone, preferring the direction the line is already moving in."""
    order = [0, 1, -1, 2, -2, 3, -3] if direction >= 0 else [0, -1, 1, -2, 2, -3, 3]
    for shift in order:
        if _LOW <= degree + shift <= _HIGH and is_chord_tone(degree + shift, root, sevenths):
            return degree + shift
    return degree


def _cadence_degree(degree: int, root: int, answer: bool, sevenths: bool) -> int:
    """Phrase endings land near the previous note: on the chord root, or on the tonic when
    the phrase answers and the chord holds it."""
    targets = [root] if not (answer and is_chord_tone(0, root, False)) else [0]
    best = min(
        (t + 7 * k for t in targets for k in (-1, 0, 1) if _LOW <= t + 7 * k <= _HIGH),
        key=lambda d: abs(d - degree),
        default=degree,
    )
    return best if is_chord_tone(best, root, sevenths) or best % 7 == 0 else degree
