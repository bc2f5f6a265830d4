"""The Scenario provider: every call Sonodesk makes to the Scenario REST API (or the sandbox).

Built on the official ``scenario-sdk`` (AsyncScenario, automatic retries off) for request
building, auth and error classification; the JSON it returns is parsed by our own tolerant
readers, so no SDK type leaves this module. Reads retry here; a submit never does. No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import threading
from collections.abc import Awaitable, Callable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx

from sonodesk.core import redact
from sonodesk.core.errors import (
    BadRequestError,
    CancelRefusedError,
    ProtocolError,
)
from sonodesk.core.net.http import make_http_client, transport_error
from sonodesk.core.net.retry import DEFAULT_READ_POLICY, RetryPolicy, retry_idempotent
from sonodesk.core.net.urls import check_api_base_url
from sonodesk.core.providers import scenario_parse as parse
from sonodesk.core.providers.api_errors import error_from_response
from sonodesk.core.providers.base import (
    ModelRecord,
    PriceQuote,
    ProgressCallback,
    RemoteAsset,
    RemoteJob,
    SubmitResult,
)
from sonodesk.core.providers.scenario_upload import upload_file

log = logging.getLogger(__name__)
T = TypeVar("T")

SDK_ENV_VARS = (
    "SCENARIO_CUSTOM_HEADERS",
    "SCENARIO_BASE_URL",
    "SCENARIO_SDK_API_KEY",
    "SCENARIO_SDK_API_SECRET",
    "SCENARIO_SDK_JWT",
)
CANCEL_REFUSED = "This job can't be cancelled, its credits are committed."
# The SDK resources Sonodesk calls (scenario_upload.py uses "uploads").
_SDK_RESOURCES = ("generate", "jobs", "assets", "models", "uploads")
MAX_PAGES = 500  # a server that keeps handing out tokens must not keep us paging forever


class ScenarioProvider:
    """Scenario (and the Scenario-compatible sandbox) behind the neutral Provider contract."""

    supports_cancel = True
    cost_unit = "CU"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str,
        api_secret: str,
        project_id: str | None = None,
        http: httpx.AsyncClient | None = None,
        provider_id: str = "scenario",
        display_name: str = "Scenario",
        read_policy: RetryPolicy = DEFAULT_READ_POLICY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        credentials_are_secret: bool = True,
    ) -> None:
        self.base_url = check_api_base_url(base_url)
        self.provider_id = provider_id
        self.display_name = display_name
        self._key = api_key
        self._secret = api_secret
        self._project_id = project_id or None
        self._owns_http = http is None
        self.http = http or make_http_client()
        self._read_policy = read_policy
        self._sleep = sleep
        self._sdk_client: Any = None
        self._sdk_lock = threading.Lock()
        if credentials_are_secret:
            redact.register_basic_auth(api_key, api_secret)

    # -- plumbing ---------------------------------------------------------------------------

    def _sdk(self) -> Any:
        """The SDK client, created on first use (importing the SDK pulls in pydantic)."""
        with self._sdk_lock:
            if self._sdk_client is None:
                from scenario_sdk import AsyncScenario

                # The SDK's constructor reads SCENARIO_CUSTOM_HEADERS, SCENARIO_BASE_URL and
                # SCENARIO_SDK_* from the environment (every copy of a client does it again). A
                # desktop app must send what it was configured with, not what a shell exported.
                with _without_env(SDK_ENV_VARS):
                    client = AsyncScenario(
                        api_key=self._key,
                        api_secret=self._secret,
                        base_url=self.base_url,
                        max_retries=0,
                        http_client=self.http,
                    )
                # Each resource imports its modules on first access: do that here as well.
                for name in _SDK_RESOURCES:
                    getattr(client.with_raw_response, name)
                self._sdk_client = client
        return self._sdk_client

    async def _client(self) -> Any:
        """The SDK client; the first call builds it on a worker thread, because importing the
        SDK takes about a second of CPU and would freeze the window on the event-loop thread."""
        if self._sdk_client is None:
            await asyncio.to_thread(self._sdk)
        return self._sdk()

    def _project(self) -> dict[str, str]:
        return {"project_id": self._project_id} if self._project_id else {}

    async def _call(self, request: Callable[[Any], Awaitable[Any]]) -> tuple[int, Any]:
        """Run one raw SDK request; returns (status, parsed JSON) or raises our typed errors."""
        client = await self._client()
        import scenario_sdk  # already imported by _client()

        try:
            raw = await request(client.with_raw_response)
        except scenario_sdk.APIStatusError as exc:
            body = exc.body
            raise error_from_response(
                exc.status_code, body, dict(exc.response.headers), service=self.display_name
            ) from None
        except scenario_sdk.APIConnectionError as exc:
            raise transport_error(exc, what=self.display_name) from None
        except httpx.HTTPError as exc:
            raise transport_error(exc, what=self.display_name) from None
        except ValueError:
            # The SDK refuses to build some requests (an empty id, a '..' path segment, a
            # non-finite number in the body) before anything is sent; a retry cannot help.
            raise BadRequestError(
                f"Sonodesk could not send this request to {self.display_name}: an id or a "
                "value in it is not allowed.",
                status=0,
            ) from None
        try:
            return raw.status_code, await raw.json()
        except (ValueError, RecursionError):  # not JSON, or nested thousands deep
            raise ProtocolError(f"{self.display_name} sent an answer that is not JSON.") from None

    async def _read(self, request: Callable[[Any], Awaitable[Any]], what: str) -> Any:
        async def attempt() -> Any:
            return (await self._call(request))[1]

        return await retry_idempotent(
            attempt, policy=self._read_policy, sleep=self._sleep, what=what
        )

    # -- generation -------------------------------------------------------------------------

    async def quote(self, model_id: str, params: Mapping[str, Any]) -> PriceQuote:
        async def attempt() -> tuple[int, Any]:
            return await self._call(
                lambda c: c.generate.run_model(
                    model_id, body=dict(params), dry_run="true", **self._project()
                )
            )

        # A dry run starts nothing, so it may be retried like a read.
        _status, body = await retry_idempotent(
            attempt, policy=self._read_policy, sleep=self._sleep, what="price quote"
        )
        data = body if isinstance(body, dict) else {}
        details = (
            {
                str(k): v
                for k, v in (data.get("costDetails") or {}).items()
                if parse.number(v) is not None
            }
            if isinstance(data.get("costDetails"), dict)
            else {}
        )
        return PriceQuote(
            cost=parse.number(data.get("creativeUnitsCost")), unit="CU", details=details
        )

    async def submit(self, model_id: str, params: Mapping[str, Any]) -> SubmitResult:
        _status, body = await self._call(
            lambda c: c.generate.run_model(model_id, body=dict(params), **self._project())
        )
        job = parse.job_from_json(body)
        cost = parse.number(body.get("creativeUnitsCost")) if isinstance(body, dict) else None
        return SubmitResult(job=job, cost=cost if cost is not None else job.cost)

    # -- jobs -------------------------------------------------------------------------------

    async def get_job(self, job_id: str) -> RemoteJob:
        body = await self._read(lambda c: c.jobs.retrieve(job_id, **self._project()), "job status")
        job = parse.job_from_json(body)
        if job.job_id != job_id:
            # An answer about another job (a confused proxy or server) says nothing of ours;
            # believing its "success" without outputs would lose our take.
            raise ProtocolError(f"{self.display_name} answered about another job.")
        return job

    async def list_jobs_page(
        self, *, created_after: float | None = None, token: str | None = None, page_size: int = 100
    ) -> tuple[list[RemoteJob], str | None]:
        query: dict[str, Any] = {"page_size": page_size, **self._project()}
        if created_after is not None:
            query["created_after"] = _iso(created_after)
        if token:
            query["pagination_token"] = token
        body = await self._read(lambda c: c.jobs.list(**query), "job list")
        jobs = []
        for item in parse.list_items(body, "jobs"):
            try:
                jobs.append(parse.job_from_json(item))
            except ProtocolError:
                log.warning("skipping a malformed job in a job list page")
        return jobs, parse.page_token(body)

    async def find_jobs_since(self, created_after: float) -> list[RemoteJob]:
        """All jobs created after ``created_after``, following tokens through empty pages."""
        return await self._all_pages(
            lambda token: self.list_jobs_page(created_after=created_after, token=token)
        )

    async def _all_pages(
        self, fetch: Callable[[str | None], Awaitable[tuple[list[T], str | None]]]
    ) -> list[T]:
        items: list[T] = []
        seen: set[str] = set()
        token: str | None = None
        for _ in range(MAX_PAGES):
            page, token = await fetch(token)
            items.extend(page)
            if not token:
                return items
            if token in seen:
                raise ProtocolError(f"{self.display_name} repeated a page token while listing.")
            seen.add(token)
        raise ProtocolError(f"{self.display_name} kept returning more pages than expected.")

    async def cancel(self, job_id: str) -> RemoteJob:
        try:
            _status, body = await self._call(
                lambda c: c.jobs.trigger_action(job_id, action="cancel", **self._project())
            )
        except BadRequestError as exc:
            raise CancelRefusedError(
                CANCEL_REFUSED,
                status=exc.status,
                reason=exc.reason,
                hint="You can stop tracking it; the take is still downloaded if it finishes.",
            ) from None
        return parse.job_from_json(body)

    # -- assets -----------------------------------------------------------------------------

    async def resolve_output(self, ref: str) -> RemoteAsset:
        body = await self._read(lambda c: c.assets.retrieve(ref, **self._project()), "asset")
        return parse.asset_from_json(body, ref)

    async def download_url(self, asset_id: str) -> str:
        """A fresh signed URL via POST /assets/{id}/download (no targetFormat for audio)."""
        body = await self._read(
            lambda c: c.assets.download.request(asset_id, **self._project()), "download address"
        )
        url = body.get("url") if isinstance(body, dict) else None
        if not isinstance(url, str) or not url:
            raise ProtocolError(f"{self.display_name} gave no download address.")
        return url

    async def upload(
        self, path: Path, *, kind: str = "audio", progress: ProgressCallback | None = None
    ) -> str:
        return await upload_file(self, path, kind=kind, progress=progress)

    # -- models -----------------------------------------------------------------------------

    async def list_models(self, *, privacy: str = "public") -> list[ModelRecord]:
        async def page(token: str | None) -> tuple[list[ModelRecord], str | None]:
            query: dict[str, Any] = {"privacy": privacy, "page_size": 100}
            if token:
                query["pagination_token"] = token
            # models.list is a paginator: fetch one raw page at a time so empty pages with a
            # token do not end the listing early (the SDK's iterator stops on them).
            body = await self._read(lambda c: c.models.list(**query), "model list")
            models = []
            for item in parse.list_items(body, "models"):
                try:
                    models.append(parse.model_from_json(item, self.provider_id))
                except ProtocolError:
                    log.warning("skipping a malformed model in a model list page")
            return models, parse.page_token(body)

        return await self._all_pages(page)

    async def get_model(self, model_id: str) -> ModelRecord:
        body = await self._read(lambda c: c.models.retrieve(model_id), "model")
        return parse.model_from_json(body, self.provider_id)

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()


@contextlib.contextmanager
def _without_env(names: tuple[str, ...]) -> Iterator[None]:
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _iso(epoch_seconds: float) -> str:
    stamp = datetime.fromtimestamp(epoch_seconds, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
