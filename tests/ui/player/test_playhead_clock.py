"""PlayheadClock on a hand-driven clock: smooth, monotonic, at most one buffer ahead, resets."""

from __future__ import annotations

import itertools

import pytest

from sonodesk.ui.player.playhead_clock import SNAP_SECONDS, PlayheadClock
from ui.player.player_rig import ManualClock

BUFFER = 0.02  # a 960-frame device buffer at 48 kHz
FRAME = 1 / 60


def _run(clock: ManualClock, playhead: PlayheadClock, seconds: float) -> list[tuple[float, float]]:
    """Device buffers every BUFFER s, display samples every FRAME s: (true, shown) pairs."""
    samples = []
    start = clock.now
    raw = 0.0
    while clock.now - start < seconds:
        clock.now += FRAME
        elapsed = clock.now - start
        raw = BUFFER * int(elapsed / BUFFER)  # the core moves in whole buffers
        samples.append((elapsed, playhead.sample(raw, playing=True)))
    return samples


def test_glides_between_buffers_without_running_ahead() -> None:
    clock = ManualClock()
    playhead = PlayheadClock(clock)
    playhead.reset(0.0)
    samples = _run(clock, playhead, 2.0)
    shown = [s for _, s in samples]
    assert shown == sorted(shown)
    for true, s in samples:
        assert s <= BUFFER * int(true / BUFFER) + BUFFER + 1e-9  # never > one buffer ahead
    # Once settled it tracks real time closely, unlike the raw steps.
    late = [(t, s) for t, s in samples if t > 0.5]
    assert max(abs(t - s) for t, s in late) < BUFFER
    settled = shown[len(shown) // 2 :]
    steps = [b - a for a, b in itertools.pairwise(settled)]
    assert min(steps) > 0.0  # moves every frame: no stalls between buffers


def test_not_playing_shows_the_core_position() -> None:
    clock = ManualClock()
    playhead = PlayheadClock(clock)
    assert playhead.sample(1.25, playing=False) == 1.25
    clock.now += 5
    assert playhead.sample(1.25, playing=False) == 1.25


def test_loop_wrap_and_seeks_reset_immediately() -> None:
    clock = ManualClock()
    playhead = PlayheadClock(clock)
    playhead.reset(3.9)
    clock.now += FRAME
    playhead.sample(3.92, playing=True)
    clock.now += FRAME
    assert playhead.sample(0.01, playing=True) == 0.01  # wrapped: backwards is allowed
    clock.now += FRAME
    assert playhead.sample(0.01 + SNAP_SECONDS + 0.5, playing=True) == pytest.approx(
        0.01 + SNAP_SECONDS + 0.5
    )


def test_stalled_output_holds_within_one_buffer() -> None:
    clock = ManualClock()
    playhead = PlayheadClock(clock)
    playhead.reset(0.0)
    clock.now += BUFFER
    playhead.sample(BUFFER, playing=True)
    for _ in range(30):  # the device stops asking (underrun): the display must not wander off
        clock.now += FRAME
        shown = playhead.sample(BUFFER, playing=True)
    assert shown <= 2 * BUFFER + 1e-9


def test_a_long_gap_between_samples_resets() -> None:
    clock = ManualClock()
    playhead = PlayheadClock(clock)
    playhead.reset(0.0)
    clock.now += 2.0
    assert playhead.sample(0.3, playing=True) == 0.3
