"""A per-provider cap on jobs in flight, with a local FIFO queue and an adjustable limit.

A 429 that names the team's concurrency ceiling lowers the limit to what the server allows;
it creeps back up after a run of clean submits. Asyncio only: no threads, no Qt.
"""

from __future__ import annotations

import asyncio
from collections import deque


class ConcurrencyGate:
    def __init__(self, limit: int) -> None:
        self.max_limit = max(1, limit)
        self.limit = self.max_limit
        self.in_flight = 0
        self._waiters: deque[asyncio.Future[None]] = deque()
        self._clean_submits = 0

    @property
    def waiting(self) -> int:
        return sum(1 for w in self._waiters if not w.done())

    async def acquire(self) -> None:
        """Wait for a free slot (first come, first served)."""
        if self.in_flight < self.limit and not self.waiting:
            self.in_flight += 1
            return
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            await waiter
        except asyncio.CancelledError:
            if waiter.done() and not waiter.cancelled():
                self.release()  # the slot was handed to us just as we were cancelled
            raise

    def take(self) -> None:
        """Count a job that is already running on the server (resumed after a restart)."""
        self.in_flight += 1

    def release(self) -> None:
        self.in_flight = max(0, self.in_flight - 1)
        self._wake()

    def lower(self, server_limit: int | None) -> None:
        """The server refused a job for concurrency: never exceed what it now tolerates."""
        allowed = server_limit if server_limit else max(1, self.in_flight - 1)
        self.limit = max(1, min(self.limit, allowed, self.max_limit))
        self._clean_submits = 0

    def set_max(self, limit: int) -> None:
        """The user's own cap changed (Preferences); a server-imposed lower limit still holds."""
        lowered = self.limit < self.max_limit
        self.max_limit = max(1, limit)
        self.limit = min(self.limit, self.max_limit) if lowered else self.max_limit
        self._wake()

    def submitted_cleanly(self) -> None:
        self._clean_submits += 1
        if self.limit < self.max_limit and self._clean_submits >= 5:
            self.limit += 1
            self._clean_submits = 0
            self._wake()

    def _wake(self) -> None:
        while self._waiters and self.in_flight < self.limit:
            waiter = self._waiters.popleft()
            if not waiter.done():
                self.in_flight += 1
                waiter.set_result(None)
