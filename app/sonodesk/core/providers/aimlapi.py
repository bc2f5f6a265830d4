"""The AI/ML API provider: music generation through ``/v2/generate/audio`` (or the sandbox).

There is no official Python SDK for these endpoints (the vendor's SDK has no music wrapper),
so this is a plain httpx client: Bearer auth, our own tolerant parsing, reads retried here, a
submit never. The API cannot cancel or list generations; models come from bundled JSON
Schema documents. No Qt.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from sonodesk.core import redact
from sonodesk.core.errors import (
    CancelRefusedError,
    NotFoundError,
    ProtocolError,
    SonodeskError,
)
from sonodesk.core.net.http import json_or_text, make_http_client, transport_error
from sonodesk.core.net.retry import DEFAULT_READ_POLICY, RetryPolicy, retry_idempotent
from sonodesk.core.net.urls import check_api_base_url
from sonodesk.core.providers import aimlapi_parse as parse
from sonodesk.core.providers.aimlapi_models import bundled_dir, load_bundled
from sonodesk.core.providers.aimlapi_upload import INLINE_CAP_BYTES, inline_file
from sonodesk.core.providers.base import (
    ModelRecord,
    PriceQuote,
    ProgressCallback,
    RemoteAsset,
    RemoteJob,
    SubmitResult,
)
from sonodesk.core.schema import field_from_server_message, nest_dotted, specs_from_jsonschema

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.aimlapi.com"
GENERATE_PATH = "/v2/generate/audio"
NO_CANCEL = "The AI/ML API has no cancel; the job will finish and be charged."
_REMEMBERED_OUTPUTS = 256  # audio_file details kept for resolve_output, newest last


@dataclass
class _Output:
    """What the last answer said about one output, and whether it was handed out already."""

    generation_id: str
    file: parse.AudioFile
    handed_out: bool = False


class AimlApiProvider:
    """The AI/ML API (and the sandbox's compatible routes) behind the Provider contract."""

    supports_cancel = False
    can_list_jobs = False
    cost_unit = "credits"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str = DEFAULT_BASE_URL,
        http: httpx.AsyncClient | None = None,
        provider_id: str = "aimlapi",
        display_name: str = "AI/ML API",
        read_policy: RetryPolicy = DEFAULT_READ_POLICY,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        models_dir: Path | None = None,
        inline_cap: int = INLINE_CAP_BYTES,
    ) -> None:
        self.base_url = check_api_base_url(base_url)
        self.provider_id = provider_id
        self.display_name = display_name
        self._key = api_key.strip()
        self._owns_http = http is None
        self.http = http or make_http_client()
        self._read_policy = read_policy
        self._sleep = sleep
        self._models_dir = models_dir
        self._inline_cap = inline_cap
        self._models: dict[str, ModelRecord] | None = None
        self._outputs: OrderedDict[str, _Output] = OrderedDict()
        redact.register_secret(self._key)

    # -- plumbing ---------------------------------------------------------------------------

    def _headers(self) -> dict[str, str]:
        # Per request, never on the shared client: CDN downloads must not carry the key.
        headers = {"Accept": "application/json"}
        if self._key:
            headers["Authorization"] = f"Bearer {self._key}"
        return headers

    async def _request(
        self, method: str, *, body: Any = None, params: Mapping[str, str] | None = None
    ) -> Any:
        """One call; returns the parsed JSON body or raises our typed errors."""
        try:
            response = await self.http.request(
                method,
                self.base_url + GENERATE_PATH,
                json=body,
                params=params,
                headers=self._headers(),
            )
        except httpx.HTTPError as exc:
            raise transport_error(exc, what=self.display_name) from None
        if response.status_code >= 400:
            model = body.get("model") if isinstance(body, dict) else None
            raise parse.error_for(
                response.status_code,
                json_or_text(response),
                dict(response.headers),
                service=self.display_name,
                field_for=self._field_finder(model),
            )
        try:
            return response.json()
        except (ValueError, RecursionError):  # not JSON, or nested thousands deep
            raise ProtocolError(f"{self.display_name} sent an answer that is not JSON.") from None

    def _field_finder(self, model_id: Any) -> Callable[[str], str | None] | None:
        record = (self._models or {}).get(model_id) if isinstance(model_id, str) else None
        if record is None or record.json_schema is None:
            return None
        try:
            specs = specs_from_jsonschema(record.json_schema)
        except SonodeskError:
            return None
        return lambda reason: field_from_server_message(reason, specs)

    def _remember(self, job: RemoteJob, payload: Any) -> None:
        output = parse.audio_file(payload)
        if output is None or output.url in self._outputs:
            return
        self._outputs[output.url] = _Output(job.job_id, output)
        while len(self._outputs) > _REMEMBERED_OUTPUTS:
            self._outputs.popitem(last=False)

    # -- generation -------------------------------------------------------------------------

    async def quote(self, model_id: str, params: Mapping[str, Any]) -> PriceQuote:
        """No dry run exists and no price table is documented: the estimate is unknown."""
        return PriceQuote(cost=None, unit=self.cost_unit)

    async def submit(self, model_id: str, params: Mapping[str, Any]) -> SubmitResult:
        await self._load_models()  # so a 400 can name the form's field
        try:
            nested = nest_dotted({k: v for k, v in params.items() if k != "model"})
        except ValueError as exc:
            raise ProtocolError(f"The parameters could not be sent: {exc}") from None
        payload = await self._request("POST", body={"model": model_id, **nested})
        job = parse.job_from_json(payload)
        self._remember(job, payload)
        return SubmitResult(job=job, cost=job.cost)

    # -- jobs -------------------------------------------------------------------------------

    async def get_job(self, job_id: str) -> RemoteJob:
        payload = await self._fetch(job_id)
        job = parse.job_from_json(payload)
        self._remember(job, payload)
        return job

    async def _fetch(self, job_id: str) -> Any:
        async def attempt() -> Any:
            return await self._request("GET", params={"generation_id": job_id})

        return await retry_idempotent(
            attempt, policy=self._read_policy, sleep=self._sleep, what="generation status"
        )

    async def find_jobs_since(self, created_after: float) -> list[RemoteJob]:
        """The API cannot list generations (see ``can_list_jobs``)."""
        return []

    async def cancel(self, job_id: str) -> RemoteJob:
        raise CancelRefusedError(
            NO_CANCEL, status=0, hint="You can stop tracking it; the take is still charged."
        )

    async def resolve_output(self, ref: str) -> RemoteAsset:
        """The output ref is the URL the completed answer gave. The first call uses that
        answer (the URL lifetime is undocumented: the engine downloads at once); a retry
        asks for the generation again, so a URL that went stale is replaced."""
        known = self._outputs.get(ref)
        if known is not None and known.handed_out:
            fresh = parse.audio_file(await self._fetch(known.generation_id))
            if fresh is not None:
                known.file = fresh
        if known is not None:
            known.handed_out = True
        return parse.asset_from(ref, known.file if known is not None else None)

    async def upload(
        self, path: Path, *, kind: str = "audio", progress: ProgressCallback | None = None
    ) -> str:
        """A base64 ``data:`` URL to put in ``reference_audio_url`` (nothing is uploaded)."""
        return await inline_file(path, cap=self._inline_cap, progress=progress)

    # -- models -----------------------------------------------------------------------------

    async def _load_models(self) -> dict[str, ModelRecord]:
        if self._models is None:
            folder = self._models_dir or bundled_dir()
            self._models = await asyncio.to_thread(load_bundled, folder, self.provider_id)
        return self._models

    async def list_models(self, *, privacy: str = "public") -> list[ModelRecord]:
        return list((await self._load_models()).values())

    async def get_model(self, model_id: str) -> ModelRecord:
        record = (await self._load_models()).get(model_id)
        if record is None:
            raise NotFoundError(
                f"Sonodesk has no schema for the AI/ML API model {model_id}.",
                status=404,
                hint="Pick one of the listed models.",
            )
        return record

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()
