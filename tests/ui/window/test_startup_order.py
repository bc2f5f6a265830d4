"""The app's start-up window: shown before the models and keys are in, then filled in by itself."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from sonodesk.ui import first_paint
from sonodesk.ui.compose import LOADING_MODELS, build_main_window
from sonodesk.ui.widgets.model_picker import ModelPicker
from sonodesk.ui.wiring.accounts import AccountsWiring
from support.qt_async import run_async


def test_the_window_fills_in_after_its_first_paint(qtbot, qapp, session, fake_output) -> None:  # type: ignore[no-untyped-def]
    win = run_async(qtbot, build_main_window(session, output=fake_output, wait_for_models=False))
    qtbot.addWidget(win)
    picker = win.findChild(ModelPicker)
    wiring = win.findChild(AccountsWiring)
    # Built, not yet painted: nothing slow has started, the window says what it waits for.
    qtbot.wait(50)
    assert not win.models_ready.done()
    assert picker.current_model_id() in (None, "")
    assert wiring.switcher._statuses == {}
    assert win.findChild(QWidget, "welcomePanel") is None
    assert win.statusBar().currentMessage() == LOADING_MODELS

    win.resize(1280, 800)
    win.show()
    qtbot.waitUntil(win.models_ready.done, timeout=30000)
    assert win.models_ready.exception() is None
    assert picker.current_model_id()  # the catalogue arrived without any user action
    assert set(wiring.switcher._statuses) == {"sandbox", "scenario", "aimlapi"}
    welcome = win.findChild(QWidget, "welcomePanel")
    assert welcome is not None and welcome.isVisible()  # only the sandbox is set up
    assert win.statusBar().currentMessage() != LOADING_MODELS
    # Then numpy and soundfile are imported ahead of the first take (on a worker thread).
    qtbot.waitUntil(win.audio_modules_ready.done, timeout=30000)
    assert win.audio_modules_ready.exception() is None
    win.close()


def test_a_window_that_never_paints_still_fills_in(
    qtbot, qapp, session, fake_output, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(first_paint, "FALLBACK_MS", 200)
    win = run_async(qtbot, build_main_window(session, output=fake_output, wait_for_models=False))
    qtbot.addWidget(win)  # never shown: a minimised start, say
    qtbot.waitUntil(win.models_ready.done, timeout=30000)
    assert win.findChild(ModelPicker).current_model_id()
    win.close()


def test_after_first_paint_runs_once_after_the_paint(qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    qtbot.addWidget(widget)
    calls: list[bool] = []
    first_paint.after_first_paint(widget, lambda: calls.append(widget.isVisible()))
    qtbot.wait(50)
    assert calls == []
    widget.show()
    qtbot.waitUntil(lambda: calls == [True], timeout=5000)
    widget.update()
    qtbot.wait(100)
    assert calls == [True]
