"""What every sound-effect preset receives, and the prompt-word table "auto" picks presets from.

Data only. No I/O, no Qt.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class SfxContext:
    """One render: ``n`` stereo frames at ``sr``; presets draw all randomness from ``rng``."""

    sr: int
    n: int
    rng: np.random.Generator
    intensity: float

    @property
    def seconds(self) -> float:
        return self.n / self.sr

    def times(self) -> np.ndarray:
        return np.arange(self.n) / self.sr


# Words that point at a preset, strongest first within each list; the first preset in
# this order wins ties, so "thunderstorm with rain" reads as thunder.
KEYWORDS: dict[str, tuple[str, ...]] = {
    "thunder": ("thunder", "thunderstorm", "lightning", "thunderclap", "storm"),
    "rain": ("rain", "rainy", "raining", "drizzle", "downpour", "shower", "drops", "raindrops"),
    "wind": ("wind", "windy", "breeze", "gust", "gusts", "howling", "blizzard", "gale"),
    "ocean": ("ocean", "sea", "waves", "wave", "surf", "beach", "shore", "tide", "seaside"),
    "fire": ("fire", "campfire", "fireplace", "crackling", "crackle", "burning", "flames"),
    "engine": ("engine", "motor", "car", "truck", "idle", "idling", "rev", "motorcycle", "bus"),
    "laser": ("laser", "blaster", "zap", "pew", "phaser", "sci-fi", "scifi", "raygun"),
    "footsteps": ("footsteps", "footstep", "steps", "walking", "walk", "running", "feet"),
    "riser": ("riser", "rise", "rising", "build", "buildup", "build-up", "tension", "uplifter"),
    "impact": ("impact", "hit", "punch", "slam", "thud", "crash", "boom", "knock", "explosion"),
    "whoosh": ("whoosh", "swoosh", "swish", "swipe", "woosh", "transition", "passby", "fly"),
}


def preset_from_prompt(prompt: str) -> str:
    """The preset whose words the prompt uses most; a stable hash of the prompt otherwise."""
    words = re.findall(r"[a-z][a-z\-]*", prompt.lower())
    best, best_score = "", 0
    for preset, keys in KEYWORDS.items():
        score = sum(1 for word in words if word in keys or word.rstrip("s") in keys)
        if score > best_score:
            best, best_score = preset, score
    if best:
        return best
    names = list(KEYWORDS)
    digest = hashlib.sha256(prompt.strip().lower().encode("utf-8")).digest()
    return names[digest[0] % len(names)]
