"""Start-up probe for the benchmarks: with ``SONODESK_STARTUP_PROBE=1`` the app prints a line
when a watched window has finished its first paint and when the main window's model list is
filled in, then closes the main window (so the app exits).

One line per window on stdout::

    SONODESK_STARTUP_PROBE main_window monotonic=1234.567890 age=0.612 cpu=0.540

``monotonic`` is ``time.monotonic()`` (the same clock in every process on Linux, so a parent
that noted it before starting the app can subtract); ``age`` is the time since this process
started according to the kernel (10 ms resolution); ``cpu`` the CPU seconds this process has
used so far (a figure a busy machine does not inflate). Nothing happens without the variable.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from sonodesk.ui.first_paint import after_first_paint

ENV = "SONODESK_STARTUP_PROBE"
PREFIX = "SONODESK_STARTUP_PROBE"


def enabled() -> bool:
    return os.environ.get(ENV, "") not in ("", "0")


def process_age() -> float | None:
    """Seconds since this process started (Linux /proc), or None elsewhere."""
    try:
        with open("/proc/self/stat", encoding="ascii") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")  # field 22: starttime
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, ValueError, IndexError, AttributeError):
        return None


def report(name: str) -> None:
    age = process_age()
    age_text = f"{age:.3f}" if age is not None else "nan"
    times = os.times()
    cpu = times.user + times.system  # this process's CPU seconds so far, all threads
    print(
        f"{PREFIX} {name} monotonic={time.monotonic():.6f} age={age_text} cpu={cpu:.3f}",
        flush=True,
    )
    sys.stdout.flush()


def _report_after_paint(widget: QWidget, name: str, then: Callable[[], None] | None) -> None:
    def painted() -> None:
        report(name)
        if then is not None:
            QTimer.singleShot(0, then)

    # No fallback: a probe that fired without a paint would time something else.
    after_first_paint(widget, painted, fallback=False)


def watch(widget: QWidget, name: str, then: Callable[[], None] | None = None) -> None:
    """Print the probe line after ``widget``'s first paint (then call ``then``), if enabled."""
    if enabled():
        _report_after_paint(widget, name, then)


def watch_main_window(window: QWidget) -> None:
    """``main_window`` at its first paint, ``models_ready`` once its model list is filled in
    (``window.models_ready``, when it has one), then close the window."""
    if not enabled():
        return

    def after_paint() -> None:
        ready = getattr(window, "models_ready", None)
        if ready is None or ready.done():
            report("models_ready")
            window.close()
            return
        ready.add_done_callback(
            lambda _f: (report("models_ready"), QTimer.singleShot(0, window.close))
        )

    _report_after_paint(window, "main_window", after_paint)
