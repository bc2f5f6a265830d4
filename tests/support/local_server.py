"""A scriptable HTTP server on loopback for hostile-server tests: each test says what every
path answers (JSON, bytes, redirects, endless bodies) and reads back what was requested.

Runs aiohttp on its own loop in a daemon thread, like the sandbox. No Qt.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def json_answer(body: Any, status: int = 200) -> Handler:
    async def handle(_request: web.Request) -> web.StreamResponse:
        return web.Response(
            status=status, body=json.dumps(body).encode(), content_type="application/json"
        )

    return handle


def bytes_answer(
    data: bytes, content_type: str = "audio/wav", headers: dict[str, str] | None = None
) -> Handler:
    async def handle(_request: web.Request) -> web.StreamResponse:
        return web.Response(body=data, headers={"Content-Type": content_type, **(headers or {})})

    return handle


def redirect_to(location: str, status: int = 302) -> Handler:
    async def handle(_request: web.Request) -> web.StreamResponse:
        return web.Response(status=status, headers={"Location": location})

    return handle


def endless_answer(chunk: bytes, chunks: int, content_type: str = "audio/wav") -> Handler:
    """``chunks`` copies of ``chunk``, streamed without a Content-Length."""

    async def handle(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": content_type})
        response.enable_chunked_encoding()
        await response.prepare(request)
        try:
            for _ in range(chunks):
                await response.write(chunk)
        except (ConnectionResetError, ConnectionError):
            pass  # the client hung up, as it should
        return response

    return handle


class LocalServer:
    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], Handler] = {}
        self.hits: Counter[tuple[str, str]] = Counter()
        self.bodies: list[tuple[str, str, bytes]] = []
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    def on(self, method: str, path: str, handler: Handler) -> None:
        self.routes[(method.upper(), path)] = handler

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        key = (request.method, request.path)
        self.hits[key] += 1
        self.bodies.append((request.method, request.path_qs, await request.read()))
        handler = self.routes.get(key)
        if handler is None:
            return web.json_response({"reason": f"nothing at {request.path}"}, status=404)
        return await handler(request)

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"

    def start(self) -> LocalServer:
        ready = threading.Event()

        def run() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._start())
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=run, name="local-test-server", daemon=True).start()
        assert ready.wait(10), "the local test server did not start"
        return self

    def stop(self) -> None:
        async def cleanup() -> None:
            if self._runner is not None:
                await self._runner.cleanup()

        asyncio.run_coroutine_threadsafe(cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
