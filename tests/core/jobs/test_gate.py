"""The concurrency gate queues jobs first-come-first-served and follows the server's limit."""

from __future__ import annotations

import asyncio

from sonodesk.core.jobs.gate import ConcurrencyGate


def test_waits_for_a_free_slot_in_order() -> None:
    async def scenario() -> list[int]:
        gate = ConcurrencyGate(2)
        order: list[int] = []

        async def job(n: int) -> None:
            await gate.acquire()
            order.append(n)
            await asyncio.sleep(0.01)
            gate.release()

        await asyncio.gather(*(job(n) for n in range(6)))
        assert gate.in_flight == 0
        return order

    assert asyncio.run(scenario()) == list(range(6))


def test_never_more_than_the_limit_in_flight() -> None:
    async def scenario() -> int:
        gate = ConcurrencyGate(3)
        peak = 0

        async def job() -> None:
            nonlocal peak
            await gate.acquire()
            peak = max(peak, gate.in_flight)
            await asyncio.sleep(0.005)
            gate.release()

        await asyncio.gather(*(job() for _ in range(20)))
        return peak

    assert asyncio.run(scenario()) == 3


def test_lower_follows_the_server_and_recovers_slowly() -> None:
    gate = ConcurrencyGate(4)
    gate.lower(2)
    assert gate.limit == 2
    for _ in range(4):
        gate.submitted_cleanly()
    assert gate.limit == 2
    gate.submitted_cleanly()
    assert gate.limit == 3
    gate.lower(None)  # no number given: one below what is in flight, at least 1
    assert gate.limit == 1


def test_cancelled_waiter_does_not_leak_a_slot() -> None:
    async def scenario() -> int:
        gate = ConcurrencyGate(1)
        await gate.acquire()
        waiter = asyncio.create_task(gate.acquire())
        await asyncio.sleep(0)
        waiter.cancel()
        await asyncio.gather(waiter, return_exceptions=True)
        gate.release()
        return gate.in_flight

    assert asyncio.run(scenario()) == 0
