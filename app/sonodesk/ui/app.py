"""Start the desktop app: display check, QApplication, theme, excepthook, then the qasync loop
that opens the session, shows the main window and shuts everything down cleanly.

The main window comes from ``sonodesk.ui.compose.build_main_window`` (a WindowFactory) when
that module exists; scripted runs (--smoke, --screenshot) use ``compose.run_script`` if it
defines one.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import logging
import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox

from sonodesk import __version__
from sonodesk.core import settings as settings_mod
from sonodesk.core.errors import SonodeskError
from sonodesk.core.paths import app_paths
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
COMPOSE_MODULE = "sonodesk.ui.compose"
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


def _compose() -> Any:
    try:
        return importlib.import_module(COMPOSE_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != COMPOSE_MODULE:
            raise
        return None


def resolve_window_factory() -> WindowFactory:
    compose = _compose()
    if compose is not None:
        return compose.build_main_window  # type: ignore[no-any-return]
    log.info("no %s module; using the basic window", COMPOSE_MODULE)
    from sonodesk.ui.fallback import build_basic_window

    return build_basic_window


def resolve_script_hook() -> ScriptHook | None:
    compose = _compose()
    return getattr(compose, "run_script", None) if compose is not None else None


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


async def default_script(window: QMainWindow, session: Session, args: argparse.Namespace) -> int:
    """--screenshot saves the window as it opened; --smoke reports that it opened."""
    for _ in range(5):  # let layouts settle and the first paint happen
        await asyncio.sleep(0.05)
    if args.screenshot:
        path = Path(args.screenshot)
        path.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(path)):
            print(f"sonodesk: could not write the screenshot to {path}", file=sys.stderr)
            return 1
        print(f"screenshot: {path}")
    if args.smoke:
        badge = getattr(getattr(window, "provider_badge", None), "text", lambda: "")()
        print(f"smoke: window shown ({badge or 'provider unknown'}); no generation script")
    return 0


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
    startup.show()
    session: Session | None = None
    window: QMainWindow | None = None
    try:
        opener = session_opener or _default_session_opener()
        try:
            session = await opener(api_url=args.api_url)
            if closed.is_set():
                return 0
            startup.set_status("Opening the window…")
            window = await (window_factory or resolve_window_factory())(session)
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
        window.show()
        window.raise_()
        window.activateWindow()
        if scripted:
            hook = script or resolve_script_hook() or default_script
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
