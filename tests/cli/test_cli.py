"""The sonodesk command line, run as a real subprocess against a loopback sandbox."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import soundfile as sf

from sonodesk.sandbox.catalog import SFX_MODEL_ID


def sonodesk(*args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SONODESK_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "sonodesk", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def test_generate_wait_json_and_out(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out_dir = tmp_path / "exported"
    result = sonodesk(
        "--api-url",
        sandbox.api_url,
        "generate",
        SFX_MODEL_ID,
        "--set",
        "prompt=thunder in the distance",
        "--set",
        "duration=1.5",
        "--set",
        "numOutputs=2",
        "--set",
        "seed=7",
        "--wait",
        "--json",
        "--out",
        str(out_dir),
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["state"] == "done" and len(data["takes"]) == 2
    assert [t["seed"] for t in data["takes"]] == [7, 8]
    for take in data["takes"]:
        info = sf.info(take["file"])
        assert abs(info.duration - 1.5) < 0.05
    assert len(list(out_dir.iterdir())) == 2


def test_progress_is_shown_on_stderr(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = sonodesk(
        "--api-url",
        sandbox.api_url,
        "generate",
        SFX_MODEL_ID,
        "--set",
        "prompt=whoosh",
        "--wait",
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr
    assert "Submitted job_" in result.stderr and "Done" in result.stderr
    assert "Take take_" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "prompt=x", "--set", "duration=99"], "duration: Must be between 0.5 and 30."),
        (["--set", "prompt=x", "--set", "volume=3"], "Unknown parameter 'volume'"),
        (["--set", "noequals"], "--set expects name=value"),
        (["--set", "prompt=x", "--file", "prompt=/nonexistent"], "is not a file"),
    ],
)
def test_bad_input_is_one_clear_line(
    sandbox, tmp_path: Path, args: list[str], message: str
) -> None:  # type: ignore[no-untyped-def]
    result = sonodesk(
        "--api-url", sandbox.api_url, "generate", SFX_MODEL_ID, *args, home=tmp_path / "home"
    )
    assert result.returncode == 3
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("sonodesk: ") and message in last
    assert "Traceback" not in result.stderr
    assert sandbox.jobs() == []


def test_unknown_model_and_unsafe_url(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = sonodesk(
        "--api-url", sandbox.api_url, "generate", "model_nope", home=tmp_path / "home"
    )
    assert result.returncode == 3 and "does not know" in result.stderr
    result = sonodesk("--api-url", "http://api.example.com/v1", "models", home=tmp_path / "home")
    assert result.returncode == 3 and "https://" in result.stderr
    assert "Traceback" not in result.stderr


def test_models_json(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = sonodesk("--api-url", sandbox.api_url, "models", "--json", home=tmp_path / "home")
    assert result.returncode == 0
    ids = {m["id"] for m in json.loads(result.stdout)}
    assert SFX_MODEL_ID in ids


def test_submit_without_wait_then_resume(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    home = tmp_path / "home"
    first = sonodesk(
        "--api-url", sandbox.api_url, "generate", SFX_MODEL_ID, "--set", "prompt=rain", home=home
    )
    assert first.returncode == 0, first.stderr
    assert "jobs --resume" in first.stderr
    resumed = sonodesk("--api-url", sandbox.api_url, "jobs", "--resume", "--json", home=home)
    assert resumed.returncode == 0, resumed.stderr
    (job,) = json.loads(resumed.stdout)
    assert job["state"] == "done" and len(job["takes"]) == 1
    assert len(sandbox.jobs()) == 1


def test_embedded_sandbox_when_nothing_is_configured(tmp_path: Path) -> None:
    result = sonodesk(
        "generate",
        SFX_MODEL_ID,
        "--set",
        "prompt=ocean waves",
        "--set",
        "duration=1",
        "--wait",
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr
    assert "offline sandbox (embedded)" in result.stderr
    log = (tmp_path / "home" / "logs" / "sandbox.log").read_text()
    assert "sandbox listening" in log
    # The take's sidecar is written, and placeholder sandbox credentials mask nothing in it.
    (sidecar,) = (tmp_path / "home" / "data" / "takes").rglob("*.sonodesk.json")
    record = json.loads(sidecar.read_text())
    assert record["provider"] == "sandbox" and record["prompt"] == "ocean waves"


def test_failed_job_exits_non_zero_with_reason(sandbox, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sandbox.script_fault("job_failure", "generate")
    result = sonodesk(
        "--api-url",
        sandbox.api_url,
        "generate",
        SFX_MODEL_ID,
        "--set",
        "prompt=laser",
        "--wait",
        home=tmp_path / "home",
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("sonodesk: ")
