"""POST /v1/generate/custom/{modelId}: validate, quote (dryRun -> HTTP 269) or create the job.

A real run persists the job before answering; the concurrency ceiling refuses with 429
without creating anything. No Qt.
"""

from __future__ import annotations

from aiohttp import web

from sonodesk.sandbox import catalog, jobspec
from sonodesk.sandbox.http_util import json_error, json_response, read_json
from sonodesk.sandbox.state import FAULT, STATE
from sonodesk.sandbox.timeline import evaluate
from sonodesk.sandbox.validation import ValidationFailed, validate
from sonodesk.sandbox.wire import job_json

DRY_RUN_STATUS = 269


async def run_model(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.stats.count("generate_posts")
    model_id = request.match_info["modelId"]
    dry_run = request.query.get("dryRun")
    if dry_run is not None and dry_run not in ("true", "api"):
        return json_error(400, '"dryRun" must be one of [true, api]')
    body = await read_json(request, state.options.max_body_bytes, empty={})
    record = catalog.model_by_id(model_id)
    if record is None:
        return json_error(404, f"Model {model_id} not found")
    if not record.get("custom"):
        return json_error(400, f"Model {model_id} cannot be run with /generate/custom")
    try:
        validated = validate(record["inputs"], body, state.store.assets.get, catalog.model_by_id)
        spec = jobspec.prepare(model_id, validated)
    except ValidationFailed as exc:
        return json_error(400, exc.reason)
    job = state.engine.build_job(model_id, validated, spec)
    cost_body = {
        "creativeUnitsCost": job.cost,
        "creativeUnitsDiscount": 0,
        "costDetails": {"custom-generation": job.cost},
    }
    if dry_run is not None:
        state.stats.count("dry_runs")
        # The SDK requires `job`: show the job this request would create, never stored.
        view = evaluate(job, job.created_at)
        return json_response({"job": job_json(job, view), **cost_body}, status=DRY_RUN_STATUS)
    refusal = state.engine.concurrency_refusal()
    if refusal is not None:
        state.stats.count("jobs_rejected_concurrency")
        headers = {"Retry-After": str(refusal["remainingSeconds"])}
        return json_response(refusal, status=429, headers=headers)
    fault = request.get(FAULT)
    await state.engine.submit(job, fail=fault is not None and fault.kind == "job_failure")
    view = state.engine.view(job)
    return json_response({"job": job_json(job, view), **cost_body})


def add_routes(app: web.Application) -> None:
    app.router.add_post("/v1/generate/custom/{modelId}", run_model)
