"""Control routes under /_sandbox/ for tests and benchmarks: health, faults, stats, settings,
and what the server created (jobs with inputs, asset checksums). No auth, never faulted. No Qt.
"""

from __future__ import annotations

import os
from typing import Any

from aiohttp import web

from sonodesk.sandbox.faults import FaultConfig, ScriptedFault
from sonodesk.sandbox.http_util import json_error, json_response, read_json
from sonodesk.sandbox.ids import iso
from sonodesk.sandbox.records import AssetRecord
from sonodesk.sandbox.state import STATE


async def health(request: web.Request) -> web.Response:
    state = request.app[STATE]
    return json_response(
        {
            "ok": True,
            "baseUrl": state.base_url,
            "apiUrl": state.base_url + "/v1",
            "pid": os.getpid(),
            "startedAt": iso(state.started_at),
            "persistent": state.store.persistent,
            "jobs": len(state.store.jobs),
        }
    )


async def get_faults(request: web.Request) -> web.Response:
    return json_response(request.app[STATE].faults.config.to_dict())


async def put_faults(request: web.Request) -> web.Response:
    """Replace the fault config: a FaultConfig JSON object, or {"spec": "rate=0.2,..."}."""
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty={})
    try:
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        config = (
            FaultConfig.parse(str(body["spec"])) if "spec" in body else FaultConfig.from_dict(body)
        )
    except (ValueError, TypeError, KeyError) as exc:
        return json_error(400, f"Invalid fault config: {exc}")
    state.faults.configure(config)
    return json_response(config.to_dict())


async def clear_faults(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.faults.configure(FaultConfig())
    return json_response(state.faults.config.to_dict())


async def script_faults(request: web.Request) -> web.Response:
    """Queue scripted faults: {"kind", "route"?, "count"?, "status"?} or a list of them."""
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty=[])
    items = body if isinstance(body, list) else [body]
    try:
        faults = [ScriptedFault.from_dict(item) for item in items]
    except (ValueError, TypeError, KeyError) as exc:
        return json_error(400, f"Invalid scripted fault: {exc}")
    state.faults.add_script(faults)
    return json_response(state.faults.config.to_dict())


async def get_stats(request: web.Request) -> web.Response:
    return json_response(request.app[STATE].stats.snapshot())


async def reset_stats(request: web.Request) -> web.Response:
    state = request.app[STATE]
    state.stats.reset()
    return json_response(state.stats.snapshot())


async def get_settings(request: web.Request) -> web.Response:
    return json_response(request.app[STATE].settings.to_dict())


async def update_settings(request: web.Request) -> web.Response:
    """{"timeScale"?, "urlTtl"?, "maxConcurrentJobs"?, "emptyPages"?}; timeScale applies to
    jobs and uploads created afterwards."""
    state = request.app[STATE]
    body = await read_json(request, state.options.max_body_bytes, empty={})
    try:
        if not isinstance(body, dict):
            raise ValueError("expected a JSON object")
        state.settings.update(body)
    except (ValueError, TypeError) as exc:
        return json_error(400, f"Invalid settings: {exc}")
    return json_response(state.settings.to_dict())


async def list_jobs(request: web.Request) -> web.Response:
    state = request.app[STATE]
    now = state.engine.now()
    jobs = []
    for job in sorted(state.store.jobs.values(), key=lambda j: (j.created_at, j.job_id)):
        view = state.engine.view(job, now)
        jobs.append(
            {
                "jobId": job.job_id,
                "modelId": job.model_id,
                "input": job.input,
                "params": job.params,
                "seed": job.seed,
                "status": view.status,
                "createdAt": iso(job.created_at),
                "assetIds": job.asset_ids,
                "outputs": job.outputs,
                "cost": job.cost,
                "failureInjected": job.failure is not None,
                "renderError": job.render_error,
            }
        )
    return json_response({"jobs": jobs})


def _asset_entry(state: Any, asset: AssetRecord) -> dict[str, Any]:
    return {
        "id": asset.asset_id,
        "sha256": asset.sha256,
        "size": asset.size,
        "mimeType": asset.mime_type,
        "format": asset.file_format,
        "jobId": asset.job_id,
        "uploadId": asset.upload_id,
        "outputIndex": asset.output_index,
        "source": asset.source,
        "hasBlob": state.store.has_blob(asset.asset_id),
    }


async def list_assets(request: web.Request) -> web.Response:
    state = request.app[STATE]
    assets = sorted(state.store.assets.values(), key=lambda a: (a.created_at, a.asset_id))
    return json_response({"assets": [_asset_entry(state, asset) for asset in assets]})


async def get_asset(request: web.Request) -> web.Response:
    state = request.app[STATE]
    asset = state.store.assets.get(request.match_info["assetId"])
    if asset is None:
        return json_error(404, "Asset not found")
    return json_response(_asset_entry(state, asset))


def add_routes(app: web.Application) -> None:
    router = app.router
    router.add_get("/_sandbox/health", health)
    router.add_get("/_sandbox/faults", get_faults)
    router.add_put("/_sandbox/faults", put_faults)
    router.add_delete("/_sandbox/faults", clear_faults)
    router.add_post("/_sandbox/faults/script", script_faults)
    router.add_get("/_sandbox/stats", get_stats)
    router.add_post("/_sandbox/stats/reset", reset_stats)
    router.add_get("/_sandbox/settings", get_settings)
    router.add_patch("/_sandbox/settings", update_settings)
    router.add_get("/_sandbox/jobs", list_jobs)
    router.add_get("/_sandbox/assets", list_assets)
    router.add_get("/_sandbox/assets/{assetId}", get_asset)
