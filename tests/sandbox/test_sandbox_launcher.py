"""Launchers: in-thread server, child process and its ready line, signals, parent watchdog, CLI."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time

import httpx
import pytest

from sonodesk.sandbox.cli import options_from_args, options_to_argv
from sonodesk.sandbox.faults import FaultConfig
from sonodesk.sandbox.launcher import (
    SandboxError,
    SandboxOptions,
    add_arguments,
    run_from_args,
    spawn_process,
    start_in_thread,
)
from support.sandbox_http import SFX_MODEL_ID, api, generate, wait_job


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/_sandbox/health", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def test_in_thread_server_urls_and_stop() -> None:
    running = start_in_thread(SandboxOptions(time_scale=0.05))
    try:
        assert running.base_url.startswith("http://127.0.0.1:")
        assert running.api_url == running.base_url + "/v1"
        assert running.health()["apiUrl"] == running.api_url
        assert running.settings(timeScale=0.01)["timeScale"] == 0.01
        assert running.state.settings.time_scale == 0.01
    finally:
        running.stop()
    assert not _answers(running.base_url)
    running.stop()  # a second stop is harmless


def test_a_busy_port_is_reported(sandbox) -> None:
    port = int(sandbox.base_url.rsplit(":", 1)[1])
    with pytest.raises(SandboxError):
        start_in_thread(SandboxOptions(port=port))


def test_spawned_process_serves_and_terminates_cleanly(tmp_path) -> None:
    env = {**os.environ, "SONODESK_SANDBOX_FAULTS": "script=rate_limit@models"}
    options = SandboxOptions(time_scale=0.05, state_dir=tmp_path / "state")
    with spawn_process(options, env=env, stderr=subprocess.DEVNULL) as process:
        assert process.api_url == process.base_url + "/v1"
        with api(process) as client:
            # options.faults is None, so the child took its faults from the environment.
            assert client.get("/models").status_code == 429
            final, _ = wait_job(
                client, generate(client, SFX_MODEL_ID, {"prompt": "x", "duration": 1})["jobId"]
            )
        assert final["status"] == "success"
        assert process.stats()["jobsCreated"] == 1
        code = process.terminate()
    assert code == 0
    assert (tmp_path / "state" / "jobs" / f"{final['jobId']}.json").is_file()


def test_sigint_stops_the_process_cleanly() -> None:
    process = spawn_process(SandboxOptions(), stderr=subprocess.DEVNULL)
    process.process.send_signal(signal.SIGINT)
    assert process.process.wait(20) == 0


@pytest.mark.slow
def test_an_orphaned_sandbox_exits_by_itself() -> None:
    code = (
        "import os, time\n"
        "from sonodesk.sandbox.launcher import SandboxOptions, spawn_process\n"
        "p = spawn_process(SandboxOptions(parent_pid=os.getpid()))\n"
        "print(p.base_url, flush=True)\n"
        "time.sleep(120)\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    try:
        assert parent.stdout is not None
        url = parent.stdout.readline().strip()
        assert _answers(url)
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + 15
    while _answers(url) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _answers(url)


def test_cli_arguments_round_trip() -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    options = SandboxOptions(
        port=8787,
        time_scale=0.25,
        url_ttl=9.0,
        faults=FaultConfig.parse("rate=0.1,kinds=slow,seed=3,script=drop_after@generate*2"),
        max_concurrent_jobs=3,
        require_credentials="a:b",
        empty_pages=True,
        parent_pid=1234,
    )
    again = options_from_args(parser.parse_args(options_to_argv(options)))
    assert again == options


def test_bad_cli_faults_exit_2(capsys) -> None:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert run_from_args(parser.parse_args(["--faults", "kinds=explode"])) == 2
    assert "explode" in capsys.readouterr().err


def test_module_entry_point_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "sonodesk.sandbox", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0
    assert "--time-scale" in result.stdout and "--faults" in result.stdout


def test_spawn_reports_a_child_that_dies_early() -> None:
    with pytest.raises(SandboxError, match="exited with code 3"):
        spawn_process(command=[sys.executable, "-c", "raise SystemExit(3)"])


def test_options_are_checked() -> None:
    for bad in ({"port": -5}, {"time_scale": 0}, {"require_credentials": "nocolon"}):
        with pytest.raises(ValueError):
            SandboxOptions(**bad)  # type: ignore[arg-type]


def test_the_child_announces_its_url_before_importing_aiohttp() -> None:
    # The app waits for the ready line; aiohttp's import (the slow part) must come after it.
    code = (
        "import builtins, sys\n"
        "from sonodesk.sandbox import cli\n"
        "real = builtins.print\n"
        "def spy(*args, **kwargs):\n"
        "    if args and str(args[0]).startswith(cli.READY_PREFIX):\n"
        "        real('aiohttp loaded:', 'aiohttp' in sys.modules, flush=True)\n"
        "        raise SystemExit(0)\n"
        "    real(*args, **kwargs)\n"
        "builtins.print = spy\n"
        "sys.exit(cli.main([]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "aiohttp loaded: False"


def test_the_child_reports_a_busy_port(sandbox) -> None:
    port = sandbox.base_url.rsplit(":", 1)[1]
    result = subprocess.run(
        [sys.executable, "-m", "sonodesk.sandbox", "--port", port],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert result.returncode == 1
    assert "cannot listen" in result.stderr and "SONODESK_SANDBOX_READY" not in result.stdout
