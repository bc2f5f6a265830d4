"""What one job costs the user: spent, pending, refunded or nothing, in its provider's own unit.

Pure rules over a job's stored fields; reads no database and never mixes units. No Qt.

Assumptions, from the provider references:
- A job that never reached the server (no remote id) cost nothing. That includes a job whose
  POST went unconfirmed on a provider without a job list: we cannot know, so it counts 0.
- The server's figure (``cost``) is the truth once known; until then the dry-run quote stands in
  and the charge is marked ``estimated``.
- A job the server failed or canceled is refunded when the provider refunds failures (Scenario
  does unless the account set ``billing.disableRefund``, which Sonodesk does not read yet; the
  sandbox imitates Scenario). Elsewhere only a figure the server reported for it is counted.
- A job the server finished is charged, even when our download of it failed; a job we stopped
  tracking while it ran is charged too (its credits were committed).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.providers.status import RemoteStatus, parse_status


@dataclass(frozen=True)
class ProviderBilling:
    """How a provider bills: its unit, its display name, whether failed jobs are refunded."""

    unit: str
    name: str
    refunds_failures: bool


DEFAULT_BILLING: Mapping[str, ProviderBilling] = {
    "scenario": ProviderBilling("CU", "Scenario", refunds_failures=True),
    "sandbox": ProviderBilling("CU", "Sandbox", refunds_failures=True),
    "aimlapi": ProviderBilling("credits", "AI/ML API", refunds_failures=False),
}


def billing_for(
    provider: str, overrides: Mapping[str, ProviderBilling] | None = None
) -> ProviderBilling:
    """The provider's billing rules; an unknown provider gets a unit of its own (never mixed)."""
    if overrides and provider in overrides:
        return overrides[provider]
    known = DEFAULT_BILLING.get(provider)
    if known is not None:
        return known
    return ProviderBilling(f"{provider} units", provider, refunds_failures=False)


class ChargeKind(StrEnum):
    SPENT = "spent"
    PENDING = "pending"  # the job is still in flight: its quote (or known cost) is committed
    REFUNDED = "refunded"  # the provider ran it, it failed, the provider gave the money back
    NONE = "none"  # never reached the server


@dataclass(frozen=True)
class Charge:
    kind: ChargeKind
    amount: float  # what counts against spend (0 for REFUNDED and NONE)
    unit: str
    estimated: bool = False  # the amount is a quote, not the server's figure
    priced: bool = True  # False: neither a figure nor a quote is known (amount is 0)
    refunded: float = 0.0  # for REFUNDED: what the job would have cost


def classify_charge(
    *,
    state: JobState,
    remote_id: str | None,
    remote_status: str | None,
    has_outputs: bool,
    cost: float | None,
    quoted_cost: float | None,
    billing: ProviderBilling,
) -> Charge:
    """The charge for one job's stored fields (see the module docstring for the rules)."""
    cost, quoted_cost = _number(cost), _number(quoted_cost)
    unit = billing.unit
    if not state.terminal:
        amount, estimated, priced = _best(cost, quoted_cost)
        return Charge(ChargeKind.PENDING, amount, unit, estimated, priced)
    if not remote_id:
        return Charge(ChargeKind.NONE, 0.0, unit)
    remote = parse_status(remote_status)
    server_gave_up = remote in (RemoteStatus.FAILURE, RemoteStatus.CANCELED) and not has_outputs
    if server_gave_up:
        if billing.refunds_failures:
            would_have, _, _ = _best(cost, quoted_cost)
            return Charge(ChargeKind.REFUNDED, 0.0, unit, refunded=would_have)
        # No refund rule: count only what the server said it used.
        return Charge(ChargeKind.SPENT, cost or 0.0, unit)
    amount, estimated, priced = _best(cost, quoted_cost)
    return Charge(ChargeKind.SPENT, amount, unit, estimated, priced)


def charge_for(job: JobRecord, overrides: Mapping[str, ProviderBilling] | None = None) -> Charge:
    """The charge for a job record."""
    return classify_charge(
        state=job.state,
        remote_id=job.remote_id,
        remote_status=job.remote_status,
        has_outputs=bool(job.outputs),
        cost=job.cost,
        quoted_cost=job.quoted_cost,
        billing=billing_for(job.provider, overrides),
    )


def format_amount(amount: float, unit: str) -> str:
    """'52 CU', '2.5 CU', '1,260 credits': at most two decimals, thousands grouped."""
    text = f"{amount:,.2f}".rstrip("0").rstrip(".")
    return f"{'0' if text in ('', '-0') else text} {unit}"


def _best(cost: float | None, quoted: float | None) -> tuple[float, bool, bool]:
    """(amount, estimated, priced): the server's figure, else the quote, else 0 unpriced."""
    if cost is not None:
        return cost, False, True
    if quoted is not None:
        return quoted, True, True
    return 0.0, False, False


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) and value >= 0 else None
