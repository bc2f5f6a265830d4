"""Everything one running sandbox owns, gathered in one object the route handlers share.

Builds the pieces from SandboxOptions; does not start anything. No Qt.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from aiohttp import web

from sonodesk.sandbox.engine import Engine
from sonodesk.sandbox.faults import Fault, FaultInjector
from sonodesk.sandbox.options import SandboxOptions
from sonodesk.sandbox.signing import UrlSigner
from sonodesk.sandbox.stats import RuntimeSettings, Stats
from sonodesk.sandbox.store import Store
from sonodesk.sandbox.uploads import UploadManager


@dataclass
class SandboxState:
    options: SandboxOptions
    settings: RuntimeSettings
    stats: Stats
    faults: FaultInjector
    signer: UrlSigner
    store: Store
    engine: Engine
    uploads: UploadManager
    render_pool: ThreadPoolExecutor
    io_pool: ThreadPoolExecutor
    base_url: str = ""
    started_at: float = field(default_factory=time.time)

    @classmethod
    def create(cls, options: SandboxOptions) -> SandboxState:
        settings = RuntimeSettings(
            time_scale=options.time_scale,
            url_ttl=options.url_ttl,
            max_concurrent_jobs=options.max_concurrent_jobs,
            empty_pages=options.empty_pages,
        )
        stats = Stats()
        store = Store(options.state_dir)
        render_pool = ThreadPoolExecutor(
            options.render_workers, thread_name_prefix="sandbox-render"
        )
        # One I/O thread keeps each record's writes in the order they were made.
        io_pool = ThreadPoolExecutor(1, thread_name_prefix="sandbox-io")
        engine = Engine(store, settings, stats, render_pool, io_pool)
        uploads = UploadManager(
            store, settings, stats, render_pool, engine.io, options.max_upload_bytes
        )
        return cls(
            options=options,
            settings=settings,
            stats=stats,
            faults=FaultInjector(options.fault_config()),
            signer=UrlSigner(),
            store=store,
            engine=engine,
            uploads=uploads,
            render_pool=render_pool,
            io_pool=io_pool,
        )

    def signed_url(self, path: str) -> tuple[str, int]:
        """Absolute signed URL for a server path, and its expiry (epoch seconds)."""
        query, expires = self.signer.sign(path, self.settings.url_ttl)
        return f"{self.base_url}{path}?{query}", expires


STATE: web.AppKey[SandboxState] = web.AppKey("sandbox_state", SandboxState)
# The fault the middleware picked for this request, for handlers that carry it out.
FAULT: web.RequestKey[Fault] = web.RequestKey("sandbox_fault", Fault)
