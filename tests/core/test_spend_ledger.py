"""The spend ledger over a real JobStore: actual vs quoted cost, refunds, per-unit separation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.test_spend_data import DAY, NOW, TZ, Seeder, at, open_store
from sonodesk.core.jobs.records import JobState
from sonodesk.core.spend import (
    BudgetPolicy,
    ChargeKind,
    ProviderBilling,
    Tally,
    charge_for,
    format_amount,
    spend_snapshot,
    spend_summary,
)


@pytest.fixture
def seeded(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = open_store(tmp_path)
    s = Seeder(store)
    jobs = {
        # Scenario, today
        "done_actual": s.job(when=at(0), cost=4.0, quoted=3.5, takes=2),
        "done_quoted_only": s.job(when=at(0, 1), quoted=2.5, takes=1),
        "failed_refunded": s.job(when=at(0, 2), state=JobState.FAILED, cost=3.0, quoted=3.0),
        "refused_at_post": s.job(when=at(0, 2), state=JobState.FAILED, quoted=2.0, remote=False),
        "running": s.job(when=at(0, 3), state=JobState.RUNNING, cost=1.5, quoted=1.0),
        "queued": s.job(when=at(0, 4), state=JobState.QUEUED, quoted=2.0, remote=False),
        "stopped_tracking": s.job(
            when=at(0, 5), state=JobState.STOPPED, quoted=3.0, remote_status="in-progress"
        ),
        "canceled_on_server": s.job(
            when=at(0, 5), state=JobState.STOPPED, cost=2.0, remote_status="canceled"
        ),
        "download_failed": s.job(
            when=at(0, 5.5), state=JobState.FAILED, cost=2.0, outputs=1, remote_status="success"
        ),
        # Scenario, other days
        "three_days_ago": s.job(when=at(3), cost=6.0, model_id="model_sfx", model_name="SFX"),
        "ten_days_ago": s.job(when=at(10), cost=10.0, model_id="model_sfx", model_name="SFX"),
        "forty_days_ago": s.job(when=at(40), cost=100.0),
        # AI/ML API (credits), yesterday
        "aiml_done": s.job(
            when=at(1),
            provider="aimlapi",
            model_id="lyria2",
            model_name="Lyria 2",
            cost=120.0,
            takes=1,
        ),
        "aiml_failed_charged": s.job(
            when=at(1, 1),
            provider="aimlapi",
            model_id="lyria2",
            model_name="Lyria 2",
            state=JobState.FAILED,
            cost=5.0,
            remote_status="error",
        ),
        "aiml_failed_silent": s.job(
            when=at(1, 2),
            provider="aimlapi",
            model_id="lyria2",
            model_name="Lyria 2",
            state=JobState.FAILED,
            remote_status="error",
        ),
    }
    yield store, jobs
    store.close()


def test_each_billing_situation_is_classified(seeded) -> None:  # type: ignore[no-untyped-def]
    _, jobs = seeded
    charges = {name: charge_for(job) for name, job in jobs.items()}
    assert charges["done_actual"].kind is ChargeKind.SPENT
    assert charges["done_actual"].amount == 4.0 and not charges["done_actual"].estimated
    assert charges["done_quoted_only"].amount == 2.5 and charges["done_quoted_only"].estimated
    assert charges["failed_refunded"].kind is ChargeKind.REFUNDED
    assert charges["failed_refunded"].amount == 0 and charges["failed_refunded"].refunded == 3.0
    assert charges["refused_at_post"].kind is ChargeKind.NONE
    assert charges["running"].kind is ChargeKind.PENDING and charges["running"].amount == 1.5
    assert charges["queued"].kind is ChargeKind.PENDING and charges["queued"].amount == 2.0
    # Stopped tracking while it ran: the credits were committed.
    assert charges["stopped_tracking"].kind is ChargeKind.SPENT
    assert charges["stopped_tracking"].amount == 3.0
    assert charges["canceled_on_server"].kind is ChargeKind.REFUNDED
    # The server made the audio; only our download failed: charged.
    assert charges["download_failed"].kind is ChargeKind.SPENT
    assert charges["download_failed"].amount == 2.0
    # AI/ML API does not refund: what the server reported as used counts, nothing else.
    assert charges["aiml_failed_charged"].kind is ChargeKind.SPENT
    assert charges["aiml_failed_charged"].amount == 5.0
    assert charges["aiml_failed_silent"].amount == 0.0
    assert {c.unit for n, c in charges.items() if n.startswith("aiml")} == {"credits"}


def test_a_provider_that_keeps_failed_money_is_configurable(seeded) -> None:  # type: ignore[no-untyped-def]
    _, jobs = seeded
    no_refunds = {"scenario": ProviderBilling("CU", "Scenario", refunds_failures=False)}
    charge = charge_for(jobs["failed_refunded"], no_refunds)
    assert charge.kind is ChargeKind.SPENT and charge.amount == 3.0


def test_summary_totals_keep_units_apart(seeded) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    summary = spend_summary(store, since=NOW - 30 * DAY, until=NOW, tz=TZ)
    assert set(summary.units) == {"CU", "credits"}
    cu = summary.total("CU")
    # 4 + 2.5 + 3 (stopped) + 2 (download failed) + 6 + 10; the 40-day-old job is outside.
    assert cu.spent == pytest.approx(27.5)
    assert cu.pending == pytest.approx(3.5)  # running 1.5 (server figure) + queued 2.0
    assert cu.refunded == pytest.approx(5.0) and cu.refunds == 2
    assert cu.estimated == 2  # the quoted-only done job and the one we stopped tracking
    assert cu.takes == 3
    credits = summary.total("credits")
    assert credits.spent == pytest.approx(125.0) and credits.pending == 0
    assert credits.jobs == 3 and credits.takes == 1
    with pytest.raises(ValueError):
        cu.merge(credits)


def test_summary_groups_per_day_model_and_provider(seeded) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    summary = spend_summary(store, since=NOW - 30 * DAY, until=NOW, tz=TZ)
    by_day = {(r.key, r.tally.unit): r.tally for r in summary.days}
    assert by_day[("2026-08-14", "CU")].spent == pytest.approx(11.5)
    assert by_day[("2026-08-14", "CU")].pending == pytest.approx(3.5)
    assert by_day[("2026-08-13", "credits")].spent == pytest.approx(125.0)
    assert by_day[("2026-08-11", "CU")].spent == pytest.approx(6.0)
    assert ("2026-08-13", "CU") not in by_day
    assert [r.label for r in summary.days][:1] == ["Tue 4 Aug"]

    models = {r.key: r for r in summary.models}
    assert models["scenario/model_music"].tally.spent == pytest.approx(11.5)
    assert models["scenario/model_sfx"].label == "SFX"
    assert models["scenario/model_sfx"].tally.spent == pytest.approx(16.0)
    assert models["aimlapi/lyria2"].tally.unit == "credits"
    # CU rows first (most jobs), biggest spender first; credits never ranked against CU.
    assert [r.key for r in summary.models] == [
        "scenario/model_sfx",
        "scenario/model_music",
        "aimlapi/lyria2",
    ]

    providers = {r.key: r for r in summary.providers}
    assert providers["scenario"].label == "Scenario" and providers["aimlapi"].label == "AI/ML API"
    assert providers["scenario"].tally.committed == pytest.approx(31.0)


def test_provider_filter_and_daily_series(seeded) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    summary = spend_summary(store, since=NOW - 6 * DAY, until=NOW, provider="aimlapi", tz=TZ)
    assert summary.units == ("credits",)
    series = summary.daily("credits")
    assert series[0].day == date(2026, 8, 8)
    assert series[-1].day == date(2026, 8, 14) and len(series) == 7
    assert [d.spent for d in series] == [0, 0, 0, 0, 0, 125.0, 0]
    assert summary.daily("CU") == tuple((type(series[0]))(d.day, 0.0, 0.0) for d in series)


def test_snapshot_totals_today_week_month(seeded) -> None:  # type: ignore[no-untyped-def]
    store, _ = seeded
    policy = BudgetPolicy({"scenario": 50.0})
    snap = spend_snapshot(store, policy, providers=["scenario", "aimlapi"], now=NOW, tz=TZ)
    assert snap.today["CU"].spent == pytest.approx(11.5)
    assert "credits" not in snap.today
    assert snap.week["CU"].spent == pytest.approx(17.5)
    assert snap.week["credits"].spent == pytest.approx(125.0)
    assert snap.month["CU"].spent == pytest.approx(27.5)
    scenario = snap.budget("scenario")
    assert scenario is not None and scenario.cap == 50.0
    assert scenario.spent == pytest.approx(11.5) and scenario.pending == pytest.approx(3.5)
    assert scenario.describe() == "15 of 50 CU used today"
    assert snap.budget("aimlapi").cap is None  # type: ignore[union-attr]
    assert snap.units == ("CU", "credits")


def test_empty_store_and_amount_text(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    summary = spend_summary(store, since=NOW - DAY, until=NOW, tz=TZ)
    assert summary.units == () and summary.total("CU") == Tally("CU")
    assert format_amount(52, "CU") == "52 CU"
    assert format_amount(2.5, "CU") == "2.5 CU"
    assert format_amount(1260, "credits") == "1,260 credits"
    assert format_amount(0.001, "CU") == "0 CU"
    store.close()
