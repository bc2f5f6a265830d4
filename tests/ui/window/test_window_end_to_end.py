"""The whole window against the loopback sandbox: pick, Ctrl+Enter, progress, take, playback."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from sonodesk.core.jobs.records import JobState
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from sonodesk.ui.widgets.jobs_panel import JobsPanel

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def pick(qtbot, window, model_id: str) -> None:  # type: ignore[no-untyped-def]
    picker = window.findChild(object, "modelPicker")
    assert picker.select_model(model_id)
    picker.sig_model_selected.emit(model_id)
    qtbot.waitUntil(
        lambda: (
            window.controller.current_model is not None
            and window.controller.current_model.model_id == model_id
        ),
        timeout=10000,
    )


def type_prompt(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type into the prompt box the way a user does (select all, then type)."""
    box = window.findChild(QWidget, "paramForm").editor("prompt").findChild(QPlainTextEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def press_generate(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def jobs_of(session):  # type: ignore[no-untyped-def]
    return session.store.jobs()


def test_pick_generate_hear_seek_and_loop(qtbot, window, session, fake_output) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / "window_idle.png"))
    pick(qtbot, window, SFX_MODEL_ID)
    type_prompt(qtbot, window, "rain on a tin roof")
    button = window.findChild(QPushButton, "generateButton")
    qtbot.waitUntil(lambda: "CU" in button.text(), timeout=10000)  # priced by a dry run
    press_generate(qtbot, window)
    qtbot.waitUntil(lambda: len(jobs_of(session)) == 1, timeout=5000)
    job_id = jobs_of(session)[0].id
    panel = window.findChild(JobsPanel, "jobsPanel")
    qtbot.waitUntil(lambda: session.store.get_job(job_id).state is JobState.RUNNING, timeout=10000)
    window.grab().save(str(ARTIFACTS / "window_generating.png"))
    assert panel.current_job_id() in (None, job_id)
    qtbot.waitUntil(lambda: session.store.get_job(job_id).state is JobState.DONE, timeout=30000)
    player = window.player
    qtbot.waitUntil(lambda: player.has_take and player.is_playing, timeout=10000)
    (take,) = session.store.takes_for_job(job_id)
    assert Path(player.path) == Path(take.file_path)
    # Playback starts before decoding ends; until frames exist the player holds at silence.
    qtbot.waitUntil(lambda: not player.is_decoding, timeout=10000)

    fake_output.advance(1.0)
    assert len(fake_output.recorded) > 0 and np.abs(fake_output.recorded).max() > 0.01
    assert player.exact_position() == pytest.approx(1.0, abs=0.05)
    waveform = window.findChild(object, "waveform")
    qtbot.waitUntil(lambda: waveform.drawn_fraction > 0.99, timeout=10000)

    # Seek by clicking on the waveform.
    target = take.duration * 0.6
    x = int(waveform.x_for(target))
    qtbot.mouseClick(waveform, Qt.MouseButton.LeftButton, pos=QPoint(x, waveform.height() // 2))
    assert player.exact_position() == pytest.approx(target, abs=take.duration / 50)

    # Loop: past the end it wraps and keeps playing.
    qtbot.mouseClick(window.findChild(object, "loopButton"), Qt.MouseButton.LeftButton)
    assert player.loop
    fake_output.advance(take.duration * 0.5)
    assert player.is_playing and player.exact_position() < take.duration * 0.5
    window.grab().save(str(ARTIFACTS / "window_playing.png"))

    # Space pauses through the window shortcut.
    qtbot.keyClick(window.findChild(object, "waveform"), Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: not player.is_playing, timeout=2000)


def test_variations_submit_one_job_per_take_with_consecutive_seeds(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    type_prompt(qtbot, window, "laser zap")
    window.findChild(QWidget, "paramForm").editor("seed").set_value(1000)
    window.findChild(QSpinBox, "variationsSpin").setValue(3)
    button = window.findChild(QPushButton, "generateButton")
    qtbot.waitUntil(lambda: "3 takes" in button.text(), timeout=5000)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(jobs_of(session)) == 3, timeout=5000)
    seeds = sorted(j.params["seed"] for j in jobs_of(session))
    assert seeds == [1000, 1001, 1002]
    assert len({j.batch_id for j in jobs_of(session)}) == 1
    # The form stays editable and a queued job keeps its own params.
    type_prompt(qtbot, window, "changed after submit")
    assert all(j.params["prompt"] == "laser zap" for j in jobs_of(session))
    qtbot.waitUntil(lambda: all(j.state is JobState.DONE for j in jobs_of(session)), timeout=60000)


def test_invalid_form_is_not_submitted_and_the_field_says_why(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, MUSIC_MODEL_ID)
    press_generate(qtbot, window)
    qtbot.wait(200)
    assert jobs_of(session) == []
    prompt = window.findChild(QWidget, "paramForm").editor("prompt")
    assert prompt.error()


def test_server_rejection_lands_on_the_field(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, TOOLS_MODEL_ID)
    audio = window.findChild(QWidget, "paramForm").editor("audio")
    audio.set_value("asset_does_not_exist")  # passes local checks, the server refuses it
    press_generate(qtbot, window)
    qtbot.waitUntil(
        lambda: jobs_of(session) and jobs_of(session)[0].state is JobState.FAILED, timeout=15000
    )
    job = jobs_of(session)[0]
    assert job.error_field == "audio"
    qtbot.waitUntil(lambda: bool(audio.error()), timeout=3000)


def test_cancel_refused_offers_stop_tracking(qtbot, window, session, sandbox) -> None:  # type: ignore[no-untyped-def]
    sandbox.settings(timeScale=1.0)
    pick(qtbot, window, MUSIC_MODEL_ID)
    type_prompt(qtbot, window, "slow ambient drones")
    # A 3-minute sketch stays in progress ~15 s, long enough for adaptive polling to see it
    # (a short one can pass from queued to done between two polls).
    window.findChild(QWidget, "paramForm").editor("duration").set_value(180)
    press_generate(qtbot, window)
    qtbot.waitUntil(
        lambda: (
            jobs_of(session) and jobs_of(session)[0].remote_status in ("in-progress", "finalizing")
        ),
        timeout=60000,
    )
    job_id = jobs_of(session)[0].id
    panel = window.findChild(JobsPanel, "jobsPanel")
    panel.sig_cancel_requested.emit(job_id)  # what the row's Stop button sends
    notice = panel.findChild(QWidget, "noticeBar")
    qtbot.waitUntil(notice.isVisible, timeout=5000)
    assert any("credits are committed" in label.text() for label in notice.findChildren(QLabel))
    stop = next(b for b in notice.findChildren(QPushButton) if b.text() == "Stop tracking")
    qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: session.store.get_job(job_id).state is JobState.STOPPED, timeout=5000)


def test_jobs_resumed_after_restart_show_their_true_state(qtbot, session, fake_output) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.core.jobs.records import JobRecord
    from sonodesk.core.jobs.store import new_id
    from sonodesk.ui.compose import build_main_window
    from support.qt_async import run_async

    failed = JobRecord(
        id=new_id("job"),
        provider="sandbox",
        model_id=SFX_MODEL_ID,
        params={"prompt": "old"},
        state=JobState.FAILED,
        created_at=1.0,
        updated_at=1.0,
        error="The job failed on the server.",
    )
    session.store.insert_job(failed)
    win = run_async(qtbot, build_main_window(session, output=fake_output))
    qtbot.addWidget(win)
    panel = win.findChild(JobsPanel, "jobsPanel")
    shown = panel.model.job(failed.id)
    assert shown is not None and shown.state is JobState.FAILED
    assert shown.error == "The job failed on the server."
    win.close()


CONTRACT = (
    "modelPicker",
    "modelSearch",
    "paramForm",
    "generateButton",
    "variationsSpin",
    "jobsPanel",
    "player",
    "waveform",
    "playButton",
    "loopButton",
)


def test_automation_object_names_are_stable(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    for name in CONTRACT:
        assert window.findChild(QWidget, name) is not None, name
    pick(qtbot, window, MUSIC_MODEL_ID)
    form = window.findChild(QWidget, "paramForm")
    for spec in form.specs():
        assert window.findChild(QWidget, f"field:{spec.name}") is not None, spec.name


def test_preferences_apply_theme_device_and_auto_play(qtbot, qapp, window, session) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction, QPalette

    from sonodesk.core import settings as settings_mod

    window.findChild(QAction, "actionPreferences").trigger()
    dialog = window.findChild(QWidget, "preferencesDialog")
    qtbot.waitUntil(dialog.isVisible, timeout=2000)
    theme = dialog.findChild(QWidget, "themeChoice")
    theme.setCurrentIndex(theme.findData("light"))
    dialog.findChild(QWidget, "autoPlayChoice").setChecked(False)
    dialog.findChild(QWidget, "concurrencyChoice").setValue(2)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()
    assert qapp.palette().color(QPalette.ColorRole.Window).lightness() > 128
    saved = settings_mod.load(session.paths.settings_file).settings
    assert saved.theme == "light" and saved.auto_play_newest is False
    assert saved.max_concurrent_jobs == 2
    window.set_theme("dark")
