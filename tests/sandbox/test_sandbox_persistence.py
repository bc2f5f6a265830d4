"""A state dir keeps jobs, assets, uploads and audio across restarts; missing audio re-renders."""

from __future__ import annotations

import hashlib
import json

from sonodesk.sandbox.launcher import SandboxOptions
from support.sandbox_http import (
    SFX_MODEL_ID,
    TOOLS_MODEL_ID,
    api,
    download,
    generate,
    ramp_wav,
    upload,
    wait_job,
)


def test_a_job_interrupted_by_a_restart_completes_on_the_next_server(
    sandbox_factory, tmp_path
) -> None:
    options = SandboxOptions(state_dir=tmp_path / "state", time_scale=0.5)
    first = sandbox_factory(options)
    body = {"prompt": "rain on a tent", "duration": 1, "seed": 5}
    with api(first) as client:
        job = generate(client, SFX_MODEL_ID, body)
        assert client.get(f"/jobs/{job['jobId']}").json()["job"]["status"] not in (
            "success",
            "failure",
        )
    first.stop()

    second = sandbox_factory(options)
    with api(second) as client:
        final, _ = wait_job(client, job["jobId"])
        assert final["status"] == "success"
        assert final["metadata"]["input"] == body
        asset, data = download(client, final["metadata"]["assetIds"][0])
    assert hashlib.sha256(data).hexdigest() == second.asset_info(asset["id"])["sha256"]
    assert final["createdAt"] == job["createdAt"]


def test_missing_audio_is_re_rendered_byte_identically(sandbox_factory, tmp_path) -> None:
    state = tmp_path / "state"
    options = SandboxOptions(state_dir=state, time_scale=0.02)
    first = sandbox_factory(options)
    with api(first) as client:
        final, _ = wait_job(
            client, generate(client, SFX_MODEL_ID, {"prompt": "fire", "duration": 1})["jobId"]
        )
    asset_id = final["metadata"]["assetIds"][0]
    recorded = first.asset_info(asset_id)["sha256"]
    first.stop()
    (state / "blobs" / f"{asset_id}.bin").unlink()

    second = sandbox_factory(options)
    with api(second) as client:
        again, _ = wait_job(client, final["jobId"])
        _, data = download(client, asset_id)
    assert again["status"] == "success"
    assert hashlib.sha256(data).hexdigest() == recorded


def test_uploads_and_their_assets_survive_a_restart(sandbox_factory, tmp_path) -> None:
    options = SandboxOptions(state_dir=tmp_path / "state", time_scale=0.02)
    first = sandbox_factory(options)
    _, data = ramp_wav(1.0)
    with api(first) as client:
        record = upload(client, data)
    first.stop()

    second = sandbox_factory(options)
    with api(second) as client:
        assert client.get(f"/uploads/{record['id']}").json()["upload"]["status"] == "imported"
        _, served = download(client, record["entityId"])
        job = generate(client, TOOLS_MODEL_ID, {"audio": record["entityId"], "reverse": True})
        final, _ = wait_job(client, job["jobId"])
    assert served == data and final["status"] == "success"


def test_state_files_are_plain_json_and_leave_no_temp_files(sandbox_factory, tmp_path) -> None:
    state = tmp_path / "state"
    sandbox = sandbox_factory(SandboxOptions(state_dir=state, time_scale=0.02))
    with api(sandbox) as client:
        final, _ = wait_job(
            client, generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 1})["jobId"]
        )
    sandbox.stop()
    record = json.loads((state / "jobs" / f"{final['jobId']}.json").read_text())
    assert record["input"] == {"prompt": "wind", "duration": 1}
    assert not [p for p in state.rglob("*") if p.name.endswith(".tmp")]
    (state / "jobs" / "job_broken.json").write_text("{not json")
    (state / "jobs" / "job_partial.json").write_text('{"job_id": "job_partial"}')
    restarted = sandbox_factory(SandboxOptions(state_dir=state))
    assert [j["jobId"] for j in restarted.jobs()] == [final["jobId"]]


def test_memory_mode_writes_nothing(sandbox, tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with api(sandbox) as client:
        wait_job(client, generate(client, SFX_MODEL_ID, {"prompt": "wind", "duration": 1})["jobId"])
    assert list(tmp_path.iterdir()) == []
    assert sandbox.health()["persistent"] is False
