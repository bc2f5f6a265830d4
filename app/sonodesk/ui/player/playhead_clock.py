"""Smooth the playhead between the core's buffer-sized position steps. Pure Python, no Qt.

The core counts frames handed to the output, so its position advances one device buffer at a
time (10–100 ms); a playhead drawn straight from it stutters. This clock glides at real time
between those steps without ever running ahead of the core by more than one step.
"""

from __future__ import annotations

import time
from collections.abc import Callable

# Forward jumps larger than this are seeks or bursts, not a buffer: show them at once.
SNAP_SECONDS = 0.75
# Share of the remaining error corrected per sample; gentle enough to hide buffer jitter,
# quick enough to converge within a few frames at 60 Hz.
PULL = 0.25


class PlayheadClock:
    """Turns the core position (sampled at ~60 Hz) into a smooth, monotonic display position.

    Rules while playing: the shown position advances with the monotonic clock; it is pulled
    toward where the core most likely is now (its last value plus the time since it changed,
    capped at one step); it never exceeds the last core value by more than the last step it
    took, and never moves backwards. A core position that goes backwards (loop wrap, seek) or
    leaps forward resets the clock to it, as does a long gap between samples. While not
    playing, the core position is shown as is.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._raw = 0.0
        self._raw_at = 0.0
        self._step = 0.0
        self._shown = 0.0
        self._shown_at = 0.0

    def reset(self, position: float) -> float:
        """Show ``position`` now (after a seek, a stop or a new take)."""
        now = self._clock()
        self._raw = self._shown = float(position)
        self._raw_at = self._shown_at = now
        self._step = 0.0
        return self._shown

    def sample(self, raw: float, playing: bool) -> float:
        """The position to draw, given the core's ``raw`` position now."""
        if not playing:
            return self.reset(raw)
        now = self._clock()
        if now - self._shown_at > SNAP_SECONDS:
            # Not sampled for a while (hidden view, sparse polling): extrapolating from a
            # stale display would be a guess, and a loop wrap may have gone unseen.
            return self.reset(raw)
        if raw != self._raw:
            delta = raw - self._raw
            if delta < 0.0 or delta > SNAP_SECONDS:
                return self.reset(raw)
            self._step = delta
            self._raw, self._raw_at = raw, now
        ceiling = self._raw + self._step
        likely = min(self._raw + (now - self._raw_at), ceiling)
        predicted = self._shown + (now - self._shown_at)
        shown = predicted + (likely - predicted) * PULL
        self._shown = max(self._shown, min(shown, ceiling))
        self._shown_at = now
        return self._shown
