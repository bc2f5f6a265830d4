"""Spend: what jobs cost per day, model and provider (per unit), and budget caps that refuse a
job or a whole batch before anything is sent. Reads the job store; writes nothing; no Qt.
"""

from __future__ import annotations

from sonodesk.core.spend.billing import (
    DEFAULT_BILLING,
    Charge,
    ChargeKind,
    ProviderBilling,
    billing_for,
    charge_for,
    classify_charge,
    format_amount,
)
from sonodesk.core.spend.budget import (
    NEAR_CAP,
    BatchVerdict,
    BudgetPolicy,
    BudgetStatus,
    batch_refusal,
    budget_status,
    check_batch,
    make_budget_check,
    recent_cost_estimate,
)
from sonodesk.core.spend.ledger import (
    DayAmount,
    LedgerEntry,
    SpendRow,
    SpendSummary,
    Tally,
    ledger_entries,
    spend_summary,
)
from sonodesk.core.spend.periods import PERIODS, Period, period_start, period_words
from sonodesk.core.spend.snapshot import HISTORY_DAYS, SpendSnapshot, spend_snapshot

__all__ = [
    "DEFAULT_BILLING",
    "HISTORY_DAYS",
    "NEAR_CAP",
    "PERIODS",
    "BatchVerdict",
    "BudgetPolicy",
    "BudgetStatus",
    "Charge",
    "ChargeKind",
    "DayAmount",
    "LedgerEntry",
    "Period",
    "ProviderBilling",
    "SpendRow",
    "SpendSnapshot",
    "SpendSummary",
    "Tally",
    "batch_refusal",
    "billing_for",
    "budget_status",
    "charge_for",
    "check_batch",
    "classify_charge",
    "format_amount",
    "ledger_entries",
    "make_budget_check",
    "period_start",
    "period_words",
    "recent_cost_estimate",
    "spend_snapshot",
    "spend_summary",
]
