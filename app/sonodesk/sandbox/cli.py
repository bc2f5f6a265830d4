"""Command-line entry for the sandbox: arguments, the serve loop, signals and the parent watchdog.

Prints exactly one ready line on stdout (``SONODESK_SANDBOX_READY http://host:port``); logs go
to stderr through whatever logging the caller configured. No Qt.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import signal
import socket
import sys
from pathlib import Path

from sonodesk.sandbox.faults import FaultConfig
from sonodesk.sandbox.options import FAULTS_ENV, READY_PREFIX, SandboxOptions

log = logging.getLogger(__name__)

_WATCHDOG_INTERVAL = 0.5
# Connections the kernel holds while the server is still starting (the app opens a few at once).
LISTEN_BACKLOG = 128


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on")
    parser.add_argument("--port", type=int, default=0, help="port (0: pick a free one)")
    parser.add_argument("--state-dir", type=Path, help="keep jobs and audio here across restarts")
    parser.add_argument(
        "--time-scale", type=float, default=1.0, help="job durations are multiplied by this"
    )
    parser.add_argument(
        "--url-ttl", type=float, default=3600.0, help="lifetime of signed URLs in seconds"
    )
    parser.add_argument(
        "--faults",
        help=f"fault injection, e.g. rate=0.2,kinds=rate_limit+server_error,seed=7 "
        f"(default: ${FAULTS_ENV})",
    )
    parser.add_argument("--max-concurrent-jobs", type=int, help="per-team ceiling (429 beyond)")
    parser.add_argument("--require-credentials", metavar="KEY:SECRET", help="only accept these")
    parser.add_argument(
        "--empty-pages", action="store_true", help="every other jobs page comes back empty"
    )
    parser.add_argument("--parent-pid", type=int, help="exit when this process is gone")
    parser.add_argument("--render-workers", type=int, default=2, help="synthesis threads")


def options_from_args(args: argparse.Namespace) -> SandboxOptions:
    faults = args.faults if args.faults is not None else os.environ.get(FAULTS_ENV, "")
    return SandboxOptions(
        host=args.host,
        port=args.port,
        state_dir=args.state_dir,
        time_scale=args.time_scale,
        url_ttl=args.url_ttl,
        faults=FaultConfig.parse(faults),
        max_concurrent_jobs=args.max_concurrent_jobs,
        require_credentials=args.require_credentials,
        empty_pages=args.empty_pages,
        parent_pid=args.parent_pid,
        render_workers=args.render_workers,
    )


def options_to_argv(options: SandboxOptions) -> list[str]:
    """The command-line flags that reproduce ``options`` in a child process."""
    argv = ["--host", options.host, "--port", str(options.port)]
    argv += ["--time-scale", repr(options.time_scale), "--url-ttl", repr(options.url_ttl)]
    argv += ["--render-workers", str(options.render_workers)]
    if options.state_dir is not None:
        argv += ["--state-dir", str(options.state_dir)]
    # faults=None passes nothing, so the child falls back to $SONODESK_SANDBOX_FAULTS.
    if options.faults is not None:
        argv += ["--faults", _faults_spec(options.fault_config())]
    if options.max_concurrent_jobs is not None:
        argv += ["--max-concurrent-jobs", str(options.max_concurrent_jobs)]
    if options.require_credentials is not None:
        argv += ["--require-credentials", options.require_credentials]
    if options.empty_pages:
        argv.append("--empty-pages")
    if options.parent_pid is not None:
        argv += ["--parent-pid", str(options.parent_pid)]
    return argv


def _faults_spec(config: FaultConfig) -> str:
    parts = [f"rate={config.rate!r}", f"seed={config.seed}"]
    parts += [f"slow={config.slow_seconds!r}", f"remaining={config.remaining_seconds!r}"]
    if config.kinds:
        parts.append("kinds=" + "+".join(config.kinds))
    if config.routes:
        parts.append("routes=" + "+".join(config.routes))
    if config.script:
        items = [f"{s.kind}@{s.route or ''}*{s.count}" for s in config.script]
        parts.append("script=" + "+".join(items))
    return ",".join(parts)


def run_from_args(args: argparse.Namespace) -> int:
    """Serve until SIGINT/SIGTERM (or the parent dies); 0 on a clean stop."""
    try:
        options = options_from_args(args)
    except ValueError as exc:
        print(f"sonodesk sandbox: {exc}", file=sys.stderr)
        return 2
    try:
        asyncio.run(serve(options))
    except OSError as exc:
        print(f"sonodesk sandbox: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


async def serve(options: SandboxOptions) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # Windows, or not the main thread
            with contextlib.suppress(ValueError, OSError):
                signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))
    # Bind and announce before importing aiohttp (about 0.4 s of CPU): the app waits for this
    # line, and a request sent meanwhile waits in the socket's backlog until the server runs.
    listener = bind_listener(options.host, options.port)
    print(f"{READY_PREFIX} {listener_url(listener)}", flush=True)
    # Imported here: the app's parser and spawn_process need this module, not aiohttp.
    from sonodesk.sandbox.server import SandboxServer

    server = SandboxServer(options)
    await server.start(listener)
    watchdog = None
    if options.parent_pid is not None:
        watchdog = asyncio.ensure_future(_watch_parent(options.parent_pid, stop))
    try:
        await stop.wait()
    finally:
        if watchdog is not None:
            watchdog.cancel()
        log.info("sandbox stopping")
        await server.stop()


def bind_listener(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port`` (port 0: a free one); OSError when it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=LISTEN_BACKLOG)


def listener_url(listener: socket.socket) -> str:
    """``http://host:port`` of a bound socket (IPv6 hosts in brackets)."""
    host, port = listener.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


async def _watch_parent(parent_pid: int, stop: asyncio.Event) -> None:
    """Set ``stop`` once the parent is gone, so an orphaned sandbox never lingers."""
    started_under_parent = os.getppid() == parent_pid
    while not stop.is_set():
        await asyncio.sleep(_WATCHDOG_INTERVAL)
        reparented = started_under_parent and os.getppid() != parent_pid
        if reparented or not pid_alive(parent_pid):
            log.info("parent process %d is gone; stopping", parent_pid)
            stop.set()


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    # os.kill on Windows would terminate the process; ask the kernel instead.
    import ctypes

    synchronize, wait_timeout = 0x00100000, 0x00000102
    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(synchronize, False, pid)
    if not handle:
        return False
    try:
        return bool(kernel32.WaitForSingleObject(handle, 0) == wait_timeout)
    finally:
        kernel32.CloseHandle(handle)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sonodesk.sandbox",
        description="Offline Scenario-compatible sandbox server.",
    )
    add_arguments(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    args = parser.parse_args(argv)
    logging.basicConfig(
        stream=sys.stderr,
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    return run_from_args(args)
