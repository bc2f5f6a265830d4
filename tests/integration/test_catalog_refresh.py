"""The live catalogue against a real sandbox on loopback: listing, cache, offline, bad keys."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sonodesk.core import paths as paths_mod
from sonodesk.core.accounts import ScenarioAccount
from sonodesk.core.catalog.live import CatalogService
from sonodesk.core.catalog.opening import open_catalog
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers.scenario import ScenarioProvider
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from support.clients import FAST_READS, provider_for

DETAIL_ROUTE = "GET /v1/models/{modelId}"
KEY, SECRET = "catalog-test-key-123456", "catalog-test-secret-7890"


@pytest.fixture
def app_paths(sonodesk_home: Path) -> paths_mod.AppPaths:
    return paths_mod.ensure(paths_mod.app_paths({"SONODESK_HOME": str(sonodesk_home)}))


async def sandbox_catalog(url: str, app_paths: paths_mod.AppPaths) -> CatalogService:
    return await open_catalog(provider_for(url), app_paths, account_configured=True)


def detail_requests(sandbox) -> int:  # type: ignore[no-untyped-def]
    return sandbox.stats()["requests"].get(DETAIL_ROUTE, 0)


def test_sandbox_models_are_listed_fetched_and_cached(live_sandbox, app_paths) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        catalog = await sandbox_catalog(live_sandbox.api_url, app_paths)
        assert catalog.models == []  # the sandbox ships no bundled schemas: it lists its own
        models = await catalog.refresh()
        assert {m.model_id for m in models} == {MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID}
        assert catalog.listing_source == "live" and catalog.notice is None
        kits = catalog.options_for(["custom"])
        assert len(kits) == 3 and all(
            model_id.startswith("model_sonodesk-kit-") for model_id, _ in kits
        )
        assert await catalog.start_background_refresh() == 3
        record = await catalog.full(SFX_MODEL_ID)
        assert record.schema_source == "live" and record.inputs
        await catalog.aclose()
        await catalog.provider.aclose()

    asyncio.run(scenario())
    folder = app_paths.model_cache_dir / "sandbox"
    assert (folder / "listing.json").is_file()
    assert len(list((folder / "models").glob("*.json"))) == 3


def test_a_cached_schema_is_used_without_asking_again(live_sandbox, app_paths) -> None:  # type: ignore[no-untyped-def]
    async def scenario() -> None:
        first = await sandbox_catalog(live_sandbox.api_url, app_paths)
        await first.refresh()
        await first.start_background_refresh()
        await first.provider.aclose()
        before = detail_requests(live_sandbox)
        second = await sandbox_catalog(live_sandbox.api_url, app_paths)
        record = await second.full(MUSIC_MODEL_ID)
        assert record.schema_source == "cache" and record.inputs
        assert detail_requests(live_sandbox) == before
        await second.provider.aclose()

    asyncio.run(scenario())


def test_offline_reopen_uses_the_cache(sandbox_factory, app_paths) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory()
    url = sandbox.api_url

    async def fill() -> None:
        catalog = await sandbox_catalog(url, app_paths)
        await catalog.refresh()
        await catalog.start_background_refresh()
        await catalog.provider.aclose()

    asyncio.run(fill())
    sandbox.stop()

    async def offline() -> None:
        catalog = await open_catalog(
            provider_for(url, read_policy=RetryPolicy(attempts=1)),
            app_paths,
            account_configured=True,
        )
        assert catalog.listing_source == "cache" and len(catalog.models) == 3
        models = await catalog.refresh()
        assert len(models) == 3 and catalog.listing_source == "cache"
        assert catalog.notice is not None and "could not be reached" in catalog.notice
        record = await catalog.full(TOOLS_MODEL_ID)
        assert record.schema_source == "cache" and record.inputs
        assert len(catalog.options_for(["custom"])) == 3  # the kits were cached too
        await catalog.provider.aclose()

    asyncio.run(offline())


def test_a_rejected_scenario_key_falls_back_to_the_bundled_models(
    sandbox_factory, app_paths
) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")

    async def scenario() -> None:
        account = ScenarioAccount(sandbox.api_url, "wrong-key-000000000", SECRET, None, "settings")
        provider = ScenarioProvider(
            base_url=account.base_url,
            api_key=account.api_key,
            api_secret=account.api_secret,
            read_policy=FAST_READS,
        )
        catalog = await open_catalog(provider, app_paths, account_configured=True, account=account)
        models = await catalog.refresh()
        assert catalog.listing_source == "bundled" and len(models) == 52
        assert catalog.notice == (
            "Showing Sonodesk's built-in Scenario models: "
            "Scenario did not accept the API key or secret."
        )
        await provider.aclose()

    asyncio.run(scenario())
