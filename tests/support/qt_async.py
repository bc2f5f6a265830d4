"""Run a coroutine from a synchronous UI test on the qasync loop, pumping Qt while it runs."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_async(qtbot: Any, coro: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """Schedule ``coro`` on the running (qasync) loop and wait for it with qtbot."""
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=int(timeout * 1000))
    return task.result()
