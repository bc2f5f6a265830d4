"""EngineBridge: the job engine's events as Qt signals. Subscribes through the callable it is
given; touches nothing else of the engine.

The engine calls listeners on the event-loop thread, which under qasync is Qt's thread, so
the signals are emitted directly (no queued hop).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from sonodesk.core.jobs.engine import EngineEvent, JobChanged, Listener, TakeAdded

log = logging.getLogger(__name__)

Subscribe = Callable[[Listener], Callable[[], None]]


class EngineBridge(QObject):
    """Re-emits ``JobChanged`` as ``sig_job_changed(job)`` and ``TakeAdded`` as
    ``sig_take_added(take, job)``. Pass ``engine.subscribe``; call ``close()`` to stop."""

    sig_job_changed = Signal(object)  # JobRecord
    sig_take_added = Signal(object, object)  # TakeRecord, JobRecord

    def __init__(self, subscribe: Subscribe, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = subscribe(self._on_engine_event)

    def _on_engine_event(self, event: EngineEvent) -> None:
        if isinstance(event, JobChanged):
            self.sig_job_changed.emit(event.job)
        elif isinstance(event, TakeAdded):
            self.sig_take_added.emit(event.take, event.job)
        else:
            log.debug("ignored engine event %s", type(event).__name__)

    def close(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
