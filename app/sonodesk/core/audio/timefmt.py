"""Time as a player shows it: clock text ("1:03.0") and the spacing of a waveform's ruler ticks.

Pure arithmetic on seconds; no audio, no clocks, no Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

# Major tick spacings (seconds) paired with the minor subdivision drawn between them.
_STEPS: tuple[tuple[float, float], ...] = (
    (1.0, 0.5),
    (5.0, 1.0),
    (10.0, 5.0),
    (30.0, 10.0),
    (60.0, 10.0),
    (300.0, 60.0),
    (600.0, 120.0),
    (1800.0, 600.0),
    (3600.0, 600.0),
)


def format_clock(seconds: float, *, tenths: bool = True) -> str:
    """``0:12.3``, ``1:03.0``, ``1:02:03.4``; negative and NaN values show as zero.

    Tenths are truncated, not rounded, so the clock never shows a time that has not been
    reached yet (0:59.96 stays 0:59.9 instead of jumping to 1:00.0 early).
    """
    if not math.isfinite(seconds) or seconds < 0:
        seconds = 0.0
    if tenths:
        total_tenths = int(seconds * 10 + 1e-6)
        whole, tenth = divmod(total_tenths, 10)
    else:
        whole, tenth = int(seconds + 1e-6), 0
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    head = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"{head}.{tenth}" if tenths else head


@dataclass(frozen=True)
class RulerSteps:
    """Spacing of labelled (``major``) and unlabelled (``minor``) ticks, in seconds."""

    major: float
    minor: float

    def majors(self, duration: float) -> list[float]:
        return _multiples(self.major, duration)

    def minors(self, duration: float) -> list[float]:
        """Minor ticks that do not coincide with a major one."""
        ratio = round(self.major / self.minor)
        return [t for i, t in enumerate(_multiples(self.minor, duration)) if i % ratio]


def _multiples(step: float, duration: float) -> list[float]:
    if step <= 0 or duration <= 0:
        return []
    count = int(duration / step + 1e-9)
    return [i * step for i in range(count + 1)]


def ruler_steps(duration: float, width_px: float, min_major_px: float = 64.0) -> RulerSteps:
    """The finest of 1 s / 5 s / 10 s / 30 s / 1 min / … whose labels are ``min_major_px`` apart.

    Minor ticks are dropped (set equal to the major step) when they would be closer than 6 px.
    """
    if duration <= 0 or width_px <= 0:
        return RulerSteps(1.0, 1.0)
    px_per_second = width_px / duration
    major, minor = _STEPS[-1]
    for candidate, sub in _STEPS:
        if candidate * px_per_second >= min_major_px:
            major, minor = candidate, sub
            break
    if minor * px_per_second < 6.0:
        minor = major
    return RulerSteps(major, minor)


def format_tick(seconds: float) -> str:
    """Ruler label: ``0:05``, ``1:00``, ``1:00:00`` (ticks fall on whole seconds)."""
    return format_clock(seconds, tenths=False)
