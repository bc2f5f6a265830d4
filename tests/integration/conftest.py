"""Integration fixtures: a real sandbox server on loopback and a Scenario provider pointed at it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sonodesk.sandbox.launcher import RunningSandbox, SandboxOptions, start_in_thread


@pytest.fixture
def live_sandbox(tmp_path) -> Iterator[RunningSandbox]:  # type: ignore[no-untyped-def]
    """A fast sandbox (jobs finish in well under a second) with its state on disk."""
    server = start_in_thread(SandboxOptions(time_scale=0.05, state_dir=tmp_path / "sandbox-state"))
    try:
        yield server
    finally:
        server.stop()
