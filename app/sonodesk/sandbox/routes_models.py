"""GET /v1/models (paged, public = runnable models, private = kits) and GET /v1/models/{modelId}.

Reads the catalog only. No Qt.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aiohttp import web

from sonodesk.sandbox import catalog
from sonodesk.sandbox.http_util import json_error, json_response
from sonodesk.sandbox.wire import model_json

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class QueryError(ValueError):
    pass


def page_size(raw: str | None, default: int, maximum: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise QueryError('"pageSize" must be a number') from exc
    if value < 1:
        raise QueryError('"pageSize" must be greater than or equal to 1')
    if value > maximum:
        raise QueryError(f'"pageSize" must be less than or equal to {maximum}')
    return value


def list_values(request: web.Request, name: str) -> list[str]:
    """A query list sent either repeated (?a=x&a=y) or comma-separated (?a=x,y)."""
    values: list[str] = []
    for raw in request.query.getall(name, []):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def _offset_token(offset: int) -> str:
    return base64.urlsafe_b64encode(f"models:{offset}".encode()).decode().rstrip("=")


def _offset_from(token: str) -> int:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        prefix, _, number = text.partition(":")
        if prefix != "models":
            raise ValueError(text)
        return max(0, int(number))
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise QueryError('"paginationToken" is invalid') from exc


async def list_models(request: web.Request) -> web.Response:
    query = request.query
    privacy = query.get("privacy", "private")
    if privacy not in ("private", "public"):
        return json_error(400, '"privacy" must be one of [private, public]')
    try:
        size = page_size(query.get("pageSize"), DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        offset = _offset_from(query["paginationToken"]) if "paginationToken" in query else 0
    except QueryError as exc:
        return json_error(400, str(exc))
    records = catalog.MODELS if privacy == "public" else catalog.KITS
    models = [model_json(record, with_inputs=False) for record in records]
    types = list_values(request, "types") or list_values(request, "type")
    if types:
        models = [m for m in models if m["type"] in types]
    tags = list_values(request, "tags")
    if tags:
        models = [m for m in models if set(tags) & set(m.get("tags", []))]
    if "status" in query:
        models = [m for m in models if m.get("status") == query["status"]]
    page = models[offset : offset + size]
    body: dict[str, Any] = {"models": page}
    if offset + size < len(models):
        body["nextPaginationToken"] = _offset_token(offset + size)
    return json_response(body)


async def get_model(request: web.Request) -> web.Response:
    model_id = request.match_info["modelId"]
    record = catalog.model_by_id(model_id)
    if record is None:
        return json_error(404, f"Model {model_id} not found")
    return json_response({"model": model_json(record, with_inputs=True)})


def add_routes(app: web.Application) -> None:
    app.router.add_get("/v1/models", list_models)
    app.router.add_get("/v1/models/{modelId}", get_model)
