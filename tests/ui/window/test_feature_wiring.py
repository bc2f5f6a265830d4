"""The window's feature areas wired to a real session: library, export, presets, spend, budget,
sweeps, provider switching, the welcome panel, and an AI/ML API model's JSON Schema form."""

from __future__ import annotations

import random
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from sonodesk.core.jobs.records import JobState
from sonodesk.core.library import rerun_params
from sonodesk.core.spend import BudgetPolicy
from sonodesk.core.sweeps import plan_sweep
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID
from sonodesk.ui.library.library_page import LibraryPage
from sonodesk.ui.wiring.accounts import AccountsWiring
from sonodesk.ui.wiring.sweeps import SweepLauncher
from support.qt_async import run_async

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def form(window):  # type: ignore[no-untyped-def]
    return window.findChild(QWidget, "paramForm")


def pick(qtbot, window, model_id: str) -> None:  # type: ignore[no-untyped-def]
    run_async(qtbot, window.controller.show_model_with(model_id, {}))
    qtbot.waitUntil(lambda: window.controller.current_model.model_id == model_id, timeout=10000)


def type_prompt(qtbot, window, text: str) -> None:  # type: ignore[no-untyped-def]
    box = form(window).editor("prompt").findChild(QPlainTextEdit)
    box.setFocus()
    box.selectAll()
    qtbot.keyClicks(box, text)


def generate_and_wait(qtbot, window, session, prompt: str):  # type: ignore[no-untyped-def]
    type_prompt(qtbot, window, prompt)
    before = {j.id for j in session.store.jobs()}
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.waitUntil(lambda: bool({j.id for j in session.store.jobs()} - before), timeout=5000)
    (job_id,) = {j.id for j in session.store.jobs()} - before
    qtbot.waitUntil(lambda: session.store.get_job(job_id).state is JobState.DONE, timeout=30000)
    return session.store.takes_for_job(job_id)[0]


