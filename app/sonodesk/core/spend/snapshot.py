"""Everything the spend view shows, computed in one go: totals, daily series, caps used.

Reads the jobs and takes tables through the ledger; writes nothing; no Qt.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta, tzinfo

from sonodesk.core.jobs.store import JobStore
from sonodesk.core.spend.billing import ProviderBilling
from sonodesk.core.spend.budget import BudgetPolicy, BudgetStatus, budget_status
from sonodesk.core.spend.ledger import SpendSummary, Tally, spend_summary
from sonodesk.core.spend.periods import day_of, days_back

HISTORY_DAYS = 30


@dataclass(frozen=True)
class SpendSnapshot:
    now: float
    summary: SpendSummary  # the last HISTORY_DAYS days, today included
    today: Mapping[str, Tally]
    week: Mapping[str, Tally]  # the last 7 days, today included
    budgets: tuple[BudgetStatus, ...]  # one per provider in use or with a cap
    policy: BudgetPolicy

    @property
    def month(self) -> Mapping[str, Tally]:
        return self.summary.totals

    @property
    def units(self) -> tuple[str, ...]:
        """Units with activity, plus the units of the providers whose caps are shown."""
        units = list(self.summary.units)
        for status in self.budgets:
            if status.unit not in units:
                units.append(status.unit)
        return tuple(units)

    def budget(self, provider: str) -> BudgetStatus | None:
        return next((b for b in self.budgets if b.provider == provider), None)


def spend_snapshot(
    store: JobStore,
    policy: BudgetPolicy,
    *,
    providers: Sequence[str] = (),
    now: float | None = None,
    billing: Mapping[str, ProviderBilling] | None = None,
    tz: tzinfo | None = None,
    days: int = HISTORY_DAYS,
) -> SpendSnapshot:
    """The view's data as of ``now``; ``providers`` are the ones configured (shown even idle)."""
    now = time.time() if now is None else now
    since = days_back(now, days, tz)
    summary = spend_summary(store, since=since, until=now + 1.0, billing=billing, tz=tz)
    today = day_of(now, tz)
    wanted = list(dict.fromkeys([*providers, *policy.caps]))
    budgets = tuple(
        budget_status(store, policy, provider, now=now, billing=billing, tz=tz)
        for provider in wanted
    )
    return SpendSnapshot(
        now=now,
        summary=summary,
        today=summary.totals_from(today),
        week=summary.totals_from(today - timedelta(days=6)),
        budgets=budgets,
        policy=policy,
    )
