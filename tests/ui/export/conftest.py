"""Export dialog fixtures: a real JobStore with three short takes, and a dark-themed app."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.jobs.store import JobStore
from ui.export.export_rig import make_takes


@pytest.fixture
def store(tmp_path: Path) -> Iterator[JobStore]:
    opened = JobStore(tmp_path / "sonodesk.db")
    yield opened
    opened.close()


@pytest.fixture
def takes(store: JobStore, tmp_path: Path) -> list[TakeRecord]:
    return make_takes(store, tmp_path / "library")


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "exports"


@pytest.fixture
def dark(qapp):
    """Sonodesk's dark theme for the test; the app's look is put back afterwards."""
    from PySide6.QtGui import QPalette

    from sonodesk.ui.theme import apply_theme

    palette, sheet = QPalette(qapp.palette()), qapp.styleSheet()
    apply_theme(qapp, "dark")
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
