"""When to ask the server about a running job next: predict completion, poll near it.

The plan uses the job's own progress readings (a line through them gives the finishing time),
or, before any progress is known, how long this model took recently. While nothing changes it
backs off; near the predicted end it polls briefly and often; a 429 sets a floor. Pure
arithmetic on injected times: no Qt, no I/O, no clock of its own.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from sonodesk.core.providers.status import RemoteStatus


@dataclass
class PollPlanner:
    """Feed it observations; ask it for the next delay."""

    started_at: float  # when the job was submitted
    expected_duration: float | None = None  # typical submit-to-done time for this model
    min_delay: float = 0.2
    max_delay: float = 15.0
    first_delay: float = 1.0
    # A few quick polls early give two progress readings, from which the end can be predicted.
    _readings: list[tuple[float, float]] = field(default_factory=list)
    _unchanged: int = 0
    _overdue: int = 0
    _last: tuple[RemoteStatus | None, float | None] | None = None
    _floor_until: float = 0.0

    def observe(self, now: float, status: RemoteStatus | None, progress: float | None) -> bool:
        """Record one poll's answer; returns True when something changed."""
        changed = self._last != (status, progress)
        self._last = (status, progress)
        self._unchanged = 0 if changed else self._unchanged + 1
        rising = not self._readings or (progress or 0.0) > self._readings[-1][1]
        if progress is not None and 0.0 < progress < 1.0 and rising:
            self._readings.append((now, progress))
            del self._readings[:-6]
        return changed

    def rate_limited(self, now: float, retry_after: float | None) -> None:
        self._floor_until = max(self._floor_until, now + (retry_after or 5.0))

    def predicted_end(self) -> float | None:
        """Epoch seconds at which the job should be done, or None when unknown."""
        if len(self._readings) >= 2:
            (t0, p0), (t1, p1) = self._readings[0], self._readings[-1]
            if t1 > t0 and p1 > p0:
                rate = (p1 - p0) / (t1 - t0)
                return t1 + (1.0 - p1) / rate
        if len(self._readings) == 1:
            t1, p1 = self._readings[0]
            elapsed = t1 - self.started_at
            if elapsed > 0:
                return t1 + elapsed * (1.0 - p1) / p1
        if self.expected_duration:
            return self.started_at + self.expected_duration
        return None

    def next_delay(self, now: float) -> float:
        delay = self._plan(now)
        floor = self._floor_until - now
        return max(delay, floor, self.min_delay)

    def _plan(self, now: float) -> float:
        if self._last is None:  # nothing seen yet since submit
            return self._first(now)
        end = self.predicted_end()
        if end is not None:
            remaining = end - now
            if remaining > 0:
                self._overdue = 0
                if len(self._readings) < 2 and remaining > 4 * self.first_delay:
                    # One more early reading sharpens the prediction a lot.
                    return min(self._backoff(), remaining / 2)
                return min(remaining + 0.05, self.max_delay)
            # Past the predicted end: it finishes any moment; short, growing steps.
            self._overdue += 1
            return min(self.max_delay, 0.25 * 1.6 ** min(self._overdue, 8))
        return self._backoff()

    def _first(self, now: float) -> float:
        if self.expected_duration:
            # Early check (queue state, first progress) before the expected end.
            return min(max(self.first_delay, self.expected_duration * 0.3), self.max_delay)
        return self.first_delay

    def _backoff(self) -> float:
        return min(self.max_delay, self.first_delay * 1.5 ** min(self._unchanged, 12))


def typical_duration(recent: list[float]) -> float | None:
    """A robust 'how long does this model take' from recent submit-to-done durations."""
    values = [v for v in recent if 0 < v < 24 * 3600]
    if len(values) < 2:
        return values[0] if values else None
    return float(statistics.median(values))
