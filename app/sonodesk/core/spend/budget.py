"""Budget caps: one amount per provider (in that provider's unit) per day, month or session.

Why this model: a provider has exactly one unit (Scenario CU, AI/ML API credits), so a cap per
provider can never add CU to credits, and the sandbox's play money never eats the real cap. A
calendar period ("today", "this month") is what a musician can reason about and what plans
bill by; "session" covers one sitting. Spent in the period plus every job still in flight plus
what is being submitted must stay within the cap.

Reads the jobs table (through the ledger); writes nothing; no Qt. The engine hook and
``check_batch`` raise or return ``BudgetExceededError`` text the UI shows as is.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import tzinfo
from types import MappingProxyType
from typing import Any

from sonodesk.core.errors import BudgetExceededError
from sonodesk.core.jobs.records import JobRecord
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.spend.billing import ChargeKind, ProviderBilling, billing_for, format_amount
from sonodesk.core.spend.ledger import ledger_entries
from sonodesk.core.spend.periods import PERIODS, Period, period_start, period_words

QuoteFor = Callable[[JobRecord], float | None]
# Float sums of quotes like 0.1 + 0.2 must not trip a cap they exactly meet.
_EPSILON = 1e-9
# The fraction of a cap at which the meter turns amber.
NEAR_CAP = 0.8


@dataclass(frozen=True)
class BudgetPolicy:
    """Caps per provider id and the period they cover. A cap must be > 0; no entry: no cap.

    Settings fields (proposed, additive): ``budget_caps: dict[str, float]`` (provider id ->
    cap) and ``budget_period: str`` ("day", "month" or "session"). The older single
    ``budget_cap`` is read as the cap of ``settings.provider`` when no explicit one exists.
    """

    caps: Mapping[str, float] = field(default_factory=dict)
    period: Period = "day"
    session_start: float | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "caps", MappingProxyType(_clean_caps(self.caps)))
        if self.period not in PERIODS:
            object.__setattr__(self, "period", "day")

    def cap_for(self, provider: str) -> float | None:
        return self.caps.get(provider)

    def with_cap(self, provider: str, amount: float | None) -> BudgetPolicy:
        caps = dict(self.caps)
        caps.pop(provider, None)
        if amount is not None:
            caps[provider] = amount
        return replace(self, caps=caps)

    def with_period(self, period: Period) -> BudgetPolicy:
        return replace(self, period=period)

    @classmethod
    def from_settings(cls, settings: Any, *, session_start: float | None = None) -> BudgetPolicy:
        """Read the policy from a Settings object (fields, or ``extra`` until they exist)."""
        caps = _clean_caps(_setting(settings, "budget_caps", {}))
        legacy = getattr(settings, "budget_cap", None)
        provider = getattr(settings, "provider", "")
        if provider and provider not in caps and legacy is not None:
            caps.update(_clean_caps({provider: legacy}))
        period = _setting(settings, "budget_period", "day")
        return cls(caps, period if period in PERIODS else "day", session_start)

    def settings_values(self) -> dict[str, Any]:
        """The settings fields to store; the legacy ``budget_cap`` is folded into the caps."""
        return {"budget_caps": dict(self.caps), "budget_period": self.period, "budget_cap": None}


@dataclass(frozen=True)
class BudgetStatus:
    """Where one provider stands against its cap in the current period."""

    provider: str
    provider_name: str
    unit: str
    period: Period
    cap: float | None
    spent: float  # charged in this period
    pending: float  # every job still in flight, at its known cost or quote

    @property
    def used(self) -> float:
        return self.spent + self.pending

    @property
    def remaining(self) -> float | None:
        return None if self.cap is None else max(0.0, self.cap - self.used)

    @property
    def fraction(self) -> float | None:
        return None if self.cap is None else self.used / self.cap

    @property
    def level(self) -> str:
        """'none' (no cap), 'ok', 'near' (80 % or more) or 'over' (the cap is reached)."""
        if self.cap is None:
            return "none"
        if self.used >= self.cap - _EPSILON:
            return "over"
        return "near" if self.used >= self.cap * NEAR_CAP else "ok"

    def describe(self) -> str:
        """'31 of 50 CU used today' (just the amount used when there is no cap)."""
        when = {"day": "today", "month": "this month", "session": "this session"}[self.period]
        if self.cap is None:
            return f"{format_amount(self.used, self.unit)} used {when}"
        used = format_amount(self.used, self.unit).rsplit(" ", 1)[0]
        return f"{used} of {format_amount(self.cap, self.unit)} used {when}"


@dataclass(frozen=True)
class BatchVerdict:
    """Whether a batch fits under the cap as a whole; ``message``/``hint`` say why not."""

    ok: bool
    count: int
    total: float  # the priced part of the batch
    unpriced: int  # takes whose price is unknown (counted as 0)
    after: float | None = None  # committed spend if the batch went ahead (None: no cap)
    message: str | None = None
    hint: str | None = None

    def raise_if_refused(self) -> None:
        if not self.ok:
            raise BudgetExceededError(self.message or "Over budget.", hint=self.hint)


def budget_status(
    store: JobStore,
    policy: BudgetPolicy,
    provider: str,
    *,
    now: float | None = None,
    billing: Mapping[str, ProviderBilling] | None = None,
    tz: tzinfo | None = None,
    exclude_job: str | None = None,
    quote_for: QuoteFor | None = None,
) -> BudgetStatus:
    """Spent this period plus everything in flight, for ``provider``.

    In-flight jobs count whenever they were created: they will be charged now. One without a
    figure or a quote is priced with ``quote_for`` when given (else it counts 0).
    """
    now = time.time() if now is None else now
    since = period_start(policy.period, now, tz=tz, session_start=policy.session_start)
    entries = ledger_entries(
        store, since=since, provider=provider, unfinished_any_time=True, billing=billing
    )
    spent = pending = 0.0
    for entry in entries:
        if entry.job_id == exclude_job:
            continue
        charge = entry.charge
        if charge.kind is ChargeKind.SPENT and entry.charged_at >= since:
            spent += charge.amount
        elif charge.kind is ChargeKind.PENDING:
            amount = charge.amount
            if not charge.priced and quote_for is not None:
                amount = _safe_quote(quote_for, store.get_job(entry.job_id)) or 0.0
            pending += amount
    info = billing_for(provider, billing)
    return BudgetStatus(
        provider, info.name, info.unit, policy.period, policy.cap_for(provider), spent, pending
    )


def check_batch(quotes: Sequence[float | None], status: BudgetStatus) -> BatchVerdict:
    """Would these takes (one quote each, None when unknown) fit under the cap together?

    Pure. Call it before submitting any of them, so a batch is refused whole, never half-sent.
    """
    known = [q for q in quotes if q is not None]
    total = math.fsum(known)
    unpriced = len(quotes) - len(known)
    if status.cap is None:
        return BatchVerdict(True, len(quotes), total, unpriced)
    after = status.used + total
    words = period_words(status.period)
    cap_text = f"your {format_amount(status.cap, status.unit)} {words.cap}"
    spend = f"{words.possessive} {status.provider_name} spend"
    if after > status.cap + _EPSILON:
        what = "This take" if len(quotes) == 1 else f"These {len(quotes)} takes"
        left = format_amount(status.remaining or 0.0, status.unit)
        return BatchVerdict(
            False,
            len(quotes),
            total,
            unpriced,
            after,
            f"{what} ({format_amount(total, status.unit)}) would bring {spend} to "
            f"{format_amount(after, status.unit)}, over {cap_text} ({left} left).",
            f"Nothing was sent. Make fewer takes, raise the cap in Preferences, or {words.wait}.",
        )
    if unpriced and status.used >= status.cap - _EPSILON:
        return BatchVerdict(
            False,
            len(quotes),
            total,
            unpriced,
            after,
            f"{_capital(spend)} is already {format_amount(status.used, status.unit)}, "
            f"which reaches {cap_text}.",
            f"Nothing was sent. Raise the cap in Preferences or {words.wait}.",
        )
    return BatchVerdict(True, len(quotes), total, unpriced, after)


def batch_refusal(
    store: JobStore, policy: BudgetPolicy, provider: str, quotes: Sequence[float | None]
) -> str | None:
    """Why a batch of takes (one quote each) must not be sent, or None when it may.

    Without a cap nothing is read: the ledger scan is only worth it when there is a limit.
    """
    if policy.cap_for(provider) is None:
        return None
    verdict = check_batch(quotes, budget_status(store, policy, provider))
    return None if verdict.ok else f"{verdict.message} {verdict.hint or ''}".strip()


def make_budget_check(
    store: JobStore,
    policy: BudgetPolicy | Callable[[], BudgetPolicy],
    quote_for: QuoteFor | None = None,
    *,
    now: Callable[[], float] = time.time,
    billing: Mapping[str, ProviderBilling] | None = None,
    tz: tzinfo | None = None,
) -> Callable[[JobRecord], None]:
    """The engine's ``budget_check`` hook: raises BudgetExceededError before a job is sent.

    ``policy`` may be a callable, so a cap changed in the UI applies to the next submit. The
    job's price is its ``quoted_cost``, else ``quote_for(job)``; with neither, it is let through
    unless the cap is already reached.
    """

    def check(job: JobRecord) -> None:
        current = policy() if callable(policy) else policy
        if current.cap_for(job.provider) is None:
            return
        status = budget_status(
            store,
            current,
            job.provider,
            now=now(),
            billing=billing,
            tz=tz,
            exclude_job=job.id,
            quote_for=quote_for,
        )
        own = job.quoted_cost
        if own is None and quote_for is not None:
            own = _safe_quote(quote_for, job)
        verdict = check_batch([own], status)
        if not verdict.ok:
            words = period_words(status.period)
            if own is not None:
                raise BudgetExceededError(
                    f"This would bring {words.possessive} {status.provider_name} spend to "
                    f"{format_amount(status.used + own, status.unit)}, over your "
                    f"{format_amount(status.cap or 0.0, status.unit)} {words.cap}.",
                    hint=f"Raise the cap in Preferences or {words.wait}.",
                )
            raise BudgetExceededError(verdict.message or "", hint=_unsent(verdict.hint))

    return check


def recent_cost_estimate(store: JobStore, *, samples: int = 10) -> QuoteFor:
    """A ``quote_for`` that prices a job like its model's recent finished jobs (the median).

    For providers that report a cost only after the run (AI/ML API credits): better than
    pretending an unpriced job is free. Returns None when the model has no history.
    """

    def estimate(job: JobRecord) -> float | None:
        rows = store.connection.execute(
            "SELECT cost FROM jobs WHERE provider = ? AND model_id = ? AND state = 'done' "
            "AND cost IS NOT NULL ORDER BY finished_at DESC LIMIT ?",
            (job.provider, job.model_id, samples),
        ).fetchall()
        costs = [float(row[0]) for row in rows if row[0] is not None and row[0] >= 0]
        return statistics.median(costs) if costs else None

    return estimate


def _unsent(hint: str | None) -> str | None:
    # A single job refused by the engine hook: "Nothing was sent" is already in the state.
    return hint.removeprefix("Nothing was sent. ") if hint else hint


def _safe_quote(quote_for: QuoteFor, job: JobRecord) -> float | None:
    value = quote_for(job)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return None
    return max(0.0, float(value))


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _setting(settings: Any, name: str, default: Any) -> Any:
    if hasattr(settings, name):
        return getattr(settings, name)
    extra = getattr(settings, "extra", None)
    return extra.get(name, default) if isinstance(extra, dict) else default


def _clean_caps(raw: Any) -> dict[str, float]:
    if not isinstance(raw, Mapping):
        return {}
    caps = {}
    for provider, amount in raw.items():
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            continue
        if isinstance(provider, str) and provider and math.isfinite(amount) and amount > 0:
            caps[provider] = float(amount)
    return caps
