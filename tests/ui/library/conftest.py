"""Library page fixtures: ``rig`` (store, library, player on a FakeOutput) and ``page``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fakes.fake_audio import FakeOutput
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library
from sonodesk.ui.library import LibraryPage
from sonodesk.ui.player.qt_player import QtPlayer
from ui.library.library_rig import LibraryRig, dispose
from ui.player.player_rig import ManualClock


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[LibraryRig]:
    store = JobStore(tmp_path / "sonodesk.db")
    library = Library(store, tmp_path / "trash")
    fake = FakeOutput(block_frames=256)
    clock = ManualClock()
    player = QtPlayer(fake, fade_ms=0.0, clock=clock)
    yield LibraryRig(store, library, tmp_path, fake, clock, player)
    player.close()
    store.close()


@pytest.fixture
def make_page(qtbot: QtBot, rig: LibraryRig) -> Iterator[Callable[..., LibraryPage]]:
    """Build the page over the rig's library (after the test has added its takes)."""
    made: list[LibraryPage] = []

    def make(size: tuple[int, int] = (1280, 800)) -> LibraryPage:
        page = LibraryPage(rig.library, rig.player)
        page.resize(*size)
        page.show()
        qtbot.waitExposed(page)
        page.activateWindow()
        qtbot.waitUntil(page.isActiveWindow)
        made.append(page)
        return page

    yield make
    for page in made:
        dispose(page)
