"""Building providers for accounts, the browse-only stand-in, and the connection check."""

from __future__ import annotations

import asyncio
import socket

import pytest

from sonodesk.core import redact
from sonodesk.core.accounts import SANDBOX_CREDENTIALS, AimlApiAccount, ScenarioAccount
from sonodesk.core.errors import AuthError, NotFoundError
from sonodesk.core.net.http import make_http_client
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.factory import (
    UnconfiguredProvider,
    build_provider,
    check_connection,
)
from sonodesk.core.providers.scenario import ScenarioProvider

KEY, SECRET = "factory-key-0123456789", "factory-secret-9876543210"


def scenario_account(url: str, *, key: str = KEY, project: str | None = None) -> ScenarioAccount:
    return ScenarioAccount(url, key, SECRET, project, "settings")


def check(account):  # type: ignore[no-untyped-def]
    async def run():  # type: ignore[no-untyped-def]
        http = make_http_client()
        try:
            return await check_connection(account, http)
        finally:
            await http.aclose()

    return asyncio.run(run())


def test_build_provider_for_each_kind_of_account() -> None:
    async def scenario() -> None:
        http = make_http_client()
        cloud = build_provider(scenario_account("https://api.example.test/v1"), http)
        assert isinstance(cloud, ScenarioProvider)
        assert (cloud.provider_id, cloud.display_name, cloud.http) == ("scenario", "Scenario", http)
        sandbox = build_provider(
            ScenarioAccount(
                "http://127.0.0.1:9/v1", *SANDBOX_CREDENTIALS, None, "sandbox", "sandbox"
            ),
            http,
        )
        assert (sandbox.provider_id, sandbox.display_name) == ("sandbox", "Sandbox")
        aiml = build_provider(AimlApiAccount("https://api.example.test", KEY, "settings"), http)
        assert isinstance(aiml, AimlApiProvider)
        assert (aiml.provider_id, aiml.display_name, aiml.cost_unit) == (
            "aimlapi",
            "AI/ML API",
            "credits",
        )
        await http.aclose()

    asyncio.run(scenario())
    assert redact.redact(f"x {KEY} y {SECRET}") == "x ••• y •••"
    # The sandbox's placeholders are not secrets: ordinary text stays readable.
    assert SANDBOX_CREDENTIALS[0] in redact.redact(f"using {SANDBOX_CREDENTIALS[0]}")


def test_unconfigured_provider_browses_and_refuses() -> None:
    async def scenario() -> None:
        scenario = UnconfiguredProvider("scenario")
        assert len(await scenario.list_models()) == 52
        assert await scenario.list_models(privacy="private") == []
        assert (await scenario.get_model("model_lyria-2")).inputs
        with pytest.raises(NotFoundError):
            await scenario.get_model("model_unknown")
        for call in (
            scenario.submit("model_lyria-2", {}),
            scenario.get_job("job_1"),
            scenario.find_jobs_since(0),
            scenario.cancel("job_1"),
            scenario.resolve_output("asset_1"),
        ):
            with pytest.raises(AuthError, match=r"^Add a Scenario key to run this model\.$"):
                await call
        aiml = UnconfiguredProvider("aimlapi")
        assert aiml.cost_unit == "credits" and len(await aiml.list_models()) >= 7

    asyncio.run(scenario())


def test_scenario_check_against_the_sandbox(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    good = check(scenario_account(sandbox.api_url))
    assert good.ok and good.message == "Connected: Scenario accepted the key and secret."
    with_project = check(scenario_account(sandbox.api_url, project="proj_1"))
    assert with_project.ok and "project id" in with_project.message
    bad = check(scenario_account(sandbox.api_url, key="wrong-key-0000000000"))
    assert not bad.ok and bad.message == "Scenario did not accept the API key or secret."
    assert "copied whole" in bad.detail
    wrong_path = check(scenario_account(sandbox.base_url + "/nope"))
    assert not wrong_path.ok and "answers like the Scenario API" in wrong_path.message
    assert "wrong-key" not in bad.message + bad.detail


def test_scenario_check_when_nothing_listens() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = check(scenario_account(f"http://127.0.0.1:{port}/v1"))
    assert not result.ok and result.message == "Scenario could not be reached."


def test_aimlapi_check_against_the_sandbox(sandbox_factory) -> None:  # type: ignore[no-untyped-def]
    sandbox = sandbox_factory(require_credentials=f"{KEY}:{SECRET}")
    good = check(AimlApiAccount(sandbox.base_url, KEY, "settings"))
    assert good.ok and good.message == "Connected: the AI/ML API accepted the key."
    assert "nothing was run or billed" in good.detail
    bad = check(AimlApiAccount(sandbox.base_url, "not-the-key-000000", "settings"))
    assert not bad.ok and "did not accept" in bad.message
    assert not any(job for job in sandbox.jobs())  # checking ran nothing
