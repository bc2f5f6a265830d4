"""Assemble the aiohttp application and run it on a loopback socket; start and stop cleanly.

Runs inside whatever asyncio loop calls start(); the launcher decides which. No Qt.
"""

from __future__ import annotations

import asyncio
import logging
import socket

from aiohttp import web

from sonodesk.sandbox import (
    aimlapi_http,
    middleware,
    routes_aimlapi,
    routes_assets,
    routes_control,
    routes_generate,
    routes_jobs,
    routes_models,
    routes_uploads,
)
from sonodesk.sandbox.options import SandboxOptions
from sonodesk.sandbox.state import STATE, SandboxState

log = logging.getLogger(__name__)

_SHUTDOWN_GRACE = 1.0  # seconds open requests get to finish on stop
_RENDER_DRAIN = 15.0  # seconds a render in flight gets to finish on stop


def build_app(state: SandboxState) -> web.Application:
    app = web.Application(
        middlewares=[
            middleware.counting,
            middleware.errors,
            middleware.auth,
            middleware.faults,
            aimlapi_http.pipeline,  # /v2/ only: the AI/ML API's auth, faults and error shape
        ],
        client_max_size=state.options.max_body_bytes,
    )
    app[STATE] = state
    for module in (
        routes_models,
        routes_generate,
        routes_jobs,
        routes_assets,
        routes_uploads,
        routes_control,
        routes_aimlapi,
    ):
        module.add_routes(app)
    return app


class SandboxServer:
    def __init__(self, options: SandboxOptions) -> None:
        self.options = options
        self.state = SandboxState.create(options)
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        return self.state.base_url

    async def start(self, listener: socket.socket | None = None) -> str:
        """Load state, listen, resume unfinished work; returns http://host:port.

        ``listener`` is an already bound socket to serve on (the child process binds and
        reports its URL before importing this module); None binds ``options.host:port``.
        """
        loop = asyncio.get_running_loop()
        runner = web.AppRunner(
            build_app(self.state),
            access_log=None,  # our own logging never includes headers or signed queries
            handle_signals=False,
            shutdown_timeout=_SHUTDOWN_GRACE,
        )
        try:
            await loop.run_in_executor(self.state.io_pool, self.state.store.load)
            await runner.setup()
            site: web.BaseSite
            if listener is not None:
                site = web.SockSite(runner, listener)
            else:
                site = web.TCPSite(runner, self.options.host, self.options.port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            self.state.render_pool.shutdown(wait=False, cancel_futures=True)
            self.state.io_pool.shutdown(wait=False, cancel_futures=True)
            raise
        self._runner = runner
        host, port = runner.addresses[0][:2]
        shown = f"[{host}]" if ":" in host else host
        self.state.base_url = f"http://{shown}:{port}"
        resumed = self.state.engine.resume() + self.state.uploads.resume()
        if resumed:
            log.info("resumed %d unfinished job(s)/upload(s) from the state dir", resumed)
        log.info("sandbox listening on %s", self.state.base_url)
        return self.state.base_url

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()
        state = self.state
        state.render_pool.shutdown(wait=False, cancel_futures=True)
        try:
            await asyncio.wait_for(state.engine.drain(), _RENDER_DRAIN)
        except TimeoutError:
            log.warning("stopping with renders still running; they resume on the next start")
        await state.uploads.drain()
        await asyncio.get_running_loop().run_in_executor(None, state.io_pool.shutdown, True)
