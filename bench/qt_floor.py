"""The floor for benchmark 1: a bare PySide6 window, process start to first paint.

Prints the same probe line as the app (``SONODESK_STARTUP_PROBE main_window monotonic=...``)
after the first paint pass of a QMainWindow with a label, then exits.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


class _Probe(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self._window, self._seen = window, False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Paint and not self._seen:
            self._seen = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        print(f"SONODESK_STARTUP_PROBE main_window monotonic={time.monotonic():.6f}", flush=True)
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Sonodesk"))
    window.resize(1280, 800)
    _Probe(window)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
