"""Find the server job an uncertain submit created, by listing jobs since the POST. No Qt.

A job matches when it was created after our POST (allowing for clock skew), runs the same
model when the server says which, and ran with exactly the inputs we sent. Jobs another
local job already owns are never matched, so one server job is never adopted twice.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from sonodesk.core.jobs.records import JobRecord
from sonodesk.core.providers.base import Provider, RemoteJob

CLOCK_SKEW = 300.0  # seconds the server's clock may differ from ours


def same_value(sent: Any, echoed: Any) -> bool:
    """Equality as JSON sees it (20 == 20.0), recursing into lists and objects."""
    if isinstance(sent, bool) or isinstance(echoed, bool):
        return sent is echoed
    if isinstance(sent, int | float) and isinstance(echoed, int | float):
        return math.isclose(float(sent), float(echoed), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(sent, list | tuple) and isinstance(echoed, list | tuple):
        return len(sent) == len(echoed) and all(map(same_value, sent, echoed))
    if isinstance(sent, Mapping) and isinstance(echoed, Mapping):
        return sent.keys() == echoed.keys() and all(same_value(sent[k], echoed[k]) for k in sent)
    return bool(sent == echoed)


def matches(remote: RemoteJob, job: JobRecord) -> bool:
    if remote.inputs is None:
        return False
    if remote.model_id is not None and remote.model_id != job.model_id:
        return False
    started = job.submit_started_at
    if (
        started is not None
        and remote.created_at is not None
        and (remote.created_at < started - CLOCK_SKEW)
    ):
        return False
    # The server may add defaults to what it echoes; everything we sent must be there as sent.
    return all(
        k in remote.inputs and same_value(v, remote.inputs[k]) for k, v in job.params.items()
    )


async def find_submitted_job(
    provider: Provider, job: JobRecord, claimed: set[str]
) -> RemoteJob | None:
    """The earliest unclaimed server job matching ``job``'s submit, or None."""
    since = (job.submit_started_at or job.created_at) - CLOCK_SKEW
    candidates = [
        remote
        for remote in await provider.find_jobs_since(since)
        if remote.job_id not in claimed and matches(remote, job)
    ]
    if not candidates:
        return None
    return min(candidates, key=lambda r: (r.created_at or math.inf, r.job_id))
