"""What every provider adapter offers, in neutral types no SDK or vendor shape leaks through.

The job engine, the CLI and the UI program against ``Provider``; adapters (scenario.py,
aimlapi.py) translate. No Qt, no I/O here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from sonodesk.core.providers.status import RemoteStatus

ProgressCallback = Callable[[int, int], None]  # (bytes done, bytes total)


@dataclass(frozen=True)
class RemoteJob:
    """One job as the provider reports it, already validated and normalised."""

    job_id: str
    status: RemoteStatus | None  # None: the server sent a word we do not know (keep polling)
    raw_status: str
    progress: float | None = None  # 0..1, None when the server did not measure it
    output_refs: tuple[str, ...] = ()  # asset ids (Scenario) or download URLs (AI/ML API)
    error: str | None = None
    hint: str | None = None
    cost: float | None = None
    model_id: str | None = None
    inputs: Mapping[str, Any] | None = None  # what the job ran with (for reconciliation)
    created_at: float | None = None  # epoch seconds
    updated_at: float | None = None

    @property
    def terminal(self) -> bool:
        return self.status is not None and self.status.terminal


@dataclass(frozen=True)
class RemoteAsset:
    """A downloadable output with a fresh URL and what the server says about its content."""

    ref: str
    url: str
    mime_type: str | None = None
    size: int | None = None  # bytes, checked against the download
    duration: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    file_format: str | None = None
    seed: int | None = None  # the seed the server says produced this output


@dataclass(frozen=True)
class SubmitResult:
    job: RemoteJob
    cost: float | None = None


@dataclass(frozen=True)
class PriceQuote:
    cost: float | None
    unit: str = "CU"  # "CU" for Scenario compute units, "credits" for AI/ML API
    details: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class ModelRecord:
    """A model from the catalogue: identity, what it does, and (when fetched) its inputs."""

    model_id: str
    name: str
    provider_id: str
    short_description: str = ""
    capabilities: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    model_type: str = "custom"
    access_restrictions: int = 0
    inputs: tuple[Mapping[str, Any], ...] | None = None  # Scenario inputs[] (None: not loaded)
    ui_config: Mapping[str, Any] = field(default_factory=dict)
    schema_source: str = "live"  # "live", "cache" or "bundled"
    # The request body's JSON Schema (AI/ML API): build the form with specs_from_jsonschema.
    json_schema: Mapping[str, Any] | None = None

    @property
    def deprecated_successor(self) -> str | None:
        for tag in self.tags:
            if tag.startswith("deprecated:"):
                return tag.split(":", 1)[1] or None
        return None


def can_list_jobs(provider: object) -> bool:
    """Can ``find_jobs_since`` see every job the account created?

    Providers say no with a class attribute ``can_list_jobs = False`` (the AI/ML API has no
    job list); one without the attribute can (Scenario). When it cannot, an uncertain submit
    can never be matched to a server job, so the engine must not resubmit it.
    """
    return getattr(provider, "can_list_jobs", True) is not False


@runtime_checkable
class Provider(Protocol):
    """The calls the engine and UI need. Reads retry internally; ``submit`` never does.

    Optional capability: ``can_list_jobs`` (see can_list_jobs()), True when absent.
    """

    provider_id: str
    display_name: str
    supports_cancel: bool
    cost_unit: str

    async def quote(self, model_id: str, params: Mapping[str, Any]) -> PriceQuote:
        """Price a run without running it (Scenario dryRun)."""
        ...

    async def submit(self, model_id: str, params: Mapping[str, Any]) -> SubmitResult:
        """Start a job. Raises TransportError(sent=...) or ApiError; never retries."""
        ...

    async def get_job(self, job_id: str) -> RemoteJob: ...

    async def find_jobs_since(self, created_after: float) -> list[RemoteJob]:
        """Every job created after the epoch time, across all pages (for reconciliation)."""
        ...

    async def cancel(self, job_id: str) -> RemoteJob:
        """Ask the server to cancel; raises CancelRefusedError when credits are committed."""
        ...

    async def resolve_output(self, ref: str) -> RemoteAsset:
        """A fresh download URL and metadata for one output of a finished job."""
        ...

    async def upload(
        self, path: Path, *, kind: str = "audio", progress: ProgressCallback | None = None
    ) -> str:
        """Upload a local file; returns the reference to pass in the job's params."""
        ...

    async def list_models(self, *, privacy: str = "public") -> list[ModelRecord]: ...

    async def get_model(self, model_id: str) -> ModelRecord: ...

    async def aclose(self) -> None: ...
