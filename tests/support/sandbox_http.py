"""Shared helpers for the sandbox tests: HTTP clients, polling, WAV bytes, uploads. No Qt."""

from __future__ import annotations

import io
import time
from typing import Any

import httpx
import numpy as np
import soundfile as sf

from sonodesk.sandbox.catalog import SFX_MODEL_ID, TOOLS_MODEL_ID

AUTH = ("test-key", "test-secret")
TERMINAL = {"success", "failure", "canceled"}

__all__ = ["AUTH", "SFX_MODEL_ID", "TERMINAL", "TOOLS_MODEL_ID"]


def api(sandbox: Any, **kwargs: Any) -> httpx.Client:
    return httpx.Client(base_url=sandbox.api_url, auth=AUTH, timeout=30.0, **kwargs)


def generate(client: httpx.Client, model_id: str, body: dict[str, Any]) -> dict[str, Any]:
    response = client.post(f"/generate/custom/{model_id}", json=body)
    assert response.status_code == 200, response.text
    return response.json()["job"]


def wait_job(
    client: httpx.Client, job_id: str, timeout: float = 20.0, interval: float = 0.01
) -> tuple[dict[str, Any], list[tuple[str, float]]]:
    """Poll until terminal; returns the final job and every (status, progress) seen."""
    seen: list[tuple[str, float]] = []
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/jobs/{job_id}").json()["job"]
        seen.append((job["status"], job["progress"]))
        if job["status"] in TERMINAL:
            return job, seen
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['status']} after {timeout}s")
        time.sleep(interval)


def wait_status(
    client: httpx.Client, job_id: str, wanted: str, timeout: float = 20.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/jobs/{job_id}").json()["job"]
        if job["status"] == wanted:
            return job
        time.sleep(0.005)
    raise AssertionError(f"job {job_id} never reached {wanted}")


def download(client: httpx.Client, asset_id: str) -> tuple[dict[str, Any], bytes]:
    asset = client.get(f"/assets/{asset_id}").json()["asset"]
    response = httpx.get(asset["url"], timeout=30.0)
    assert response.status_code == 200, response.text
    return asset, response.content


def decode(data: bytes) -> tuple[np.ndarray, int]:
    samples, rate = sf.read(io.BytesIO(data), dtype="float32", always_2d=True)
    return samples, rate


def wav_bytes(
    samples: np.ndarray, sample_rate: int = 44100, file_format: str = "WAV", subtype: str = "PCM_16"
) -> bytes:
    buffer = io.BytesIO()
    sf.write(buffer, samples, sample_rate, format=file_format, subtype=subtype)
    return buffer.getvalue()


def ramp_wav(
    seconds: float, sample_rate: int = 8000, channels: int = 1
) -> tuple[np.ndarray, bytes]:
    """A rising ramp (easy to check trims and reversal on), and its PCM_16 WAV bytes."""
    frames = round(seconds * sample_rate)
    ramp = np.linspace(-0.9, 0.9, frames, dtype=np.float32)
    samples = np.repeat(ramp[:, None], channels, axis=1)
    return samples, wav_bytes(samples, sample_rate)


def upload(
    client: httpx.Client,
    data: bytes,
    name: str = "input.wav",
    content_type: str = "audio/wav",
    parts: int = 1,
    timeout: float = 20.0,
) -> dict[str, Any]:
    """Run the whole multipart flow; returns the final upload record."""
    created = client.post(
        "/uploads",
        json={
            "fileName": name,
            "contentType": content_type,
            "kind": "audio",
            "fileSize": len(data),
            "parts": parts,
        },
    )
    assert created.status_code == 200, created.text
    record = created.json()["upload"]
    size = max(5 * 1024 * 1024, -(-len(data) // parts)) if parts > 1 else len(data)
    for part in record["parts"]:
        start = (part["number"] - 1) * size
        chunk = data[start : start + size] if part["number"] < parts else data[start:]
        put = httpx.put(part["url"], content=chunk, headers={"Content-Type": content_type})
        assert put.status_code == 200, put.text
    done = client.post(f"/uploads/{record['id']}/action", json={"action": "complete"})
    assert done.status_code == 200, done.text
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = client.get(f"/uploads/{record['id']}").json()["upload"]
        if current["status"] in ("imported", "failed"):
            return current
        time.sleep(0.01)
    raise AssertionError("upload never finished")


# A dropped connection reaches the client as a clean close or as a reset, depending on timing.
DROPPED = (httpx.RemoteProtocolError, httpx.ReadError)
