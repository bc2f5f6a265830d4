"""The window used when no ``sonodesk.ui.compose`` module exists: the real model picker and jobs
panel kept current from the session, with empty parameter and player panes and no actions.

Only ``app.py`` calls this; the full application is composed in ``ui/compose.py``.
"""

from __future__ import annotations

import logging

from PySide6.QtWidgets import QMainWindow, QWidget

from sonodesk.core.errors import SonodeskError
from sonodesk.core.session import Session
from sonodesk.ui.app_info import app_info_for
from sonodesk.ui.bridge import EngineBridge
from sonodesk.ui.main_window import MainWindow
from sonodesk.ui.notify import Notifier
from sonodesk.ui.ui_state import UiState
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker

log = logging.getLogger(__name__)

RECENT_JOBS = 300


async def build_basic_window(session: Session) -> QMainWindow:
    picker = ModelPicker()
    jobs = JobsPanel()
    window = MainWindow(
        model_picker=picker,
        parameters=QWidget(),
        jobs_panel=jobs,
        player=QWidget(),
        info=app_info_for(session),
        ui_state=UiState.in_config_dir(session.paths.config_dir),
    )
    jobs.set_jobs(session.store.jobs(limit=RECENT_JOBS))
    bridge = EngineBridge(session.engine.subscribe, window)
    notifier = Notifier(window, window.show_message, parent=window)
    bridge.sig_job_changed.connect(jobs.update_job)
    bridge.sig_job_changed.connect(notifier.on_job_changed)
    window.sig_closing.connect(bridge.close)
    window.sig_closing.connect(notifier.close)
    try:
        picker.set_models(await session.provider.list_models())
    except SonodeskError as exc:
        log.warning("model list unavailable: %s", exc.message)
        window.show_message(exc.full_text(), 0)
    if session.settings.last_model_id:
        picker.select_model(session.settings.last_model_id)
    for notice in session.notices:
        window.show_message(notice, 0)
    return window
