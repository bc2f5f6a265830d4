"""Start the desktop app: display check, QApplication, theme, excepthook, then the qasync loop
that opens the session, shows the main window and shuts everything down cleanly.

The main window comes from ``sonodesk.ui.compose.build_main_window``; scripted runs (--smoke,
--screenshot) use ``compose.run_script``. Tests inject their own factory and script.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import logging
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from sonodesk import __version__
from sonodesk.core import settings as settings_mod
from sonodesk.core.errors import SonodeskError
from sonodesk.core.paths import app_paths
from sonodesk.ui import startup_probe
from sonodesk.ui.errors import ErrorReporter, install_excepthook
from sonodesk.ui.icons import app_icon
from sonodesk.ui.startup import StartupWindow
from sonodesk.ui.theme import apply_theme

if TYPE_CHECKING:
    from sonodesk.core.session import Session

log = logging.getLogger(__name__)

WindowFactory = Callable[["Session"], Awaitable[QMainWindow]]
ScriptHook = Callable[[QMainWindow, "Session", argparse.Namespace], Awaitable[int]]
SessionOpener = Callable[..., Awaitable["Session"]]

EXIT_NO_DISPLAY = 2
NO_DISPLAY_MESSAGE = (
    "sonodesk: no display found (DISPLAY and WAYLAND_DISPLAY are unset); "
    "run headless with QT_QPA_PLATFORM=offscreen sonodesk --smoke, "
    "or use the command line: sonodesk generate ..."
)


def display_problem(
    environ: Mapping[str, str] | None = None, platform: str = sys.platform
) -> str | None:
    """Why no window can open here (one line), or None when one can."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux") or env.get("QT_QPA_PLATFORM"):
        return None
    if env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_MESSAGE


def create_application(theme_name: str) -> QApplication:
    """The QApplication with Sonodesk's names, icon, theme and HiDPI policy."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication(sys.argv[:1])
    app.setApplicationName("Sonodesk")
    app.setApplicationDisplayName("Sonodesk")
    app.setOrganizationName("Sonodesk")
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("sonodesk")
    app.setWindowIcon(app_icon())
    # main_async decides when the app ends; Qt must not stop the loop under a pending future.
    app.setQuitOnLastWindowClosed(False)
    apply_theme(app, theme_name)
    return app


def _default_window_factory() -> WindowFactory:
    from sonodesk.ui.compose import build_main_window

    # Show the window at once; the model list fills in when the provider answers.
    return functools.partial(build_main_window, wait_for_models=False)


def _default_script() -> ScriptHook:
    from sonodesk.ui.compose import run_script

    return run_script


class _CloseWatcher(QObject):
    """Sets an event once a window that has no ``sig_closing`` has really closed."""

    def __init__(self, window: QMainWindow, closed: asyncio.Event) -> None:
        super().__init__(window)
        self._window = window
        self._closed = closed
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            # The close may still be refused by the window; look once it has been handled.
            QTimer.singleShot(0, self._check)
        return False

    def _check(self) -> None:
        if not self._window.isVisible():
            self._closed.set()


def _watch_close(window: QMainWindow, closed: asyncio.Event) -> None:
    signal = getattr(window, "sig_closing", None)
    if signal is not None:
        signal.connect(closed.set)
    else:
        _CloseWatcher(window, closed)


async def show_fatal(text: str, detail: str = "") -> None:
    """A non-modal error box awaited through a future (never exec() inside a coroutine)."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Sonodesk", text, QMessageBox.StandardButton.Close)
    box.setInformativeText(detail)
    done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
    box.finished.connect(lambda _result: done.done() or done.set_result(None))
    box.open()
    await done


def _default_session_opener() -> SessionOpener:
    from sonodesk.core.session import open_session

    return open_session


async def main_async(
    app: QApplication,
    args: argparse.Namespace,
    *,
    window_factory: WindowFactory | None = None,
    session_opener: SessionOpener | None = None,
    script: ScriptHook | None = None,
) -> int:
    """Open the session, show the window, wait for it to close, then close the session."""
    closed = asyncio.Event()
    app.aboutToQuit.connect(closed.set)
    scripted = bool(getattr(args, "smoke", False) or getattr(args, "screenshot", None))
    startup = StartupWindow()
    startup.sig_closed.connect(closed.set)
    startup_probe.watch(startup, "startup_window")
    startup.show()
    session: Session | None = None
    window: QMainWindow | None = None
    try:
        opener = session_opener or _default_session_opener()
        try:
            if getattr(args, "smoke", False):
                # A smoke check runs offline in the sandbox, whatever account is configured.
                opening = asyncio.ensure_future(opener(api_url=None, force_sandbox=True))
            else:
                opening = asyncio.ensure_future(opener(api_url=args.api_url))
            # The session's first step starts the sandbox process; import the window's modules
            # while that boots rather than after it.
            await asyncio.sleep(0)
            try:
                factory = window_factory or _default_window_factory()
            finally:
                session = await opening
            if closed.is_set():
                return 0
            startup.set_status("Opening the window…")
            window = await factory(session)
        except SonodeskError as exc:
            log.error("start-up failed: %s", exc.message)
            startup.finish()
            if scripted:
                print(f"sonodesk: {exc.full_text()}", file=sys.stderr)
            else:
                await show_fatal(exc.message, exc.hint or "")
            return 1
        window.setWindowIcon(app_icon())
        _watch_close(window, closed)
        startup.finish()
        # SONODESK_STARTUP_PROBE=1 (benchmarks): report the first paint and the models, close.
        startup_probe.watch_main_window(window)
        window.show()
        if QGuiApplication.platformName() != "offscreen":  # offscreen cannot raise windows
            window.raise_()
            window.activateWindow()
        if scripted:
            hook = script or _default_script()
            return await hook(window, session, args)
        await closed.wait()
        return 0
    finally:
        app.aboutToQuit.disconnect(closed.set)
        startup.finish()
        if window is not None and window.isVisible():
            window.close()
        if session is not None:
            await session.aclose()


def run_app(args: argparse.Namespace) -> int:
    """The `sonodesk` command without a subcommand: the window (or a scripted run of it)."""
    scripted = bool(getattr(args, "smoke", False) or getattr(args, "screenshot", None))
    if scripted and display_problem() is not None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # smoke and screenshots need no screen
    problem = display_problem()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    if getattr(args, "smoke", False) and not os.environ.get("SONODESK_HOME"):
        # Leave the user's library and settings untouched: a smoke run lives in a temp home.
        with tempfile.TemporaryDirectory(prefix="sonodesk-smoke-") as home:
            os.environ["SONODESK_HOME"] = home
            try:
                return _run_qt(args)
            finally:
                os.environ.pop("SONODESK_HOME", None)
    return _run_qt(args)


def _run_qt(args: argparse.Namespace) -> int:
    import qasync

    loaded = settings_mod.load(app_paths().settings_file)
    app = create_application(loaded.settings.theme)
    reporter = ErrorReporter(parent=app.activeWindow)
    previous = install_excepthook(reporter)
    try:
        # asyncio.run(..., loop_factory=...) needs 3.12; Runner is the same on 3.11.
        with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
            return runner.run(main_async(app, args))
    finally:
        sys.excepthook = previous
