"""Drum patterns per groove, with take-to-take variation, fills and crashes. No Qt, no I/O."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .music_arrange import Bar
from .music_theory import Grid

_VELOCITY = {"X": 1.0, "x": 0.78, "o": 0.5, "g": 0.3, ".": 0.0}

# 16 steps per bar. Each voice lists alternatives; a take picks one, then mutates a copy for
# every second bar so the loop breathes without losing its identity.
_GROOVES: dict[str, dict[str, tuple[str, ...]]] = {
    "four": {
        "kick": ("X...X...X...X...", "X...X...X...X..o", "X...X...X...X.o."),
        "snare": ("....X.......X...", "....X.......X..g", "....X..g....X..."),
        "hat": ("g.x.g.x.g.x.g.x.", "ggxgggxgggxgggxg", "o.x.o.x.o.x.o.x."),
        "open": ("..o...o...o...o.", "................", "......o.......o."),
    },
    "boombap": {
        "kick": ("X......x..X.....", "X.....x...X..x..", "X..x......X.....", "X.......x.X....."),
        "snare": ("....X.......X...", "....X..g....X...", "....X.......X.g."),
        "hat": ("x.o.x.o.x.o.x.o.", "x.x.x.x.x.x.x.x.", "x.oox.o.x.oox.o."),
        "open": ("................", "..............o."),
    },
    "rock": {
        "kick": ("X.......X.x.....", "X.....x.X.......", "X.......X...x..."),
        "snare": ("....X.......X...", "....X.......X..g"),
        "hat": ("x.x.x.x.x.x.x.x.", "X.x.X.x.X.x.X.x."),
        "open": ("................", "..............o."),
    },
    "dnb": {
        "kick": ("X.........X.....", "X.........X..x..", "X.x.......X....."),
        "snare": ("....X.......X...", "....X..g.g..X...", "....X.......X.g."),
        "hat": ("x.x.x.x.x.x.x.x.", "xoxoxoxoxoxoxoxo"),
        "open": ("................", "......o........."),
    },
    "trap": {
        "kick": ("X......X..X.....", "X.........X..x..", "X..X......X....."),
        "snare": ("........X.......", "........X......g"),
        "hat": ("xoxoxoxoxoxoxoxo", "x.x.x.x.x.x.x.x.", "xoxoxoxoXoxoxoxx"),
        "open": ("................",),
    },
    "jazz": {
        "kick": ("g...g...g...g...", "g.........g....."),
        "snare": ("................", ".......g......g.", "...g.......g...."),
        "hat": ("....o.......o...",),
        "ride": ("x...x.x.x...x.x.", "x...x.xox...x.x."),
    },
}  # fmt: skip
_LIGHT = frozenset({"hat", "open", "ride"})
_FILLS = ("roll", "toms", "roll")


@dataclass(frozen=True)
class Hit:
    time: float
    voice: str
    velocity: float
    variant: int


def drum_hits(
    bars: tuple[Bar, ...], groove: str, kit: str, grid: Grid, rng: np.random.Generator
) -> list[Hit]:
    """Every drum hit of the sketch, in seconds; grooves without drums fall back to rock."""
    table = _GROOVES.get(groove, _GROOVES["rock"])
    soft = groove not in _GROOVES
    base = {
        voice: _steps(options[int(rng.integers(len(options)))]) for voice, options in table.items()
    }
    alternate = {voice: _mutate(voice, steps, rng) for voice, steps in base.items()}
    fill_kind = _FILLS[int(rng.integers(len(_FILLS)))] if groove != "trap" else "hat_roll"
    humanise = 0.0 if kit == "808" else 0.0025
    # Lo-fi snares sit a little behind the beat: the lazy feel of hand-played samplers.
    late = {"snare": 0.008 if kit == "lofi" else 0.0}
    hits: list[Hit] = []
    for bar in bars:
        if bar.drums == 0:
            continue
        pattern = dict(alternate if bar.pos % 2 else base)
        if bar.drums == 1:
            pattern = {v: s for v, s in pattern.items() if v in _LIGHT}
        elif bar.phrase_end:
            pattern = _with_fill(pattern, fill_kind, bar.big_fill, grid.bpm)
        if bar.drums == 2 and bar.pos == 0 and bar.index > 0 and bar.energy >= 0.55:
            pattern["crash"] = [*pattern.get("crash", []), (0.0, 0.9)]
        scale = (0.55 + 0.45 * bar.energy) * (0.6 if soft else 1.0)
        for voice, steps in pattern.items():
            for step, velocity in steps:
                if bar.energy < 0.5 and voice == "hat" and velocity < 0.35:
                    continue
                jitter = rng.normal(0.0, humanise) if humanise else 0.0
                when = grid.time(bar.index, step) + jitter + late.get(voice, 0.0)
                level = velocity * scale * (1.0 + rng.uniform(-0.06, 0.06))
                hits.append(Hit(max(when, 0.0), voice, level, int(rng.integers(4))))
    return hits


def _steps(pattern: str) -> list[tuple[float, float]]:
    return [(float(i), _VELOCITY[c]) for i, c in enumerate(pattern) if c != "."]


def _mutate(
    voice: str, steps: list[tuple[float, float]], rng: np.random.Generator
) -> list[tuple[float, float]]:
    """A neighbour pattern: one kick added or moved, or a ghost note on the snare."""
    out = list(steps)
    taken = {int(s) for s, _ in out}
    if voice == "kick" and rng.random() < 0.8:
        free = [s for s in (3, 6, 7, 11, 13, 14, 15) if s not in taken and s - 1 not in taken]
        if free:
            out.append((float(free[int(rng.integers(len(free)))]), 0.6))
    elif voice == "snare" and rng.random() < 0.6:
        free = [s for s in (7, 9, 11, 14, 15) if s not in taken]
        if free:
            out.append((float(free[int(rng.integers(len(free)))]), 0.3))
    return sorted(out)


def _with_fill(
    pattern: dict[str, list[tuple[float, float]]], kind: str, big: bool, bpm: float
) -> dict[str, list[tuple[float, float]]]:
    """Replace the end of the bar with a fill: the last beat, or the last two for big ones."""
    start = 8.0 if big else 12.0
    rate = 2.0 if bpm > 150 else 1.0
    # The kick keeps its downbeats under the fill; everything else makes room.
    out = {
        voice: [(s, vel) for s, vel in steps if s < start or (voice == "kick" and s % 4 == 0)]
        for voice, steps in pattern.items()
    }
    count = int((16.0 - start) / rate)
    if kind == "hat_roll":
        # Trap rolls: hats in 32nds, then triplets, swelling into the next bar.
        steps = np.arange(start, 16.0, 0.5)
        out["hat"] = out.get("hat", []) + [(float(s), 0.4 + 0.5 * (s - start) / 8) for s in steps]
        out.setdefault("snare", []).append((start, 0.9))
        return out
    positions = [start + i * rate for i in range(count)]
    if kind == "toms":
        names = ("tom_hi", "tom_mid", "tom_low")
        for i, pos in enumerate(positions):
            out.setdefault(names[min(i * 3 // count, 2)], []).append((pos, 0.65 + 0.3 * i / count))
    else:
        rolls = [(pos, 0.35 + 0.6 * i / max(count - 1, 1)) for i, pos in enumerate(positions)]
        out["snare"] = out.get("snare", []) + rolls
    return out
