"""The job and take records the engine persists, and the local job states. No Qt, no I/O."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from sonodesk.core.providers.status import RemoteStatus, parse_status


class JobState(StrEnum):
    """Where a job is in Sonodesk's own lifecycle (the server's word is ``remote_status``)."""

    QUEUED = "queued"  # written, waiting for a free slot
    UPLOADING = "uploading"  # local input files going up
    SUBMITTING = "submitting"  # the POST is in flight; a crash here means "reconcile"
    RECONCILING = "reconciling"  # the POST's outcome is unknown; asking the server first
    RUNNING = "running"  # the server has the job; polling
    DOWNLOADING = "downloading"
    DONE = "done"
    FAILED = "failed"
    STOPPED = "stopped"  # canceled on the server, or no longer tracked

    @property
    def terminal(self) -> bool:
        return self in (JobState.DONE, JobState.FAILED, JobState.STOPPED)

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    JobState.QUEUED: "Waiting",
    JobState.UPLOADING: "Uploading",
    JobState.SUBMITTING: "Submitting",
    JobState.RECONCILING: "Checking with server",
    JobState.RUNNING: "Running",
    JobState.DOWNLOADING: "Downloading",
    JobState.DONE: "Done",
    JobState.FAILED: "Failed",
    JobState.STOPPED: "Stopped",
}

UNFINISHED = tuple(s for s in JobState if not s.terminal)


@dataclass(frozen=True)
class JobRecord:
    """One row of the jobs table."""

    id: str
    provider: str
    model_id: str
    params: dict[str, Any]
    state: JobState
    created_at: float
    updated_at: float
    model_name: str = ""
    files: dict[str, list[str]] = field(default_factory=dict)  # param -> local paths to upload
    remote_id: str | None = None
    remote_status: str | None = None
    progress: float | None = None
    outputs: tuple[str, ...] = ()
    error: str | None = None
    hint: str | None = None
    error_field: str | None = None
    cost: float | None = None
    quoted_cost: float | None = None
    batch_id: str | None = None
    batch_index: int = 0
    label: str | None = None
    submit_started_at: float | None = None
    submitted_at: float | None = None
    finished_at: float | None = None
    submit_attempts: int = 0
    polls: int = 0

    @property
    def remote(self) -> RemoteStatus | None:
        return parse_status(self.remote_status)

    @property
    def status_text(self) -> str:
        """The word a user sees: the server's own status while it runs, else ours."""
        if self.state is JobState.RUNNING and self.remote is not None:
            return self.remote.label
        return self.state.label

    @property
    def prompt(self) -> str:
        for key in ("prompt", "text", "textPrompt", "lyrics"):
            value = self.params.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return ""


@dataclass(frozen=True)
class TakeRecord:
    """One downloaded output: the audio file and everything needed to reproduce it."""

    id: str
    job_id: str
    output_index: int
    provider: str
    model_id: str
    params: dict[str, Any]
    file_path: str
    created_at: float
    model_name: str = ""
    remote_job_id: str | None = None
    asset_ref: str | None = None
    cost: float | None = None
    file_format: str | None = None
    mime_type: str | None = None
    size: int | None = None
    sha256: str | None = None
    duration: float | None = None
    sample_rate: int | None = None
    channels: int | None = None
    seed: int | None = None
    title: str = ""
    prompt: str = ""


def dumps(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
