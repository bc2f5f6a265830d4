"""Screenshots of the library page for review (tests/artifacts/library_*.png), 1280×800."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from sonodesk.ui.library import LibraryPage
from sonodesk.ui.theme import apply_theme
from ui.library.library_rig import LibraryRig, dispose

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
SIZE = (1280, 800)


@pytest.fixture
def themed(qapp: QApplication) -> Iterator[Callable[[str], None]]:
    palette, sheet, style = qapp.palette(), qapp.styleSheet(), qapp.style().name()
    yield lambda name: apply_theme(qapp, name)
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def filled(rig: LibraryRig) -> LibraryRig:
    """About forty takes across six models, with favourites, ratings, tags and a note."""
    rig.add_many(40, seconds=0.6, keep_duration=True)
    rig.tag_and_rate()
    rig.library.set_notes("take_000004", "Groove sits perfectly under the verse. Try at -2 dB.")
    return rig


def shoot(qtbot: QtBot, rig: LibraryRig, name: str) -> tuple[LibraryPage, Callable[[], Path]]:
    page = LibraryPage(rig.library, rig.player)
    page.resize(*SIZE)
    page.show()
    qtbot.waitExposed(page)

    def save() -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"library_{name}.png"
        QApplication.processEvents()
        assert page.grab().save(str(path))
        return path

    return page, save


@pytest.mark.parametrize("theme", ["dark", "light"])
def test_browsing(filled: LibraryRig, qtbot: QtBot, themed, theme: str) -> None:  # type: ignore[no-untyped-def]
    themed(theme)
    page, save = shoot(qtbot, filled, theme)
    page.select_take("take_000004")
    page.play_current()
    filled.advance(0.2)
    path = save()
    assert path.stat().st_size > 20_000
    dispose(page)


def test_comparing(filled: LibraryRig, qtbot: QtBot, themed) -> None:  # type: ignore[no-untyped-def]
    themed("dark")
    page, save = shoot(qtbot, filled, "compare")
    page.table.selectRow(1)
    page.table.selectionModel().select(
        page.model.index(4, 0),
        page.table.selectionModel().SelectionFlag.Select
        | page.table.selectionModel().SelectionFlag.Rows,
    )
    a, b = page.selected_take_ids()
    assert page.compare(a, b)
    qtbot.waitUntil(lambda: not page.compare_panel.comparison.measuring, timeout=5000)  # type: ignore[union-attr]
    page.compare_panel.toggle()
    path = save()
    assert path.stat().st_size > 20_000
    dispose(page)
