"""Edits in the details panel and in the table reach the database and the row, and the
re-run buttons hand out the right requests."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QKeySequence
from pytestqt.qtbot import QtBot

from sonodesk.core.library import RerunRequest
from sonodesk.ui.library import Column, LibraryPage
from sonodesk.ui.library.glyphs import STAR_GAP
from sonodesk.ui.library.take_delegate import STAR_SIZE, TakeDelegate
from ui.library.library_rig import LibraryRig


@pytest.fixture
def page(rig: LibraryRig, make_page) -> LibraryPage:  # type: ignore[no-untyped-def]
    rig.add_many(5, seconds=0.2)
    page: LibraryPage = make_page()
    assert page.select_take("take_000001")
    return page


def row_of(page: LibraryPage, take_id: str):  # type: ignore[no-untyped-def]
    row = page.model.row_of(take_id)
    assert row is not None
    return page.model.row_data(row)


def star_point(stars_left: float, cell: QRect, star: int, size: float = STAR_SIZE) -> QPoint:
    x = stars_left + (star - 1) * (size + STAR_GAP) + size / 2
    return QPoint(round(x), cell.center().y())


def test_rating_favourite_tags_notes_and_title_are_saved(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    details = page.details
    take_id = "take_000001"
    assert details.take_id == take_id

    stars = details.rating
    qtbot.mouseClick(stars, Qt.MouseButton.LeftButton, pos=star_point(3.0, stars.rect(), 4, 16.0))
    assert rig.library.take(take_id).rating == 4 and row_of(page, take_id).rating == 4

    qtbot.mouseClick(details.favorite, Qt.MouseButton.LeftButton)
    assert rig.library.take(take_id).favorite and row_of(page, take_id).favorite

    entry = details.tags.entry
    qtbot.keyClicks(entry, "Drums")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClicks(entry, "warm pad")
    qtbot.keyClick(entry, Qt.Key.Key_Return)
    assert rig.library.take(take_id).tags == ("Drums", "warm pad")
    assert row_of(page, take_id).tags == ("Drums", "warm pad")
    qtbot.waitUntil(lambda: page.sidebar.tag_chip("Drums") is not None, timeout=2000)

    details.notes.setFocus()
    qtbot.keyClicks(details.notes, "Great for the bridge")
    qtbot.waitUntil(lambda: rig.library.take(take_id).notes == "Great for the bridge", timeout=3000)
    tip = page.model.data(
        page.model.index(page.model.row_of(take_id), Column.TITLE),  # type: ignore[arg-type]
        Qt.ItemDataRole.ToolTipRole,
    )
    assert "Great for the bridge" in tip

    title = details.title_edit
    title.setFocus()
    title.selectAll()
    qtbot.keyClicks(title, "Bridge pad, keeper")
    qtbot.keyClick(title, Qt.Key.Key_Return)
    assert rig.library.take(take_id).title == "Bridge pad, keeper"
    assert row_of(page, take_id).title == "Bridge pad, keeper"


def test_notes_are_saved_when_focus_leaves(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    page.details.notes.setFocus()
    qtbot.waitUntil(page.details.notes.hasFocus)
    qtbot.keyClicks(page.details.notes, "Too busy")
    page.table.setFocus()
    qtbot.waitUntil(lambda: rig.library.take("take_000001").notes == "Too busy", timeout=1000)


def test_an_empty_title_is_refused_and_esc_abandons_a_rename(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    before = rig.library.take("take_000001").title
    title = page.details.title_edit
    title.setText("   ")
    title.editingFinished.emit()
    assert rig.library.take("take_000001").title == before
    assert title.text() == before

    page.select_take("take_000002")
    page.play_current()
    title.setFocus()
    qtbot.waitUntil(title.hasFocus)
    qtbot.keyClicks(title, " (draft)")
    qtbot.keyClick(title, Qt.Key.Key_Escape)
    assert title.text() == rig.library.take("take_000002").title
    assert rig.player.is_playing  # Esc went to the field, not to the player


def test_clicking_stars_and_the_heart_in_the_table(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    table = page.table
    row = page.model.row_of("take_000003")
    assert row is not None
    current = page.current_take_id()

    cell = table.visualRect(page.model.index(row, Column.RATING))
    left = TakeDelegate.stars_left(cell)  # type: ignore[arg-type]
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=star_point(left, cell, 3))
    assert rig.library.take("take_000003").rating == 3
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=star_point(left, cell, 3))
    assert rig.library.take("take_000003").rating == 0  # the same star again clears it

    heart = table.visualRect(page.model.index(row, Column.FAVORITE))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=heart.center())
    assert rig.library.take("take_000003").favorite
    assert page.current_take_id() == current  # clicks on marks do not move the selection
    assert not rig.player.has_take  # ... nor audition the row


def test_use_params_re_run_and_new_variation(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    take = rig.library.take("take_000001").record
    page.rng = random.Random(7)
    with qtbot.waitSignal(page.sig_use_params_requested) as used:
        qtbot.mouseClick(page.details.use_params_button, Qt.MouseButton.LeftButton)
    request = used.args[0]
    assert isinstance(request, RerunRequest) and request.exact
    assert request.seed == take.seed and request.params == take.params
    assert (request.model_id, request.provider) == (take.model_id, take.provider)

    with qtbot.waitSignal(page.sig_rerun_requested) as rerun:
        qtbot.mouseClick(page.details.rerun_button, Qt.MouseButton.LeftButton)
    assert rerun.args[0].exact and rerun.args[0].seed == take.seed

    with qtbot.waitSignal(page.sig_rerun_requested) as variation:
        qtbot.mouseClick(page.details.variation_button, Qt.MouseButton.LeftButton)
    fresh = variation.args[0]
    assert not fresh.exact and fresh.seed != take.seed
    assert fresh.params["seed"] == fresh.seed and fresh.params["prompt"] == take.prompt


def test_export_reveal_and_the_details_of_a_take(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    details = page.details
    assert details.info["model"].text() == "Lyria 3 Pro"
    assert details.info["provider"].text() == "Scenario"
    assert details.info["format"].text() == "WAV · 48 kHz · stereo"
    assert details.info["seed"].text() == "1037"
    assert '"seed": 1037' in details.params.toPlainText()

    page.table.selectAll()
    with qtbot.waitSignal(page.sig_export_requested) as export:
        qtbot.mouseClick(details.export_button, Qt.MouseButton.LeftButton)
    assert export.args[0] == [f"take_{i:06d}" for i in range(5)]

    class Catcher(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot("QUrl")
        def open(self, url) -> None:  # type: ignore[no-untyped-def]
            self.urls.append(url.toLocalFile())

    catcher = Catcher()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    try:
        page.select_take("take_000001")
        qtbot.mouseClick(details.reveal_button, Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert catcher.urls == [str(rig.takes_dir)]


def test_digit_keys_rate_the_current_take_and_ctrl_f_finds(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    page.table.setFocus()
    qtbot.waitUntil(page.table.hasFocus)
    qtbot.keyClick(page.table, Qt.Key.Key_4)
    assert rig.library.take("take_000001").rating == 4
    assert page.details.rating.value() == 4
    qtbot.keyClick(page.table, Qt.Key.Key_0)
    assert rig.library.take("take_000001").rating == 0
    qtbot.keySequence(page.table, QKeySequence(QKeySequence.StandardKey.Find))
    assert page.sidebar.search.hasFocus()


def test_reveal_selects_the_file_on_macos_and_windows() -> None:
    from pathlib import Path

    from sonodesk.ui.library.file_actions import reveal_command

    take = Path("/music/takes/a.wav")
    assert reveal_command(take, "darwin") == ("open", ["-R", "/music/takes/a.wav"])
    program, arguments = reveal_command(take, "win32")  # type: ignore[misc]
    assert program == "explorer" and arguments[0].startswith("/select,")
    assert reveal_command(take, "linux") is None  # the folder opens through the desktop
