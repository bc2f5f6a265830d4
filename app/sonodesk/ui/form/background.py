"""Run a blocking function on a worker thread and hand its result to a callback on the UI thread.

The callback is skipped when its owner widget has been deleted meanwhile. Owns one small
thread pool; knows nothing about what the work is.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

_pool: ThreadPoolExecutor | None = None


class _Relay(QObject):
    # Emitted from a worker thread; Qt queues the call onto the relay's (the UI) thread.
    sig_done = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.sig_done.connect(self._deliver)

    def _deliver(self, payload: tuple[QWidget, Callable[[Any], None], Future[Any]]) -> None:
        owner, callback, future = payload
        if not shiboken6.isValid(owner):
            return
        try:
            result = future.result()
        except Exception:  # the work's own failure: report it and drop it, the UI stays usable
            log.exception("background work failed")
            return
        callback(result)


_relay: _Relay | None = None


def run_in_background(owner: QWidget, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """``done(work())`` on the UI thread, unless ``owner`` is gone by then.

    Must be called from the UI thread (the relay is created there on first use).
    """
    global _pool, _relay
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="form-files")
    if _relay is None:
        _relay = _Relay()
    relay = _relay
    future = _pool.submit(work)
    future.add_done_callback(lambda f: relay.sig_done.emit((owner, done, f)))
