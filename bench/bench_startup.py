"""1. Start-up: process start to the main window painted, as a subprocess, cold and warm.

The app prints a probe line at the first paint of the start-up window and of the main window
when ``SONODESK_STARTUP_PROBE=1`` (sonodesk.ui.startup_probe) and then closes itself. The
clock starts just before ``Popen`` of the ``sonodesk`` command (``time.monotonic`` is one
clock for every process), so interpreter start-up and imports are included.

* warm: the same SONODESK_HOME run after run (settings, database and sandbox state exist, the
  page cache holds the libraries): what a user sees on a normal start.
* cold: the page cache is dropped before each run (``/proc/sys/vm/drop_caches``, root only)
  and SONODESK_HOME is new; where the cache cannot be dropped, cold means a first run with a
  new home and the table says so.
* both: the app's sources are byte-compiled first (common.compile_sources), as an installed
  app's are; a shell with PYTHONDONTWRITEBYTECODE=1 would otherwise have every run compile
  them again.

Runs alternate with a bare PySide6 window (bench/qt_floor.py): the floor a Qt app pays here.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Config, Metric

TARGET_S = 0.8
PROBE = re.compile(r"SONODESK_STARTUP_PROBE (\w+) monotonic=([0-9.]+)")
CPU = re.compile(r"SONODESK_STARTUP_PROBE (\w+) monotonic=[0-9.]+ age=\S+ cpu=([0-9.]+)")


def launch(argv: list[str], home: Path | None, timeout: float = 60.0) -> dict[str, float]:
    """Start ``argv`` and return the probe times (seconds after Popen) and the exit time."""
    env = common.clean_env(SONODESK_STARTUP_PROBE="1")
    if home is not None:
        env["SONODESK_HOME"] = str(home)
    begun = time.monotonic()
    proc = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=timeout)
    ended = time.monotonic()
    marks = {name: float(at) - begun for name, at in PROBE.findall(proc.stdout)}
    marks.update({f"{name}_cpu": float(cpu) for name, cpu in CPU.findall(proc.stdout)})
    if proc.returncode != 0 or "main_window" not in marks:
        raise RuntimeError(
            f"{argv[-1]} exited {proc.returncode} without painting its main window:\n"
            f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
        )
    marks["exit"] = ended - begun
    return marks


def run(cfg: Config) -> list[Metric]:
    warm_n = cfg.repeats(12, 4)
    cold_n = cfg.repeats(4, 1) if not cfg.runs else max(1, cfg.runs // 3)
    app = [common.SONODESK]
    floor = [common.PYTHON, str(common.BENCH / "qt_floor.py")]
    warm_home = common.fresh_dir("startup-home-warm")
    compiled = common.compile_sources()

    common.log("start-up: one untimed run to create the warm home")
    launch(app, warm_home)
    launch(floor, None)

    warm: list[dict[str, float]] = []
    floor_warm: list[float] = []
    for i in range(warm_n):
        floor_warm.append(launch(floor, None)["main_window"])
        warm.append(launch(app, warm_home))
        common.log(
            f"start-up warm {i + 1}/{warm_n}: main window {warm[-1]['main_window']:.3f} s "
            f"(start-up window {warm[-1]['startup_window']:.3f} s, floor {floor_warm[-1]:.3f} s)"
        )

    cold: list[dict[str, float]] = []
    floor_cold: list[float] = []
    dropped = True
    for i in range(cold_n):
        dropped &= common.drop_caches()
        cold.append(launch(app, common.fresh_dir(f"startup-home-cold-{i}")))
        dropped &= common.drop_caches()
        floor_cold.append(launch(floor, None)["main_window"])
        common.log(
            f"start-up cold {i + 1}/{cold_n}: main window {cold[-1]['main_window']:.3f} s "
            f"(floor {floor_cold[-1]:.3f} s, page cache dropped: {dropped})"
        )
    cold_note = (
        "page cache dropped before each run, new home"
        if dropped
        else "page cache could NOT be dropped: first run with a new home"
    )

    def series(runs: list[dict[str, float]], key: str) -> list[float]:
        return [r[key] for r in runs]

    warm_main = series(warm, "main_window")
    cold_main = series(cold, "main_window")
    target = f"<= {TARGET_S} s"
    metrics = [
        Metric(
            "startup",
            "main window painted, warm",
            "s",
            warm_main,
            target,
            note="same home each run",
            extra={"sources_byte_compiled": compiled},
        ),
        Metric("startup", "main window painted, cold", "s", cold_main, target, note=cold_note),
        Metric(
            "startup",
            "model list filled in, warm",
            "s",
            series(warm, "models_ready"),
            note="the window shows first; the models arrive after the SDK loads on a thread",
        ),
        Metric(
            "startup",
            "app CPU time to main window painted, warm",
            "s",
            series(warm, "main_window_cpu"),
            note="user+system CPU of the app process (not the sandbox child)",
        ),
        Metric("startup", "start-up window painted, warm", "s", series(warm, "startup_window")),
        Metric("startup", "start-up window painted, cold", "s", series(cold, "startup_window")),
        Metric("startup", "bare Qt window painted (floor), warm", "s", floor_warm),
        Metric("startup", "bare Qt window painted (floor), cold", "s", floor_cold),
        Metric(
            "startup",
            "main window / floor, warm (ratio)",
            "x",
            [a / b for a, b in zip(warm_main, floor_warm, strict=True)],
        ),
        Metric("startup", "process exit after the probe, warm", "s", series(warm, "exit")),
    ]
    for metric in metrics[:2]:
        metric.passed = common.at_most(metric.value or 0.0, TARGET_S)
    return metrics


if __name__ == "__main__":
    common.child_main(run)
