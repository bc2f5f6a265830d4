"""A minimal callback list for core objects that report events. No threads of its own, no Qt."""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


class Listeners:
    """Callbacks called in order on ``emit``; ``add`` returns a function that removes the one added.

    ``emit`` runs on the caller's thread; a failing callback is logged and does not stop the
    others (on the audio thread an exception must never escape).
    """

    def __init__(self) -> None:
        self._items: list[Callable[..., None]] = []
        self._lock = threading.Lock()

    def add(self, callback: Callable[..., None]) -> Callable[[], None]:
        with self._lock:
            self._items.append(callback)
        return lambda: self.remove(callback)

    def remove(self, callback: Callable[..., None]) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._items.remove(callback)

    def emit(self, *args: object) -> None:
        with self._lock:
            items = list(self._items)
        for callback in items:
            try:
                callback(*args)
            except Exception:
                log.exception("an event listener failed")
