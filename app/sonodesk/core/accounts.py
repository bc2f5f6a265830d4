"""Which provider and credentials to use: environment, then settings and stored secrets.

With no Scenario credentials anywhere the app and the CLI use the embedded sandbox. No Qt,
no network.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sonodesk.core.errors import ConfigError
from sonodesk.core.net.urls import check_api_base_url, is_loopback_host
from sonodesk.core.secrets import SecretStore
from sonodesk.core.settings import Settings

ENV_KEY = "SONODESK_SCENARIO_KEY"
ENV_SECRET = "SONODESK_SCENARIO_SECRET"
ENV_URL = "SONODESK_SCENARIO_URL"
ENV_PROJECT = "SONODESK_SCENARIO_PROJECT"
# The local sandbox accepts any credentials; these are placeholders, not secrets (and are never
# registered for redaction: masking them would mask ordinary words such as "sandbox").
SANDBOX_CREDENTIALS = ("sonodesk-sandbox-key", "sonodesk-sandbox-secret")


@dataclass(frozen=True)
class ScenarioAccount:
    base_url: str
    api_key: str
    api_secret: str
    project_id: str | None
    source: str  # "environment", "settings" or "sandbox" (for messages, never the values)
    provider_id: str = "scenario"

    @property
    def is_sandbox(self) -> bool:
        return self.provider_id == "sandbox"


def scenario_account(
    settings: Settings,
    secrets: SecretStore,
    *,
    api_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ScenarioAccount | None:
    """The Scenario account to use, or None when none is configured (use the sandbox).

    An explicit URL (``--api-url`` or SONODESK_SCENARIO_URL) with no credentials is taken as
    pointing at a sandbox someone started by hand, which accepts any key.
    """
    env = os.environ if environ is None else environ
    url = api_url or env.get(ENV_URL) or None
    key = env.get(ENV_KEY) or None
    secret = env.get(ENV_SECRET) or None
    project = env.get(ENV_PROJECT) or settings.scenario_project_id or None
    if key and secret:
        base = check_api_base_url(url or settings.scenario_base_url)
        return ScenarioAccount(base, key, secret, project, "environment")
    stored_key = secrets.get("scenario", "key")
    stored_secret = secrets.get("scenario", "secret")
    if stored_key and stored_secret and (settings.provider == "scenario" or url):
        base = check_api_base_url(url or settings.scenario_base_url)
        return ScenarioAccount(base, stored_key, stored_secret, project, "settings")
    if url:
        base = check_api_base_url(url)
        if not is_loopback_host(urlsplit(base).hostname):
            raise ConfigError(
                "No Scenario credentials are set for this address.",
                hint=f"Set {ENV_KEY} and {ENV_SECRET}, or add them in Settings → Accounts.",
            )
        # A loopback address without credentials is a sandbox started by hand.
        return ScenarioAccount(
            base, *SANDBOX_CREDENTIALS, None, "environment", provider_id="sandbox"
        )
    return None
