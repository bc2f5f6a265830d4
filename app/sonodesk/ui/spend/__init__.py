"""The spend view: totals, a per-day chart, breakdowns and the budget cap (Qt widgets only)."""

from __future__ import annotations

from sonodesk.ui.spend.spend_view import SpendView

__all__ = ["SpendView"]
