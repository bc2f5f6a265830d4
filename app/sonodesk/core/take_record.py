"""A take as one JSON record (schema ``sonodesk.take/1``): shared by the sidecar beside a take
and the tags inside its exports, so either side can read the other's. Text only; no I/O, no Qt.
"""

from __future__ import annotations

import time
from typing import Any

from sonodesk import __version__
from sonodesk.core.jobs.records import TakeRecord

SCHEMA = "sonodesk.take/1"


def iso_utc(timestamp: float) -> str:
    """UTC, second precision, 'Z' suffix: 2026-11-21T15:30:00Z."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(timestamp))


def take_record(
    take: TakeRecord,
    *,
    export: dict[str, Any] | None = None,
    app_version: str = __version__,
) -> dict[str, Any]:
    """Everything needed to reproduce ``take``: model, provider, params, seed, job, cost, time.

    ``export`` describes an exported copy (format, rate, loudness...); the sidecar beside the
    original take leaves it out.
    """
    record: dict[str, Any] = {
        "schema": SCHEMA,
        "app": "Sonodesk",
        "app_version": app_version,
        "provider": take.provider,
        "model_id": take.model_id,
        "model_name": take.model_name,
        "params": take.params,
        "seed": take.seed,
        "prompt": take.prompt,
        "title": take.title,
        "take_id": take.id,
        "job_id": take.job_id,
        "remote_job_id": take.remote_job_id,
        "output_index": take.output_index,
        "cost": take.cost,
        "created": iso_utc(take.created_at),
        "source": {
            "format": take.file_format,
            "duration": take.duration,
            "sample_rate": take.sample_rate,
            "channels": take.channels,
            "sha256": take.sha256,
        },
    }
    if export is not None:
        record["export"] = export
    return record
