"""Price a sweep with an async per-job quote (a dry run): once per group of cells that cost the
same, a few at a time. Asyncio only: no Qt, no I/O of its own.
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Awaitable, Callable
from typing import Any

from sonodesk.core.errors import SonodeskError
from sonodesk.core.sweeps.plan import SweepPlan

log = logging.getLogger(__name__)
AsyncQuote = Callable[[dict[str, Any]], Awaitable[float | None]]


async def price_sweep(plan: SweepPlan, quote: AsyncQuote, *, concurrency: int = 4) -> SweepPlan:
    """The plan with every cell's quote filled in; a quote that fails leaves its cells unpriced."""
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(group: tuple[int, ...]) -> tuple[tuple[int, ...], float | None]:
        async with gate:
            try:
                price = await quote(plan.cells[group[0]].params)
            except SonodeskError as exc:
                log.info("sweep quote failed: %s", exc.message)
                price = None
        if isinstance(price, bool) or not isinstance(price, int | float):
            return group, None
        return group, float(price) if math.isfinite(price) else None

    results = await asyncio.gather(*(one(group) for group in plan.price_groups()))
    quotes: dict[int, float | None] = {}
    for group, price in results:
        quotes.update(dict.fromkeys(group, price))
    return plan.with_quotes(quotes)
