"""Open the catalogue for a session's provider: cache keyed to the account, bundled fallbacks.

Reads the bundled schemas and the cache folder; no network until the caller refreshes. No Qt.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from sonodesk.core.accounts import Account, ScenarioAccount
from sonodesk.core.catalog.bundled import load_bundled_models
from sonodesk.core.catalog.cache import ModelCache, account_scope
from sonodesk.core.catalog.categories import is_audio_model
from sonodesk.core.catalog.live import CatalogService
from sonodesk.core.catalog.marks import speaks_scenario
from sonodesk.core.providers.aimlapi_models import bundled_dir, load_bundled
from sonodesk.core.providers.base import ModelRecord, Provider

if TYPE_CHECKING:
    from sonodesk.core.paths import AppPaths


async def open_catalog(
    provider: Provider,
    paths: AppPaths,
    *,
    account_configured: bool,
    account: Account | None = None,
    clock: Callable[[], float] = time.time,
) -> CatalogService:
    """A catalogue for ``provider``, filled from the cache or the bundle without the network.

    Then ``await catalog.refresh()`` lists the account's models (and starts the background
    refresh of full records). Pass ``account_configured=True`` for the sandbox (it is its own
    account) and False for a provider that has no key yet (browse only). ``account`` keys the
    cache to that account, so one account's private voices never show for another.
    """
    provider_id = provider.provider_id
    cache = None
    if account_configured and speaks_scenario(provider):
        if account is not None:
            scope = account_scope(account.base_url, _project(account), account.api_key)
        else:
            scope = account_scope(getattr(provider, "base_url", ""), None, "")
        cache = ModelCache(paths.model_cache_dir, provider_id, scope)
    catalog = CatalogService(
        provider,
        account_configured=account_configured,
        cache=cache,
        bundled=await asyncio.to_thread(_bundled_records, provider_id),
        clock=clock,
    )
    await catalog.load_offline()
    return catalog


def _bundled_records(provider_id: str) -> list[ModelRecord]:
    """The models Sonodesk ships for this provider (the sandbox lists its own)."""
    if provider_id == "scenario":
        return [m.record for m in load_bundled_models() if is_audio_model(m.record)]
    if provider_id == "aimlapi":
        return list(load_bundled(bundled_dir(), provider_id).values())
    return []


def _project(account: Account) -> str | None:
    return account.project_id if isinstance(account, ScenarioAccount) else None
