"""Price quotes for the Generate button: debounced, latest-wins, cached per exact params.

A burst of edits to a cost-relevant field asks the server once, after the edits settle; an
answer for params the user has since changed is dropped. Asyncio only: no Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sonodesk.core.errors import SonodeskError
from sonodesk.core.jobs.records import dumps
from sonodesk.core.providers.base import PriceQuote

log = logging.getLogger(__name__)
QuoteFn = Callable[[str, Mapping[str, Any]], Awaitable[PriceQuote]]


@dataclass(frozen=True)
class QuoteResult:
    model_id: str
    params: Mapping[str, Any]
    quote: PriceQuote | None
    error: str | None = None


def format_price(quote: PriceQuote | None, takes: int = 1) -> str | None:
    """'2.5 CU' for one take, the total for several; None when the price is unknown."""
    if quote is None or quote.cost is None:
        return None
    total = quote.cost * max(1, takes)
    text = f"{total:.2f}".rstrip("0").rstrip(".")
    return f"{text} {quote.unit}"


class PriceQuoter:
    def __init__(
        self,
        quote: QuoteFn,
        on_result: Callable[[QuoteResult], None],
        *,
        delay: float = 0.4,
        cache_size: int = 128,
    ) -> None:
        self._quote = quote
        self._on_result = on_result
        self._delay = delay
        self._cache: OrderedDict[str, PriceQuote] = OrderedDict()
        self._cache_size = cache_size
        self._task: asyncio.Task[None] | None = None
        self._wanted: str | None = None

    @staticmethod
    def key(model_id: str, params: Mapping[str, Any]) -> str:
        return f"{model_id}|{dumps(dict(params))}"

    def request(self, model_id: str, params: Mapping[str, Any]) -> None:
        """Ask for a price soon; a newer request replaces this one."""
        key = self.key(model_id, params)
        self._wanted = key
        cached = self._cache.get(key)
        if cached is not None:
            self.cancel()
            self._on_result(QuoteResult(model_id, params, cached))
            return
        self.cancel()
        self._task = asyncio.get_running_loop().create_task(self._run(key, model_id, params))

    def cancel(self) -> None:
        """Drop the pending request, if any."""
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = None

    async def _run(self, key: str, model_id: str, params: Mapping[str, Any]) -> None:
        await asyncio.sleep(self._delay)
        try:
            quote = await self._quote(model_id, params)
        except SonodeskError as exc:
            if key == self._wanted:
                self._on_result(QuoteResult(model_id, params, None, exc.message))
            return
        self._cache[key] = quote
        self._cache.move_to_end(key)
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        if key == self._wanted:  # the user may have changed the params meanwhile
            self._on_result(QuoteResult(model_id, params, quote))

    async def aclose(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
