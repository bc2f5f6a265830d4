"""Settings come back: remembered per model, restored from a take's file, re-run exactly."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from fakes.fake_audio import write_tone
from sonodesk.core.jobs.records import JobState
from sonodesk.core.library import rerun_params
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID
from sonodesk.ui.compose import build_main_window
from support.qt_async import run_async


def pick(qtbot, window, model_id: str) -> None:  # type: ignore[no-untyped-def]
    assert run_async(qtbot, window.controller.show_model_with(model_id, {})) or True
    qtbot.waitUntil(lambda: window.controller.current_model.model_id == model_id, timeout=10000)


def prompt_text(window) -> str:  # type: ignore[no-untyped-def]
    return (
        window.findChild(QWidget, "paramForm")
        .editor("prompt")
        .findChild(QPlainTextEdit)
        .toPlainText()
    )


def type_prompt(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    box = window.findChild(QWidget, "paramForm").editor("prompt").findChild(QPlainTextEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def generate_one(qtbot, window, session, prompt: str):  # type: ignore[no-untyped-def]
    type_prompt(qtbot, window, prompt)
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.waitUntil(
        lambda: any(j.state is JobState.DONE for j in session.store.jobs()), timeout=30000
    )
    job = next(j for j in session.store.jobs() if j.state is JobState.DONE)
    return session.store.takes_for_job(job.id)[0]


def test_each_model_remembers_its_last_values_even_after_a_restart(
    qtbot, window, session, fake_output
) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    type_prompt(qtbot, window, "wind howling through a canyon")
    pick(qtbot, window, MUSIC_MODEL_ID)  # switching writes the SFX values at once
    assert prompt_text(window) != "wind howling through a canyon"
    pick(qtbot, window, SFX_MODEL_ID)
    assert prompt_text(window) == "wind howling through a canyon"
    window.close()
    again = run_async(qtbot, build_main_window(session, output=fake_output))
    qtbot.addWidget(again)
    pick(qtbot, again, SFX_MODEL_ID)
    assert prompt_text(again) == "wind howling through a canyon"
    again.close()


def test_opening_a_takes_file_restores_its_model_and_settings(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    take = generate_one(qtbot, window, session, "glass shattering on stone")
    pick(qtbot, window, MUSIC_MODEL_ID)
    run_async(qtbot, window.controller.flows.open_file(Path(take.file_path)))
    assert window.controller.current_model.model_id == SFX_MODEL_ID
    assert prompt_text(window) == "glass shattering on stone"
    assert window.findChild(QWidget, "paramForm").editor("seed").value() == take.seed
    assert Path(window.player.path) == Path(take.file_path)


def test_a_plain_audio_file_just_plays(qtbot, window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    wav = tmp_path / "field-recording.wav"
    write_tone(wav, seconds=1.0)
    pick(qtbot, window, MUSIC_MODEL_ID)
    run_async(qtbot, window.controller.flows.open_file(wav))
    assert window.controller.current_model.model_id == MUSIC_MODEL_ID
    assert Path(window.player.path) == wav
    assert "no Sonodesk settings" in window.statusBar().currentMessage()


def test_rerun_submits_the_exact_seed_and_new_variation_a_new_one(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    import random

    pick(qtbot, window, SFX_MODEL_ID)
    take = generate_one(qtbot, window, session, "a door creaking open")
    before = {j.id for j in session.store.jobs()}
    window.controller.flows.rerun(rerun_params(take, False, random.Random(1)))
    window.controller.flows.rerun(rerun_params(take, True, random.Random(1)))
    new = [j for j in session.store.jobs() if j.id not in before]
    seeds = sorted(j.params["seed"] for j in new)
    assert take.seed in seeds and len(set(seeds)) == 2
    assert all(j.params["prompt"] == "a door creaking open" for j in new)
