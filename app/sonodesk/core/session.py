"""Open everything a front end needs: paths, settings, secrets, provider, store, engine.

Shared by the CLI and the GUI. With no Scenario account it starts the embedded sandbox as a
child process (its state lives in the data dir, so its jobs survive a restart). No Qt.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from sonodesk.core import paths as paths_mod
from sonodesk.core import settings as settings_mod
from sonodesk.core.accounts import Account, account_for, key_needed_message
from sonodesk.core.activation import activate, choose_provider, sandbox_account
from sonodesk.core.catalog.live import CatalogService
from sonodesk.core.errors import ConfigError, StorageError
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.jobs.store_open import open_store
from sonodesk.core.library import Library, sidecar
from sonodesk.core.net.http import make_http_client
from sonodesk.core.presets import PresetStore
from sonodesk.core.providers.base import Provider
from sonodesk.core.providers.factory import build_provider
from sonodesk.core.secrets import SecretStore
from sonodesk.core.spend import BudgetPolicy, make_budget_check, recent_cost_estimate

log = logging.getLogger(__name__)
SANDBOX_NICENESS = 10  # the embedded sandbox's CPU priority (higher is lower)


@dataclass
class Session:
    paths: paths_mod.AppPaths
    settings: settings_mod.Settings
    secrets: SecretStore
    store: JobStore
    http: httpx.AsyncClient
    engine: JobEngine
    provider: Provider  # the active provider (the window and the CLI submit to it)
    account: Account | None  # None: the active provider has no key yet (browse only)
    library: Library
    presets: PresetStore
    catalog: CatalogService
    budget_policy: BudgetPolicy
    sandbox: Any = None  # sonodesk.sandbox.launcher.SandboxProcess when embedded
    notices: list[str] = field(default_factory=list)
    sandbox_time_scale: float | None = None

    @property
    def using_sandbox(self) -> bool:
        return self.provider.provider_id == "sandbox"

    def save_settings(self) -> None:
        settings_mod.save(self.paths.settings_file, self.settings)

    def set_budget_policy(self, policy: BudgetPolicy) -> None:
        """Apply and persist a new spending cap (the engine reads it before every submit)."""
        self.budget_policy = policy
        for name, value in policy.settings_values().items():
            setattr(self.settings, name, value)
        self.save_settings()

    async def switch_provider(self, provider_id: str, *, rebuild: bool = False) -> None:
        """Make ``provider_id`` active (one click in the window); ``rebuild`` after a key change.

        The previous provider stays registered with the engine, so its jobs still finish.
        """
        if provider_id == self.provider.provider_id and not rebuild:
            return
        if provider_id == "sandbox":
            account: Account | None = sandbox_account(await self._sandbox_url())
        else:
            account = account_for(provider_id, self.settings, self.secrets)
            if account is None:
                raise ConfigError(key_needed_message(provider_id))
        active = await activate(provider_id, account, paths=self.paths, http=self.http)
        await self.catalog.aclose()
        self.engine.set_provider(active.provider)
        self.provider, self.account = active.provider, active.account
        self.catalog, self.presets = active.catalog, active.presets
        self.settings.provider = provider_id
        self.save_settings()
        await self.engine.start()  # jobs of this provider that were waiting move again

    async def _sandbox_url(self) -> str:
        if self.sandbox is None:
            self.sandbox, url = await start_embedded_sandbox(
                self.paths, time_scale=self.sandbox_time_scale
            )
            return url
        return str(self.sandbox.api_url)

    async def adopt_unfinished(self) -> None:
        """Register every configured provider that still has unfinished jobs, so they resume."""
        waiting = {job.provider for job in self.store.jobs(unfinished=True)}
        for provider_id in sorted(waiting - {self.provider.provider_id}):
            if provider_id == "sandbox":
                account: Account | None = sandbox_account(await self._sandbox_url())
            else:
                account = account_for(provider_id, self.settings, self.secrets)
            if account is None:
                continue  # its jobs wait until that provider has a key again
            self.engine.set_provider(build_provider(account, self.http))

    async def aclose(self) -> None:
        await self.engine.aclose()
        await self.catalog.aclose()
        for provider in self.engine.providers():
            await provider.aclose()
        await self.http.aclose()
        self.store.close()
        if self.sandbox is not None:
            await asyncio.to_thread(self.sandbox.terminate)
            self.sandbox = None


async def start_embedded_sandbox(
    paths: paths_mod.AppPaths, *, time_scale: float | None = None
) -> tuple[Any, str]:
    """Start the sandbox server as a child process; returns (process handle, API URL)."""
    from sonodesk.sandbox.launcher import SandboxOptions, spawn_process

    options = SandboxOptions(
        state_dir=paths.sandbox_state_dir,
        parent_pid=os.getpid(),
        time_scale=1.0 if time_scale is None else time_scale,
    )
    # The child's log goes to its own file, not into the terminal or the app's stderr.
    paths.log_dir.mkdir(parents=True, exist_ok=True)
    log_file = open(paths.log_dir / "sandbox.log", "ab")  # noqa: SIM115 - the child owns it
    try:
        # Starting a process and waiting for its ready line blocks: keep it off the event loop.
        process = await asyncio.to_thread(spawn_process, options, stderr=log_file)
    finally:
        log_file.close()  # the child has its own descriptor now
    # It synthesises audio on this machine: never at the expense of the window's thread.
    with contextlib.suppress(AttributeError, OSError):  # no setpriority on Windows
        os.setpriority(os.PRIO_PROCESS, process.pid, SANDBOX_NICENESS)
    return process, process.api_url


async def open_session(
    *,
    api_url: str | None = None,
    environ: Mapping[str, str] | None = None,
    sandbox_time_scale: float | None = None,
    resume: bool = True,
    force_sandbox: bool = False,
) -> Session:
    """Build a ready session; with ``resume`` every unfinished job starts moving again.

    ``force_sandbox`` ignores any configured account (smoke checks must never bill one).
    """
    paths = paths_mod.ensure(paths_mod.app_paths(dict(environ) if environ is not None else None))
    loaded = settings_mod.load(paths.settings_file)
    settings = loaded.settings
    notices = [loaded.notice] if loaded.notice else []
    secrets = SecretStore(paths.credentials_fallback_file)
    if force_sandbox:
        provider_id, account = "sandbox", None
    else:
        provider_id, account = choose_provider(settings, secrets, api_url=api_url, environ=environ)
    sandbox = None
    if provider_id == "sandbox" and account is None:
        sandbox, url = await start_embedded_sandbox(paths, time_scale=sandbox_time_scale)
        account = sandbox_account(url)
    try:
        store, db_notice = open_store(paths.database_file, takes_dir=paths.takes_dir)
    except StorageError:
        if sandbox is not None:
            sandbox.terminate()
        raise
    if db_notice:
        notices.append(db_notice)
    http = make_http_client()
    active = await activate(provider_id, account, paths=paths, http=http)
    # Opened right after the store: it repairs interrupted trash moves and prepares search.
    library = Library(store, paths.trash_dir)
    engine = JobEngine(
        store,
        {provider_id: active.provider},
        takes_dir=paths.takes_dir,
        http=http,
        max_concurrent=settings.max_concurrent_jobs,
        budget_check=make_budget_check(
            store, lambda: session.budget_policy, recent_cost_estimate(store)
        ),
    )
    # Before any UI listener: a take's sidecar exists by the time anyone shows the take.
    engine.subscribe(sidecar.engine_listener())
    session = Session(
        paths,
        settings,
        secrets,
        store,
        http,
        engine,
        active.provider,
        active.account,
        library,
        active.presets,
        active.catalog,
        BudgetPolicy.from_settings(settings, session_start=time.time()),
        sandbox,
        notices,
        sandbox_time_scale,
    )
    await session.adopt_unfinished()
    if resume:
        await engine.start()
    return session
