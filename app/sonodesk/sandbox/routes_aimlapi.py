"""AI/ML API-compatible routes: POST and GET ``/v2/generate/audio`` (there is no cancel route).

A generation is a sandbox job of the music sketch model: the shared engine persists, times and
renders it, and ``audio_file.url`` is a signed CDN URL, so downloads, expiry and faults work as
for Scenario. The generation id ``<uuid>:<model>`` maps to the job id ``aiml_<uuid hex>``;
the job's ``input`` keeps the request under ``"aimlapi"`` so Scenario clients never match it.
No Qt.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import uuid
from typing import Any

from aiohttp import web

from sonodesk.sandbox import aimlapi_catalog as catalog
from sonodesk.sandbox.aimlapi_http import GENERATE_PATH, error_response
from sonodesk.sandbox.aimlapi_reference import ReferenceInvalid, inline_bytes, measure
from sonodesk.sandbox.aimlapi_validate import BodyInvalid, validate
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID
from sonodesk.sandbox.http_util import json_response, read_json
from sonodesk.sandbox.ids import new_id
from sonodesk.sandbox.records import JobRecord
from sonodesk.sandbox.routes_assets import cdn_path
from sonodesk.sandbox.state import FAULT, STATE, SandboxState
from sonodesk.sandbox.synth.music import sketch_frames

JOB_PREFIX = "aiml_"
MAX_BODY_BYTES = 72 * 1024 * 1024  # a 50 MB reference file, base64-encoded, plus the rest
_MAX_SEED = 2147483647
_MUSIC_RATE = 44100
# The engine's timeline words -> the service's four statuses.
STATUSES = {
    "pending": "queued",
    "queued": "queued",
    "warming-up": "generating",
    "in-progress": "generating",
    "finalizing": "generating",
    "success": "completed",
    "failure": "error",
    "canceled": "error",
}


async def create(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.stats.count("generate_posts")
    body = await read_json(request, MAX_BODY_BYTES)
    try:
        model, params = validate(body)
        reference = await _reference_seconds(state, params.get("reference_audio_url"))
    except BodyInvalid as exc:
        return error_response(request, 400, exc.message)
    except ReferenceInvalid as exc:
        return error_response(
            request, 400, f'Body validation error! {exc} at "reference_audio_url"'
        )
    refusal = state.engine.concurrency_refusal()
    if refusal is not None:
        state.stats.count("jobs_rejected_concurrency")
        limit = state.settings.max_concurrent_jobs
        return error_response(
            request, 429, f"Too Many Requests: too many concurrent generations (limit {limit})"
        )
    generation = uuid.uuid4()
    job = _build_job(state, generation, model, params, reference)
    fault = request.get(FAULT)
    await state.engine.submit(job, fail=fault is not None and fault.kind == "job_failure")
    return json_response(generation_json(state, job, _generation_id(generation, model)))


async def fetch(request: web.Request) -> web.Response:
    state = request.app[STATE]
    generation_id = request.query.get("generation_id", "").strip()
    if not generation_id:
        return error_response(request, 400, 'Query validation error! Required at "generation_id"')
    job = find_job(state, generation_id)
    if job is None:
        return error_response(request, 404, f"Generation {generation_id[:100]} not found")
    return json_response(generation_json(state, job, generation_id))


def find_job(state: SandboxState, generation_id: str) -> JobRecord | None:
    head, _, suffix = generation_id.partition(":")
    try:
        job_id = JOB_PREFIX + uuid.UUID(head).hex
    except ValueError:
        return None
    job = state.store.jobs.get(job_id)
    request = job.input.get("aimlapi") if job is not None else None
    if not isinstance(request, dict) or catalog.id_suffix(str(request.get("model"))) != suffix:
        return None
    return job


def generation_json(state: SandboxState, job: JobRecord, generation_id: str) -> dict[str, Any]:
    """The one shape the service answers with, for create and fetch alike."""
    view = state.engine.view(job)
    status = STATUSES.get(view.status, "queued")
    audio: dict[str, Any] | None = None
    error: dict[str, str] | None = None
    asset = state.store.assets.get(job.asset_ids[0]) if job.asset_ids else None
    if status == "completed" and asset is not None:
        audio = {
            "url": state.signed_url(cdn_path(asset.asset_id))[0],
            "content_type": asset.mime_type,
            "file_name": f"{generation_id.partition(':')[0]}.{asset.file_format}",
            "file_size": asset.size,
        }
    elif status == "error":
        failure = job.failure or {}
        message = failure.get("error") or job.render_error or "The generation failed."
        error = {"name": "GenerationError", "message": message}
    return {
        "id": generation_id,
        "status": status,
        "audio_file": audio,
        "error": error,
        "meta": {"usage": catalog.usage(job.cost)},
    }


def _generation_id(generation: uuid.UUID, model: str) -> str:
    return f"{generation}:{catalog.id_suffix(model)}"


async def _reference_seconds(state: SandboxState, value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    data = inline_bytes(value)
    if data is None:
        return None  # a URL: the sandbox stays offline and takes it on trust
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(state.render_pool, measure, data)


def _build_job(
    state: SandboxState,
    generation: uuid.UUID,
    model: str,
    params: dict[str, Any],
    reference_seconds: float | None,
) -> JobRecord:
    seconds = catalog.seconds_for(model, params, reference_seconds)
    sketch = catalog.sketch_params(model, params, seconds)
    seed = params.get("seed")
    seed = int(seed) if isinstance(seed, int) else secrets.randbelow(_MAX_SEED - 8)
    audio_seconds = sketch_frames(sketch, _MUSIC_RATE) / _MUSIC_RATE
    return JobRecord(
        job_id=JOB_PREFIX + generation.hex,
        model_id=MUSIC_MODEL_ID,
        input={"aimlapi": {"model": model, **_stored(params)}},
        params=sketch,
        seed=seed % _MAX_SEED,
        created_at=state.engine.now(),
        time_scale=state.settings.time_scale,
        outputs=1,
        asset_ids=[new_id("asset")],
        cost=catalog.credits(model, seconds),
        audio_seconds=audio_seconds,
    )


def _stored(params: dict[str, Any]) -> dict[str, Any]:
    """The request as kept on disk: inline audio is replaced by its size and digest."""
    kept = dict(params)
    reference = kept.get("reference_audio_url")
    if isinstance(reference, str) and not reference.startswith(("http://", "https://")):
        digest = hashlib.sha256(reference.encode()).hexdigest()[:16]
        kept["reference_audio_url"] = f"<inline audio, {len(reference)} characters, {digest}>"
    return kept


def add_routes(app: web.Application) -> None:
    app.router.add_post(GENERATE_PATH, create)
    app.router.add_get(GENERATE_PATH, fetch)  # also answers HEAD
