"""UI test fixtures: one qasync loop riding on Qt's, marked running only during a UI test.

pytest-qt pumps Qt's event loop (waitUntil/waitSignal); the qasync loop is built with
already_running=True on top of it, so @asyncSlot tasks run while qtbot waits. Core tests
that use asyncio.run interleave freely because the loop is only "running" inside a UI test.
"""

from __future__ import annotations

import asyncio
import gc

import pytest


@pytest.fixture(scope="session")
def _qasync_loop(qapp):  # type: ignore[no-untyped-def]
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.events._set_running_loop(None)
    yield loop
    # asyncio.to_thread work runs on qasync's QThread pool; stop it before Qt tears down, or
    # the process ends with "QThread: Destroyed while thread is still running".
    executor = getattr(loop, "_QEventLoop__default_executor", None)
    if executor is not None:
        executor.shutdown(wait=True)


@pytest.fixture(autouse=True)
def _no_leftover_widgets(qapp):  # type: ignore[no-untyped-def]
    """After each UI test: close and delete stray top-level widgets and collect garbage here.

    Leftovers accumulate over hundreds of tests; collecting their wrappers at a random later
    moment (possibly from a worker thread that happens to trigger the GC) deleted live Qt
    objects under a running timer. Cleaning up on the main thread keeps every test isolated.
    """
    yield
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        if widget.isVisible():
            widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    gc.collect()


@pytest.fixture
def qloop(_qasync_loop, qtbot):  # type: ignore[no-untyped-def]
    """The running asyncio loop for this UI test; leftover tasks are cancelled at the end."""
    asyncio.events._set_running_loop(_qasync_loop)
    asyncio.set_event_loop(_qasync_loop)
    try:
        yield _qasync_loop
    finally:
        pending = [t for t in asyncio.all_tasks(_qasync_loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            qtbot.waitUntil(lambda: all(t.done() for t in pending), timeout=5000)
        asyncio.events._set_running_loop(None)
