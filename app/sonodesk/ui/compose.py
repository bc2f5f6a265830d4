"""Build the main window from its parts and wire them to the session; scripted runs of it.

``build_main_window`` is the window factory ``app.py`` uses; ``run_script`` drives the same
window for ``--smoke`` and ``--screenshot`` through the code paths a user's clicks take.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from sonodesk.core.audio import AudioOutput, NullOutput
from sonodesk.core.audio.devices import portaudio_version
from sonodesk.core.jobs.records import JobState
from sonodesk.core.session import Session
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID
from sonodesk.ui.app_info import app_info_for
from sonodesk.ui.bridge import EngineBridge
from sonodesk.ui.controller import AppController
from sonodesk.ui.dialogs.preferences import Preferences, PreferencesDialog
from sonodesk.ui.first_paint import after_first_paint
from sonodesk.ui.form.params_panel import ParamsPanel
from sonodesk.ui.main_window import MainWindow
from sonodesk.ui.notify import Notifier
from sonodesk.ui.player.outputs import make_output
from sonodesk.ui.player.player_widget import PlayerWidget
from sonodesk.ui.player.qt_player import QtPlayer
from sonodesk.ui.ui_state import UiState
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker
from sonodesk.ui.wiring.accounts import AccountsWiring
from sonodesk.ui.wiring.exports import ExportLauncher
from sonodesk.ui.wiring.library import install_library
from sonodesk.ui.wiring.presets import install_presets
from sonodesk.ui.wiring.spend import install_spend
from sonodesk.ui.wiring.sweeps import SweepLauncher

log = logging.getLogger(__name__)
SMOKE_PROMPT = "upbeat house groove at 124 bpm with warm chords"
SMOKE_TIMEOUT = 180.0
LOADING_MODELS = "Loading models…"
AUDIO_MODULES = ("numpy", "soundfile")  # imported after the first paint


async def build_main_window(
    session: Session, *, output: AudioOutput | None = None, wait_for_models: bool = True
) -> MainWindow:
    """The full window: picker, form, jobs and player, kept current by the engine's events.

    With ``wait_for_models=False`` (the app's start-up) the window comes back before the
    provider has listed its models and before the keys are read: it can be shown at once, and
    after its first paint the picker, the jobs panel and the provider switcher fill in;
    ``window.models_ready`` is the task doing it.
    """
    player = QtPlayer(output or make_output(session.settings.output_device))
    player_widget = PlayerWidget(player)
    picker = ModelPicker()
    controller_ref: list[AppController] = []
    panel = ParamsPanel(model_options=lambda types: controller_ref[0].model_options(types))
    jobs = JobsPanel()
    window = MainWindow(
        model_picker=picker,
        parameters=panel,
        jobs_panel=jobs,
        player=player_widget,
        info=app_info_for(session),
        ui_state=UiState.in_config_dir(session.paths.config_dir),
    )
    # Owned by the window: a parentless QObject with timers could be collected by Python's GC
    # on another thread, leaving Qt a dangling timer (a segfault on its next tick).
    player.setParent(window)
    controller = AppController(
        session,
        window=window,
        picker=picker,
        panel=panel,
        jobs=jobs,
        player=player,
        parent=window,
    )
    controller_ref.append(controller)
    picker.set_cost_hint(controller.cost_hint)
    # Ctrl+Enter generates from anywhere in the window, not only from inside the form.
    panel.generate_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window.register_actions([panel.generate_action], menu="Generate")
    window.register_actions(player_widget.actions(), menu="Playback")

    bridge = EngineBridge(session.engine.subscribe, window)
    notifier = Notifier(window, window.show_message, parent=window)
    bridge.sig_job_changed.connect(jobs.update_job)
    bridge.sig_job_changed.connect(controller.on_job_changed)
    bridge.sig_job_changed.connect(notifier.on_job_changed)
    bridge.sig_take_added.connect(controller.on_take_added)
    player.sig_error.connect(lambda text: window.show_message(text, 8000))
    window.sig_open_audio_requested.connect(controller.flows.on_open_requested)
    window.sig_files_dropped.connect(controller.flows.on_files_dropped)

    exports = ExportLauncher(window, session, player)
    exports.install_menu()
    install_presets(panel, session, controller)
    install_library(window, session, controller, player, bridge, exports)
    accounts = AccountsWiring(window, session, controller)
    install_spend(window, session, bridge, accounts.configured_providers)
    SweepLauncher(window, session, controller, player, bridge).install(panel)
    accounts.install(panel, read_keys_now=wait_for_models)

    def shutdown() -> None:
        controller.flows.remember_now()
        exports.shutdown()
        bridge.close()
        notifier.close()
        controller.quoter.cancel()
        player.close()

    window.sig_closing.connect(shutdown)
    _add_preferences(window, session, player)
    for notice in session.notices:
        window.show_message(notice, 0)
    window.controller = controller  # type: ignore[attr-defined]
    window.player = player  # type: ignore[attr-defined]
    if wait_for_models:
        await controller.start()
    else:
        window.show_message(LOADING_MODELS, 0)
        painted = asyncio.get_running_loop().create_future()
        # The models (the SDK loads on a thread and holds the GIL for a while) and the keys
        # (the keyring) are fetched once the window is on screen, never before its first paint.
        after_first_paint(window, lambda: painted.done() or painted.set_result(None))
        started = asyncio.ensure_future(_start_after(painted, controller, accounts))
        started.add_done_callback(lambda _task: _clear_message(window, LOADING_MODELS))
        window.sig_closing.connect(started.cancel)
        window.models_ready = started  # type: ignore[attr-defined]
        ahead = asyncio.ensure_future(_import_audio_modules(started))
        window.sig_closing.connect(ahead.cancel)
        window.audio_modules_ready = ahead  # type: ignore[attr-defined]
    return window


async def _start_after(
    painted: asyncio.Future[None], controller: AppController, accounts: AccountsWiring
) -> None:
    await painted
    await asyncio.gather(controller.start(), accounts.load_statuses())


async def _import_audio_modules(models_ready: asyncio.Future[None]) -> None:
    """Once the models are in, import numpy and soundfile on a worker thread: the first paint
    did without them (core/lazy_import.py), but the first take played should not wait."""
    await asyncio.wait([models_ready])
    try:
        await asyncio.to_thread(lambda: [importlib.import_module(m) for m in AUDIO_MODULES])
    except Exception as exc:  # e.g. no libsndfile: the first use reports it properly
        log.info("audio modules not imported ahead: %s", exc)


def _clear_message(window: MainWindow, text: str) -> None:
    if window.statusBar().currentMessage() == text:  # not a message shown since
        window.statusBar().clearMessage()


def _add_preferences(window: MainWindow, session: Session, player: QtPlayer) -> None:
    """File → Preferences…: theme, output device, auto-play, jobs in flight."""

    def apply(chosen: Preferences) -> None:
        settings = session.settings
        if chosen.theme != settings.theme:
            window.set_theme(chosen.theme)
        if chosen.output_device != settings.output_device:
            player.set_output(make_output(chosen.output_device))
        settings.theme = chosen.theme
        settings.output_device = chosen.output_device
        settings.auto_play_newest = chosen.auto_play_newest
        settings.max_concurrent_jobs = chosen.max_concurrent_jobs
        session.engine.set_max_concurrent(chosen.max_concurrent_jobs)
        session.save_settings()

    def open_dialog() -> None:
        s = session.settings
        dialog = PreferencesDialog(
            Preferences(s.theme, s.output_device, s.auto_play_newest, s.max_concurrent_jobs),
            window,
        )
        dialog.sig_applied.connect(apply)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    action = QAction("Preferences…", window)
    action.setObjectName("actionPreferences")
    # Linux has no standard binding for Preferences; Ctrl+, is what other apps use there.
    keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
    action.setShortcuts(keys or [QKeySequence("Ctrl+,")])
    action.setMenuRole(QAction.MenuRole.PreferencesRole)
    action.triggered.connect(open_dialog)
    window.file_menu.insertAction(window.action_quit, action)
    window.file_menu.insertSeparator(window.action_quit)
    window.addAction(action)


async def run_script(window: QMainWindow, session: Session, args: argparse.Namespace) -> int:
    """--smoke / --screenshot [--after-generate]: drive the real window, report, exit."""
    ready = getattr(window, "models_ready", None)
    if ready is not None:
        await ready
    await _settle()
    if args.smoke or args.after_generate:
        code = await _generate_and_hear(window, session, report=bool(args.smoke))
        if code:
            return code
    if args.screenshot:
        await _settle()
        path = Path(args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            print(f"sonodesk: could not write the screenshot to {path}", file=sys.stderr)
            return 1
        print(f"screenshot: {path}")
    return 0


async def _settle(rounds: int = 6) -> None:
    for _ in range(rounds):  # let layouts settle and paints happen
        await asyncio.sleep(0.05)


async def _generate_and_hear(window: QMainWindow, session: Session, *, report: bool) -> int:
    """Pick the sandbox music model, press Generate, wait for the take's first sound."""
    controller: AppController = window.controller  # type: ignore[attr-defined]
    player: QtPlayer = window.player  # type: ignore[attr-defined]
    null = NullOutput()
    player.set_output(null)
    picker = window.findChild(ModelPicker)
    panel = window.findChild(ParamsPanel)
    if picker is None or panel is None or not picker.select_model(MUSIC_MODEL_ID):
        print(f"sonodesk: smoke: {MUSIC_MODEL_ID} is not in the model list", file=sys.stderr)
        return 1
    await controller.show_model(MUSIC_MODEL_ID)
    prompt = panel.form.editor("prompt")
    if prompt is not None:
        prompt.set_value(SMOKE_PROMPT)
    submitted: list[str] = []
    controller.sig_jobs_submitted.connect(submitted.extend)
    clicked = time.monotonic()
    panel.generate_button.click()  # the same path a mouse click takes
    if not submitted:
        print("sonodesk: smoke: Generate did not submit a job (form invalid?)", file=sys.stderr)
        return 1
    job_id = submitted[0]
    deadline = clicked + SMOKE_TIMEOUT
    while time.monotonic() < deadline:
        stream = getattr(null, "stream", None)
        if stream is not None and stream.frames_pulled > 0:
            elapsed = time.monotonic() - clicked
            if report:
                # Which PortAudio a real output would load: the package test checks that a
                # frozen app finds the one it bundles.
                portaudio = portaudio_version() or "unavailable"
                print(
                    f"smoke ok: model={MUSIC_MODEL_ID} job={job_id} "
                    f"click_to_first_sound={elapsed:.2f}s portaudio={portaudio}"
                )
            return 0
        job = session.store.get_job(job_id)
        if job.state in (JobState.FAILED, JobState.STOPPED):
            print(f"sonodesk: smoke: the job {job.state.value}: {job.error}", file=sys.stderr)
            return 1
        await asyncio.sleep(0.02)
    print(f"sonodesk: smoke: no sound within {SMOKE_TIMEOUT:.0f}s (job {job_id})", file=sys.stderr)
    return 1
