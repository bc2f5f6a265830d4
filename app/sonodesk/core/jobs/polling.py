"""When to ask the server about a running job next: predict completion, poll near it.

The plan uses the job's own progress readings (lines through them give the finishing time),
or, before any progress is known, how long this model took recently. While no progress
arrives it backs off (status changes such as queued -> warming-up tell nothing about the end);
near the predicted end it polls briefly; each time a poll at a predicted end finds the job
still running, the next poll waits a little longer, so a job that keeps finishing "soon" costs
a few requests rather than a stream of them. A 429 sets a floor. Pure arithmetic on injected
times: no Qt, no I/O, no clock of its own.
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
    first_delay: float = 2.0
    miss_delay: float = 0.25  # after a poll at the predicted end found the job unfinished
    # A few quick polls early give two progress readings, from which the end can be predicted.
    _readings: list[tuple[float, float]] = field(default_factory=list)
    _unchanged: int = 0
    _quiet: int = 0  # polls in a row without new progress
    _overdue: int = 0
    _misses: int = 0  # polls made at a predicted end that found the job still running
    _aimed_at: float | None = None  # the predicted end the next poll is aimed at
    _no_progress_at: float | None = None  # the last poll that saw no progress yet
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
            self._quiet = 0
        else:
            self._quiet += 1
            if not self._readings:
                self._no_progress_at = now
        if self._aimed_at is not None and now >= self._aimed_at:
            self._misses += 1
        self._aimed_at = None
        return changed

    def rate_limited(self, now: float, retry_after: float | None) -> None:
        self._floor_until = max(self._floor_until, now + (retry_after or 5.0))

    def predicted_end(self) -> float | None:
        """Epoch seconds at which the job should be done, or None when unknown."""
        readings = self._readings
        if len(readings) >= 2:
            (t0, p0), (t2, p2), (t1, p1) = readings[0], readings[-2], readings[-1]
            if t1 > t0 and p1 > p0:
                # The overall rate and the latest rate: progress bars rarely move evenly
                # (fast early, slow late, or the reverse); the mean of both ends is steadier.
                overall = t1 + (1.0 - p1) * (t1 - t0) / (p1 - p0)
                latest = t1 + (1.0 - p1) * (t1 - t2) / (p1 - p2) if p1 > p2 else overall
                return (overall + latest) / 2
        if len(readings) == 1:
            t1, p1 = readings[0]
            # Progress started after the last poll that saw none (queues come before work).
            since = self._no_progress_at if self._no_progress_at is not None else self.started_at
            elapsed = t1 - since
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
        # Each poll at a predicted end that found the job running makes the next one wait longer.
        patience = self.miss_delay * 1.6 ** min(self._misses, 8) if self._misses else 0.0
        if end is not None:
            remaining = end - now
            if remaining > 0:
                self._overdue = 0
                if len(self._readings) < 2 and remaining > 4 * self.first_delay:
                    # One more early reading sharpens the prediction a lot.
                    return min(self._backoff(), remaining / 2)
                self._aimed_at = end
                return min(max(remaining + 0.05, patience), self.max_delay)
            # Past the predicted end: it finishes any moment; short, growing steps.
            self._overdue += 1
            return min(self.max_delay, max(patience, 0.25 * 1.6 ** min(self._overdue, 8)))
        return self._backoff()

    def _first(self, now: float) -> float:
        if self.expected_duration:
            # Early check (queue state, first progress) before the expected end.
            return min(max(self.first_delay, self.expected_duration * 0.3), self.max_delay)
        return self.first_delay

    def _backoff(self) -> float:
        return min(self.max_delay, self.first_delay * 1.5 ** min(self._quiet, 12))


def typical_duration(recent: list[float]) -> float | None:
    """A robust 'how long does this model take' from recent submit-to-done durations."""
    values = [v for v in recent if 0 < v < 24 * 3600]
    if len(values) < 2:
        return values[0] if values else None
    return float(statistics.median(values))
