"""Run start-up work once a window has painted for the first time, so it never delays that paint.

``after_first_paint(window, callback)`` calls ``callback`` once, on the UI thread, right after
the first paint pass of ``window`` (children included); if no paint comes within
``fallback_ms`` (a minimised or hidden window) it calls it then instead, unless told not to.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1500


class _FirstPaint(QObject):
    def __init__(
        self, widget: QWidget, callback: Callable[[], None], fallback_ms: int | None
    ) -> None:
        super().__init__(widget)
        self._widget, self._callback = widget, callback
        self._done = False
        widget.installEventFilter(self)
        self._fallback = QTimer(self, singleShot=True)
        self._fallback.timeout.connect(self._fire)
        if fallback_ms is not None:
            self._fallback.start(fallback_ms)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Paint and not self._done:
            # Children paint in the same pass, right after the window itself: run after it.
            QTimer.singleShot(0, self._fire)
        return False

    def _fire(self) -> None:
        if self._done:
            return
        self._done = True
        self._fallback.stop()
        self._widget.removeEventFilter(self)
        self._callback()
        self.deleteLater()


def after_first_paint(
    widget: QWidget,
    callback: Callable[[], None],
    *,
    fallback_ms: int | None = None,
    fallback: bool = True,
) -> None:
    """Call ``callback`` once, after ``widget``'s first paint (or after ``fallback_ms``;
    with ``fallback=False`` only ever after a paint)."""
    delay = FALLBACK_MS if fallback_ms is None else fallback_ms
    _FirstPaint(widget, callback, delay if fallback else None)
