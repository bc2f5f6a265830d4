"""AI/ML API providers and engines wired to a sandbox, plus a raw HTTP client, for tests."""

from __future__ import annotations

import io
import time
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import soundfile as sf

from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.providers.aimlapi import AimlApiProvider
from support.clients import FAST_ENGINE, FAST_READS

KEY = "aiml-test-key-0123456789"
GENERATE = "/v2/generate/audio"
TERMINAL = {"completed", "error"}


def aimlapi_provider_for(base_url: str, **kwargs: Any) -> AimlApiProvider:
    return AimlApiProvider(
        api_key=kwargs.pop("api_key", KEY),
        base_url=base_url,
        read_policy=kwargs.pop("read_policy", FAST_READS),
        **kwargs,
    )


def aimlapi_engine_for(provider: AimlApiProvider, home: Path, **kwargs: Any) -> JobEngine:
    return JobEngine(
        JobStore(home / "jobs.db"),
        {provider.provider_id: provider},
        takes_dir=home / "takes",
        http=provider.http,
        timing=kwargs.pop("timing", FAST_ENGINE),
        **kwargs,
    )


def aiml_http(sandbox: Any, key: str | None = KEY) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=sandbox.base_url, headers=headers, timeout=30.0)


def wait_generation(
    client: httpx.Client, generation_id: str, timeout: float = 30.0
) -> tuple[dict[str, Any], list[str]]:
    """Poll until completed or error; returns the last answer and each status seen once."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(GENERATE, params={"generation_id": generation_id})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        if not seen or seen[-1] != body["status"]:
            seen.append(body["status"])
        if body["status"] in TERMINAL:
            return body, seen
        if time.monotonic() > deadline:
            raise AssertionError(f"{generation_id} still {body['status']} after {timeout}s")
        time.sleep(0.01)


def sine_wav(seconds: float, rate: int = 8000) -> bytes:
    """A quiet sine tone as PCM_16 WAV bytes (small enough to inline as base64)."""
    frames = np.arange(round(seconds * rate), dtype=np.float32)
    samples = 0.3 * np.sin(2 * np.pi * 220.0 * frames / rate)
    buffer = io.BytesIO()
    sf.write(buffer, samples, rate, format="WAV", subtype="PCM_16")
    return buffer.getvalue()


def aiml_jobs(sandbox: Any) -> list[dict[str, Any]]:
    """The sandbox jobs that came in through the AI/ML API routes."""
    return [job for job in sandbox.jobs() if "aimlapi" in job["input"]]
