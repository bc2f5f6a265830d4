"""Open everything a front end needs: paths, settings, secrets, provider, store, engine.

Shared by the CLI and the GUI. With no Scenario account it starts the embedded sandbox as a
child process (its state lives in the data dir, so its jobs survive a restart). No Qt.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import httpx

from sonodesk.core import paths as paths_mod
from sonodesk.core import settings as settings_mod
from sonodesk.core.accounts import SANDBOX_CREDENTIALS, ScenarioAccount, scenario_account
from sonodesk.core.errors import StorageError
from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.store import JobStore
from sonodesk.core.jobs.store_open import open_store
from sonodesk.core.library import Library, sidecar
from sonodesk.core.net.http import make_http_client
from sonodesk.core.presets import PresetStore
from sonodesk.core.providers.base import Provider
from sonodesk.core.providers.scenario import ScenarioProvider
from sonodesk.core.secrets import SecretStore

log = logging.getLogger(__name__)


@dataclass
class Session:
    paths: paths_mod.AppPaths
    settings: settings_mod.Settings
    secrets: SecretStore
    store: JobStore
    http: httpx.AsyncClient
    engine: JobEngine
    provider: Provider
    account: ScenarioAccount
    library: Library
    presets: PresetStore
    sandbox: Any = None  # sonodesk.sandbox.launcher.SandboxProcess when embedded
    notices: list[str] = field(default_factory=list)

    @property
    def using_sandbox(self) -> bool:
        return self.account.is_sandbox

    def save_settings(self) -> None:
        settings_mod.save(self.paths.settings_file, self.settings)

    async def aclose(self) -> None:
        await self.engine.aclose()
        await self.provider.aclose()
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
    notices = [loaded.notice] if loaded.notice else []
    secrets = SecretStore(paths.credentials_fallback_file)
    account = (
        None
        if force_sandbox
        else scenario_account(loaded.settings, secrets, api_url=api_url, environ=environ)
    )
    sandbox = None
    if account is None:
        sandbox, url = await start_embedded_sandbox(paths, time_scale=sandbox_time_scale)
        account = ScenarioAccount(url, *SANDBOX_CREDENTIALS, None, "sandbox", provider_id="sandbox")
    try:
        store, db_notice = open_store(paths.database_file, takes_dir=paths.takes_dir)
    except StorageError:
        if sandbox is not None:
            sandbox.terminate()
        raise
    if db_notice:
        notices.append(db_notice)
    http = make_http_client()
    provider = ScenarioProvider(
        base_url=account.base_url,
        api_key=account.api_key,
        api_secret=account.api_secret,
        project_id=account.project_id,
        http=http,
        provider_id=account.provider_id,
        display_name="Sandbox" if account.is_sandbox else "Scenario",
        credentials_are_secret=not account.is_sandbox,
    )
    # Opened right after the store: it repairs interrupted trash moves and prepares search.
    library = Library(store, paths.trash_dir)
    engine = JobEngine(
        store,
        {provider.provider_id: provider},
        takes_dir=paths.takes_dir,
        http=http,
        max_concurrent=loaded.settings.max_concurrent_jobs,
    )
    # Before any UI listener: a take's sidecar exists by the time anyone shows the take.
    engine.subscribe(sidecar.engine_listener())
    presets = PresetStore(paths.presets_dir, provider.provider_id)
    session = Session(
        paths,
        loaded.settings,
        secrets,
        store,
        http,
        engine,
        provider,
        account,
        library,
        presets,
        sandbox,
        notices,
    )
    if resume:
        await engine.start()
    return session
