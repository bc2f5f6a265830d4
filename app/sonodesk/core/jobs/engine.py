"""The job engine: the one owner of jobs in flight, their tasks, their events and their resume.

``submit`` writes the job row before anything leaves the machine and returns at once; a task
per job drives it (runner.py). ``start`` resumes every unfinished job found in the database.
Listeners hear about every change on the event-loop thread. No Qt: the UI adapts the events.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from sonodesk.core.errors import (
    BudgetExceededError,
    CancelRefusedError,
    SonodeskError,
)
from sonodesk.core.jobs.gate import ConcurrencyGate
from sonodesk.core.jobs.probe import probe_audio_file
from sonodesk.core.jobs.records import JobRecord, JobState, TakeRecord
from sonodesk.core.jobs.runner import EngineTiming, JobRunner
from sonodesk.core.jobs.store import JobStore, new_id
from sonodesk.core.providers.base import Provider

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobChanged:
    job: JobRecord


@dataclass(frozen=True)
class TakeAdded:
    take: TakeRecord
    job: JobRecord


EngineEvent = JobChanged | TakeAdded
Listener = Callable[[EngineEvent], None]
BudgetCheck = Callable[[JobRecord], None]


class JobEngine:
    def __init__(
        self,
        store: JobStore,
        providers: Mapping[str, Provider],
        *,
        takes_dir: Path,
        http: httpx.AsyncClient,
        max_concurrent: int = 4,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        probe: Callable[[Path], dict[str, Any]] = probe_audio_file,
        budget_check: BudgetCheck | None = None,
        timing: EngineTiming | None = None,
    ) -> None:
        self.timing = timing or EngineTiming()
        self.store = store
        self._providers = dict(providers)
        self.takes_dir = takes_dir
        self.http = http
        self.clock = clock
        self.sleep = sleep
        self.probe = probe
        self._max_concurrent = max_concurrent
        self._gates: dict[str, ConcurrencyGate] = {}
        self._tasks: dict[str, asyncio.Task[JobRecord]] = {}
        self._listeners: list[Listener] = []
        self._budget_check = budget_check

    # -- wiring -----------------------------------------------------------------------------

    def provider(self, provider_id: str) -> Provider:
        try:
            return self._providers[provider_id]
        except KeyError:
            raise SonodeskError(f"No account is set up for {provider_id}.") from None

    def providers(self) -> list[Provider]:
        return list(self._providers.values())

    def set_provider(self, provider: Provider) -> None:
        self._providers[provider.provider_id] = provider

    def gate(self, provider_id: str) -> ConcurrencyGate:
        if provider_id not in self._gates:
            self._gates[provider_id] = ConcurrencyGate(self._max_concurrent)
        return self._gates[provider_id]

    def set_max_concurrent(self, limit: int) -> None:
        self._max_concurrent = max(1, limit)
        for gate in self._gates.values():
            gate.set_max(self._max_concurrent)

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _emit(self, event: EngineEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a broken listener must not break the engine
                log.exception("engine listener failed")

    # -- called by runners ------------------------------------------------------------------

    def update_job(self, job_id: str, **changes: Any) -> JobRecord:
        job = self.store.update_job(job_id, **changes)
        self._emit(JobChanged(job))
        return job

    def count_poll(self, job: JobRecord) -> JobRecord:
        return self.store.update_job(job.id, polls=job.polls + 1, updated_at=job.updated_at)

    def take_added(self, take: TakeRecord) -> None:
        self._emit(TakeAdded(take, self.store.get_job(take.job_id)))

    def claimed_remote_ids(self, provider_id: str) -> set[str]:
        return self.store.remote_ids(provider_id)

    def check_budget(self, job: JobRecord) -> None:
        if self._budget_check is not None:
            self._budget_check(job)

    async def upload(self, job: JobRecord, name: str, path: str) -> str:
        """Upload one input file, showing its progress on the job (at most ~5 writes/s)."""
        last = 0.0

        def progress(done: int, total: int) -> None:
            nonlocal last
            now = self.clock()
            if total > 0 and (now - last >= 0.2 or done >= total):
                last = now
                self.update_job(job.id, progress=min(1.0, done / total))

        return await self.provider(job.provider).upload(Path(path), progress=progress)

    # -- public API -------------------------------------------------------------------------

    def submit(
        self,
        provider_id: str,
        model_id: str,
        params: Mapping[str, Any],
        *,
        files: Mapping[str, str | list[str]] | None = None,
        model_name: str = "",
        batch_id: str | None = None,
        batch_index: int = 0,
        label: str | None = None,
        quoted_cost: float | None = None,
    ) -> JobRecord:
        """Record the job (committed before anything is sent) and start driving it."""
        self.provider(provider_id)  # fail now, not inside the task, for an unknown provider
        now = self.clock()
        job = JobRecord(
            id=new_id("job"),
            provider=provider_id,
            model_id=model_id,
            model_name=model_name,
            params=dict(params),
            files={k: list(v) if isinstance(v, list) else v for k, v in (files or {}).items()},
            state=JobState.QUEUED,
            created_at=now,
            updated_at=now,
            batch_id=batch_id,
            batch_index=batch_index,
            label=label,
            quoted_cost=quoted_cost,
        )
        self.store.insert_job(job)
        self._emit(JobChanged(job))
        self._spawn(job)
        return job

    def new_batch_id(self) -> str:
        return f"batch_{uuid.uuid4().hex[:12]}"

    async def start(self) -> list[JobRecord]:
        """Resume every unfinished job from the database; returns them."""
        resumed = []
        for job in reversed(self.store.jobs(unfinished=True)):  # oldest first
            if job.id in self._tasks or job.provider not in self._providers:
                continue
            self._spawn(job)
            resumed.append(job)
        return resumed

    def resume(self, job_id: str) -> JobRecord:
        """Drive a parked job again (after fixing the disk, credentials, ...)."""
        job = self.store.get_job(job_id)
        if not job.state.terminal and job_id not in self._tasks:
            job = self.update_job(job_id, error=None, hint=None)
            self._spawn(job)
        return job

    def retry(self, job_id: str) -> JobRecord:
        """Run a failed or stopped job again as a new job with the same inputs."""
        old = self.store.get_job(job_id)
        if old.state is JobState.FAILED and old.remote_id and old.outputs:
            # The server made the audio; only our download failed: try the download again.
            job = self.update_job(
                job_id, state=JobState.DOWNLOADING, error=None, hint=None, finished_at=None
            )
            self._spawn(job)
            return job
        return self.submit(
            old.provider,
            old.model_id,
            old.params,
            files=old.files,
            model_name=old.model_name,
            label=old.label,
        )

    async def wait(self, job_id: str) -> JobRecord:
        task = self._tasks.get(job_id)
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.shield(task)
        return self.store.get_job(job_id)

    def is_active(self, job_id: str) -> bool:
        return job_id in self._tasks

    async def cancel(self, job_id: str) -> JobRecord:
        """Cancel on the server when possible. Raises CancelRefusedError with the honest reason."""
        job = self.store.get_job(job_id)
        if job.state.terminal:
            return job
        if job.state in (JobState.QUEUED, JobState.UPLOADING) and not job.remote_id:
            await self._stop_task(job_id)
            return self.update_job(
                job_id,
                state=JobState.STOPPED,
                finished_at=self.clock(),
                error="Removed from the queue; nothing was charged.",
            )
        provider = self.provider(job.provider)
        if not job.remote_id or not provider.supports_cancel:
            raise CancelRefusedError(
                "This job can't be cancelled, its credits are committed."
                if job.remote_id
                else "This job is still being confirmed with the server and can't be cancelled.",
                status=0,
                hint="You can stop tracking it instead.",
            )
        remote = await provider.cancel(job.remote_id)
        # The acknowledgement is not the last word: the poll loop reads the final status.
        return self.update_job(job_id, remote_status=remote.raw_status or job.remote_status)

    async def stop_tracking(self, job_id: str) -> JobRecord:
        """Forget a job locally; it may still finish (and be billed) on the server."""
        await self._stop_task(job_id)
        job = self.store.get_job(job_id)
        if job.state.terminal:
            return job
        return self.update_job(
            job_id,
            state=JobState.STOPPED,
            finished_at=self.clock(),
            error="No longer tracked. The server may still finish it; its credits are committed.",
        )

    async def aclose(self) -> None:
        """Stop every task; unfinished jobs stay in the database and resume next time."""
        tasks = list(self._tasks.values())
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)

    # -- tasks ------------------------------------------------------------------------------

    def _spawn(self, job: JobRecord) -> None:
        task = asyncio.get_running_loop().create_task(self._drive(job), name=f"job {job.id}")
        self._tasks[job.id] = task
        task.add_done_callback(lambda _t, job_id=job.id: self._tasks.pop(job_id, None))

    async def _drive(self, job: JobRecord) -> JobRecord:
        try:
            return await JobRunner(self, job).run()
        except asyncio.CancelledError:
            raise
        except BudgetExceededError as exc:
            return self.update_job(
                job.id,
                state=JobState.FAILED,
                error=exc.message,
                hint=exc.hint,
                finished_at=self.clock(),
            )
        except SonodeskError as exc:
            log.warning("job %s stopped: %s", job.id, exc.message)
            return self.update_job(
                job.id,
                state=JobState.FAILED,
                error=exc.message,
                hint=exc.hint,
                finished_at=self.clock(),
            )
        except Exception:
            log.exception("job %s crashed", job.id)
            current = self.store.get_job(job.id)
            if current.state in (JobState.SUBMITTING, JobState.RECONCILING, JobState.RUNNING):
                # The server may have the job: keep it resumable rather than failing it.
                return self.update_job(
                    job.id, error="An internal error stopped tracking; restart Sonodesk to resume."
                )
            return self.update_job(
                job.id,
                state=JobState.FAILED,
                finished_at=self.clock(),
                error="An internal error stopped this job; see the log.",
            )

    async def _stop_task(self, job_id: str) -> None:
        task = self._tasks.get(job_id)
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
