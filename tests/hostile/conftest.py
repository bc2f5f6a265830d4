"""Fixtures for the hostile-input tests."""

from __future__ import annotations

import logging

import pytest

from sonodesk.core.logsetup import configure_logging


@pytest.fixture
def quiet_logging():  # type: ignore[no-untyped-def]
    """The CLI's main() installs the app's log handlers; take them down after the test."""
    level = logging.getLogger().level
    yield
    configure_logging(None, level=level)
