"""Which provider and credentials to use: environment, then settings and stored secrets.

With no Scenario credentials anywhere the app and the CLI use the embedded sandbox. Also
summarises every provider's state for the accounts UI (masked, never a whole key). No Qt,
no network.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from sonodesk.core import redact
from sonodesk.core.catalog.labels import provider_label
from sonodesk.core.errors import ConfigError
from sonodesk.core.net.urls import check_api_base_url, is_loopback_host
from sonodesk.core.secrets import SecretLocation, SecretStore
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


# -- AI/ML API --------------------------------------------------------------------------------

ENV_AIMLAPI_KEY = "SONODESK_AIMLAPI_KEY"
ENV_AIMLAPI_URL = "SONODESK_AIMLAPI_URL"
PROVIDER_IDS = ("sandbox", "scenario", "aimlapi")
_MASK = "••••"


@dataclass(frozen=True)
class AimlApiAccount:
    base_url: str
    api_key: str
    source: str  # "environment" or "settings" (for messages, never the value)
    provider_id: str = "aimlapi"

    @property
    def is_sandbox(self) -> bool:
        return False


Account = ScenarioAccount | AimlApiAccount


def aimlapi_account(
    settings: Settings,
    secrets: SecretStore,
    *,
    api_url: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> AimlApiAccount | None:
    """The AI/ML API account: SONODESK_AIMLAPI_KEY first, then the stored key; None when neither.

    Unlike ``scenario_account`` this does not look at ``settings.provider``: it answers "is
    there an account", and the caller decides whether it is the one in use.
    """
    env = os.environ if environ is None else environ
    url = api_url or env.get(ENV_AIMLAPI_URL) or settings.aimlapi_base_url
    key = (env.get(ENV_AIMLAPI_KEY) or "").strip()
    if key:
        redact.register_secret(key)
        return AimlApiAccount(check_api_base_url(url), key, "environment")
    stored = (secrets.get("aimlapi", "key") or "").strip()
    if stored:
        return AimlApiAccount(check_api_base_url(url), stored, "settings")
    return None


def account_for(
    provider_id: str,
    settings: Settings,
    secrets: SecretStore,
    *,
    environ: Mapping[str, str] | None = None,
) -> Account | None:
    """The account to build ``provider_id``'s provider with, or None when it is not set up.

    The sandbox has no account here: its address is only known once the session started it.
    """
    if provider_id == "scenario":
        chosen = dataclasses.replace(settings, provider="scenario")
        return scenario_account(chosen, secrets, environ=environ)
    if provider_id == "aimlapi":
        return aimlapi_account(settings, secrets, environ=environ)
    return None


def mask_secret(value: str | None) -> str:
    """ "•••• 1a2b" for a stored key; short values show nothing of themselves."""
    value = (value or "").strip()
    if not value:
        return ""
    # Four characters of an eight-character value would give half of it away.
    return f"{_MASK} {value[-4:]}" if len(value) >= 12 else _MASK


@dataclass(frozen=True)
class ProviderStatus:
    """What the switcher and the accounts dialog say about one provider. Holds no secret."""

    provider_id: str
    label: str
    configured: bool
    chosen: bool  # settings.provider names it (the session may still fall back to the sandbox)
    source: str  # "built-in", "environment", "keyring", "file" or "none"
    key_hint: str  # "•••• 1a2b", or "" when there is no key
    detail: str  # one sentence for a tooltip or a label


def accounts_summary(
    settings: Settings, secrets: SecretStore, environ: Mapping[str, str] | None = None
) -> list[ProviderStatus]:
    """Sandbox, Scenario and AI/ML API, in that order, with where each one's key comes from."""
    env = os.environ if environ is None else environ
    sandbox = ProviderStatus(
        "sandbox",
        provider_label("sandbox"),
        True,
        settings.provider == "sandbox",
        "built-in",
        "",
        "Offline and free: takes are made on this computer.",
    )
    return [
        sandbox,
        _scenario_status(settings, secrets, env),
        _aimlapi_status(settings, secrets, env),
    ]


def configured_providers(
    settings: Settings, secrets: SecretStore, environ: Mapping[str, str] | None = None
) -> list[str]:
    """Ids of the providers that can run jobs now (the sandbox always can)."""
    return [s.provider_id for s in accounts_summary(settings, secrets, environ) if s.configured]


def _scenario_status(
    settings: Settings, secrets: SecretStore, env: Mapping[str, str]
) -> ProviderStatus:
    chosen = settings.provider == "scenario"
    label = provider_label("scenario")
    env_key, env_secret = env.get(ENV_KEY) or "", env.get(ENV_SECRET) or ""
    if env_key and env_secret:
        redact.register_basic_auth(env_key, env_secret)
        detail = f"Key {mask_secret(env_key)} from {ENV_KEY} and {ENV_SECRET}."
        return ProviderStatus(
            "scenario", label, True, chosen, "environment", mask_secret(env_key), detail
        )
    (key, where), secret = secrets.lookup("scenario", "key"), secrets.get("scenario", "secret")
    if key and secret:
        detail = f"Key {mask_secret(key)}, saved in {_place(where, secrets)}."
        return ProviderStatus(
            "scenario", label, True, chosen, where.value, mask_secret(key), detail
        )
    if key or secret:
        missing = "secret" if key else "key"
        detail = f"The API {missing} is missing: add it in Accounts."
        return ProviderStatus("scenario", label, False, chosen, "none", mask_secret(key), detail)
    return ProviderStatus("scenario", label, False, chosen, "none", "", "Not set up.")


def _aimlapi_status(
    settings: Settings, secrets: SecretStore, env: Mapping[str, str]
) -> ProviderStatus:
    chosen = settings.provider == "aimlapi"
    label = provider_label("aimlapi")
    env_key = (env.get(ENV_AIMLAPI_KEY) or "").strip()
    if env_key:
        redact.register_secret(env_key)
        detail = f"Key {mask_secret(env_key)} from {ENV_AIMLAPI_KEY}."
        return ProviderStatus(
            "aimlapi", label, True, chosen, "environment", mask_secret(env_key), detail
        )
    stored, where = secrets.lookup("aimlapi", "key")
    key = (stored or "").strip()  # as aimlapi_account reads it: blanks are no key
    if key:
        detail = f"Key {mask_secret(key)}, saved in {_place(where, secrets)}."
        return ProviderStatus("aimlapi", label, True, chosen, where.value, mask_secret(key), detail)
    return ProviderStatus("aimlapi", label, False, chosen, "none", "", "Not set up.")


def _place(where: SecretLocation, secrets: SecretStore) -> str:
    if where is SecretLocation.FILE:
        return str(secrets.fallback_file)
    return "the system keyring"


def key_needed_message(provider_id: str) -> str:
    """ "Add a Scenario key to run this model." (what Generate says without an account)."""
    label = provider_label(provider_id)
    article = "an" if label[:1].upper() in "AEIOU" else "a"
    return f"Add {article} {label} key to run this model."
