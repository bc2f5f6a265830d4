"""The sidebar drives the table: as-you-type search, models, providers, favourites, rating,
dates and tags (all of them), and header clicks sort."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from sonodesk.core.library.date_presets import DAY, DatePreset
from sonodesk.ui.library import Column, LibraryPage
from ui.library.library_rig import LibraryRig


def titles(page: LibraryPage) -> list[str]:
    return [page.model.row_data(r).title for r in range(page.model.rowCount())]  # type: ignore[union-attr]


def take_ids(page: LibraryPage) -> list[str]:
    return [page.model.take_id(r) for r in range(page.model.rowCount())]  # type: ignore[misc]


@pytest.fixture
def page(rig: LibraryRig, make_page) -> LibraryPage:  # type: ignore[no-untyped-def]
    rig.add_many(24, seconds=0.1)
    rig.tag_and_rate()
    return make_page()


def test_typing_in_the_search_field_filters_as_you_type(page: LibraryPage, qtbot: QtBot) -> None:
    assert page.model.rowCount() == 24
    search = page.findChild(object, "librarySearch")
    assert search is page.sidebar.search
    qtbot.keyClicks(search, "taik")  # a prefix is enough
    assert page.model.rowCount() == 24  # debounced: nothing yet
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=2000)
    assert titles(page) == ["Taiko trailer rise", "Taiko trailer rise 2"]
    assert page.sidebar.count_label.text() == "2 of 24"
    search.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 24, timeout=2000)


def test_models_providers_favourites_and_rating(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    lyria = page.sidebar.models.row("model_lyria-3-pro")
    assert lyria is not None and lyria.count == 4
    qtbot.mouseClick(lyria, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 4
    assert {page.model.row_data(r).model_name for r in range(4)} == {"Lyria 3 Pro"}  # type: ignore[union-attr]
    qtbot.mouseClick(lyria, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 24

    sandbox = page.sidebar.providers.row("sandbox")
    assert sandbox is not None and sandbox.text() == "Sandbox" and sandbox.count == 8
    qtbot.mouseClick(sandbox, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 8
    favorites = [r for r in range(8) if page.model.row_data(r).favorite]  # type: ignore[union-attr]
    qtbot.mouseClick(page.sidebar.favorites, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == len(favorites) > 0
    page.sidebar.clear()
    assert page.model.rowCount() == 24

    stars = page.sidebar.min_rating
    qtbot.mouseClick(
        stars, Qt.MouseButton.LeftButton, pos=QPoint(stars.width() - 8, stars.height() // 2)
    )
    assert stars.value() == 5
    rated = [row for row in (page.model.row_data(r) for r in range(page.model.rowCount()))]
    assert rated and all(row.rating == 5 for row in rated)  # type: ignore[union-attr]


def test_tags_filter_with_all_of_semantics(
    page: LibraryPage, rig: LibraryRig, qtbot: QtBot
) -> None:
    drums, bass = page.sidebar.tag_chip("drums"), page.sidebar.tag_chip("bass")
    assert drums is not None and bass is not None
    assert drums.text() == "drums  6" and bass.text() == "bass  3"
    qtbot.mouseClick(drums, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 6
    qtbot.mouseClick(bass, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3  # drums AND bass
    for take_id in take_ids(page):
        assert {"bass", "drums"} <= set(rig.library.take(take_id).tags)


def test_date_presets(rig: LibraryRig, make_page, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    rig.add(0, seconds=0.1, created_at=rig.now - 60)
    rig.add(1, seconds=0.1, created_at=rig.now - 3 * DAY)
    rig.add(2, seconds=0.1, created_at=rig.now - 20 * DAY)
    rig.add(3, seconds=0.1, created_at=rig.now - 90 * DAY)
    page = make_page()
    page.clock = lambda: rig.now
    counts = {}
    for preset in (DatePreset.TODAY, DatePreset.WEEK, DatePreset.MONTH, DatePreset.ALL):
        qtbot.mouseClick(page.sidebar.date_buttons[preset], Qt.MouseButton.LeftButton)
        counts[preset] = page.model.rowCount()
    assert counts == {
        DatePreset.TODAY: 1,
        DatePreset.WEEK: 2,
        DatePreset.MONTH: 3,
        DatePreset.ALL: 4,
    }


def test_header_clicks_sort_and_keep_the_current_take(page: LibraryPage, qtbot: QtBot) -> None:
    header = page.table.horizontalHeader()
    picked = page.model.take_id(5)
    assert picked is not None and page.select_take(picked)

    def click(column: Column) -> None:
        x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 10))

    click(Column.TITLE)
    assert titles(page) == sorted(titles(page), key=str.casefold)
    assert header.sortIndicatorSection() == Column.TITLE
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    click(Column.TITLE)
    assert titles(page) == sorted(titles(page), key=str.casefold, reverse=True)
    click(Column.RATING)  # numbers start with the biggest
    ratings = [page.model.row_data(r).rating for r in range(24)]  # type: ignore[union-attr]
    assert ratings == sorted(ratings, reverse=True)
    click(Column.TAGS)  # not sortable: nothing changes, the arrow stays on Rating
    assert header.sortIndicatorSection() == Column.RATING
    assert page.current_take_id() == picked
    assert page.model.take_id(page.table.currentIndex().row()) == picked


def test_a_header_click_looks_up_the_tracked_takes_once_each(
    page: LibraryPage, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The header tracks one index per column (all on one row), the view the current take:
    # two takes to find in the new order, not every id of the library.
    header = page.table.horizontalHeader()
    picked = page.model.take_id(5)
    assert picked is not None and page.select_take(picked)
    library = page.model.library
    calls: list[str] = []
    real_index_of, real_ids = library.index_of, library.ids
    monkeypatch.setattr(
        library, "index_of", lambda q, t: calls.append(f"index_of {t}") or real_index_of(q, t)
    )
    monkeypatch.setattr(library, "ids", lambda q: calls.append("ids") or real_ids(q))
    x = header.sectionViewportPosition(Column.TITLE) + header.sectionSize(Column.TITLE) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 10))
    assert "ids" not in calls
    assert len(calls) == len(set(calls)) <= 2
    assert page.current_take_id() == picked
