"""The last-resort error handler: log every uncaught exception, show a friendly non-modal dialog.

Exceptions escaping slots and @asyncSlot coroutines land here (qasync routes them to
sys.excepthook). It logs through logging (core installs redaction) and never shows tracebacks.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from sonodesk.core.errors import SonodeskError

log = logging.getLogger("sonodesk.ui.errors")

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


def friendly_message(error: BaseException) -> tuple[str, str]:
    """(text, detail) safe to show: our own errors speak for themselves, others stay vague."""
    if isinstance(error, SonodeskError):
        return error.message, error.hint or ""
    return (
        "Something went wrong inside Sonodesk.",
        f"The details ({type(error).__name__}) were written to the log file. "
        "Your takes and jobs are safe.",
    )


class ErrorReporter:
    """Callable as sys.excepthook. Reuses one dialog so a burst of errors is one window."""

    def __init__(self, parent: Callable[[], QWidget | None] = lambda: None) -> None:
        self._parent = parent
        self._dialog: QMessageBox | None = None
        self.shown: list[str] = []

    def __call__(
        self,
        exc_type: type[BaseException],
        exc: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, traceback)
            return
        log.error("uncaught %s", exc_type.__name__, exc_info=(exc_type, exc, traceback))
        if QApplication.instance() is None:
            return
        text, detail = friendly_message(exc)
        self.shown.append(text)
        self._show(text, detail)

    def _show(self, text: str, detail: str) -> None:
        if self._dialog is None:
            dialog = QMessageBox(self._parent())
            dialog.setIcon(QMessageBox.Icon.Warning)
            dialog.setWindowTitle("Sonodesk")
            dialog.setStandardButtons(QMessageBox.StandardButton.Close)
            dialog.setModal(False)
            self._dialog = dialog
        self._dialog.setText(text)
        self._dialog.setInformativeText(detail)
        self._dialog.show()
        self._dialog.raise_()


def install_excepthook(reporter: ErrorReporter) -> ExceptHook:
    """Make ``reporter`` the process's excepthook; returns the previous hook."""
    previous = sys.excepthook
    sys.excepthook = reporter
    return previous
