"""The catalogue without an account (bundled, browse only) and for the AI/ML API (bundled)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sonodesk.core import paths as paths_mod
from sonodesk.core.catalog.opening import open_catalog
from sonodesk.core.errors import AuthError
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.factory import UnconfiguredProvider


@pytest.fixture
def app_paths(sonodesk_home: Path) -> paths_mod.AppPaths:
    return paths_mod.ensure(paths_mod.app_paths({"SONODESK_HOME": str(sonodesk_home)}))


def test_scenario_without_a_key_browses_the_bundled_models(app_paths: paths_mod.AppPaths) -> None:
    async def scenario() -> None:
        provider = UnconfiguredProvider("scenario")
        catalog = await open_catalog(provider, app_paths, account_configured=False)
        models = await catalog.refresh()
        assert len(models) == 52 and catalog.listing_source == "bundled"
        assert all(m.schema_source == "bundled" for m in models)
        assert catalog.notice == (
            "Browsing Sonodesk's built-in Scenario models. Add a Scenario key to run this model."
        )
        record = await catalog.full("model_elevenlabs-music-v2")
        assert record.inputs  # the form works
        status = catalog.status("model_elevenlabs-music-v2")
        assert status is not None and status.blocker == "Add a Scenario key to run this model."
        # The safety net: a submit that gets through anyway fails with the same sentence.
        with pytest.raises(AuthError, match="Add a Scenario key to run this model"):
            await catalog.guard().submit("model_elevenlabs-music-v2", {"prompt": "x"})
        quote = await provider.quote("model_elevenlabs-music-v2", {})
        assert quote.cost is None
        await catalog.aclose()

    asyncio.run(scenario())
    assert not any(app_paths.model_cache_dir.rglob("*.json"))


def test_aimlapi_catalogue_is_its_bundled_json_schemas(app_paths: paths_mod.AppPaths) -> None:
    async def scenario() -> None:
        provider = AimlApiProvider(api_key="aiml-offline-key-0001")
        catalog = await open_catalog(provider, app_paths, account_configured=True)
        models = await catalog.refresh()
        ids = {m.model_id for m in models}
        assert {"elevenlabs/eleven_music", "google/lyria2", "stable-audio"} <= ids
        record = await catalog.full("google/lyria2")
        assert record.json_schema is not None and record.schema_source == "bundled"
        assert catalog.options_for(["custom"]) == []  # no private models on this API
        status = catalog.status("google/lyria2")
        assert status is not None and status.runnable
        await provider.aclose()

    asyncio.run(scenario())
    assert not any(app_paths.model_cache_dir.rglob("*.json"))  # nothing live to cache


def test_aimlapi_without_a_key_says_so(app_paths: paths_mod.AppPaths) -> None:
    async def scenario() -> None:
        provider = UnconfiguredProvider("aimlapi")
        catalog = await open_catalog(provider, app_paths, account_configured=False)
        await catalog.refresh()
        record = await catalog.full("minimax/music-2.0")
        assert record.json_schema is not None
        status = catalog.status("minimax/music-2.0")
        assert status is not None and status.blocker == "Add an AI/ML API key to run this model."

    asyncio.run(scenario())
