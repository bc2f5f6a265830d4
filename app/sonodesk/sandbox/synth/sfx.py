"""The sound-effects model: pick a preset, render it, then loop, widen and level the result.

Deterministic for a given seed and params. Pure numpy; no I/O, no Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from sonodesk.sandbox.synth import dsp, sfx_motion, sfx_nature
from sonodesk.sandbox.synth.sfx_base import SfxContext, preset_from_prompt

SAMPLE_RATE = 44100
# Seamless loops render this much past the end and fold it back over the head.
_LOOP_CROSSFADE_SECONDS = 0.5

PRESETS: dict[str, Callable[[SfxContext], np.ndarray]] = {
    "rain": sfx_nature.rain,
    "wind": sfx_nature.wind,
    "fire": sfx_nature.fire,
    "ocean": sfx_nature.ocean,
    "thunder": sfx_nature.thunder,
    "whoosh": sfx_motion.whoosh,
    "impact": sfx_motion.impact,
    "engine": sfx_motion.engine,
    "laser": sfx_motion.laser,
    "footsteps": sfx_motion.footsteps,
    "riser": sfx_motion.riser,
}


def resolve_preset(params: Mapping[str, Any]) -> str:
    preset = str(params.get("preset") or "auto")
    if preset in PRESETS:
        return preset
    return preset_from_prompt(str(params.get("prompt") or ""))


def render_sfx(
    params: Mapping[str, Any], *, seed: int, sample_rate: int = SAMPLE_RATE
) -> np.ndarray:
    """Stereo float32 (frames, 2) in [-1, 1], exactly ``duration`` seconds long."""
    duration = float(params.get("duration", 5))
    intensity = float(np.clip(params.get("intensity", 0.6), 0.0, 1.0))
    width = float(np.clip(params.get("stereoWidth", 0.5), 0.0, 1.0))
    loop = bool(params.get("loop", False))
    n = max(1, round(duration * sample_rate))
    crossfade = min(int(_LOOP_CROSSFADE_SECONDS * sample_rate), n // 4) if loop else 0
    rng = np.random.default_rng(seed)
    context = SfxContext(sample_rate, n + crossfade, rng, intensity)
    raw = PRESETS[resolve_preset(params)](context)
    raw = np.nan_to_num(raw)
    shaped = dsp.loop_crossfade(raw, n) if loop else dsp.fade_edges(raw[:n], sample_rate)
    # Generators are wide by design; stereoWidth 1 keeps that image, 0.5 halves the side.
    shaped = dsp.set_width(shaped, width)
    peak = 10 ** (-1.0 / 20.0) * (0.55 + 0.45 * intensity)
    return dsp.normalize_peak(shaped, peak).astype(np.float32)
