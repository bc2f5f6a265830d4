"""The excepthook logs and shows a friendly, non-modal message."""

from __future__ import annotations

import logging
import sys

import pytest

from sonodesk.core.errors import StorageError
from sonodesk.ui.errors import ErrorReporter, friendly_message, install_excepthook


def _raise(error: BaseException) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise error
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_friendly_messages() -> None:
    assert friendly_message(StorageError("The disk is full.", hint="Free some space.")) == (
        "The disk is full.",
        "Free some space.",
    )
    text, detail = friendly_message(ZeroDivisionError("secret path /home/x"))
    assert text == "Something went wrong inside Sonodesk."
    assert "ZeroDivisionError" in detail and "/home/x" not in detail


def test_reporter_logs_and_shows_one_reused_dialog(qtbot, caplog) -> None:  # type: ignore[no-untyped-def]
    reporter = ErrorReporter()
    with caplog.at_level(logging.ERROR, logger="sonodesk.ui.errors"):
        reporter(*_raise(ValueError("boom")))  # type: ignore[arg-type]
        reporter(*_raise(StorageError("The disk is full.")))  # type: ignore[arg-type]
    assert [r.exc_info[0] for r in caplog.records] == [ValueError, StorageError]
    dialog = reporter._dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.text() == "The disk is full."
    assert reporter.shown == ["Something went wrong inside Sonodesk.", "The disk is full."]
    dialog.close()


def test_keyboard_interrupt_is_not_reported(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    passed: list[type[BaseException]] = []
    monkeypatch.setattr(sys, "__excepthook__", lambda t, e, tb: passed.append(t))
    reporter = ErrorReporter()
    reporter(*_raise(KeyboardInterrupt()))  # type: ignore[arg-type]
    assert passed == [KeyboardInterrupt] and reporter.shown == []


def test_install_returns_the_previous_hook(monkeypatch: pytest.MonkeyPatch) -> None:
    before = sys.excepthook
    reporter = ErrorReporter()
    previous = install_excepthook(reporter)
    try:
        assert previous is before and sys.excepthook is reporter
    finally:
        sys.excepthook = previous
