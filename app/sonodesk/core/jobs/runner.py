"""Drive one job from its stored state to the end: upload, submit, reconcile, poll, download.

Each step commits its new state before it acts, so a killed process resumes at the right
step. A submit is retried only when it provably never reached the server or was refused
(429/503); any other uncertainty is settled by asking the server (GET /jobs) first, or, for a
provider that cannot list jobs, ends the job FAILED with an honest message. No Qt.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sonodesk.core.errors import (
    ApiError,
    AuthError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    SonodeskError,
    TransportError,
)
from sonodesk.core.jobs.downloads import download_outputs
from sonodesk.core.jobs.polling import PollPlanner, typical_duration
from sonodesk.core.jobs.reconcile import find_submitted_job
from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.net.retry import RetryPolicy, backoff_delay, is_transient, server_delay
from sonodesk.core.providers.base import Provider, can_list_jobs
from sonodesk.core.providers.status import RemoteStatus

if TYPE_CHECKING:
    from sonodesk.core.jobs.engine import JobEngine

log = logging.getLogger(__name__)


PATIENT_BACKOFF = RetryPolicy(attempts=1_000, base_delay=1.0, max_delay=30.0)


@dataclass(frozen=True)
class EngineTiming:
    """How patient the engine is. Tests shrink these; the defaults suit real services."""

    unsent_attempts: int = 6  # submits that never left the machine before giving up
    upload_attempts: int = 6  # tries per input file when the failure is transient
    refused_backoff: RetryPolicy = PATIENT_BACKOFF
    reconcile_misses: int = 3  # listings without our job before a resubmit is considered safe
    reconcile_grace: float = 8.0  # seconds after the POST before "not listed" counts at all
    reconcile_interval: float = 2.0


class Parked(Exception):
    """Stop driving this job for now; it stays resumable in its current state."""


@dataclass
class JobRunner:
    engine: JobEngine
    job: JobRecord
    _holding_slot: bool = False

    def _hold_slot(self) -> None:
        """Count this job against the provider's cap without waiting (it is on the server)."""
        if not self._holding_slot:
            self.engine.gate(self.job.provider).take()
            self._holding_slot = True

    def _drop_slot(self) -> None:
        if self._holding_slot:
            self.engine.gate(self.job.provider).release()
            self._holding_slot = False

    @property
    def timing(self) -> EngineTiming:
        return self.engine.timing

    @property
    def provider(self) -> Provider:
        return self.engine.provider(self.job.provider)

    def _update(self, **changes: Any) -> JobRecord:
        self.job = self.engine.update_job(self.job.id, **changes)
        return self.job

    async def _sleep(self, seconds: float) -> None:
        await self.engine.sleep(seconds)

    async def run(self) -> JobRecord:
        steps: dict[JobState, Callable[[], Awaitable[None]]] = {
            JobState.QUEUED: self._submit,
            JobState.UPLOADING: self._submit,
            # Found in SUBMITTING means we died mid-POST: the outcome is unknown.
            JobState.SUBMITTING: self._reconcile,
            JobState.RECONCILING: self._reconcile,
            JobState.RUNNING: self._poll,
            JobState.DOWNLOADING: self._download,
        }
        try:
            while not self.job.state.terminal:
                await steps[self.job.state]()
        except Parked:
            pass
        finally:
            self._drop_slot()
        return self.job

    # -- submit -----------------------------------------------------------------------------

    async def _submit(self) -> None:
        gate = self.engine.gate(self.job.provider)
        if not self._holding_slot:
            await gate.acquire()
            self._holding_slot = True
        if self.job.files:
            await self._upload_inputs()
        try:
            self.engine.check_budget(self.job)
        except SonodeskError as exc:
            self._fail(exc)
            return
        await self._post(gate)
        if self.job.state.terminal:
            self._drop_slot()  # nothing runs on the server for this job

    async def _post(self, gate: Any) -> None:
        """Submit until accepted, refused for good, or uncertain (then: reconcile)."""
        unsent = refused = 0
        while True:
            self._update(
                state=JobState.SUBMITTING,
                submit_started_at=self.engine.clock(),
                submit_attempts=self.job.submit_attempts + 1,
                error=None,
                hint=None,
            )
            try:
                result = await self.provider.submit(self.job.model_id, self.job.params)
            except TransportError as exc:
                if exc.sent:
                    self._update(state=JobState.RECONCILING)
                    return
                unsent += 1
                if unsent >= self.timing.unsent_attempts:
                    self._fail(exc, extra_hint="Nothing was sent or charged; press Retry later.")
                    return
                await self._wait_queued(exc, backoff_delay(unsent, self.timing.refused_backoff))
                continue
            except RateLimitedError as exc:
                refused += 1
                if exc.concurrency_limit:
                    gate.lower(exc.limit)
                delay = exc.retry_after or backoff_delay(refused, self.timing.refused_backoff)
                await self._wait_queued(exc, delay)
                continue
            except ServerError as exc:
                if exc.status == 503:  # refused before any work: safe to try again
                    refused += 1
                    delay = exc.retry_after or backoff_delay(refused, self.timing.refused_backoff)
                    await self._wait_queued(exc, delay)
                    continue
                # 500/502/504 may come after the job was created: never guess, ask the server.
                self._update(state=JobState.RECONCILING)
                return
            except ApiError as exc:
                self._fail(exc, field=exc.field)
                return
            gate.submitted_cleanly()
            self._accept(result.job, cost=result.cost)
            return

    async def _wait_queued(self, exc: SonodeskError, delay: float) -> None:
        self._update(state=JobState.QUEUED, error=exc.message, hint=exc.hint)
        await self._sleep(delay)

    async def _upload_inputs(self) -> None:
        self._update(state=JobState.UPLOADING)
        files = dict(self.job.files)
        params = dict(self.job.params)
        for name, local in list(files.items()):
            paths = local if isinstance(local, list) else [local]
            refs = []
            for path in paths:
                refs.append(await self._upload_one(name, path))
            params[name] = refs if isinstance(local, list) else refs[0]
            del files[name]
            # Persist each uploaded input, so a restart does not upload it again.
            self._update(params=params, files=files)

    async def _upload_one(self, name: str, path: str) -> str:
        """Upload one input, retrying transient failures (a dropped connection, a 429 or 5xx,
        an expired part link): an upload starts nothing billable, so trying again is safe."""
        attempt = 0
        while True:
            try:
                return await self.engine.upload(self.job, name, path)
            except SonodeskError as exc:
                attempt += 1
                again = is_transient(exc) or getattr(exc, "retryable", False)
                if not again or attempt >= self.timing.upload_attempts:
                    raise
                policy = self.timing.refused_backoff
                delay = server_delay(exc, policy) or backoff_delay(attempt - 1, policy)
                log.info("upload for %s failed (%s); retry in %.1fs", self.job.id, exc, delay)
                self._update(error=f"{exc.message} Retrying…", hint=None)
                await self._sleep(delay)

    def _accept(self, remote: Any, *, cost: float | None) -> None:
        self._update(
            state=JobState.RUNNING,
            remote_id=remote.job_id,
            remote_status=remote.raw_status or None,
            progress=remote.progress,
            cost=cost if cost is not None else remote.cost,
            submitted_at=self.engine.clock(),
            error=None,
            hint=None,
        )

    # -- reconcile --------------------------------------------------------------------------

    async def _reconcile(self) -> None:
        if not can_list_jobs(self.provider):
            self._unconfirmed()
            return
        self._hold_slot()  # the job may be running on the server
        misses = 0
        attempt = 0
        while True:
            attempt += 1
            try:
                claimed = self.engine.claimed_remote_ids(self.job.provider)
                found = await find_submitted_job(self.provider, self.job, claimed)
            except SonodeskError as exc:
                # Could not ask: keep asking, never resubmit without an answer.
                self._update(error=exc.message, hint="Checking with the server before retrying.")
                await self._sleep(backoff_delay(min(attempt, 6), self.timing.refused_backoff))
                continue
            if found is not None:
                log.info("reconciled job %s with server job %s", self.job.id, found.job_id)
                self._accept(found, cost=found.cost)
                return
            started = self.job.submit_started_at or 0.0
            if self.engine.clock() - started >= self.timing.reconcile_grace:
                misses += 1
            if misses >= self.timing.reconcile_misses:
                log.info("job %s was not created on the server; submitting again", self.job.id)
                # Keep the slot: _submit goes straight to the POST with it.
                self._update(state=JobState.QUEUED, error=None, hint=None)
                return
            await self._sleep(self.timing.reconcile_interval)

    def _unconfirmed(self) -> None:
        """No job list to ask: the POST may have created a job we can never find or poll, and
        a resubmit could start (and bill) a second one. Say so instead of guessing."""
        name = self.provider.display_name
        log.info("job %s: %s cannot list jobs; not resubmitting", self.job.id, name)
        self._update(
            state=JobState.FAILED,
            finished_at=self.engine.clock(),
            error=(
                f"The {name} did not confirm this job; it may still run and be charged — "
                f"check your {name} dashboard."
            ),
            hint="Press Retry only if the dashboard shows no such generation.",
        )

    # -- poll -------------------------------------------------------------------------------

    async def _poll(self) -> None:
        self._hold_slot()
        engine = self.engine
        recent = engine.store.recent_durations(self.job.provider, self.job.model_id)
        planner = PollPlanner(
            started_at=self.job.submitted_at or engine.clock(),
            expected_duration=typical_duration(recent),
        )
        remote_id = self.job.remote_id or ""
        while True:
            await self._sleep(planner.next_delay(engine.clock()))
            try:
                remote = await self.provider.get_job(remote_id)
            except (NotFoundError, AuthError, ForbiddenError) as exc:
                if isinstance(exc, NotFoundError):
                    self._drop_slot()
                    self._fail(exc, extra_hint="The server no longer knows this job.")
                    return
                # Wrong credentials: keep the job as it is; it resumes once they are fixed.
                self._update(error=exc.message, hint=exc.hint)
                raise Parked from None
            except RateLimitedError as exc:
                planner.rate_limited(engine.clock(), exc.retry_after)
                continue
            except SonodeskError as exc:
                log.info("poll of %s failed: %s", self.job.id, exc.message)
                planner.observe(engine.clock(), None, None)
                continue
            changed = planner.observe(engine.clock(), remote.status, remote.progress)
            self.job = engine.count_poll(self.job)
            if changed:
                self._update(
                    remote_status=remote.raw_status or None,
                    progress=remote.progress,
                    error=None,
                    hint=None,
                )
            if remote.terminal:
                self._finished(remote)
                return

    def _finished(self, remote: Any) -> None:
        self._drop_slot()
        cost = remote.cost if remote.cost is not None else self.job.cost
        if remote.status is RemoteStatus.SUCCESS:
            if not remote.output_refs:
                self._update(
                    state=JobState.FAILED,
                    cost=cost,
                    finished_at=self.engine.clock(),
                    error="The job finished but produced no audio.",
                )
                return
            self._update(
                state=JobState.DOWNLOADING, outputs=remote.output_refs, cost=cost, progress=1.0
            )
        elif remote.status is RemoteStatus.CANCELED:
            self._update(
                state=JobState.STOPPED,
                cost=cost,
                finished_at=self.engine.clock(),
                error="The job was canceled on the server.",
            )
        else:
            self._update(
                state=JobState.FAILED,
                cost=cost,
                finished_at=self.engine.clock(),
                error=remote.error or "The job failed on the server.",
                hint=remote.hint,
            )

    # -- download ---------------------------------------------------------------------------

    async def _download(self) -> None:
        await download_outputs(self)

    def _fail(
        self, exc: SonodeskError, *, field: str | None = None, extra_hint: str | None = None
    ) -> None:
        self._update(
            state=JobState.FAILED,
            error=exc.message,
            hint=extra_hint or exc.hint,
            error_field=field,
            finished_at=self.engine.clock(),
        )


async def run_job(engine: JobEngine, job: JobRecord) -> JobRecord:
    return await JobRunner(engine, job).run()
