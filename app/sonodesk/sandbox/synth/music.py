"""The music sketch model's synthesiser: params, seed and take in, stereo out. No Qt, no I/O.

``render_music`` is pure: every buffer and cache lives in the call, so several threads may
render at once. The prompt and the explicit params fix the key and tempo; ``seed`` and
``output_index`` pick the take (progression, melody, drum variations, voicings).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from .music_arrange import Layout, arrange, sketch_seconds
from .music_drums import drum_hits
from .music_dsp import fade_edges
from .music_master import add_ping_pong, duck_curve, master, reverb, tape
from .music_melody import lead_notes
from .music_mix import Buses
from .music_parts import arp_notes, bass_notes, chord_notes, pad_notes, plan_harmony
from .music_prompt import Style, read_style
from .music_theory import Grid

__all__ = ["render_music", "sketch_frames"]

_STREAMS = ("harmony", "drums", "bass", "chords", "lead", "arp", "master")


def sketch_frames(params: Mapping[str, Any], sample_rate: int = 44100) -> int:
    """How many frames ``render_music`` returns for these params, without rendering."""
    return round(sketch_seconds(params, read_style(params).bpm) * sample_rate)


def render_music(
    params: Mapping[str, Any], *, seed: int, output_index: int, sample_rate: int = 44100
) -> np.ndarray:
    """Render one take of a music sketch: float32, shape (frames, 2), peaks at most -1 dBFS."""
    style = read_style(params)
    layout = arrange(style, params)
    frames = round(layout.seconds * sample_rate)
    # Independent streams per part: switching one part off leaves the others' take unchanged.
    entropy = [int(seed) % 2**32, int(output_index) % 2**32, 0x5EED]
    children = np.random.SeedSequence(entropy).spawn(len(_STREAMS))
    rngs = {name: np.random.default_rng(c) for name, c in zip(_STREAMS, children, strict=True)}
    grid = Grid(style.bpm, style.swing)
    buses = Buses(frames, sample_rate)
    duck = _drums(buses, layout, style, grid, rngs["drums"])
    _tonal_parts(buses, layout, style, grid, rngs, duck)
    mix, reverb_send, echo_send = buses.mix, buses.reverb, buses.echo
    del buses  # the note caches and sends can go as soon as they are used
    if reverb_send.any():
        wet = reverb(reverb_send, style.genre.space, sample_rate)
        wet *= np.float32(0.35 + 0.4 * style.genre.space)
        mix[:, : wet.shape[1]] += wet
        del wet, reverb_send
    if echo_send.any():
        add_ping_pong(mix, echo_send, 0.75 * grid.beat, sample_rate)
    del echo_send
    if style.kit == "lofi":
        tape(mix, sample_rate, rngs["master"])
    fade_edges(mix, int(0.005 * sample_rate), int(layout.fade_out * sample_rate))
    return master(mix, sample_rate)


def _drums(
    buses: Buses, layout: Layout, style: Style, grid: Grid, rng: np.random.Generator
) -> np.ndarray | None:
    """Render the kit; returns the sidechain curve the other parts duck under, if any."""
    if not any(bar.drums for bar in layout.bars):
        return None
    hits = drum_hits(layout.bars, style.genre.groove, style.kit, grid, rng)
    four = style.genre.groove == "four"
    bus, send = buses.drum_bus(hits, style.kit, tonic=style.tonic, tight=four)
    buses.add(bus, "drums")
    buses.reverb += send
    if not four:
        return None
    kicks = [hit.time for hit in hits if hit.voice == "kick"]
    return duck_curve(kicks, buses.frames, buses.sample_rate)


def _tonal_parts(
    buses: Buses,
    layout: Layout,
    style: Style,
    grid: Grid,
    rngs: dict[str, np.random.Generator],
    duck: np.ndarray | None,
) -> None:
    bars = layout.bars
    chords = plan_harmony(bars, style, rngs["harmony"])
    writers = {
        "bass": lambda: bass_notes(bars, chords, style, grid, rngs["bass"]),
        "chords": lambda: chord_notes(bars, chords, style, grid, rngs["chords"]),
        "pad": lambda: pad_notes(bars, chords, grid),
        "arp": lambda: arp_notes(bars, chords, grid, rngs["arp"]),
        "lead": lambda: lead_notes(bars, chords, style, grid, rngs["lead"]),
    }
    for part, write in writers.items():
        if not any(part in bar.parts for bar in bars):
            continue
        notes = write()
        if notes:
            buses.add(buses.note_bus(notes, style.voice(part)), part, duck)
