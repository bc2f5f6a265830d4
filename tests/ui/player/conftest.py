"""Player UI fixtures: ``rig``, a QtPlayer on a FakeOutput driven by a manual clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from fakes.fake_audio import FakeOutput
from sonodesk.ui.player.qt_player import QtPlayer
from ui.player.player_rig import ManualClock, Rig


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    fake = FakeOutput(block_frames=256)
    clock = ManualClock()
    player = QtPlayer(fake, fade_ms=0.0, clock=clock)
    yield Rig(fake, clock, player, tmp_path)
    player.close()
