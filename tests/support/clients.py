"""Providers and engines wired to a sandbox, for integration tests."""

from __future__ import annotations

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
