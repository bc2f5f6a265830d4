"""Window geometry, splitters and header layouts survive a restart, inside SONODESK_HOME."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QTableView

from sonodesk.core.paths import app_paths
from sonodesk.ui.ui_state import UI_STATE_FILE, UiState


def test_the_file_lives_in_the_config_dir(sonodesk_home: Path) -> None:
    state = UiState.in_config_dir(app_paths().config_dir)
    assert state.path == sonodesk_home / "config" / UI_STATE_FILE
    assert state.path.parent.is_dir()


def test_geometry_and_splitter_round_trip(qtbot) -> None:  # type: ignore[no-untyped-def]
    path = app_paths().config_dir / UI_STATE_FILE
    window = QMainWindow()
    qtbot.addWidget(window)
    splitter = QSplitter(Qt.Orientation.Horizontal)
    for text in ("a", "b", "c"):
        splitter.addWidget(QLabel(text))
    window.setCentralWidget(splitter)
    window.setGeometry(40, 60, 700, 500)  # inside the 800 px offscreen screen
    window.show()
    splitter.setSizes([120, 380, 180])
    saved_sizes = splitter.sizes()
    state = UiState(path)
    state.save_geometry("main", window)
    state.save_splitter("work", splitter)
    state.save_flag("jobs", False)
    state.sync()

    restored = QMainWindow()
    qtbot.addWidget(restored)
    other = QSplitter(Qt.Orientation.Horizontal)
    for text in ("a", "b", "c"):
        other.addWidget(QLabel(text))
    restored.setCentralWidget(other)
    fresh = UiState(path)  # a new process reads the file again
    assert fresh.restore_geometry("main", restored)
    assert fresh.restore_splitter("work", other)
    restored.show()
    assert restored.size() == window.size()
    assert other.sizes() == saved_sizes
    assert fresh.flag("jobs", True) is False
    assert fresh.flag("unknown", True) is True


def test_header_round_trip(qtbot) -> None:  # type: ignore[no-untyped-def]
    model = QStandardItemModel(2, 3)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.horizontalHeader().resizeSection(1, 222)
    state = UiState(app_paths().config_dir / UI_STATE_FILE)
    state.save_header("takes", table.horizontalHeader())
    again = QTableView()
    qtbot.addWidget(again)
    again.setModel(model)
    assert state.restore_header("takes", again.horizontalHeader())
    assert again.horizontalHeader().sectionSize(1) == 222


def test_missing_or_damaged_entries_are_ignored(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ui-state.ini"
    path.write_text("[splitters]\nwork=not a blob\n[mainWindow]\ngeometry=@Invalid()\n")
    state = UiState(path)
    splitter = QSplitter()
    qtbot.addWidget(splitter)
    window = QMainWindow()
    qtbot.addWidget(window)
    assert not state.restore_splitter("work", splitter)
    assert not state.restore_geometry("mainWindow", window)
    assert not state.restore_splitter("never-saved", splitter)
