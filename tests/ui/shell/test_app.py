"""Start-up and shutdown: the display check, main_async's lifetime, and a real launch."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow

from sonodesk.core.errors import StorageError
from sonodesk.ui.app import NO_DISPLAY_MESSAGE, create_application, display_problem, main_async
from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.main_window import MainWindow
from sonodesk.ui.startup import StartupWindow
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker
from ui.shell.standins import FormStandIn, PlayerStandIn

APP_DIR = Path(__file__).resolve().parents[3] / "app"


def _args(**overrides: object) -> argparse.Namespace:
    values: dict[str, object] = {
        "api_url": None,
        "verbose": False,
        "smoke": False,
        "screenshot": None,
        "after_generate": False,
    }
    values.update(overrides)
    return argparse.Namespace(**values)


class FakeSession:
    def __init__(self) -> None:
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True


async def _stand_in_window(session: object) -> MainWindow:
    return MainWindow(
        model_picker=ModelPicker(),
        parameters=FormStandIn(),
        jobs_panel=JobsPanel(),
        player=PlayerStandIn(),
        info=AppInfo(provider_badge="Sandbox · offline"),
    )


async def _screenshot_script(window: QMainWindow, session: object, args: argparse.Namespace) -> int:
    """A scripted run's hook, as compose.run_script is, without generating anything."""
    path = Path(args.screenshot)
    path.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(path))
    print(f"screenshot: {path}")
    return 0


def _opener(session: FakeSession, gate: object = None):  # type: ignore[no-untyped-def]
    async def open_session(**kwargs: object) -> FakeSession:
        if gate is not None:
            await gate  # type: ignore[misc]
        return session

    return open_session


