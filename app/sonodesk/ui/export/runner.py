"""Run core.export.export_takes on a worker QThread and relay its progress as Qt signals.

The worker touches only the take records and the files they name (never the database or a
widget); cancelling sets a threading.Event the core checks between blocks of audio.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QThread, Signal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.export import ExportProgress, ExportReport, ExportSettings, export_takes
from sonodesk.core.jobs.records import TakeRecord

log = logging.getLogger(__name__)

Exporter = Callable[..., ExportReport]
# The encoder reports every 16k frames; the UI needs far fewer updates than that.
_MIN_INTERVAL = 0.04


class _ExportThread(QThread):
    sig_progress = Signal(object)
    sig_report = Signal(object)
    sig_error = Signal(object)

    def __init__(
        self,
        takes: Sequence[TakeRecord],
        settings: ExportSettings,
        cancel: threading.Event,
        exporter: Exporter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._takes = tuple(takes)
        self._settings = settings
        self._cancel = cancel
        self._exporter = exporter
        self._last: tuple[int, str] | None = None
        self._last_time = 0.0

    def run(self) -> None:
        try:
            report = self._exporter(
                self._takes, self._settings, progress=self._relay, cancel=self._cancel
            )
        except SonodeskError as exc:
            self.sig_error.emit(exc)
        except Exception as exc:
            log.exception("export failed unexpectedly")
            self.sig_error.emit(
                SonodeskError(
                    "The export stopped because of an unexpected problem.",
                    hint=f"Nothing half-written was kept. ({exc.__class__.__name__})",
                )
            )
        else:
            self.sig_report.emit(report)

    def _relay(self, progress: ExportProgress) -> None:
        # Stage changes always go through; within a stage, at most one update per interval.
        now = time.monotonic()
        key = (progress.index, progress.stage)
        if key == self._last and now - self._last_time < _MIN_INTERVAL:
            return
        self._last, self._last_time = key, now
        self.sig_progress.emit(progress)


class ExportRunner(QObject):
    """One export at a time. Signals arrive on the thread the runner lives in (the UI's).

    ``sig_progress(ExportProgress)`` while running; then exactly one of
    ``sig_finished(ExportReport)`` or ``sig_failed(SonodeskError)``.
    """

    sig_progress = Signal(object)
    sig_finished = Signal(object)
    sig_failed = Signal(object)

    def __init__(self, parent: QObject | None = None, *, exporter: Exporter = export_takes):
        super().__init__(parent)
        self._exporter = exporter
        self._thread: _ExportThread | None = None
        self._cancel = threading.Event()

    def is_running(self) -> bool:
        return self._thread is not None

    def start(self, takes: Sequence[TakeRecord], settings: ExportSettings) -> None:
        if self._thread is not None:
            raise RuntimeError("an export is already running")
        self._cancel = threading.Event()
        thread = _ExportThread(takes, settings, self._cancel, self._exporter, self)
        thread.sig_progress.connect(self.sig_progress)
        thread.sig_report.connect(self._on_report)
        thread.sig_error.connect(self._on_error)
        self._thread = thread
        thread.start()

    def cancel(self) -> None:
        """Stop soon: the take being written leaves no file. Safe from any thread."""
        self._cancel.set()

    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def wait(self, milliseconds: int = 30_000) -> bool:
        """Block until the worker ends (shutdown only; the UI waits for the signals)."""
        thread = self._thread
        return thread is None or thread.wait(milliseconds)

    def _on_report(self, report: ExportReport) -> None:
        self._release()
        self.sig_finished.emit(report)

    def _on_error(self, error: SonodeskError) -> None:
        self._release()
        self.sig_failed.emit(error)

    def _release(self) -> None:
        thread, self._thread = self._thread, None
        if thread is not None:
            # The result signal is emitted as run() returns: the thread is ending already.
            thread.wait()
            thread.deleteLater()