def test_a_new_take_reaches_the_library_and_its_settings_come_back(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    take = generate_and_wait(qtbot, window, session, "rain on a skylight")
    window.show_page("library")  # built on first show
    page = window.findChild(LibraryPage, "libraryPage")
    qtbot.waitUntil(lambda: page.select_take(take.id), timeout=5000)
    window.grab().save(str(ARTIFACTS / "window_library.png"))
    pick(qtbot, window, MUSIC_MODEL_ID)
    request = rerun_params(session.store.get_take(take.id), False, random.Random(1))
    with qtbot.waitSignal(window.controller.sig_model_ready, timeout=10000):
        page.sig_use_params_requested.emit(request)
    assert window.current_page() == "create"
    assert window.controller.current_model.model_id == SFX_MODEL_ID
    assert form(window).editor("prompt").findChild(QPlainTextEdit).toPlainText() == (
        "rain on a skylight"
    )


def test_export_opens_for_the_library_selection(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    take = generate_and_wait(qtbot, window, session, "door slam")
    window.show_page("library")  # built on first show
    page = window.findChild(LibraryPage, "libraryPage")
    qtbot.waitUntil(lambda: page.select_take(take.id), timeout=5000)
    window.findChild(QAction, "actionExport").trigger()
    dialog = window.findChild(QWidget, "exportDialog")
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible(), timeout=3000)
    dialog.close()


def test_presets_follow_the_model_and_apply_to_the_form(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    bar = window.findChild(QWidget, "presetBar")
    starters = bar.names()
    assert starters, "the sandbox SFX model ships starter presets"
    with qtbot.waitSignal(bar.sig_apply_values, timeout=3000):
        bar.apply(starters[0])
    assert form(window).values()["prompt"]


def test_spend_page_and_budget_refusal(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    generate_and_wait(qtbot, window, session, "short whoosh")
    window.show_page("spend")
    view = window.findChild(QWidget, "spendView")
    assert view.isVisible()
    window.grab().save(str(ARTIFACTS / "window_spend.png"))
    # A cap already used up: Generate is refused whole, before anything is submitted.
    session.set_budget_policy(BudgetPolicy({"sandbox": 0.01}))
    window.show_page("create")
    before = len(session.store.jobs())
    window.findChild(QWidget, "variationsSpin").setValue(3)
    type_prompt(qtbot, window, "three more whooshes")
    button = window.findChild(QWidget, "generateButton")
    qtbot.waitUntil(lambda: "CU" in button.text(), timeout=10000)
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.wait(200)
    assert len(session.store.jobs()) == before
    assert "cap" in window.statusBar().currentMessage()


def test_a_sweep_is_one_batch_with_a_grid(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    pick(qtbot, window, SFX_MODEL_ID)
    type_prompt(qtbot, window, "laser zap")
    specs = window.controller.specs
    plan = plan_sweep(specs, form(window).values(), [("intensity", [0.2, 0.8])], seeds=2)
    launcher = window.findChild(SweepLauncher)
    launcher._submit(plan)
    jobs = session.store.jobs()
    assert len(jobs) == 4 and len({j.batch_id for j in jobs}) == 1
    assert sorted(j.params["intensity"] for j in jobs) == [0.2, 0.2, 0.8, 0.8]
    grid_window = window.findChild(QWidget, "sweepWindow")
    assert grid_window is not None and grid_window.isVisible()
    qtbot.waitUntil(
        lambda: all(j.state is JobState.DONE for j in session.store.jobs()), timeout=60000
    )
    grid_window.close()


def test_switching_provider_is_one_click_and_old_jobs_still_finish(
    qtbot, window, session, sandbox_factory
) -> None:  # type: ignore[no-untyped-def]
    other = sandbox_factory()  # plays "Scenario": a second server with its own jobs
    session.settings.scenario_base_url = other.api_url
    session.secrets.set("scenario", "key", "scenario-test-key-0001")
    session.secrets.set("scenario", "secret", "scenario-test-secret-0001")
    wiring = window.findChild(AccountsWiring)
    wiring._refresh()
    pick(qtbot, window, SFX_MODEL_ID)
    type_prompt(qtbot, window, "on the sandbox")
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.waitUntil(lambda: len(session.store.jobs()) == 1, timeout=5000)
    with qtbot.waitSignal(window.controller.sig_model_ready, timeout=20000):
        wiring.switcher.sig_provider_chosen.emit("scenario")
    assert session.provider.provider_id == "scenario"
    assert session.settings.provider == "scenario"
    type_prompt(qtbot, window, "on scenario")
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.waitUntil(
        lambda: (
            all(j.state is JobState.DONE for j in session.store.jobs())
            and len(session.store.jobs()) == 2
        ),
        timeout=60000,
    )
    providers = sorted(j.provider for j in session.store.jobs())
    assert providers == ["sandbox", "scenario"]
    assert len(other.jobs()) == 1  # the second job went to the other server


def test_welcome_panel_shows_on_first_run_and_stays_dismissed(qtbot, window, session) -> None:  # type: ignore[no-untyped-def]
    welcome = window.findChild(QWidget, "welcomePanel")
    assert welcome is not None and welcome.isVisible()
    welcome.sig_dismissed.emit()
    assert not welcome.isVisible()
    assert session.settings.extra.get("welcome_dismissed") is True


def test_an_aimlapi_model_gets_its_json_schema_form(qtbot, window, session, sandbox) -> None:  # type: ignore[no-untyped-def]
    session.settings.aimlapi_base_url = sandbox.base_url
    session.secrets.set("aimlapi", "key", "aimlapi-test-key-0001")
    wiring = window.findChild(AccountsWiring)
    with qtbot.waitSignal(window.controller.sig_model_ready, timeout=20000):
        wiring.switcher.sig_provider_chosen.emit("aimlapi")
    assert session.provider.provider_id == "aimlapi"
    pick(qtbot, window, "stable-audio")
    names = {spec.name for spec in window.controller.specs}
    assert {"prompt", "seconds_total", "steps"} <= names
    type_prompt(qtbot, window, "warm analog pad")
    form(window).editor("seconds_total").set_value(2)
    assert window.findChild(QWidget, "paramsPanel").request_generate()
    qtbot.waitUntil(
        lambda: session.store.jobs() and session.store.jobs()[0].state is JobState.DONE,
        timeout=60000,
    )
    assert session.store.takes_for_job(session.store.jobs()[0].id)
