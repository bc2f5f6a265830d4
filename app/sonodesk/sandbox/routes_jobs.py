"""GET /v1/jobs/{jobId}, GET /v1/jobs (newest first, cursor paging, optional empty pages) and
POST /v1/jobs/{jobId}/action (cancel while pending/queued only). No Qt.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from aiohttp import web

from sonodesk.sandbox.http_util import json_error, json_response, read_json
from sonodesk.sandbox.ids import parse_iso
from sonodesk.sandbox.records import JobRecord
from sonodesk.sandbox.routes_models import QueryError, list_values, page_size
from sonodesk.sandbox.state import STATE
from sonodesk.sandbox.timeline import JobView
from sonodesk.sandbox.wire import job_json

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 100
STATUSES = (
    "pending", "queued", "warming-up", "in-progress",
    "success", "failure", "canceled", "finalizing",
)  # fmt: skip
JOB_TYPES = ("custom",)  # every sandbox job; other SDK job types simply match nothing
CANCEL_REFUSED = "Cannot cancel this type of job. Action not permitted."


async def get_job(request: web.Request) -> web.Response:
    state = request.app[STATE]
    job_id = request.match_info["jobId"]
    job = state.store.jobs.get(job_id)
    if job is None:
        return json_error(404, f"Job {job_id} not found")
    return json_response({"job": job_json(job, state.engine.view(job))})


def _encode_token(cursor: tuple[float, str] | None, page: int) -> str:
    data = {"c": list(cursor) if cursor else None, "p": page}
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def _decode_token(token: str) -> tuple[tuple[float, str] | None, int]:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        cursor = data["c"]
        page = int(data["p"])
        if cursor is not None:
            cursor = (float(cursor[0]), str(cursor[1]))
        return cursor, page
    except (binascii.Error, ValueError, KeyError, TypeError, IndexError) as exc:
        raise QueryError('"paginationToken" is invalid') from exc


def _ms(epoch: float) -> int:
    """Dates travel with millisecond precision; compare them at that precision."""
    return round(epoch * 1_000_000) // 1000  # microseconds first, as datetime rounds


def _date(request: web.Request, name: str) -> float | None:
    raw = request.query.get(name)
    if raw is None:
        return None
    try:
        return parse_iso(raw)
    except ValueError as exc:
        raise QueryError(f'"{name}" must be a valid ISO 8601 date') from exc


def _filters(request: web.Request) -> tuple[str | None, list[str], float | None, float | None]:
    status = request.query.get("status")
    if status is not None and status not in STATUSES:
        raise QueryError(f'"status" must be one of [{", ".join(STATUSES)}]')
    types = list_values(request, "types") or list_values(request, "type")
    created_after = _date(request, "createdAfter")
    updated_after = _date(request, "updatedAfter")
    # The real API sorts by update date when filtering and says which date filter goes where.
    if created_after is not None and (status or types):
        raise QueryError('"createdAfter" is not allowed with "status", "type" or "types"')
    if updated_after is not None and not (status or types):
        raise QueryError('"updatedAfter" is only allowed with "status", "type" or "types"')
    return status, types, created_after, updated_after


async def list_jobs(request: web.Request) -> web.Response:
    state = request.app[STATE]
    try:
        size = page_size(request.query.get("pageSize"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        status, types, created_after, updated_after = _filters(request)
        token = request.query.get("paginationToken")
        cursor, page = _decode_token(token) if token else (None, 0)
    except QueryError as exc:
        return json_error(400, str(exc))
    now = state.engine.now()
    selected: list[tuple[JobRecord, JobView]] = []
    for job in state.store.jobs.values():
        if types and not set(types) & set(JOB_TYPES):
            continue
        if created_after is not None and _ms(job.created_at) <= _ms(created_after):
            continue
        view = state.engine.view(job, now)
        if status is not None and view.status != status:
            continue
        if updated_after is not None and _ms(view.updated_at) <= _ms(updated_after):
            continue
        selected.append((job, view))
    selected.sort(key=lambda pair: (pair[0].created_at, pair[0].job_id), reverse=True)
    if cursor is not None:
        selected = [p for p in selected if (p[0].created_at, p[0].job_id) < cursor]
    body: dict[str, Any] = {"jobs": []}
    if state.settings.empty_pages and page % 2 == 1 and selected:
        # The real API sometimes answers a page with no jobs but a token: keep paging.
        body["nextPaginationToken"] = _encode_token(cursor, page + 1)
        return json_response(body)
    chunk = selected[:size]
    body["jobs"] = [job_json(job, view) for job, view in chunk]
    if len(selected) > size:
        last = chunk[-1][0]
        body["nextPaginationToken"] = _encode_token((last.created_at, last.job_id), page + 1)
    return json_response(body)


async def job_action(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty={})
    if not isinstance(body, dict):
        return json_error(400, '"value" must be of type object')
    for key in body:
        if key != "action":
            return json_error(400, f'"{key}" is not allowed')
    if body.get("action") != "cancel":
        return json_error(400, '"action" must be one of [cancel]')
    job_id = request.match_info["jobId"]
    job = state.store.jobs.get(job_id)
    if job is None:
        return json_error(404, f"Job {job_id} not found")
    if not await state.engine.cancel(job):
        return json_error(400, CANCEL_REFUSED)
    return json_response({"job": job_json(job, state.engine.view(job))})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/jobs", list_jobs)
    app.router.add_get("/v1/jobs/{jobId}", get_job)
    app.router.add_post("/v1/jobs/{jobId}/action", job_action)
