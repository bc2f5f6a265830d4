"""Tell the user a job finished while they were elsewhere: a tray message, or the status bar
when the desktop has no tray. Listens to job records; never touches the engine.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from enum import StrEnum

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QSystemTrayIcon, QWidget

from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.ui.icons import app_icon

log = logging.getLogger(__name__)

ShowStatus = Callable[[str, int], None]  # (text, timeout in ms)

MESSAGE_MS = 8000
_PROMPT_CHARS = 80


class Route(StrEnum):
    """Where a notification went (tests check this)."""

    NONE = "none"  # the window was active: the jobs panel already shows it
    TRAY = "tray"
    STATUS = "status"


def message_for(job: JobRecord) -> tuple[str, str]:
    """(title, body) for a finished job."""
    name = job.model_name or job.model_id
    if job.state is JobState.DONE:
        count = len(job.outputs)
        title = "Take ready" if count <= 1 else f"{count} takes ready"
        prompt = job.prompt
        if len(prompt) > _PROMPT_CHARS:
            prompt = prompt[: _PROMPT_CHARS - 1].rstrip() + "…"
        return title, f"{name}: {prompt}" if prompt else name
    return "Job failed", f"{name}: {job.error or 'the job did not finish.'}"


class Notifier(QObject):
    """Feed it every job change (``on_job_changed``); it speaks once per finished job."""

    def __init__(
        self,
        window: QWidget,
        show_status: ShowStatus,
        *,
        tray_available: Callable[[], bool] = QSystemTrayIcon.isSystemTrayAvailable,
        window_active: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._show_status = show_status
        self._tray_available = tray_available
        self._window_active = window_active or window.isActiveWindow
        self._tray: QSystemTrayIcon | None = None
        self._finished: set[str] = set()
        self.last_route: Route | None = None

    def on_job_changed(self, job: JobRecord) -> Route | None:
        """Slot for EngineBridge.sig_job_changed; returns where a notification went, if any."""
        if job.state not in (JobState.DONE, JobState.FAILED):
            self._finished.discard(job.id)  # a retried download may finish again
            return None
        if job.id in self._finished:
            return None
        self._finished.add(job.id)
        route = self._notify(*message_for(job), failed=job.state is JobState.FAILED)
        self.last_route = route
        return route

    def _notify(self, title: str, body: str, *, failed: bool) -> Route:
        if self._window_active():
            return Route.NONE
        if self._tray_available():
            tray = self._ensure_tray()
            icon = (
                QSystemTrayIcon.MessageIcon.Warning
                if failed
                else QSystemTrayIcon.MessageIcon.Information
            )
            tray.showMessage(title, body, icon, MESSAGE_MS)
            return Route.TRAY
        self._show_status(f"{title} — {body}", MESSAGE_MS)
        return Route.STATUS

    def _ensure_tray(self) -> QSystemTrayIcon:
        if self._tray is None:
            self._tray = QSystemTrayIcon(app_icon(), self)
            self._tray.setToolTip("Sonodesk")
            self._tray.messageClicked.connect(self._on_tray_message_clicked)
            self._tray.activated.connect(self._on_tray_message_clicked)
            self._tray.show()
        return self._tray

    def _on_tray_message_clicked(self, *_: object) -> None:
        self._window.showNormal()
        self._window.raise_()
        self._window.activateWindow()

    def close(self) -> None:
        if self._tray is not None:
            self._tray.hide()
