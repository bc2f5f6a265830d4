"""Finished-job notifications: tray when available, status bar otherwise, silent when active."""

from __future__ import annotations

import dataclasses

from PySide6.QtWidgets import QWidget

from sonodesk.core.jobs.records import JobState
from sonodesk.ui.notify import Notifier, Route, message_for
from ui.shell.sample_data import job


def _notifier(qtbot, *, active: bool, tray: bool) -> tuple[Notifier, list[tuple[str, int]]]:  # type: ignore[no-untyped-def]
    window = QWidget()
    qtbot.addWidget(window)
    status: list[tuple[str, int]] = []
    notifier = Notifier(
        window,
        lambda text, ms: status.append((text, ms)),
        tray_available=lambda: tray,
        window_active=lambda: active,
    )
    return notifier, status


def test_silent_while_the_window_is_active(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, status = _notifier(qtbot, active=True, tray=True)
    assert notifier.on_job_changed(job(1, JobState.DONE, outputs=("a",))) is Route.NONE
    assert status == []


def test_status_bar_when_there_is_no_tray(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, status = _notifier(qtbot, active=False, tray=False)
    done = job(1, JobState.DONE, outputs=("a",), prompt="rain on a tin roof")
    assert notifier.on_job_changed(done) is Route.STATUS
    assert notifier.last_route is Route.STATUS
    ((text, ms),) = status
    assert text.startswith("Take ready") and "rain on a tin roof" in text and ms > 0


def test_tray_when_available(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, status = _notifier(qtbot, active=False, tray=True)
    failed = job(2, JobState.FAILED, error="The server refused the prompt.")
    assert notifier.on_job_changed(failed) is Route.TRAY
    assert status == []
    assert notifier._tray is not None and notifier._tray.isVisible()
    notifier.close()
    assert not notifier._tray.isVisible()


def test_only_finishes_and_only_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    notifier, status = _notifier(qtbot, active=False, tray=False)
    running = job(3, JobState.RUNNING, remote_id="r")
    assert notifier.on_job_changed(running) is None
    assert notifier.on_job_changed(job(4, JobState.STOPPED)) is None
    done = dataclasses.replace(running, state=JobState.DONE, outputs=("a", "b"))
    assert notifier.on_job_changed(done) is Route.STATUS
    assert notifier.on_job_changed(done) is None
    # A retried download that finishes again is news again.
    notifier.on_job_changed(dataclasses.replace(done, state=JobState.DOWNLOADING))
    assert notifier.on_job_changed(done) is Route.STATUS
    assert len(status) == 2


def test_messages() -> None:
    title, body = message_for(job(1, JobState.DONE, outputs=("a", "b"), prompt="x" * 200))
    assert title == "2 takes ready"
    assert body.startswith("Sandbox Music Sketch: ") and body.endswith("…") and len(body) < 110
    title, body = message_for(job(1, JobState.FAILED, error="Out of credits."))
    assert (title, body) == ("Job failed", "Sandbox Music Sketch: Out of credits.")


def test_system_tray_probe_offscreen(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Offscreen has no tray: the default probe must lead to the status bar."""
    window = QWidget()
    qtbot.addWidget(window)
    status: list[tuple[str, int]] = []
    notifier = Notifier(window, lambda t, ms: status.append((t, ms)), window_active=lambda: False)
    route = notifier.on_job_changed(job(9, JobState.DONE, outputs=("a",)))
    from PySide6.QtWidgets import QSystemTrayIcon

    expected = Route.TRAY if QSystemTrayIcon.isSystemTrayAvailable() else Route.STATUS
    assert route is expected
