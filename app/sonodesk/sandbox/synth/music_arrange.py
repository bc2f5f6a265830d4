"""Lays a sketch out in bars: sections, parts playing, energy, fills, fade. No Qt, no I/O."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .music_prompt import Style

MAX_SECONDS = 180.0
DEFAULT_SECONDS = 20.0
MIN_SECONDS = 4.0

_BASE_ENERGY = {
    "intro": 0.45,
    "verse": 0.65,
    "chorus": 0.9,
    "bridge": 0.55,
    "breakdown": 0.35,
    "outro": 0.5,
}
_SECTION_NAMES = frozenset(_BASE_ENERGY)


@dataclass(frozen=True)
class Bar:
    """One bar of the arrangement and what happens in it."""

    index: int
    section: str
    energy: float
    parts: frozenset[str]
    drums: int  # 0 silent, 1 light (hats and rim only), 2 full kit
    pos: int  # bar number inside its section
    length: int  # bars in the section

    @property
    def phrase_end(self) -> bool:
        return (self.pos + 1) % 4 == 0 or self.pos == self.length - 1

    @property
    def big_fill(self) -> bool:
        return (self.pos + 1) % 8 == 0 or self.pos == self.length - 1


@dataclass(frozen=True)
class Layout:
    bars: tuple[Bar, ...]
    seconds: float
    fade_out: float


def requested_sections(params: Mapping[str, Any]) -> list[tuple[str, int, float]]:
    """The ``sections`` input as (name, bars, energy), with defaults for missing fields."""
    raw = params.get("sections")
    if not isinstance(raw, list | tuple):
        return []
    sections = []
    for item in raw:
        if not isinstance(item, Mapping):
            continue
        name = str(item.get("name") or "verse")
        bars = _number(item.get("bars"), 8.0)
        energy = _number(item.get("energy"), 0.7)
        sections.append(
            (
                name if name in _SECTION_NAMES else "verse",
                int(min(max(round(bars), 1), 32)),
                min(max(energy, 0.0), 1.0),
            )
        )
    return sections


def sketch_seconds(params: Mapping[str, Any], bpm: float) -> float:
    """Length of the render: the sections' bars at the tempo, else the duration, capped."""
    sections = requested_sections(params)
    if sections:
        seconds = sum(bars for _, bars, _ in sections) * 4.0 * 60.0 / bpm
    else:
        seconds = min(max(_number(params.get("duration"), DEFAULT_SECONDS), MIN_SECONDS), 180.0)
    return min(seconds, MAX_SECONDS)


def arrange(style: Style, params: Mapping[str, Any]) -> Layout:
    seconds = sketch_seconds(params, style.bpm)
    bar_seconds = 240.0 / style.bpm
    count = max(1, math.ceil(seconds / bar_seconds - 1e-9))
    sections = requested_sections(params)
    if sections:
        fade = bar_seconds * sections[-1][1] if sections[-1][0] == "outro" else 0.25
    else:
        sections = _auto_sections(count, style.energy)
        fade = bar_seconds * sections[-1][1] if len(sections) > 1 else 0.5
    bars: list[Bar] = []
    for name, length, energy in sections:
        for pos in range(length):
            if len(bars) == count:
                break
            parts, drums = _section_parts(name, energy, pos, length, style.parts)
            bars.append(Bar(len(bars), name, energy, parts, drums, pos, length))
    return Layout(tuple(bars), seconds, min(fade, 6.0, 0.3 * seconds))


def _auto_sections(count: int, style_energy: float) -> list[tuple[str, int, float]]:
    """Intro, alternating verses and choruses (a breakdown in long pieces), outro."""
    scale = 0.55 + 0.6 * style_energy
    if count <= 4:
        names = [("verse", count)]
    else:
        intro = 1 if count < 10 else 2 if count < 24 else 4
        outro = 1 if count < 12 else 2 if count < 32 else 4
        middle = count - intro - outro
        names = [("intro", intro), *_middle(middle), ("outro", outro)]
    return [(n, bars, min(max(_BASE_ENERGY[n] * scale, 0.1), 1.0)) for n, bars in names if bars]


def _middle(bars: int) -> list[tuple[str, int]]:
    if bars < 8:
        return [("verse", bars // 2), ("chorus", bars - bars // 2)]
    unit = 8 if bars >= 16 else 4
    blocks: list[tuple[str, int]] = []
    left = bars
    while left >= unit:
        blocks.append(("verse" if len(blocks) % 2 == 0 else "chorus", unit))
        left -= unit
    if left:
        name, length = blocks[-1]
        blocks[-1] = (name, length + left)
    if bars >= 40 and len(blocks) >= 4:
        # A breakdown before the last chorus gives long pieces a moment to breathe.
        blocks.insert(len(blocks) - 1, ("breakdown", 4))
        name, length = blocks[-3]
        blocks[-3] = (name, length - 4)
    return [b for b in blocks if b[1] > 0]


def _section_parts(
    name: str, energy: float, pos: int, length: int, available: frozenset[str]
) -> tuple[frozenset[str], int]:
    """Which parts play in a bar, and how much of the drum kit."""
    tonal = available - {"drums"}
    drums = 2
    if name == "intro":
        parts = tonal & {"chords", "pad", "arp"} or tonal & {"bass", "lead"} or tonal
        drums = 1 if energy >= 0.5 and pos >= length // 2 else 0
        if not tonal:
            drums = 1
    elif name == "verse":
        parts = tonal - {"arp"} if energy < 0.75 else tonal
    elif name == "chorus":
        parts = tonal
    elif name == "bridge":
        parts = tonal - {"arp"}
        drums = 1
    elif name == "breakdown":
        parts = tonal & {"chords", "pad", "arp", "lead"} or tonal
        drums = 0 if tonal else 1
    else:
        parts = tonal - {"lead", "arp"} or tonal
        drums = 2 if energy >= 0.6 else 1
    if energy < 0.4:
        drums = min(drums, 1)
    if energy < 0.15:
        drums = 0
        parts = parts - {"bass"} or parts
    parts = parts or tonal
    if "drums" not in available:
        drums = 0
    return (parts | {"drums"} if drums else parts), drums


def _number(value: Any, fallback: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
        return fallback
    return float(value)
