"""Job lifecycle on the server's event loop: create, persist, render off-loop, cancel, resume.

Records are only mutated on the loop thread; rendering and disk writes run in executors. No Qt.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import math
import secrets
import time
from collections.abc import Callable
from concurrent.futures import Executor
from typing import Any

from sonodesk.sandbox import catalog, render
from sonodesk.sandbox.ids import new_id
from sonodesk.sandbox.jobspec import JobSpec
from sonodesk.sandbox.records import AssetRecord, JobRecord
from sonodesk.sandbox.stats import RuntimeSettings, Stats
from sonodesk.sandbox.store import Store
from sonodesk.sandbox.synth.codec import mime_type
from sonodesk.sandbox.timeline import CANCELLABLE, JobView, evaluate
from sonodesk.sandbox.validation import Validated

log = logging.getLogger(__name__)

INJECTED_FAILURE = {
    "error": "The model failed to generate audio (sandbox fault injection).",
    "hint": "Try again. If it keeps failing, change the prompt or the settings.",
}
_MAX_SEED = 2147483647


class Engine:
    def __init__(
        self,
        store: Store,
        settings: RuntimeSettings,
        stats: Stats,
        render_pool: Executor,
        io_pool: Executor,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings = settings
        self.stats = stats
        self._render_pool = render_pool
        self._io_pool = io_pool
        self._clock = clock
        self._active: set[str] = set()
        self._rendering: set[str] = set()
        self._tasks: set[asyncio.Future[Any]] = set()

    def now(self) -> float:
        return self._clock()

    def view(self, job: JobRecord, now: float | None = None) -> JobView:
        return evaluate(job, self.now() if now is None else now)

    async def io(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self._io_pool, fn, *args)

    # --- creation -----------------------------------------------------------------------

    def concurrency_refusal(self) -> dict[str, Any] | None:
        """The 429 body when the team already has its ceiling of jobs in flight, else None."""
        limit = self.settings.max_concurrent_jobs
        if limit is None:
            return None
        now = self.now()
        views = []
        for job_id in list(self._active):
            view = self.view(self.store.jobs[job_id], now)
            if view.terminal:
                self._active.discard(job_id)
            else:
                views.append(view)
        if len(views) < limit:
            return None
        soonest = min(view.expected_end for view in views)
        return {
            "reason": f"Too many concurrent jobs for your team (limit {limit})",
            "remainingSeconds": max(1, math.ceil(soonest - now)),
            "details": {"actionName": "generate", "actionLimit": limit},
        }

    def build_job(self, model_id: str, validated: Validated, spec: JobSpec) -> JobRecord:
        """A job record for these inputs; not stored (a dry run shows it as is)."""
        model = catalog.model_by_id(model_id) or {}
        has_seed = any(spec_input["name"] == "seed" for spec_input in model.get("inputs", []))
        params = dict(validated.params)
        seed = params.get("seed")
        if seed is None:
            seed = secrets.randbelow(_MAX_SEED - 8)
            if has_seed:
                params["seed"] = seed
        return JobRecord(
            job_id=new_id("job"),
            model_id=model_id,
            input=dict(validated.input),
            params=params,
            seed=int(seed),
            created_at=self.now(),
            time_scale=self.settings.time_scale,
            outputs=spec.outputs,
            asset_ids=[new_id("asset") for _ in range(spec.outputs)],
            cost=catalog.price(model_id, validated.params),
            audio_seconds=spec.audio_seconds,
        )

    async def submit(self, job: JobRecord, *, fail: bool) -> None:
        """Store the job (on disk before returning, when persistent) and start rendering."""
        if fail:
            job.failure = dict(INJECTED_FAILURE)
        self.store.jobs[job.job_id] = job
        self._active.add(job.job_id)
        await self.io(self.store.write_record, "jobs", job.job_id, job.to_dict())
        self.stats.count("jobs_created")
        if not fail:
            self._schedule_render(job)

    # --- cancel -------------------------------------------------------------------------

    async def cancel(self, job: JobRecord) -> bool:
        """True when the job is (now or already) canceled; False when it is past queueing."""
        now = self.now()
        view = self.view(job, now)
        if view.status == "canceled":
            return True
        if view.status not in CANCELLABLE:
            return False
        job.canceled_at = now
        self._active.discard(job.job_id)
        await self.io(self.store.write_record, "jobs", job.job_id, job.to_dict())
        self.stats.count("jobs_canceled")
        return True

    # --- rendering ----------------------------------------------------------------------

    def resume(self) -> int:
        """After a restart: re-render every job whose audio is missing. Returns how many."""
        count = 0
        now = self.now()
        for job in self.store.jobs.values():
            if not self.view(job, now).terminal:
                self._active.add(job.job_id)  # still in flight: it counts against the ceiling
            if job.canceled_at is not None or job.failure is not None or job.render_error:
                continue
            missing = [a for a in job.asset_ids if not self.store.has_blob(a)]
            if job.rendered_at is not None and not missing:
                continue
            self._active.add(job.job_id)
            job.rendered_at = None
            self._schedule_render(job)
            count += 1
        return count

    def _schedule_render(self, job: JobRecord) -> None:
        if job.job_id in self._rendering:
            return
        self._rendering.add(job.job_id)
        input_format = ""
        audio = job.params.get("audio")
        if isinstance(audio, str) and audio in self.store.assets:
            input_format = self.store.assets[audio].file_format
        request = render.RenderRequest(
            job.model_id, dict(job.params), job.seed, job.outputs, input_format
        )
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(
            self._render_pool, _render_and_store, request, list(job.asset_ids), self.store
        )
        task = asyncio.ensure_future(self._finish_render(job.job_id, future))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish_render(self, job_id: str, future: asyncio.Future[Any]) -> None:
        job = self.store.jobs[job_id]
        try:
            outputs: list[render.RenderedOutput] = await future
        except render.RenderError as exc:
            await self._render_failed(job, str(exc))
            return
        except Exception:
            log.exception("rendering %s failed", job_id)
            await self._render_failed(job, "The sandbox could not render this job.")
            return
        finally:
            self._rendering.discard(job_id)
        if job.canceled_at is not None:
            return
        now = self.now()
        for output in outputs:
            asset = self._asset_for(job, output, now)
            self.store.assets[asset.asset_id] = asset
            await self.io(self.store.write_record, "assets", asset.asset_id, asset.to_dict())
        job.rendered_at = now
        await self.io(self.store.write_record, "jobs", job.job_id, job.to_dict())
        self.stats.count("renders_completed")

    async def _render_failed(self, job: JobRecord, message: str) -> None:
        job.render_error = message
        job.rendered_at = self.now()
        await self.io(self.store.write_record, "jobs", job.job_id, job.to_dict())
        self.stats.count("renders_failed")

    def _asset_for(self, job: JobRecord, output: render.RenderedOutput, now: float) -> AssetRecord:
        tools = job.model_id == catalog.TOOLS_MODEL_ID
        metadata: dict[str, Any] = {
            "kind": "audio",
            "type": "audio2audio" if tools else "txt2audio",
            "modelId": job.model_id,
            "parentJobId": job.job_id,
            "outputIndex": output.index,
            "numOutputs": job.outputs,
            "name": f"{job.job_id}_{output.index}.{output.file_format}",
            **output.extra_metadata,
        }
        if isinstance(job.params.get("prompt"), str):
            metadata["prompt"] = job.params["prompt"]
        if tools:
            metadata["parentId"] = metadata["rootParentId"] = str(job.params["audio"])
        else:
            metadata["seed"] = str(job.seed + output.index)
        return AssetRecord(
            asset_id=job.asset_ids[output.index],
            source=metadata["type"],
            file_format=output.file_format,
            mime_type=mime_type(output.file_format),
            properties=output.properties,
            metadata=metadata,
            sha256=output.sha256,
            size=output.properties["size"],
            created_at=now,
            job_id=job.job_id,
            output_index=output.index,
        )

    async def drain(self) -> None:
        """Wait for renders in flight (used on shutdown so no thread writes after stop)."""
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


def _render_and_store(
    request: render.RenderRequest, asset_ids: list[str], store: Store
) -> list[render.RenderedOutput]:
    """Worker-thread body: synthesise, write the blobs, return everything but the bytes."""
    outputs = render.render(request, store.get_blob)
    for output in outputs:
        store.put_blob(asset_ids[output.index], output.data)
    return [dataclasses.replace(output, data=b"") for output in outputs]
