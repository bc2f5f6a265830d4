"""The Qt binding must not leak references to None or True (PySide6 6.12.0 did, on Python 3.11,
and the interpreter aborted with none_dealloc/bool_dealloc after a few thousand calls)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget


class _Emitter(QObject):
    sig_ping = Signal()


def test_void_calls_and_emits_keep_refcounts(qapp) -> None:  # type: ignore[no-untyped-def]
    widget = QWidget()
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        widget.setObjectName("probe")
        widget.update()
        emitter.sig_ping.emit()
    assert sys.getrefcount(None) - none_before > -50
    assert sys.getrefcount(True) - true_before > -50
