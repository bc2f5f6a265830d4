"""The spend ledger: every job's charge, summed per day, per model and per provider, per unit.

Reads the jobs and takes tables through ``JobStore.connection`` and never writes. Amounts in
different units (CU, credits) are kept in separate tallies and never added together. No Qt.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta, tzinfo
from typing import Any

from sonodesk.core.jobs.records import UNFINISHED, JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.spend.billing import (
    Charge,
    ChargeKind,
    ProviderBilling,
    billing_for,
    classify_charge,
)
from sonodesk.core.spend.periods import day_of

# When a job is billed: Scenario charges when the job is accepted, so the submit time counts;
# a job that never got that far is dated by its creation.
_CHARGED_AT = "COALESCE(j.submitted_at, j.created_at)"
_SELECT = f"""
    SELECT j.id, j.provider, j.model_id, j.model_name, j.state, j.remote_id, j.remote_status,
           j.outputs != '[]' AS has_outputs, j.cost, j.quoted_cost, {_CHARGED_AT} AS charged_at,
           (SELECT COUNT(*) FROM takes t WHERE t.job_id = j.id) AS takes
    FROM jobs j
"""


@dataclass(frozen=True)
class LedgerEntry:
    """One job's charge and where it belongs."""

    job_id: str
    provider: str
    model_id: str
    model_name: str
    charged_at: float
    takes: int
    charge: Charge


@dataclass(frozen=True)
class Tally:
    """Sums in one unit. ``committed`` is spent plus pending: what a cap is measured against."""

    unit: str
    spent: float = 0.0
    pending: float = 0.0
    refunded: float = 0.0
    jobs: int = 0
    takes: int = 0
    refunds: int = 0  # failed jobs the provider refunded
    estimated: int = 0  # spent jobs counted at their quote: the server's figure is missing
    unpriced: int = 0  # jobs with neither a figure nor a quote (counted as 0)

    @property
    def committed(self) -> float:
        return self.spent + self.pending

    def add(self, charge: Charge, takes: int = 0) -> Tally:
        if charge.unit != self.unit:
            raise ValueError(f"cannot add {charge.unit} to a tally in {self.unit}")
        kind = charge.kind
        return replace(
            self,
            spent=self.spent + (charge.amount if kind is ChargeKind.SPENT else 0.0),
            pending=self.pending + (charge.amount if kind is ChargeKind.PENDING else 0.0),
            refunded=self.refunded + charge.refunded,
            jobs=self.jobs + (kind is not ChargeKind.NONE),
            takes=self.takes + takes,
            refunds=self.refunds + (kind is ChargeKind.REFUNDED),
            estimated=self.estimated + (charge.estimated and kind is ChargeKind.SPENT),
            unpriced=self.unpriced + (not charge.priced),
        )

    def merge(self, other: Tally) -> Tally:
        if other.unit != self.unit:
            raise ValueError(f"cannot add {other.unit} to a tally in {self.unit}")
        return Tally(self.unit, **{n: getattr(self, n) + getattr(other, n) for n in _SUMMED})


_SUMMED = ("spent", "pending", "refunded", "jobs", "takes", "refunds", "estimated", "unpriced")


@dataclass(frozen=True)
class SpendRow:
    """One line of a breakdown: ``key`` is an ISO day, ``provider/model`` or a provider id."""

    key: str
    label: str
    provider: str
    tally: Tally


@dataclass(frozen=True)
class DayAmount:
    day: date
    spent: float
    pending: float


@dataclass(frozen=True)
class SpendSummary:
    since: float
    until: float
    days: tuple[SpendRow, ...]  # one row per (day, unit) that had any job, oldest first
    models: tuple[SpendRow, ...]  # per unit (busiest unit first), most spent first
    providers: tuple[SpendRow, ...]  # same order
    totals: Mapping[str, Tally]
    tz: tzinfo | None = field(default=None, compare=False)

    @property
    def units(self) -> tuple[str, ...]:
        """Units with activity, the one with most jobs first."""
        return tuple(sorted(self.totals, key=lambda u: (-self.totals[u].jobs, u)))

    def total(self, unit: str) -> Tally:
        return self.totals.get(unit, Tally(unit))

    def totals_from(self, first_day: date) -> dict[str, Tally]:
        """Per-unit sums of the days from ``first_day`` on (for "today", "last 7 days")."""
        result: dict[str, Tally] = {}
        for row in self.days:
            if date.fromisoformat(row.key) >= first_day:
                unit = row.tally.unit
                result[unit] = result.get(unit, Tally(unit)).merge(row.tally)
        return result

    def daily(self, unit: str) -> tuple[DayAmount, ...]:
        """Every day of the summary's range, with zeros where nothing was charged."""
        by_day = {row.key: row.tally for row in self.days if row.tally.unit == unit}
        first, last = day_of(self.since, self.tz), day_of(self.until - 1e-6, self.tz)
        result = []
        day = first
        while day <= last:
            tally = by_day.get(day.isoformat())
            result.append(
                DayAmount(day, tally.spent if tally else 0.0, tally.pending if tally else 0.0)
            )
            day += timedelta(days=1)
        return tuple(result)


