"""Trash with undo (real files move to the trash folder and back), errors in plain words,
and dragging takes out as real files."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, Qt
from PySide6.QtGui import QDrag, QKeySequence
from pytestqt.qtbot import QtBot

from sonodesk.ui.library import LibraryPage
from sonodesk.ui.library.library_model import URI_LIST
from ui.library.library_rig import LibraryRig


@pytest.fixture
def page(rig: LibraryRig, make_page) -> LibraryPage:  # type: ignore[no-untyped-def]
    rig.add_many(6, seconds=0.2)
    page: LibraryPage = make_page()
    page.table.setFocus()
    qtbot_select(page, [1, 3])
    return page


def qtbot_select(page: LibraryPage, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.clearSelection()
    for row in rows:
        selection.select(page.model.index(row, 0), flags.Select | flags.Rows)
    selection.setCurrentIndex(page.model.index(rows[0], 0), flags.NoUpdate)


def ids(page: LibraryPage) -> list[str]:
    return [page.model.take_id(r) for r in range(page.model.rowCount())]  # type: ignore[misc]


def test_delete_key_trashes_the_selection_and_undo_brings_it_back(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    chosen = page.selected_take_ids()
    assert chosen == ["take_000001", "take_000003"]
    homes = {t: Path(rig.library.take(t).record.file_path) for t in chosen}

    qtbot.keyClick(page.table, Qt.Key.Key_Delete)

    assert page.model.rowCount() == 4 and not set(chosen) & set(ids(page))
    for take_id, home in homes.items():
        assert not home.exists()
        in_trash = rig.library.audio_path(take_id)
        assert in_trash.exists() and (rig.tmp / "trash") in in_trash.parents
    assert page.notice.isVisible()
    assert page.notice.text.text() == "Moved 2 takes to the trash."
    undo = page.notice.action_buttons()
    assert [b.text() for b in undo] == ["Undo"]
    assert page.current_take_id() == "take_000002"  # the next take took the place

    qtbot.mouseClick(undo[0], Qt.MouseButton.LeftButton)

    assert ids(page) == [f"take_{i:06d}" for i in range(6)]
    assert all(home.exists() for home in homes.values())
    assert sorted(page.selected_take_ids()) == chosen
    assert "Restored 2 takes" in page.notice.text.text()


def test_ctrl_z_undoes_the_last_trash(page: LibraryPage, rig: LibraryRig, qtbot: QtBot) -> None:
    page.window().activateWindow()
    qtbot.waitUntil(page.window().isActiveWindow)
    assert page.move_to_trash(["take_000004"])
    assert "take_000004" not in ids(page)
    qtbot.keySequence(page.table, QKeySequence(QKeySequence.StandardKey.Undo))
    assert "take_000004" in ids(page)
    assert Path(rig.library.take("take_000004").record.file_path).exists()
    assert not page.undo_trash()  # nothing left to undo


def test_a_refused_move_is_reported_in_plain_words(page: LibraryPage, rig: LibraryRig) -> None:
    (rig.tmp / "trash").write_text("a file where the trash folder should be")
    assert not page.move_to_trash()
    assert page.model.rowCount() == 6
    message = page.notice.text.text()
    assert message.startswith("Nothing was moved to the trash")
    assert "Traceback" not in message and str(rig.tmp) not in message
    assert all(Path(rig.library.take(t).record.file_path).exists() for t in ids(page))


def test_trashing_the_take_being_played_stops_it(page: LibraryPage, rig: LibraryRig) -> None:
    page.select_take("take_000003")
    page.play_current()
    assert rig.player.has_take
    page.move_to_trash(["take_000003"])
    assert not rig.player.has_take


def test_dragging_gives_the_selected_takes_as_existing_files(
    page: LibraryPage, rig: LibraryRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    mime = page.model.mimeData(page.table.selectionModel().selectedIndexes())
    assert mime.hasUrls() and page.model.mimeTypes() == [URI_LIST]
    urls = mime.urls()
    assert all(url.isLocalFile() and url.scheme() == "file" for url in urls)
    paths = [Path(url.toLocalFile()) for url in urls]
    assert all(path.is_file() for path in paths)
    expected = [
        Path(rig.library.take(t).record.file_path).resolve() for t in ("take_000001", "take_000003")
    ]
    assert paths == expected

    dragged: list[QMimeData] = []

    def fake_exec(drag: QDrag, *_args: object) -> Qt.DropAction:
        dragged.append(drag.mimeData())
        return Qt.DropAction.CopyAction

    monkeypatch.setattr(QDrag, "exec", fake_exec)
    page.table.startDrag(Qt.DropAction.CopyAction)
    assert [Path(u.toLocalFile()) for u in dragged[0].urls()] == expected


def test_a_missing_file_is_left_out_of_the_drag(page: LibraryPage, rig: LibraryRig) -> None:
    Path(rig.library.take("take_000003").record.file_path).unlink()
    mime = page.model.mimeData(page.table.selectionModel().selectedIndexes())
    assert [Path(u.toLocalFile()).name for u in mime.urls()] == ["take-000001.wav"]
