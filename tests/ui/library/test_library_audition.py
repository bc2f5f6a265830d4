"""Sample-browser auditioning: arrow keys select and play at once, Space and Esc stay the
player's (the table never swallows them), and the toggle turns auditioning off."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from sonodesk.ui.library import Column, LibraryPage
from sonodesk.ui.player.player_widget import PlayerWidget
from ui.library.library_rig import RATE, LibraryRig, dispose


class Window(QWidget):
    """A stand-in main window: the page above the player, transport shortcuts on the window."""

    def __init__(self, page: LibraryPage, player_widget: PlayerWidget) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        layout.addWidget(page, 1)
        layout.addWidget(player_widget)
        self.addActions(player_widget.actions())


@pytest.fixture
def window(rig: LibraryRig, qtbot: QtBot) -> Iterator[Window]:
    rig.add_many(8, seconds=2.0)
    page = LibraryPage(rig.library, rig.player)
    window = Window(page, PlayerWidget(rig.player))
    window.resize(1280, 900)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    window.page = page  # type: ignore[attr-defined]
    yield window
    dispose(window)


def wait_decoded(rig: LibraryRig) -> None:
    source = rig.player.core.source
    assert source is not None
    assert source.wait_done(5.0)  # type: ignore[attr-defined]


def test_down_three_times_plays_the_third_take(
    window: Window, rig: LibraryRig, qtbot: QtBot
) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    third = page.model.row_data(2)
    assert third is not None
    for _ in range(3):
        qtbot.keyClick(page.table, Qt.Key.Key_Down)

    assert page.current_take_id() == third.id
    assert rig.player.path == third.file_path and rig.player.is_playing
    wait_decoded(rig)
    rig.fake.clear()
    rig.advance(0.1)
    heard = rig.fake.recorded
    assert len(heard) == RATE // 10
    np.testing.assert_allclose(heard, rig.audio[third.id][: RATE // 10], atol=1e-4)
    assert page.model.data(page.model.index(2, 1), Qt.ItemDataRole.UserRole + 4)  # marked playing

    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert rig.player.state == "paused"
    assert page.table.selectionModel().selectedRows()[0].row() == 2  # Space did not select
    assert len(page.table.selectionModel().selectedRows()) == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert rig.player.state == "playing"
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert rig.player.state == "stopped" and rig.player.exact_position() == 0.0
    assert page.current_take_id() == third.id


def test_page_keys_work_without_window_shortcuts(rig: LibraryRig, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    rig.add_many(3, seconds=1.0)
    page: LibraryPage = make_page()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert rig.player.is_playing
    qtbot.keyClick(page.table, Qt.Key.Key_Space)
    assert rig.player.state == "paused"
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    assert rig.player.state == "stopped"


def test_end_home_and_page_keys_audition_too(window: Window, rig: LibraryRig, qtbot: QtBot) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_End)
    last = page.model.row_data(page.model.rowCount() - 1)
    assert last is not None and rig.player.path == last.file_path
    qtbot.keyClick(page.table, Qt.Key.Key_Home)
    first = page.model.row_data(0)
    assert first is not None and rig.player.path == first.file_path


def test_auditioning_can_be_turned_off(window: Window, rig: LibraryRig, qtbot: QtBot) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    assert page.audition_on_select
    qtbot.mouseClick(page.audition_toggle, Qt.MouseButton.LeftButton)
    assert not page.audition_on_select
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.current_take_id() is not None and not rig.player.has_take
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # Enter still plays on purpose
    assert rig.player.is_playing


def test_held_arrow_key_auditions_where_it_comes_to_rest(
    window: Window, rig: LibraryRig, qtbot: QtBot
) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    loads: list[str] = []
    rig.player.sig_take_loaded.connect(lambda path, _d: loads.append(path))
    for _ in range(4):
        held = QKeyEvent(
            QEvent.Type.KeyPress, Qt.Key.Key_Down, Qt.KeyboardModifier.NoModifier, "", True
        )  # auto-repeat
        QApplication.sendEvent(page.table, held)
    assert loads == []
    rested = page.model.row_data(3)
    assert rested is not None
    qtbot.waitUntil(lambda: loads == [rested.file_path], timeout=2000)


def test_typing_in_the_table_goes_to_the_search_field(window: Window, qtbot: QtBot) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    qtbot.keyClicks(page.table, "rain")
    assert page.sidebar.search.hasFocus() and page.sidebar.search.text() == "rain"


def test_clicking_a_row_plays_it(window: Window, rig: LibraryRig, qtbot: QtBot) -> None:
    page: LibraryPage = window.page  # type: ignore[attr-defined]
    cell = page.table.visualRect(page.model.index(4, Column.TITLE))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=cell.center())
    fifth = page.model.row_data(4)
    assert fifth is not None and rig.player.path == fifth.file_path and rig.player.is_playing


def test_a_new_take_arrives_without_moving_the_view(
    rig: LibraryRig,
    make_page,
    qtbot: QtBot,  # type: ignore[no-untyped-def]
) -> None:
    rig.add_many(60, seconds=0.05)
    page: LibraryPage = make_page()
    page.select_take("take_000030")
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    top = page.model.take_id(page.table.rowAt(0))

    fresh = rig.add(500, seconds=0.05, created_at=rig.now + 10)
    page.take_added(fresh.id)

    assert page.model.rowCount() == 61 and page.model.take_id(0) == fresh.id
    assert page.model.take_id(page.table.rowAt(0)) == top  # the same takes stay in view
    assert page.selected_take_ids() == ["take_000030"]
    assert page.current_take_id() == "take_000030"
    assert not rig.player.has_take  # arriving takes never interrupt listening
    qtbot.waitUntil(lambda: page.sidebar.count_label.text() == "61", timeout=2000)