def ledger_entries(
    store: JobStore,
    *,
    since: float,
    until: float | None = None,
    provider: str | None = None,
    unfinished_any_time: bool = False,
    billing: Mapping[str, ProviderBilling] | None = None,
) -> list[LedgerEntry]:
    """Charges of the jobs charged in [since, until); optionally every unfinished job too."""
    window = f"{_CHARGED_AT} >= ?"
    args: list[Any] = [since]
    if until is not None:
        window += f" AND {_CHARGED_AT} < ?"
        args.append(until)
    if unfinished_any_time:
        window = f"({window} OR j.state IN ({', '.join('?' for _ in UNFINISHED)}))"
        args += [s.value for s in UNFINISHED]
    sql = f"{_SELECT} WHERE {window}"
    if provider is not None:
        sql += " AND j.provider = ?"
        args.append(provider)
    sql += f" ORDER BY {_CHARGED_AT}, j.rowid"
    return [_entry(row, billing) for row in store.connection.execute(sql, args)]


def spend_summary(
    store: JobStore,
    *,
    since: float,
    until: float,
    provider: str | None = None,
    billing: Mapping[str, ProviderBilling] | None = None,
    tz: tzinfo | None = None,
) -> SpendSummary:
    """Spend between ``since`` and ``until`` (epoch seconds), grouped three ways, per unit."""
    entries = ledger_entries(store, since=since, until=until, provider=provider, billing=billing)

    def name_of(provider_id: str) -> str:
        return billing_for(provider_id, billing).name

    days = _group(entries, lambda e: (day_of(e.charged_at, tz).isoformat(), ""), _day_label)
    models = _group(
        entries,
        lambda e: (f"{e.provider}/{e.model_id}", e.provider),
        lambda key, e: e.model_name or e.model_id,
    )
    providers = _group(entries, lambda e: (e.provider, e.provider), lambda k, e: name_of(k))
    totals: dict[str, Tally] = {}
    for entry in entries:
        unit = entry.charge.unit
        totals[unit] = totals.get(unit, Tally(unit)).add(entry.charge, entry.takes)
    summary = SpendSummary(
        since=since,
        until=until,
        days=tuple(sorted(days, key=lambda r: (r.key, r.tally.unit))),
        models=(),
        providers=(),
        totals=totals,
        tz=tz,
    )
    rank = {unit: index for index, unit in enumerate(summary.units)}
    return replace(summary, models=_by_spend(models, rank), providers=_by_spend(providers, rank))


def _entry(row: Any, billing: Mapping[str, ProviderBilling] | None) -> LedgerEntry:
    charge = classify_charge(
        state=JobState(row["state"]),
        remote_id=row["remote_id"],
        remote_status=row["remote_status"],
        has_outputs=bool(row["has_outputs"]),
        cost=row["cost"],
        quoted_cost=row["quoted_cost"],
        billing=billing_for(row["provider"], billing),
    )
    return LedgerEntry(
        job_id=row["id"],
        provider=row["provider"],
        model_id=row["model_id"],
        model_name=row["model_name"] or "",
        charged_at=float(row["charged_at"]),
        takes=int(row["takes"]),
        charge=charge,
    )


def _group(
    entries: Iterable[LedgerEntry],
    key_of: Callable[[LedgerEntry], tuple[str, str]],
    label_of: Callable[[str, LedgerEntry], str],
) -> list[SpendRow]:
    tallies: dict[tuple[str, str], Tally] = {}
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for entry in entries:
        key, provider = key_of(entry)
        slot = (key, entry.charge.unit)
        tallies[slot] = tallies.get(slot, Tally(entry.charge.unit)).add(entry.charge, entry.takes)
        labels.setdefault(slot, (label_of(key, entry), provider))
    return [
        SpendRow(key, labels[(key, unit)][0], labels[(key, unit)][1], tally)
        for (key, unit), tally in tallies.items()
    ]


def _by_spend(rows: list[SpendRow], unit_rank: Mapping[str, int]) -> tuple[SpendRow, ...]:
    """Grouped by unit (the busiest unit first: amounts in different units don't compare),
    then the biggest spender first."""
    return tuple(
        sorted(
            rows,
            key=lambda r: (unit_rank.get(r.tally.unit, 0), -r.tally.committed, -r.tally.jobs),
        )
    )


def _day_label(key: str, _entry: LedgerEntry) -> str:
    day = date.fromisoformat(key)
    return f"{day:%a} {day.day} {day:%b}"
