"""LibraryModel: a virtual table over 10,000 takes that Qt's model tester accepts while it is
filtered, sorted and changed, and that keeps views' selections through every change."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt
from pytestqt.qtbot import QtBot

from sonodesk.core.library import LibraryQuery, SortKey
from sonodesk.ui.library import Column, LibraryModel
from sonodesk.ui.library.library_model import PLAYING_ROLE, ROW_ROLE, TAKE_ID_ROLE
from ui.library.library_rig import LibraryRig


def modeltest_failures(request: pytest.FixtureRequest) -> list[str]:
    """What Qt's QAbstractItemModelTester reported (it reports failures as Qt warnings)."""
    capture = request.node.qt_log_capture  # type: ignore[attr-defined]
    return [r.message for r in capture.records if "FAIL!" in r.message]


def ids(model: LibraryModel) -> list[str]:
    return [model.take_id(r) for r in range(model.rowCount())]  # type: ignore[misc]


@pytest.fixture
def big(rig: LibraryRig) -> Iterator[LibraryRig]:
    rig.bulk(10_000)
    every = [row[0] for row in rig.store.connection.execute("SELECT id FROM takes ORDER BY id")]
    rig.library.add_tags(every[::4], ["drums"])
    rig.library.set_favorite(every[::10], True)
    rig.library.rate(every[::3], 4)
    yield rig


def test_qt_model_tester_passes_with_10000_takes_while_filtering_and_sorting(
    big: LibraryRig,
    qtmodeltester,
    request: pytest.FixtureRequest,  # type: ignore[no-untyped-def]
) -> None:
    model = LibraryModel(big.library)
    assert model.rowCount() == 10_000 and model.columnCount() == len(Column)
    qtmodeltester.check(model)  # Qt's C++ tester: it stays attached and checks every change
    assert modeltest_failures(request) == []
    model.set_query(dataclasses.replace(model.query, text="rain"))
    assert 0 < model.rowCount() < 10_000
    model.set_query(dataclasses.replace(model.query, tags=("drums",), favorite_only=True))
    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)
    model.sort(Column.RATING, Qt.SortOrder.DescendingOrder)
    model.set_query(LibraryQuery(min_rating=4, sort_key=SortKey.DURATION))
    model.sort(Column.COST, Qt.SortOrder.AscendingOrder)
    model.set_query(LibraryQuery())
    assert model.rowCount() == 10_000
    arrived = big.add(20_000, audio=False, created_at=big.now + 5)
    assert model.take_added(arrived.id) and model.rowCount() == 10_001
    gone = [model.take_id(r) for r in (0, 5, 6, 9_000)]
    model.remove_takes(gone, lambda: big.library.delete(gone))  # type: ignore[arg-type]
    assert model.rowCount() == 9_997
    assert modeltest_failures(request) == []


def test_only_the_pages_looked_at_are_read(big: LibraryRig) -> None:
    model = LibraryModel(big.library, page_size=200)
    assert model.rowCount() == 10_000
    assert model.pages_read == 0
    assert model.data(model.index(9_999, Column.TITLE))
    assert model.data(model.index(0, Column.TITLE))
    assert model.pages_read == 2


def test_python_model_tester_follows_inserts_removals_and_moves(
    rig: LibraryRig,
    qtmodeltester,  # type: ignore[no-untyped-def]
) -> None:
    rig.bulk(300)
    model = LibraryModel(rig.library, page_size=50)
    qtmodeltester.check(model, force_py=True)  # asserts on every signal
    ensure = model.take_id(17)
    assert ensure is not None

    # A new take arrives: newest first, so it lands on row 0.
    new = rig.add(5_000, audio=False, created_at=rig.now + 60)
    assert model.take_added(new.id)
    assert model.take_id(0) == new.id and model.rowCount() == 301

    # Several takes leave at once (non-adjacent rows): removed block by block.
    doomed = [model.take_id(r) for r in (3, 4, 90, 250)]
    model.remove_takes(doomed, lambda: rig.library.delete(doomed))  # type: ignore[arg-type]
    assert model.rowCount() == 297 and not set(doomed) & set(ids(model))

    # Rating a take while sorted by rating moves its row to its new place.
    model.sort(Column.RATING, Qt.SortOrder.DescendingOrder)
    mover = model.take_id(200)
    assert mover is not None
    model.edit_takes([mover], lambda: rig.library.rate([mover], 5))
    assert model.take_id(0) == mover

    # Un-favouriting in a favourites-only view drops the row.
    rig.library.set_favorite([model.take_id(r) for r in range(5)], True)  # type: ignore[misc]
    model.set_query(dataclasses.replace(model.query, favorite_only=True))
    assert model.rowCount() == 5
    gone = model.take_id(2)
    model.edit_takes([gone], lambda: rig.library.set_favorite([gone], False))  # type: ignore[list-item]
    assert model.rowCount() == 4 and gone not in ids(model)

    # Undo brings the deleted takes back at their places.
    model.set_query(LibraryQuery())
    restored = model.insert_takes(rig.library.restore(doomed))  # type: ignore[arg-type]
    assert len(restored) == 4 and model.rowCount() == 301


def test_selection_and_current_follow_a_re_sort(rig: LibraryRig, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTableView

    rig.bulk(500)
    model = LibraryModel(rig.library, page_size=64)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    chosen = [model.take_id(r) for r in (10, 11, 400)]
    selection = view.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    for row in (10, 11, 400):
        selection.select(model.index(row, 0), flags.Select | flags.Rows)
    selection.setCurrentIndex(model.index(400, 0), flags.NoUpdate)

    model.sort(Column.TITLE, Qt.SortOrder.AscendingOrder)

    kept = {model.take_id(i.row()) for i in selection.selectedRows()}
    assert kept == set(chosen)
    assert model.take_id(selection.currentIndex().row()) == chosen[2]
    assert model.row_of(chosen[2]) == rig.library.index_of(model.query, chosen[2])  # type: ignore[arg-type]


def test_a_take_arriving_keeps_the_selected_take_selected(rig: LibraryRig, qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QTableView

    rig.bulk(50)
    model = LibraryModel(rig.library)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    picked = model.take_id(7)
    view.selectRow(7)
    tracked = QPersistentModelIndex(model.index(7, 0))

    new = rig.add(900, audio=False, created_at=rig.now + 1)
    model.take_added(new.id)

    assert tracked.row() == 8 and model.take_id(8) == picked
    assert [model.take_id(i.row()) for i in view.selectionModel().selectedRows()] == [picked]
    assert not model.take_added("take_that_does_not_match_anything")


def test_roles_tooltips_and_the_playing_mark(rig: LibraryRig) -> None:
    take = rig.add(0, seconds=0.2)
    rig.library.set_notes(take.id, "Use in the bridge")
    model = LibraryModel(rig.library)
    title = model.index(0, Column.TITLE)
    assert model.data(title) == take.title
    assert model.data(title, TAKE_ID_ROLE) == take.id
    assert model.data(title, ROW_ROLE).prompt == take.prompt
    tip = model.data(title, Qt.ItemDataRole.ToolTipRole)
    assert take.prompt in tip and "Use in the bridge" in tip
    assert model.data(model.index(0, Column.PROMPT), Qt.ItemDataRole.ToolTipRole) == take.prompt
    assert model.data(model.index(0, Column.DURATION)) == "0:00.2"
    assert model.data(model.index(0, Column.COST)) == "0.5 CU"
    assert not model.data(title, PLAYING_ROLE)
    model.set_playing(take.id)
    assert model.data(title, PLAYING_ROLE)
    assert model.data(model.index(5, 0)) is None and model.data(QModelIndex()) is None
