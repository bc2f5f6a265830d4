"""The poll planner predicts completion from progress and backs off while nothing changes."""

from __future__ import annotations

from sonodesk.core.jobs.polling import PollPlanner, typical_duration
from sonodesk.core.providers.status import RemoteStatus

RUN = RemoteStatus.IN_PROGRESS


def test_first_poll_is_early_without_history() -> None:
    planner = PollPlanner(started_at=100.0)
    assert planner.next_delay(100.0) == planner.first_delay


def test_first_poll_uses_history_of_the_model() -> None:
    planner = PollPlanner(started_at=100.0, expected_duration=20.0)
    assert 1.0 <= planner.next_delay(100.0) <= 20.0 * 0.3 + 1e-9


def test_linear_progress_predicts_the_end() -> None:
    # A 20 s job: progress 0.1 at t=2, 0.3 at t=6 -> done at t=20.
    planner = PollPlanner(started_at=0.0)
    planner.observe(2.0, RUN, 0.1)
    planner.observe(6.0, RUN, 0.3)
    assert abs(planner.predicted_end() - 20.0) < 1e-6
    delay = planner.next_delay(6.0)
    assert 13.9 < delay <= 14.1  # poll right at the predicted end, not every few seconds


def test_overdue_polls_are_short_and_grow() -> None:
    planner = PollPlanner(started_at=0.0)
    planner.observe(2.0, RUN, 0.1)
    planner.observe(6.0, RUN, 0.3)
    delays = [planner.next_delay(25.0) for _ in range(4)]
    assert delays[0] < 1.0
    assert delays == sorted(delays) and delays[-1] > delays[0]


def test_backs_off_while_nothing_changes_without_progress() -> None:
    planner = PollPlanner(started_at=0.0, max_delay=10.0)
    planner.observe(1.0, RemoteStatus.QUEUED, None)
    delays = []
    for t in range(2, 12):
        planner.observe(float(t), RemoteStatus.QUEUED, None)
        delays.append(planner.next_delay(float(t)))
    assert delays == sorted(delays)
    assert delays[-1] == 10.0


def test_rate_limit_sets_a_floor() -> None:
    planner = PollPlanner(started_at=0.0)
    planner.observe(1.0, RUN, 0.1)
    planner.observe(2.0, RUN, 0.9)
    planner.rate_limited(2.0, 7.5)
    assert planner.next_delay(2.0) >= 7.5


def test_decreasing_or_absurd_progress_is_ignored() -> None:
    planner = PollPlanner(started_at=0.0)
    planner.observe(1.0, RUN, 0.5)
    planner.observe(2.0, RUN, 0.2)  # went backwards: not a reading
    planner.observe(3.0, RUN, 1.5)  # out of range: not a reading
    assert planner._readings == [(1.0, 0.5)]


def test_typical_duration_is_a_median() -> None:
    assert typical_duration([]) is None
    assert typical_duration([5.0]) == 5.0
    assert typical_duration([5.0, 7.0, 100.0]) == 7.0
    assert typical_duration([-1.0, 0.0]) is None
