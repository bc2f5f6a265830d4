"""LoudnessMeter: measures takes' integrated loudness on a worker thread, never on the UI's.

Decoding and filtering a long take takes up to a second, so the file is read on one worker
thread. The worker touches no Qt object: it leaves its result in a queue that a GUI-thread
timer collects, so a meter deleted mid-measurement is never called from another thread.
Storing the value is the caller's job (the library connection belongs to the GUI thread).
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import loudness

log = logging.getLogger(__name__)

Measure = Callable[[Path], float | None]
COLLECT_MS = 40  # how often finished measurements are picked up while any is pending


class LoudnessMeter(QObject):
    """``measure(take_id, path)``; answers with ``sig_measured`` or ``sig_failed``."""

    sig_measured = Signal(str, object)  # take id, LUFS (None: silent)
    sig_failed = Signal(str, str)  # take id, a sentence for the user

    def __init__(
        self, measure: Measure = loudness.measure_file, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._measure = measure
        self._executor: ThreadPoolExecutor | None = None
        self._results: queue.SimpleQueue[tuple[str, float | None, str]] = queue.SimpleQueue()
        self.pending: set[str] = set()
        self._collector = QTimer(self)
        self._collector.setInterval(COLLECT_MS)
        self._collector.timeout.connect(self._on_collector_timeout)

    def measure(self, take_id: str, path: Path) -> None:
        if take_id in self.pending:
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="loudness")
        self.pending.add(take_id)
        self._executor.submit(_run, self._measure, take_id, path, self._results)
        self._collector.start()

    def shutdown(self) -> None:
        """Drop queued measurements; one already running finishes and is ignored."""
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
        self.pending.clear()
        self._collector.stop()

    def _on_collector_timeout(self) -> None:
        while True:
            try:
                take_id, value, error = self._results.get_nowait()
            except queue.Empty:
                break
            if take_id not in self.pending:
                continue  # shut down since: the comparison it was for has ended
            self.pending.discard(take_id)
            if error:
                self.sig_failed.emit(take_id, error)
            else:
                self.sig_measured.emit(take_id, value)
        if not self.pending:
            self._collector.stop()


def _run(
    measure: Measure,
    take_id: str,
    path: Path,
    results: queue.SimpleQueue[tuple[str, float | None, str]],
) -> None:
    """The worker: measure one file and leave the outcome in ``results``."""
    value: float | None = None
    error = ""
    try:
        value = measure(path)
    except SonodeskError as exc:
        error = exc.full_text()
    except Exception:  # a broken file must not take the comparison down
        log.exception("measuring the loudness of %s failed", path.name)
        error = "The loudness of this take could not be measured."
    results.put((take_id, value, error))
