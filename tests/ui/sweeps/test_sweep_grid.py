"""SweepGrid: states per cell, auditioning the right take on click and with the arrow keys."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from fakes.fake_audio import FakeOutput
from sonodesk.core.jobs.records import JobState
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.sweeps import SweepGrid
from sonodesk.ui.theme import apply_theme
from ui.sweeps.sweep_rig import job_for, job_ids, sweep_plan, take_for

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def rig(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    fake = FakeOutput(block_frames=256)
    player = QtPlayer(fake, fade_ms=0.0)
    plan = sweep_plan()
    grid = SweepGrid(plan, job_ids(plan), player=player, title="Sonodesk SFX")
    qtbot.addWidget(grid)
    grid.resize(760, 420)
    yield grid, player, fake, plan, tmp_path
    player.close()


def _finish(grid: SweepGrid, plan, index: int, folder: Path):  # type: ignore[no-untyped-def]
    job = job_for(plan, index, JobState.DONE)
    take = take_for(job, folder)
    grid.update_job(job)
    grid.take_added(take, job)
    return take


def test_grid_is_labelled_by_what_differs(rig) -> None:  # type: ignore[no-untyped-def]
    grid, _, _, _, _ = rig
    assert grid.objectName() == "sweepGrid"
    texts = [label.text() for label in grid.findChildren(QLabel)]
    for header in ("intensity 0.3", "intensity 0.9", "seed 1234", "seed 1237"):
        assert header in texts
    assert grid.subtitle.text() == "Intensity × Seed · 3 × 4 = 12 takes"
    assert grid.cell_view(5).toolTip() == "intensity 0.6 · seed 1235"
    assert all(grid.cell_view(i).state_text() == "Not sent" for i in range(12))
    assert grid.progress_text() == "0 of 12 done"


def test_cells_follow_job_states(rig) -> None:  # type: ignore[no-untyped-def]
    grid, _, _, plan, tmp = rig
    grid.update_job(job_for(plan, 0, JobState.QUEUED))
    grid.update_job(job_for(plan, 1, JobState.RUNNING, remote_status="in-progress", progress=0.4))
    grid.update_job(job_for(plan, 2, JobState.FAILED, error="The job failed on the server."))
    _finish(grid, plan, 3, tmp)
    assert grid.cell_view(0).state_text() == "Waiting"
    assert grid.cell_view(1).state_text() == "In progress"
    assert grid.cell_view(2).state_text() == "Failed"
    assert "The job failed on the server." in grid.cell_view(2).toolTip()
    assert grid.cell_view(3).state_text() == "Done" and grid.cell_view(3).has_play_button
    assert not grid.cell_view(1).has_play_button
    assert grid.progress_text() == "1 of 12 done · 2 running · 1 failed · 0.5 CU"
    grid.update_job(replace(job_for(plan, 4, JobState.DONE), id="job_elsewhere"))  # not ours
    assert grid.cell_view(4).state_text() == "Not sent"


def test_click_auditions_the_right_take(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid, player, fake, plan, tmp = rig
    grid.show()
    takes = {i: _finish(grid, plan, i, tmp) for i in (0, 5, 6)}
    qtbot.mouseClick(grid.cell_view(5), Qt.MouseButton.LeftButton)
    assert grid.current_index() == 5
    assert player.path == takes[5].file_path and player.is_playing
    assert player.title == "Sonodesk SFX — intensity 0.6 · seed 1235"
    assert player.core.source.wait_done(5.0)  # type: ignore[union-attr]
    fake.advance(0.1)
    assert np.abs(fake.recorded).max() > 0.1  # the tone really plays through the output
    assert grid.cell_view(5).playing and not grid.cell_view(0).playing
    qtbot.mouseClick(grid.cell_view(5), Qt.MouseButton.LeftButton)  # same cell: pause
    assert not player.is_playing and player.path == takes[5].file_path


def test_arrow_keys_move_and_play(rig, qtbot) -> None:  # type: ignore[no-untyped-def]
    grid, player, _, plan, tmp = rig
    grid.show()
    takes = {i: _finish(grid, plan, i, tmp) for i in (0, 1, 5)}
    grid.setFocus()
    selected: list[int] = []
    grid.sig_cell_selected.connect(selected.append)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current_index() == 1 and player.path == takes[1].file_path and player.is_playing
    qtbot.keyClick(grid, Qt.Key.Key_Down)
    assert grid.current_index() == 5 and player.path == takes[5].file_path
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # no take yet: selected, the player keeps cell 5
    assert grid.current_index() == 6 and player.path == takes[5].file_path
    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Up)  # clamped at the top row
    assert grid.current_index() == 2
    assert selected == [1, 5, 6, 2]
    grid.select_cell(0)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert player.path == takes[0].file_path and player.is_playing
    qtbot.keyClick(grid, Qt.Key.Key_Space)
    assert not player.is_playing


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_sweep_grid_screenshot(rig, qtbot, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    grid, _, _, plan, tmp = rig
    app = QApplication.instance()
    palette, sheet = app.palette(), app.styleSheet()  # type: ignore[union-attr]
    apply_theme(app, theme_name)  # type: ignore[arg-type]
    try:
        for index in (0, 1, 2, 4, 5, 8):
            _finish(grid, plan, index, tmp)
        grid.update_job(
            job_for(plan, 6, JobState.RUNNING, remote_status="in-progress", progress=0.55)
        )
        grid.update_job(job_for(plan, 7, JobState.DOWNLOADING, progress=1.0))
        grid.update_job(
            job_for(plan, 9, JobState.FAILED, error="The service rejected this prompt.")
        )
        for index in (3, 10, 11):
            grid.update_job(job_for(plan, index, JobState.QUEUED))
        grid.resize(820, 470)
        grid.show()
        qtbot.waitExposed(grid)
        grid.select_cell(5, audition=True)
        qtbot.wait(30)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        suffix = "" if theme_name == "dark" else "_light"
        assert grid.grab().save(str(ARTIFACTS / f"sweep_grid{suffix}.png"))
    finally:
        app.setStyleSheet(sheet)  # type: ignore[union-attr]
        app.setPalette(palette)  # type: ignore[union-attr]
