"""Request pipeline: errors become JSON, stats are counted, /v1 requires credentials, faults fire.

Never logs or echoes the Authorization header. No Qt.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hmac
import logging
import math

from aiohttp import web
from aiohttp.typedefs import Handler

from sonodesk.sandbox.http_util import BodyError, drop_connection, json_error, xml_error
from sonodesk.sandbox.state import FAULT, STATE

log = logging.getLogger(__name__)

_API_PREFIX = "/v1/"
_SERVER_ERRORS = {500: "Internal server error", 502: "Bad gateway", 503: "Service unavailable"}


def route_group(request: web.Request) -> str | None:
    """The fault/stat group of a matched route; None for control routes and unknown paths."""
    route = request.match_info.route
    canonical = route.resource.canonical if route.resource is not None else ""
    if canonical.startswith("/v1/generate/"):
        return "generate"
    if canonical == "/v1/jobs/{jobId}/action":
        return "job_action"
    for prefix, group in (
        ("/v1/jobs", "jobs"),
        ("/v1/assets", "assets"),
        ("/v1/uploads", "uploads"),
        ("/v1/models", "models"),
        ("/cdn/", "cdn"),
        ("/upload-parts/", "parts"),
    ):
        if canonical.startswith(prefix):
            return group
    return None


def _is_xml_route(request: web.Request) -> bool:
    return request.path.startswith(("/cdn/", "/upload-parts/"))


@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except BodyError as exc:
        return json_error(exc.status, exc.reason)
    except web.HTTPException as exc:
        if exc.status < 400 or _is_xml_route(request):
            raise
        reason = (
            exc.reason if exc.status != 404 else f"Route {request.method} {request.path} not found"
        )
        return json_error(
            exc.status,
            reason,
            headers={"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None,
        )
    except (asyncio.CancelledError, ConnectionResetError):
        raise
    except Exception as exc:
        # Type and route only: the message or locals could carry request data.
        route = request.match_info.route.resource
        where = route.canonical if route is not None else "?"
        log.error("unexpected %s on %s %s", type(exc).__name__, request.method, where, exc_info=exc)
        if _is_xml_route(request):
            return xml_error(500, "InternalError", "We encountered an internal error.")
        return json_error(500, "Internal server error")


@web.middleware
async def counting(request: web.Request, handler: Handler) -> web.StreamResponse:
    state = request.app[STATE]
    route = request.match_info.route.resource
    state.stats.request(
        f"{request.method} {route.canonical if route is not None else '<unmatched>'}"
    )
    response = await handler(request)
    state.stats.response(response.status)
    return response


@web.middleware
async def auth(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(_API_PREFIX):
        return await handler(request)
    problem = _credentials_problem(request)
    if problem is not None:
        return json_error(401, problem, headers={"WWW-Authenticate": 'Basic realm="Scenario"'})
    return await handler(request)


def _credentials_problem(request: web.Request) -> str | None:
    header = request.headers.get("Authorization", "")
    if not header:
        return "Unauthorized: send your API key and secret with HTTP Basic authentication."
    scheme, _, value = header.partition(" ")
    required = request.app[STATE].options.require_credentials
    if scheme.lower() == "basic":
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return "Unauthorized: malformed Basic credentials."
        key, sep, secret = decoded.partition(":")
        if not sep or not key or not secret:
            return "Unauthorized: Basic credentials must be API_KEY:API_SECRET."
        if required is not None and not hmac.compare_digest(decoded, required):
            return "Unauthorized: invalid API key or secret."
        return None
    if scheme.lower() == "bearer" and value.strip():
        if required is not None:
            return "Unauthorized: this server only accepts its API key and secret."
        return None
    return "Unauthorized: unsupported Authorization scheme."


@web.middleware
async def faults(request: web.Request, handler: Handler) -> web.StreamResponse:
    group = route_group(request)
    if group is None:
        return await handler(request)
    state = request.app[STATE]
    is_dry_run = group == "generate" and bool(request.query.get("dryRun"))
    fault = state.faults.pick(group, allow_job_failure=not is_dry_run)
    if fault is None:
        return await handler(request)
    state.stats.fault(fault.kind)
    log.info("injecting %s on %s %s", fault.kind, request.method, group)
    if fault.kind == "drop_before":
        drop_connection(request)
    if fault.kind == "slow":
        await asyncio.sleep(fault.seconds)
    elif fault.kind == "rate_limit":
        headers = (
            {"Retry-After": str(max(1, math.ceil(fault.seconds)))} if fault.retry_after else None
        )
        wait = int(fault.seconds) if float(fault.seconds).is_integer() else fault.seconds
        return json_error(
            429, "Too many requests, please retry later.", headers, remainingSeconds=wait
        )
    elif fault.kind == "server_error":
        status = fault.status or 500
        if _is_xml_route(request):
            return xml_error(status, "ServiceUnavailable", _SERVER_ERRORS.get(status, "Error"))
        return json_error(status, _SERVER_ERRORS.get(status, "Server error"))
    request[FAULT] = fault
    response = await handler(request)
    if fault.kind == "drop_after":
        drop_connection(request)
    return response
