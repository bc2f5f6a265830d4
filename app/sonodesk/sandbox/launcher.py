"""Start a sandbox for tests, the app, the CLI and benchmarks: in a daemon thread with its own
event loop, or as a child process that prints a ready line. Plus control-route helpers.

No Qt. The child process is ``python -m sonodesk.sandbox``.
"""

from __future__ import annotations

import asyncio
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import sonodesk
from sonodesk.sandbox.cli import add_arguments, options_to_argv, run_from_args
from sonodesk.sandbox.faults import FaultConfig
from sonodesk.sandbox.options import READY_PREFIX, SandboxOptions

if TYPE_CHECKING:  # the server pulls in aiohttp: only start_in_thread imports it
    from sonodesk.sandbox.server import SandboxServer
    from sonodesk.sandbox.state import SandboxState

__all__ = [
    "RunningSandbox",
    "SandboxError",
    "SandboxOptions",
    "SandboxProcess",
    "add_arguments",
    "run_from_args",
    "spawn_process",
    "start_in_thread",
]


class SandboxError(RuntimeError):
    """The sandbox did not start, or a control call failed."""


class _ControlClient:
    """Helpers over the /_sandbox/ routes; work the same for a thread or a process."""

    base_url: str

    @property
    def api_url(self) -> str:
        return self.base_url + "/v1"

    def control(self, method: str, path: str, body: Any = None, timeout: float = 10.0) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.base_url}/_sandbox/{path.lstrip('/')}", data=data, method=method
        )
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                return json.loads(response.read() or b"null")
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise SandboxError(f"control {method} {path} failed: {exc.code} {detail}") from exc

    def health(self) -> dict[str, Any]:
        return self.control("GET", "health")

    def stats(self) -> dict[str, Any]:
        return self.control("GET", "stats")

    def reset_stats(self) -> dict[str, Any]:
        return self.control("POST", "stats/reset")

    def set_faults(self, faults: FaultConfig | str | None) -> dict[str, Any]:
        """Replace the fault config (a FaultConfig, the env-var syntax, or None for none)."""
        if isinstance(faults, FaultConfig):
            return self.control("PUT", "faults", faults.to_dict())
        return self.control("PUT", "faults", {"spec": faults or ""})

    def script_fault(
        self, kind: str, route: str | None = None, count: int = 1, status: int | None = None
    ) -> dict[str, Any]:
        """Queue a scripted fault, e.g. script_fault("drop_after", "generate")."""
        item = {"kind": kind, "route": route, "count": count, "status": status}
        return self.control("POST", "faults/script", item)

    def clear_faults(self) -> dict[str, Any]:
        return self.control("DELETE", "faults")

    def settings(self, **changes: Any) -> dict[str, Any]:
        """Read settings; with keyword arguments (timeScale=, urlTtl=, maxConcurrentJobs=,
        emptyPages=) change them first."""
        if changes:
            return self.control("PATCH", "settings", changes)
        return self.control("GET", "settings")

    def jobs(self) -> list[dict[str, Any]]:
        return self.control("GET", "jobs")["jobs"]

    def assets(self) -> list[dict[str, Any]]:
        return self.control("GET", "assets")["assets"]

    def asset_info(self, asset_id: str) -> dict[str, Any]:
        return self.control("GET", f"assets/{asset_id}")


class RunningSandbox(_ControlClient):
    """A sandbox on its own asyncio loop in a daemon thread of this process."""

    def __init__(
        self, server: SandboxServer, loop: asyncio.AbstractEventLoop, thread: threading.Thread
    ) -> None:
        self.server = server
        self.base_url = server.base_url
        self._loop = loop
        self._thread = thread
        self._stopped = False

    @property
    def state(self) -> SandboxState:
        """Direct access to the server's state (mutate it only through call())."""
        return self.server.state

    def call(self, coro: Any, timeout: float = 30.0) -> Any:
        """Run a coroutine on the sandbox loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def stop(self, timeout: float = 30.0) -> None:
        if self._stopped:
            return
        self._stopped = True
        try:
            self.call(self.server.stop(), timeout)
        finally:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout)

    def __enter__(self) -> RunningSandbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_in_thread(options: SandboxOptions | None = None, timeout: float = 30.0) -> RunningSandbox:
    from sonodesk.sandbox.server import SandboxServer

    server = SandboxServer(options or SandboxOptions())
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:
            failure.append(exc)
            ready.set()
            loop.close()
            return
        ready.set()
        try:
            loop.run_forever()
        finally:
            pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
            for task in pending:
                task.cancel()
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
            loop.run_until_complete(loop.shutdown_asyncgens())
            loop.close()

    thread = threading.Thread(target=run, name="sonodesk-sandbox", daemon=True)
    thread.start()
    if not ready.wait(timeout):
        raise SandboxError("the sandbox did not start in time")
    if failure:
        raise SandboxError(f"the sandbox failed to start: {failure[0]}") from failure[0]
    return RunningSandbox(server, loop, thread)


class SandboxProcess(_ControlClient):
    """A sandbox running as a child process (``python -m sonodesk.sandbox``)."""

    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url

    @property
    def pid(self) -> int:
        return self.process.pid

    def poll(self) -> int | None:
        return self.process.poll()

    def terminate(self, timeout: float = 10.0) -> int | None:
        """SIGTERM, wait, then kill if it does not go; returns the exit code."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout)
        return self.process.returncode

    def __enter__(self) -> SandboxProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        self.terminate()


def spawn_process(
    options: SandboxOptions | None = None,
    *,
    timeout: float = 60.0,
    command: Sequence[str] | None = None,
    stderr: IO[Any] | int | None = None,
    env: dict[str, str] | None = None,
) -> SandboxProcess:
    """Start the sandbox as a child and wait for its ready line.

    ``command`` replaces ``[sys.executable, "-m", "sonodesk.sandbox"]`` (a frozen app passes
    its own entry point); ``stderr`` receives the child's logs (default: inherited).
    """
    argv = [*(command or [sys.executable, "-m", "sonodesk.sandbox"])]
    argv += options_to_argv(options or SandboxOptions())
    child_env = dict(os.environ if env is None else env)
    source_root = str(Path(sonodesk.__file__).resolve().parent.parent)
    child_env["PYTHONPATH"] = os.pathsep.join(
        p for p in (source_root, child_env.get("PYTHONPATH", "")) if p
    )
    process = subprocess.Popen(
        argv,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=stderr,
        env=child_env,
        text=True,
        encoding="utf-8",
        bufsize=1,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        # Keep draining after the ready line so the child can never block on a full pipe.
        assert process.stdout is not None
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, name="sonodesk-sandbox-stdout", daemon=True).start()
    try:
        while True:
            line = lines.get(timeout=timeout)
            if line is None:
                code = process.wait(timeout)
                raise SandboxError(
                    f"the sandbox process exited with code {code} before it was ready"
                )
            if line.startswith(READY_PREFIX):
                return SandboxProcess(process, line[len(READY_PREFIX) :].strip())
    except queue.Empty:
        process.kill()
        process.wait()
        raise SandboxError("the sandbox process did not become ready in time") from None
    except BaseException:
        if process.poll() is None:
            process.kill()
            process.wait()
        raise
