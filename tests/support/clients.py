"""Providers and engines wired to a sandbox, and driver processes, for integration tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.runner import EngineTiming
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.net.http import make_http_client
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers.scenario import ScenarioProvider

FAST_READS = RetryPolicy(attempts=8, base_delay=0.05, max_delay=0.5, max_retry_after=1.0)
FAST_ENGINE = EngineTiming(
    refused_backoff=RetryPolicy(attempts=1_000, base_delay=0.05, max_delay=0.5),
    reconcile_grace=0.5,
    reconcile_interval=0.2,
)


def provider_for(api_url: str, **kwargs: object) -> ScenarioProvider:
    return ScenarioProvider(
        base_url=api_url,
        api_key=kwargs.pop("api_key", "test-key"),  # type: ignore[arg-type]
        api_secret=kwargs.pop("api_secret", "test-secret"),  # type: ignore[arg-type]
        provider_id="sandbox",
        display_name="Sandbox",
        read_policy=kwargs.pop("read_policy", FAST_READS),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def engine_for(provider: ScenarioProvider, home: Path, **kwargs: object) -> JobEngine:
    store = JobStore(home / "jobs.db")
    return JobEngine(
        store,
        {provider.provider_id: provider},
        takes_dir=home / "takes",
        http=provider.http,
        timing=kwargs.pop("timing", FAST_ENGINE),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


def fresh_http():  # type: ignore[no-untyped-def]
    return make_http_client()


def spawn_driver(module: str, api_url: str, home: Path, *extra: str) -> subprocess.Popen[str]:
    """Run a driver script (``support.engine_driver``, ``support.chaos_driver``) in its own
    process, so a test can kill it mid-job like a user closing the app."""
    tests_dir = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(tests_dir), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", module, api_url, str(home), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tests_dir,
    )
