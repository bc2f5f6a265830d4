"""Killing the engine process while it polls or downloads loses nothing and duplicates nothing."""

from __future__ import annotations

import hashlib
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import soundfile as sf

from sonodesk.sandbox.faults import FaultConfig
from sonodesk.sandbox.launcher import SandboxOptions, start_in_thread
from support.clients import spawn_driver


def _driver(api_url: str, home: Path, *extra: str) -> subprocess.Popen[str]:
    return spawn_driver("support.engine_driver", api_url, home, *extra)


def _states(home: Path) -> list[tuple[str, str | None]]:
    db = home / "jobs.db"
    if not db.exists():
        return []
    with sqlite3.connect(db, timeout=5) as conn:
        try:
            return list(conn.execute("SELECT state, remote_id FROM jobs"))
        except sqlite3.OperationalError:
            return []


def _wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def _finish(api_url: str, home: Path) -> None:
    resumed = _driver(api_url, home)
    out, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err[-2000:]
    assert "ALL DONE" in out


def _check(server, home: Path, jobs: int, outputs: int) -> None:  # type: ignore[no-untyped-def]
    with sqlite3.connect(home / "jobs.db") as conn:
        states = [row[0] for row in conn.execute("SELECT state FROM jobs")]
        takes = list(conn.execute("SELECT file_path, asset_ref, sha256 FROM takes"))
    assert states == ["done"] * jobs
    assert len(server.jobs()) == jobs, "a job was submitted twice"
    assert len(takes) == jobs * outputs
    assert len({t[1] for t in takes}) == len(takes)
    for path, asset_ref, digest in takes:
        data = Path(path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest == server.asset_info(asset_ref)["sha256"]
        assert sf.info(path).frames > 0
    assert not [p for p in (home / "takes").rglob("*.part")]


@pytest.mark.slow
def test_kill_while_polling_then_resume(tmp_path: Path) -> None:
    server = start_in_thread(SandboxOptions(time_scale=1.0))  # jobs run for a few seconds
    try:
        home = tmp_path / "home"
        first = _driver(server.api_url, home, "--submit", "3")
        _wait_for(
            lambda: (
                (s := _states(home))
                and len(s) == 3
                and all(state == "running" and rid for state, rid in s)
            ),
            30,
            "all jobs running on the server",
        )
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert all(state == "running" for state, _ in _states(home))
        _finish(server.api_url, home)
        _check(server, home, jobs=3, outputs=2)
    finally:
        server.stop()


@pytest.mark.slow
def test_kill_while_downloading_then_resume(tmp_path: Path) -> None:
    server = start_in_thread(SandboxOptions(time_scale=0.1))
    try:
        # Every CDN answer waits a second, so the kill lands mid-download.
        server.set_faults(FaultConfig(rate=1.0, kinds=("slow",), routes=("cdn",), slow_seconds=1.0))
        home = tmp_path / "home"
        first = _driver(server.api_url, home, "--submit", "2")
        _wait_for(
            lambda: any(state == "downloading" for state, _ in _states(home)),
            30,
            "a job downloading",
        )
        time.sleep(0.3)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
        assert any(state == "downloading" for state, _ in _states(home)), "killed too late"
        server.clear_faults()
        _finish(server.api_url, home)
        _check(server, home, jobs=2, outputs=2)
    finally:
        server.stop()
