"""Integration fixtures: a real sandbox server on loopback, with its state on disk."""

from __future__ import annotations

import pytest


@pytest.fixture
def live_sandbox(sandbox_factory, tmp_path):  # type: ignore[no-untyped-def]
    """A fast sandbox (jobs finish in well under a second) that persists its state."""
    return sandbox_factory(state_dir=tmp_path / "sandbox-state")
