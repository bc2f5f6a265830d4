"""Budget caps: status per provider and period, batches refused whole, the engine hook's text."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.test_spend_data import DAY, NOW, TZ, Seeder, at, open_store
from sonodesk.core.errors import BudgetExceededError
from sonodesk.core.jobs.records import JobState
from sonodesk.core.settings import Settings
from sonodesk.core.spend import (
    BudgetPolicy,
    budget_status,
    check_batch,
    make_budget_check,
    recent_cost_estimate,
)


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path)
    s = Seeder(store)
    s.job(when=at(0), cost=30.0)  # today
    s.job(when=at(0, 1), state=JobState.RUNNING, cost=8.0)  # in flight
    s.job(when=at(0, 2), state=JobState.FAILED, cost=9.0)  # refunded
    s.job(when=at(2), cost=40.0)  # earlier this month
    s.job(when=at(20), cost=500.0)  # last month (July 25th)
    s.job(when=at(0), provider="aimlapi", model_id="lyria2", cost=900.0)  # credits: apart
    s.job(when=at(0), provider="sandbox", cost=70.0)  # play money: its own cap
    yield store
    store.close()


def test_status_counts_spent_this_period_plus_everything_in_flight(store) -> None:  # type: ignore[no-untyped-def]
    daily = BudgetPolicy({"scenario": 50.0})
    status = budget_status(store, daily, "scenario", now=NOW, tz=TZ)
    assert (status.spent, status.pending, status.unit) == (30.0, 8.0, "CU")
    assert status.used == 38.0 and status.remaining == 12.0 and status.level == "ok"
    monthly_policy = BudgetPolicy({"scenario": 90.0}, "month")
    monthly = budget_status(store, monthly_policy, "scenario", now=NOW, tz=TZ)
    assert monthly.spent == 70.0 and monthly.used == 78.0 and monthly.level == "near"
    assert budget_status(store, daily.with_period("month"), "scenario", now=NOW, tz=TZ).level == (
        "over"
    )
    session = BudgetPolicy({"scenario": 50.0}, "session", session_start=at(0, 0.5))
    assert budget_status(store, session, "scenario", now=NOW, tz=TZ).spent == 0.0
    credits = budget_status(store, daily, "aimlapi", now=NOW, tz=TZ)
    assert credits.unit == "credits" and credits.spent == 900 and credits.cap is None
    assert credits.level == "none"


def test_batch_over_the_cap_is_refused_whole(store) -> None:  # type: ignore[no-untyped-def]
    status = budget_status(store, BudgetPolicy({"scenario": 50.0}), "scenario", now=NOW, tz=TZ)
    verdict = check_batch([2.5] * 4, status)
    assert verdict.ok and verdict.total == 10.0 and verdict.after == 48.0
    refused = check_batch([2.5] * 6, status)
    assert not refused.ok and refused.count == 6
    assert refused.message == (
        "These 6 takes (15 CU) would bring today's Scenario spend to 53 CU, "
        "over your 50 CU daily cap (12 CU left)."
    )
    assert refused.hint == (
        "Nothing was sent. Make fewer takes, raise the cap in Preferences, or wait until tomorrow."
    )
    with pytest.raises(BudgetExceededError) as caught:
        refused.raise_if_refused()
    assert caught.value.hint == refused.hint


def test_batch_without_a_cap_or_with_unknown_prices(store) -> None:  # type: ignore[no-untyped-def]
    free = budget_status(store, BudgetPolicy(), "scenario", now=NOW, tz=TZ)
    assert check_batch([1000.0], free).ok
    status = budget_status(store, BudgetPolicy({"scenario": 38.0}), "scenario", now=NOW, tz=TZ)
    unknown = check_batch([None, None], status)
    assert not unknown.ok and unknown.unpriced == 2
    assert unknown.message == (
        "Today's Scenario spend is already 38 CU, which reaches your 38 CU daily cap."
    )
    roomy = budget_status(store, BudgetPolicy({"scenario": 100.0}), "scenario", now=NOW, tz=TZ)
    assert check_batch([None, 2.0], roomy).ok


def test_cap_exactly_met_is_allowed(store) -> None:  # type: ignore[no-untyped-def]
    status = budget_status(store, BudgetPolicy({"scenario": 38.3}), "scenario", now=NOW, tz=TZ)
    assert check_batch([0.1, 0.2], status).ok


def test_engine_hook_message_and_own_job_excluded(store) -> None:  # type: ignore[no-untyped-def]
    s = Seeder(store)
    check = make_budget_check(store, BudgetPolicy({"scenario": 50.0}), now=lambda: NOW, tz=TZ)
    fits = s.job(when=at(0, 5), state=JobState.QUEUED, quoted=12.0, remote=False)
    check(fits)  # 38 used + its own 12 (not counted twice) = 50
    over = s.job(when=at(0, 5), state=JobState.QUEUED, quoted=2.0, remote=False)
    with pytest.raises(BudgetExceededError) as caught:
        check(over)  # 38 + the other queued 12 + 2 = 52
    assert str(caught.value) == (
        "This would bring today's Scenario spend to 52 CU, over your 50 CU daily cap."
    )
    assert caught.value.hint == "Raise the cap in Preferences or wait until tomorrow."


def test_engine_hook_reads_the_policy_each_time(store) -> None:  # type: ignore[no-untyped-def]
    s = Seeder(store)
    policy = {"now": BudgetPolicy({"scenario": 40.0}, "month")}
    check = make_budget_check(store, lambda: policy["now"], now=lambda: NOW, tz=TZ)
    job = s.job(when=at(0, 5), state=JobState.QUEUED, quoted=1.0, remote=False)
    with pytest.raises(BudgetExceededError, match="this month's Scenario spend to 79 CU"):
        check(job)
    policy["now"] = BudgetPolicy()
    check(job)
    make_budget_check(store, BudgetPolicy({"aimlapi": 1.0}), now=lambda: NOW, tz=TZ)(job)


def test_unpriced_jobs_use_the_estimate(store) -> None:  # type: ignore[no-untyped-def]
    s = Seeder(store)
    for cost in (10.0, 12.0, 30.0):
        s.job(when=at(5), provider="aimlapi", model_id="lyria3", cost=cost)
    estimate = recent_cost_estimate(store)
    job = s.job(
        when=at(0, 5), provider="aimlapi", model_id="lyria3", state=JobState.QUEUED, remote=False
    )
    assert estimate(job) == 12.0
    policy = BudgetPolicy({"aimlapi": 920.0})
    status = budget_status(store, policy, "aimlapi", now=NOW, tz=TZ, quote_for=estimate)
    assert status.spent == 900.0 and status.pending == 12.0
    check = make_budget_check(store, policy, estimate, now=lambda: NOW, tz=TZ)
    with pytest.raises(
        BudgetExceededError, match="to 924 credits, over your 920 credits daily cap"
    ):
        check(
            s.job(
                when=at(0, 5),
                provider="aimlapi",
                model_id="lyria3",
                state=JobState.QUEUED,
                remote=False,
            )
        )
    assert estimate(s.job(when=at(0), provider="aimlapi", model_id="new", remote=False)) is None


def test_policy_from_settings_and_back() -> None:
    legacy = Settings(provider="scenario", budget_cap=25)
    assert BudgetPolicy.from_settings(legacy).caps == {"scenario": 25.0}
    settings = Settings(provider="scenario", budget_cap=25)
    settings.budget_caps = {"aimlapi": 500, "bad": -1, "x": "1"}  # type: ignore[dict-item]
    settings.budget_period = "month"
    policy = BudgetPolicy.from_settings(settings, session_start=NOW - DAY)
    assert policy.caps == {"aimlapi": 500.0, "scenario": 25.0}
    assert policy.period == "month" and policy.session_start == NOW - DAY
    changed = policy.with_cap("scenario", 60.0).with_cap("aimlapi", None)
    assert changed.settings_values() == {
        "budget_caps": {"scenario": 60.0},
        "budget_period": "month",
        "budget_cap": None,
    }
    assert BudgetPolicy({"scenario": 0}, "fortnight").caps == {}
    assert BudgetPolicy(period="fortnight").period == "day"  # type: ignore[arg-type]