@pytest.mark.parametrize(
    ("environ", "platform", "problem"),
    [
        ({}, "linux", True),
        ({"DISPLAY": ":0"}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({}, "darwin", False),
        ({}, "win32", False),
    ],
)
def test_display_problem(environ: dict[str, str], platform: str, problem: bool) -> None:
    assert (display_problem(environ, platform) is not None) is problem


def test_no_display_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    env["SONODESK_HOME"] = str(tmp_path)
    env["PYTHONPATH"] = str(APP_DIR)
    result = subprocess.run(
        [sys.executable, "-m", "sonodesk"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [NO_DISPLAY_MESSAGE]
    assert "QT_QPA_PLATFORM=offscreen sonodesk --smoke" in NO_DISPLAY_MESSAGE
    assert "sonodesk generate" in NO_DISPLAY_MESSAGE


def test_create_application_sets_names_icon_and_lifetime(themed_app) -> None:  # type: ignore[no-untyped-def]
    app = create_application("light")
    try:
        assert app is QApplication.instance()
        assert app.applicationName() == "Sonodesk" and app.organizationName() == "Sonodesk"
        assert not app.windowIcon().isNull()
        assert not app.quitOnLastWindowClosed()
        assert app.palette().window().color().lightness() > 200
    finally:
        app.setQuitOnLastWindowClosed(True)


def _windows_of(kind: type) -> list:  # type: ignore[type-arg]
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_main_async_runs_until_the_window_closes(qtbot, qloop, themed_app) -> None:  # type: ignore[no-untyped-def]
    session = FakeSession()
    gate = qloop.create_future()
    task = qloop.create_task(
        main_async(
            themed_app,
            _args(),
            window_factory=_stand_in_window,
            session_opener=_opener(session, gate),
        )
    )
    qtbot.waitUntil(lambda: bool(_windows_of(StartupWindow)), timeout=2000)
    gate.set_result(None)  # the session is open: the window replaces the start-up window
    qtbot.waitUntil(lambda: bool(_windows_of(MainWindow)), timeout=2000)
    assert not _windows_of(StartupWindow)
    window = _windows_of(MainWindow)[0]
    assert not task.done()
    window.close()
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() == 0
    assert session.closed


def test_main_async_screenshot_run(qtbot, qloop, themed_app, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    session = FakeSession()
    target = tmp_path / "shots" / "window.png"
    task = qloop.create_task(
        main_async(
            themed_app,
            _args(screenshot=str(target), smoke=True),
            window_factory=_stand_in_window,
            session_opener=_opener(session),
            script=_screenshot_script,
        )
    )
    qtbot.waitUntil(task.done, timeout=5000)
    assert task.result() == 0
    assert target.stat().st_size > 10_000
    out = capsys.readouterr().out
    assert f"screenshot: {target}" in out
    assert session.closed and not _windows_of(MainWindow)


def test_main_async_reports_a_session_that_cannot_open(qtbot, qloop, themed_app, capsys) -> None:  # type: ignore[no-untyped-def]
    async def failing(**kwargs: object) -> FakeSession:
        raise StorageError("The library database is locked.", hint="Close the other Sonodesk.")

    task = qloop.create_task(
        main_async(
            themed_app, _args(smoke=True), window_factory=_stand_in_window, session_opener=failing
        )
    )
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() == 1
    assert "The library database is locked. Close the other Sonodesk." in capsys.readouterr().err
    assert not _windows_of(StartupWindow)


def test_closing_the_startup_window_ends_cleanly(qtbot, qloop, themed_app) -> None:  # type: ignore[no-untyped-def]
    session = FakeSession()
    gate = qloop.create_future()
    task = qloop.create_task(
        main_async(
            themed_app,
            _args(),
            window_factory=_stand_in_window,
            session_opener=_opener(session, gate),
        )
    )
    qtbot.waitUntil(lambda: bool(_windows_of(StartupWindow)), timeout=2000)
    _windows_of(StartupWindow)[0].close()
    gate.set_result(None)
    qtbot.waitUntil(task.done, timeout=3000)
    assert task.result() == 0
    assert session.closed and not _windows_of(MainWindow)


def test_real_launch_with_the_embedded_sandbox(tmp_path: Path) -> None:
    """`sonodesk --smoke --screenshot`: sandbox child process, session, window, clean exit.

    Run as a user would, with no SONODESK_HOME: the smoke run must leave the user's own
    folders (settings, library, log file) untouched.
    """
    dropped = ("DISPLAY", "WAYLAND_DISPLAY", "SONODESK_HOME")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("XDG_")}
    user_home = tmp_path / "user"
    user_home.mkdir()
    env.update(HOME=str(user_home), PYTHONPATH=str(APP_DIR), QT_QPA_PLATFORM="offscreen")
    target = tmp_path / "launch.png"
    result = subprocess.run(
        [sys.executable, "-m", "sonodesk", "--smoke", "--screenshot", str(target)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert target.stat().st_size > 10_000
    assert "smoke ok: model=model_sonodesk-music-sketch job=job_" in result.stdout
    assert "Event loop stopped before Future completed" not in result.stderr
    assert "Traceback" not in result.stderr
    assert [p for p in user_home.rglob("*") if "onodesk" in p.name] == []


def test_the_first_paint_needs_no_numpy_soundfile_keyring_or_sdk(tmp_path: Path) -> None:
    """A real start-up: what had been imported when the main window finished its first paint.

    Each of these costs 0.05-0.5 s of start-up (more from a cold disk) and is imported on
    first use instead; the model list and the keys are read after the paint.
    """
    heavy = ("numpy", "soundfile", "sounddevice", "keyring", "scenario_sdk", "aiohttp")
    code = (
        "import sys\n"
        "from sonodesk.ui import startup_probe\n"
        "real = startup_probe.report\n"
        "def report(name):\n"
        "    if name == 'main_window':\n"
        f"        print('LOADED', sorted(m for m in {heavy!r} if m in sys.modules))\n"
        "    real(name)\n"
        "startup_probe.report = report\n"
        "from sonodesk.cli.main import main\n"
        "sys.exit(main([]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(
        SONODESK_HOME=str(tmp_path / "home"),
        SONODESK_STARTUP_PROBE="1",
        PYTHONPATH=str(APP_DIR),
        QT_QPA_PLATFORM="offscreen",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED []" in result.stdout, result.stdout
    assert "SONODESK_STARTUP_PROBE models_ready" in result.stdout  # and the list then filled in
