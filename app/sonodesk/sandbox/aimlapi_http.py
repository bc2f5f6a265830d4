"""The request pipeline of the AI/ML API routes (``/v2/``): Bearer auth, faults, error bodies.

Answers in the service's own error shape ``{message, path, requestId, statusCode, timestamp}``
(``statusCode`` a string, as in its docs) and draws faults from the shared injector with the
``aimlapi_generate``/``aimlapi_fetch`` groups. Never logs or echoes the key. No Qt.
"""

from __future__ import annotations

import asyncio
import hmac
import logging
import math
import time
import uuid

from aiohttp import web
from aiohttp.typedefs import Handler

from sonodesk.sandbox.http_util import BodyError, drop_connection, json_response
from sonodesk.sandbox.ids import iso
from sonodesk.sandbox.state import FAULT, STATE

log = logging.getLogger(__name__)

PREFIX = "/v2/"
GENERATE_PATH = "/v2/generate/audio"
NO_KEY = (
    "This request requires a valid API key. Send it in the Authorization header as "
    "'Bearer <YOUR_AIMLAPI_KEY>'."
)
_SERVER_ERRORS = {
    500: "Internal server error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Generation timeout",
}


def error_response(
    request: web.Request, status: int, message: str, headers: dict[str, str] | None = None
) -> web.Response:
    body = {
        "message": message,
        "path": request.path,
        "requestId": str(uuid.uuid4()),
        "statusCode": str(status),
        "timestamp": iso(time.time()),
    }
    return json_response(body, status=status, headers=headers)


def fault_group(request: web.Request) -> str | None:
    route = request.match_info.route.resource
    if route is None or route.canonical != GENERATE_PATH:
        return None
    return {"POST": "aimlapi_generate", "GET": "aimlapi_fetch"}.get(request.method)


@web.middleware
async def pipeline(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(PREFIX):
        return await handler(request)
    try:
        problem = _key_problem(request)
        if problem is not None:
            return error_response(request, 401, problem)
        return await _with_faults(request, handler)
    except BodyError as exc:
        if exc.status == 400:
            return error_response(request, 400, f"Body validation error! {exc.reason}")
        return error_response(request, exc.status, exc.reason)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        if exc.status in (404, 405):  # how the service's framework words an unknown route
            return error_response(request, 404, f"Cannot {request.method} {request.path}")
        return error_response(request, exc.status, exc.reason)
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception as exc:
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, GENERATE_PATH)
        return error_response(request, 500, _SERVER_ERRORS[500])


def _key_problem(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return NO_KEY
    required = request.app[STATE].options.require_credentials
    # With credentials required, the Bearer token must be the key half of "key:secret".
    if required is not None and not hmac.compare_digest(token, required.split(":", 1)[0]):
        return "Invalid API key. Check your AI/ML API key and try again."
    return None


async def _with_faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    group = fault_group(request)
    state = request.app[STATE]
    fault = state.faults.pick(group) if group is not None else None
    if fault is None:
        return await handler(request)
    state.stats.fault(fault.kind)
    log.info("injecting %s on %s %s", fault.kind, request.method, group)
    if fault.kind == "drop_before":
        drop_connection(request)
    if fault.kind == "slow":
        await asyncio.sleep(fault.seconds)
    elif fault.kind == "rate_limit":
        wait = str(max(1, math.ceil(fault.seconds)))
        headers = {"Retry-After": wait} if fault.retry_after else None
        return error_response(request, 429, "Too Many Requests", headers)
    elif fault.kind == "server_error":
        status = fault.status or 500
        return error_response(request, status, _SERVER_ERRORS.get(status, "Server error"))
    request[FAULT] = fault
    response = await handler(request)
    if fault.kind == "drop_after":
        drop_connection(request)
    return response
