"""Window fixtures: a session on a loopback sandbox and the real main window over a FakeOutput."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fakes.fake_audio import FakeOutput
from sonodesk.core.session import Session, open_session
from sonodesk.ui.compose import build_main_window
from sonodesk.ui.theme import apply_theme
from support.qt_async import run_async


@pytest.fixture
def fake_output() -> FakeOutput:
    return FakeOutput(block_frames=512)


@pytest.fixture
def session(qloop, qtbot, sandbox) -> Iterator[Session]:  # type: ignore[no-untyped-def]
    opened = run_async(qtbot, open_session(api_url=sandbox.api_url))
    yield opened
    run_async(qtbot, opened.aclose())


@pytest.fixture
def window(qapp, qtbot, session, fake_output):  # type: ignore[no-untyped-def]
    apply_theme(qapp, "dark")
    win = run_async(qtbot, build_main_window(session, output=fake_output))
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()
