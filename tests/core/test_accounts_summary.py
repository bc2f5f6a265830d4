"""Accounts: the AI/ML API account, env over stored, keyring storage, and the masked summary."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from sonodesk.core import accounts
from sonodesk.core.accounts import (
    AimlApiAccount,
    ScenarioAccount,
    account_for,
    accounts_summary,
    aimlapi_account,
    configured_providers,
    key_needed_message,
    mask_secret,
)
from sonodesk.core.errors import ConfigError
from sonodesk.core.secrets import SecretLocation, SecretStore
from sonodesk.core.settings import AIMLAPI_DEFAULT_URL, Settings

AIML_KEY = "aiml-stored-key-abcd1234"
ENV_AIML_KEY = "aiml-env-key-wxyz9876"


@pytest.fixture
def secrets(tmp_path: Path) -> Iterator[SecretStore]:
    """A store over the session's in-memory keyring, emptied of these entries around a test."""
    store = SecretStore(tmp_path / "credentials.json")
    names = [("scenario", "key"), ("scenario", "secret"), ("aimlapi", "key")]
    for provider, name in names:
        store.delete(provider, name)
    yield store
    for provider, name in names:
        store.delete(provider, name)


def test_aimlapi_account_prefers_the_environment(secrets: SecretStore) -> None:
    settings = Settings()
    assert aimlapi_account(settings, secrets, environ={}) is None
    secrets.set("aimlapi", "key", AIML_KEY)
    stored = aimlapi_account(settings, secrets, environ={})
    assert stored == AimlApiAccount(AIMLAPI_DEFAULT_URL, AIML_KEY, "settings")
    env = {accounts.ENV_AIMLAPI_KEY: ENV_AIML_KEY, accounts.ENV_AIMLAPI_URL: "https://aiml.test/"}
    from_env = aimlapi_account(settings, secrets, environ=env)
    assert from_env == AimlApiAccount("https://aiml.test", ENV_AIML_KEY, "environment")
    with pytest.raises(ConfigError):
        aimlapi_account(dataclasses.replace(settings, aimlapi_base_url="http://aiml.test"), secrets)


def test_account_for_each_provider(secrets: SecretStore) -> None:
    settings = Settings(provider="sandbox", scenario_project_id="proj_7")
    assert account_for("scenario", settings, secrets, environ={}) is None
    secrets.set("scenario", "key", "scenario-key-00001111")
    secrets.set("scenario", "secret", "scenario-secret-22223333")
    # Chosen or not, a stored Scenario account is the one to build when switching to it.
    chosen = account_for("scenario", settings, secrets, environ={})
    assert isinstance(chosen, ScenarioAccount) and chosen.project_id == "proj_7"
    assert account_for("sandbox", settings, secrets, environ={}) is None
    secrets.set("aimlapi", "key", AIML_KEY)
    assert isinstance(account_for("aimlapi", settings, secrets, environ={}), AimlApiAccount)
    # The existing resolution is unchanged: stored keys only count once Scenario is chosen.
    assert accounts.scenario_account(settings, secrets, environ={}) is None


def test_summary_says_where_each_key_is_and_never_shows_it(secrets: SecretStore) -> None:
    settings = Settings(provider="aimlapi")
    summary = accounts_summary(settings, secrets, {})
    assert [(s.provider_id, s.configured, s.source) for s in summary] == [
        ("sandbox", True, "built-in"),
        ("scenario", False, "none"),
        ("aimlapi", False, "none"),
    ]
    secrets.set("aimlapi", "key", AIML_KEY)
    secrets.set("scenario", "key", "scenario-key-00001111")
    half = {s.provider_id: s for s in accounts_summary(settings, secrets, {})}
    assert not half["scenario"].configured
    assert half["scenario"].detail == "The API secret is missing: add it in Accounts."
    aiml = half["aimlapi"]
    assert aiml.configured and aiml.chosen and aiml.source == "keyring"
    assert aiml.key_hint == "•••• 1234"
    assert aiml.detail == "Key •••• 1234, saved in the system keyring."
    env = {accounts.ENV_KEY: "env-scenario-key-5555", accounts.ENV_SECRET: "env-secret-66667777"}
    from_env = {s.provider_id: s for s in accounts_summary(settings, secrets, env)}
    assert from_env["scenario"].source == "environment" and from_env["scenario"].configured
    assert "SONODESK_SCENARIO_KEY" in from_env["scenario"].detail
    assert configured_providers(settings, secrets, env) == ["sandbox", "scenario", "aimlapi"]
    text = repr(accounts_summary(settings, secrets, env))
    for secret in (AIML_KEY, "scenario-key-00001111", "env-scenario-key-5555", "env-secret"):
        assert secret not in text


def test_summary_names_the_fallback_file(
    secrets: SecretStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_keyring(*_args: object) -> None:
        raise keyring.errors.NoKeyringError("none")

    monkeypatch.setattr(keyring, "set_password", no_keyring)
    monkeypatch.setattr(keyring, "get_password", lambda *_a: None)
    result = secrets.set("aimlapi", "key", AIML_KEY, allow_file=True)
    assert result.location is SecretLocation.FILE
    status = accounts_summary(Settings(), secrets, {})[2]
    assert status.source == "file" and str(secrets.fallback_file) in status.detail


def test_masking_and_messages() -> None:
    assert mask_secret("abcdefghijkl1234") == "•••• 1234"
    assert mask_secret("short-key") == "••••"  # too short to show any of it
    assert mask_secret("") == "" and mask_secret(None) == ""
    assert key_needed_message("scenario") == "Add a Scenario key to run this model."
    assert key_needed_message("aimlapi") == "Add an AI/ML API key to run this model."
