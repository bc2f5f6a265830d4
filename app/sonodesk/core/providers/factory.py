"""Build the provider for an account, a browse-only stand-in without one, and check a connection.

Reads no settings or secrets itself (accounts.py does); never logs or echoes credentials.
No Qt.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from sonodesk.core import redact
from sonodesk.core.accounts import Account, AimlApiAccount, ScenarioAccount, key_needed_message
from sonodesk.core.catalog import bundled
from sonodesk.core.catalog.labels import cost_unit, provider_label
from sonodesk.core.errors import (
    AuthError,
    BadRequestError,
    NotFoundError,
    ProtocolError,
    SonodeskError,
)
from sonodesk.core.net.http import json_or_text, transport_error
from sonodesk.core.net.retry import DEFAULT_READ_POLICY, RetryPolicy
from sonodesk.core.providers.aimlapi import AimlApiProvider
from sonodesk.core.providers.aimlapi_models import bundled_dir, load_bundled
from sonodesk.core.providers.api_errors import error_from_response
from sonodesk.core.providers.base import (
    ModelRecord,
    PriceQuote,
    ProgressCallback,
    Provider,
    RemoteAsset,
    RemoteJob,
    SubmitResult,
)
from sonodesk.core.providers.scenario import ScenarioProvider

# A connection check answers in seconds or says the service is unreachable: no retries.
CHECK_TIMEOUT = httpx.Timeout(connect=5.0, read=15.0, write=15.0, pool=5.0)
CHECK_POLICY = RetryPolicy(attempts=1)
# A generation id of the documented shape that no generation will ever have.
AIMLAPI_PROBE_ID = "00000000-0000-4000-8000-000000000000:sonodesk-connection-check"


def build_provider(
    account: Account, http: httpx.AsyncClient, *, read_policy: RetryPolicy = DEFAULT_READ_POLICY
) -> Provider:
    """The provider for a Scenario, sandbox or AI/ML API account, sharing ``http``."""
    if isinstance(account, AimlApiAccount):
        return AimlApiProvider(
            api_key=account.api_key,
            base_url=account.base_url,
            http=http,
            provider_id=account.provider_id,
            display_name=provider_label(account.provider_id),
            read_policy=read_policy,
        )
    return ScenarioProvider(
        base_url=account.base_url,
        api_key=account.api_key,
        api_secret=account.api_secret,
        project_id=account.project_id,
        http=http,
        provider_id=account.provider_id,
        display_name=provider_label(account.provider_id),
        read_policy=read_policy,
        # The sandbox's placeholder credentials are ordinary words; masking them would garble
        # unrelated text in logs and messages.
        credentials_are_secret=not account.is_sandbox,
    )


class UnconfiguredProvider:
    """A provider with no account: its bundled models can be browsed, nothing can run.

    Every call that needs the service raises AuthError with "Add a … key to run this model",
    so a job submitted by mistake fails with that sentence and a resumed one waits (the engine
    parks jobs on AuthError until the credentials come back).
    """

    supports_cancel = False

    def __init__(self, provider_id: str, *, models_dir: Path | None = None) -> None:
        self.provider_id = provider_id
        self.display_name = provider_label(provider_id)
        self.cost_unit = cost_unit(provider_id)
        self._models_dir = models_dir
        self._models: dict[str, ModelRecord] | None = None

    def _refusal(self) -> AuthError:
        return AuthError(
            key_needed_message(self.provider_id),
            status=401,
            hint="Open Accounts… to add one; nothing was sent.",
        )

    async def _load(self) -> dict[str, ModelRecord]:
        if self._models is None:
            if self.provider_id == "aimlapi":
                folder = self._models_dir or bundled_dir()
                self._models = await asyncio.to_thread(load_bundled, folder, self.provider_id)
            else:
                models = await asyncio.to_thread(bundled.load_bundled_models, self._models_dir)
                self._models = {m.model_id: m.record for m in models}
        return self._models

    async def list_models(self, *, privacy: str = "public") -> list[ModelRecord]:
        return list((await self._load()).values()) if privacy == "public" else []

    async def get_model(self, model_id: str) -> ModelRecord:
        record = (await self._load()).get(model_id)
        if record is None:
            raise NotFoundError(f"Sonodesk has no built-in schema for {model_id}.", status=404)
        return record

    async def quote(self, model_id: str, params: Mapping[str, Any]) -> PriceQuote:
        return PriceQuote(cost=None, unit=self.cost_unit)  # unknown, not an error

    async def submit(self, model_id: str, params: Mapping[str, Any]) -> SubmitResult:
        raise self._refusal()

    async def get_job(self, job_id: str) -> RemoteJob:
        raise self._refusal()

    async def find_jobs_since(self, created_after: float) -> list[RemoteJob]:
        raise self._refusal()

    async def cancel(self, job_id: str) -> RemoteJob:
        raise self._refusal()

    async def resolve_output(self, ref: str) -> RemoteAsset:
        raise self._refusal()

    async def upload(
        self, path: Path, *, kind: str = "audio", progress: ProgressCallback | None = None
    ) -> str:
        raise self._refusal()

    async def aclose(self) -> None:
        return None


# -- connection check ------------------------------------------------------------------------


@dataclass(frozen=True)
class ConnectionCheck:
    ok: bool
    message: str  # one sentence: what happened
    detail: str = ""  # what was checked, or what to do next


async def check_connection(account: Account, http: httpx.AsyncClient) -> ConnectionCheck:
    """Ask the service whether it accepts these credentials, spending nothing.

    Scenario (and the sandbox): one page of one model, then, with a project id, one page of
    that project's jobs. AI/ML API: it has no free authenticated listing, so Sonodesk asks for
    the status of a generation that cannot exist; an answer of "not found" means the key passed.
    """
    try:
        if isinstance(account, AimlApiAccount):
            return await _check_aimlapi(account, http)
        return await _check_scenario(account, http)
    except AuthError as exc:
        what = "key was" if isinstance(account, AimlApiAccount) else "key and the secret were"
        hint = f"Check that the {what} copied whole, with no spaces."
        return ConnectionCheck(False, redact.redact(exc.message), hint)
    except SonodeskError as exc:
        return ConnectionCheck(False, redact.redact(exc.message), redact.redact(exc.hint or ""))


async def _check_scenario(account: ScenarioAccount, http: httpx.AsyncClient) -> ConnectionCheck:
    name = provider_label(account.provider_id)
    if not account.is_sandbox:
        redact.register_basic_auth(account.api_key, account.api_secret)
    try:
        response = await http.get(
            f"{account.base_url}/models",
            params={"privacy": "public", "pageSize": 1},
            auth=httpx.BasicAuth(account.api_key, account.api_secret),
            timeout=CHECK_TIMEOUT,
        )
    except httpx.HTTPError as exc:
        raise transport_error(exc, what=name) from None
    body = json_or_text(response)
    if response.status_code == 404:
        return ConnectionCheck(
            False,
            f"Nothing at this address answers like the {name} API.",
            "Check the base URL; Scenario's ends in /v1.",
        )
    if response.status_code >= 400:
        raise error_from_response(response.status_code, body, dict(response.headers), service=name)
    if not isinstance(body, dict) or not isinstance(body.get("models"), list):
        raise ProtocolError(f"The address answered, but not like the {name} API.")
    if not account.project_id:
        return ConnectionCheck(True, f"Connected: {name} accepted the key and secret.")
    provider = build_provider(account, http, read_policy=CHECK_POLICY)
    try:
        await provider.list_jobs_page(page_size=1)  # type: ignore[attr-defined]
    finally:
        await provider.aclose()
    return ConnectionCheck(
        True, f"Connected: {name} accepted the key, the secret and the project id."
    )


async def _check_aimlapi(account: AimlApiAccount, http: httpx.AsyncClient) -> ConnectionCheck:
    name = provider_label(account.provider_id)
    provider = AimlApiProvider(
        api_key=account.api_key, base_url=account.base_url, http=http, read_policy=CHECK_POLICY
    )
    try:
        await provider.get_job(AIMLAPI_PROBE_ID)
    except (NotFoundError, BadRequestError):
        pass  # the key got past authentication; only the made-up generation was refused
    finally:
        await provider.aclose()
    return ConnectionCheck(
        True,
        f"Connected: the {name} accepted the key.",
        "Checked by asking for a generation that does not exist: nothing was run or billed. "
        "Whether your credits cover a model shows when you first run it.",
    )
