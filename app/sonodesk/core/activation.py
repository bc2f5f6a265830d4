"""Which provider is active, and everything built for it: account, provider, catalogue, presets.

A session activates one provider at a time (the one the window and the CLI submit to), but the
engine also keeps every other configured provider that still has unfinished jobs, so those jobs
resume and finish whatever is active. No Qt.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from sonodesk.core.accounts import (
    ENV_KEY,
    ENV_SECRET,
    SANDBOX_CREDENTIALS,
    Account,
    ScenarioAccount,
    account_for,
    scenario_account,
)
from sonodesk.core.catalog.live import CatalogService
from sonodesk.core.catalog.opening import open_catalog
from sonodesk.core.paths import AppPaths
from sonodesk.core.presets import PresetStore
from sonodesk.core.providers.base import Provider
from sonodesk.core.providers.factory import UnconfiguredProvider, build_provider
from sonodesk.core.secrets import SecretStore
from sonodesk.core.settings import Settings


@dataclass
class Activation:
    provider_id: str
    account: Account | None  # None: no key yet (browse the bundled catalogue only)
    provider: Provider  # guarded by the catalogue (a plan 403 becomes the plan message)
    catalog: CatalogService
    presets: PresetStore

    @property
    def configured(self) -> bool:
        return self.account is not None


def sandbox_account(api_url: str) -> ScenarioAccount:
    return ScenarioAccount(api_url, *SANDBOX_CREDENTIALS, None, "sandbox", provider_id="sandbox")


def choose_provider(
    settings: Settings,
    secrets: SecretStore,
    *,
    api_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> tuple[str, Account | None]:
    """The provider to activate, and its account (None for the sandbox: it starts first).

    Explicit credentials in the environment, or an explicit --api-url, win for this run; then
    the provider chosen in settings, when it is set up; else the offline sandbox.
    """
    env = os.environ if environ is None else environ
    if api_url or (env.get(ENV_KEY) and env.get(ENV_SECRET)):
        account = scenario_account(settings, secrets, api_url=api_url, environ=env)
        if account is not None:
            return account.provider_id, account
    chosen = settings.provider
    if chosen in ("scenario", "aimlapi"):
        account = account_for(chosen, settings, secrets, environ=env)
        if account is not None:
            return chosen, account
    return "sandbox", None


async def activate(
    provider_id: str,
    account: Account | None,
    *,
    paths: AppPaths,
    http: httpx.AsyncClient,
) -> Activation:
    """Build the provider, its catalogue (cache or bundle first, no network) and its presets."""
    if account is not None:
        raw: Provider = build_provider(account, http)
    else:
        raw = UnconfiguredProvider(provider_id)
    catalog = await open_catalog(
        raw, paths, account_configured=account is not None, account=account
    )
    return Activation(
        provider_id=provider_id,
        account=account,
        provider=catalog.guard(raw),
        catalog=catalog,
        presets=PresetStore(paths.presets_dir, provider_id),
    )
