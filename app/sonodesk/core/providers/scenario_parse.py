"""Read Scenario JSON (jobs, assets, models, uploads) into neutral types, trusting nothing.

Missing fields, wrong types, huge strings, unknown statuses and out-of-range progress all end
in a sane value or a ProtocolError; nothing here raises anything else. No Qt, no I/O.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any

from sonodesk.core.errors import ProtocolError
from sonodesk.core.providers.api_errors import clean_text
from sonodesk.core.providers.base import ModelRecord, RemoteAsset, RemoteJob
from sonodesk.core.providers.status import parse_status

MAX_ID_CHARS = 200
MAX_OUTPUTS = 64
MAX_INPUTS = 400


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any, limit: int = 2000) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value[:limit] if value else None


def ident(value: Any) -> str | None:
    """An id the server gave us: a short printable string, or None."""
    text = _text(value, MAX_ID_CHARS + 1)
    if text is None or len(text) > MAX_ID_CHARS or not text.isprintable() or "/" in text:
        return None
    if set(text) == {"."}:  # "." and ".." are path segments, never ids
        return None
    return text


def number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _positive_int(value: Any) -> int | None:
    num = number(value)
    return int(num) if num is not None and num > 0 and num < 2**53 else None


def epoch(value: Any) -> float | None:
    """ISO-8601 (with Z) or epoch seconds/milliseconds to epoch seconds."""
    num = number(value)
    if num is not None:
        return num / 1000 if num > 1e11 else num
    text = _text(value, 64)
    if text is None:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def job_from_json(payload: Any) -> RemoteJob:
    """Parse ``{"job": {...}}`` or a bare job object."""
    data = _dict(payload)
    job = _dict(data.get("job")) if "job" in data else data
    job_id = ident(job.get("jobId"))
    if job_id is None:
        raise ProtocolError("The server's job answer had no usable job id.")
    raw_status = _text(job.get("status"), 40) or ""
    progress = number(job.get("progress"))
    if progress is not None:
        progress = min(1.0, max(0.0, progress))
    metadata = _dict(job.get("metadata"))
    refs = metadata.get("assetIds")
    outputs = tuple(
        ref
        for ref in (ident(r) for r in (refs if isinstance(refs, list) else [])[:MAX_OUTPUTS])
        if ref
    )
    billing = _dict(job.get("billing"))
    cost = number(billing.get("cuCost"))
    error = _text(metadata.get("error"), 1000)
    hint = _text(metadata.get("hint"), 1000)
    inputs = metadata.get("input")
    return RemoteJob(
        job_id=job_id,
        status=parse_status(raw_status),
        raw_status=raw_status,
        progress=progress,
        output_refs=outputs,
        error=clean_text(error) if error else None,
        hint=clean_text(hint) if hint else None,
        cost=cost,
        model_id=ident(metadata.get("modelId") or job.get("modelId")),
        inputs=inputs if isinstance(inputs, dict) and len(inputs) <= MAX_INPUTS else None,
        created_at=epoch(job.get("createdAt")),
        updated_at=epoch(job.get("updatedAt")),
    )


def asset_from_json(payload: Any, ref: str) -> RemoteAsset:
    """Parse ``{"asset": {...}}``; the signed URL is required, the rest is best effort."""
    data = _dict(payload)
    asset = _dict(data.get("asset")) if "asset" in data else data
    url = _text(asset.get("url"), 8000)
    if not url:
        raise ProtocolError("The server's asset answer had no download address.")
    props = _dict(asset.get("properties"))
    return RemoteAsset(
        ref=ident(asset.get("id")) or ref,
        url=url,
        mime_type=_text(asset.get("mimeType"), 100),
        size=_positive_int(props.get("size")),
        duration=number(props.get("duration")),
        sample_rate=_positive_int(props.get("sampleRate")),
        channels=_positive_int(props.get("channels")),
        file_format=_text(props.get("format"), 40),
        seed=_seed(_dict(asset.get("metadata")).get("seed")),
    )


def _seed(value: Any) -> int | None:
    num = number(value)
    if num is None and isinstance(value, str) and value.strip().lstrip("-").isdigit():
        num = float(value.strip())
    return int(num) if num is not None and num.is_integer() and abs(num) < 2**63 else None


def model_from_json(payload: Any, provider_id: str) -> ModelRecord:
    data = _dict(payload)
    model = _dict(data.get("model")) if "model" in data else data
    model_id = ident(model.get("id"))
    if model_id is None:
        raise ProtocolError("The server's model answer had no usable model id.")
    raw_inputs = model.get("inputs")
    inputs = (
        tuple(item for item in raw_inputs[:MAX_INPUTS] if isinstance(item, dict))
        if isinstance(raw_inputs, list)
        else None
    )
    tags = model.get("tags")
    caps = model.get("capabilities")
    restriction = number(model.get("accessRestrictions"))
    return ModelRecord(
        model_id=model_id,
        name=_text(model.get("name"), 200) or model_id,
        provider_id=provider_id,
        short_description=_text(model.get("shortDescription"), 500) or "",
        capabilities=tuple(c for c in (_text(x, 60) for x in _list(caps)) if c),
        tags=tuple(t for t in (_text(x, 120) for x in _list(tags)) if t),
        model_type=_text(model.get("type"), 60) or "custom",
        access_restrictions=int(restriction) if restriction is not None else 0,
        inputs=inputs if inputs else (None if raw_inputs is None else ()),
        ui_config=_dict(model.get("uiConfig")),
    )


def _list(value: Any) -> list[Any]:
    return value[:200] if isinstance(value, list) else []


def page_token(payload: Any) -> str | None:
    return _text(_dict(payload).get("nextPaginationToken"), 2000)


def list_items(payload: Any, key: str) -> list[Any]:
    items = _dict(payload).get(key)
    return items if isinstance(items, list) else []


def upload_from_json(payload: Any) -> dict[str, Any]:
    """The upload object: id, status, parts [{number, url}], entityId, errorMessage."""
    upload = _dict(_dict(payload).get("upload"))
    upload_id = ident(upload.get("id"))
    if upload_id is None:
        raise ProtocolError("The server's upload answer had no usable id.")
    parts = []
    for part in _list(upload.get("parts")):
        part = _dict(part)
        num, url = _positive_int(part.get("number")), _text(part.get("url"), 8000)
        if num is not None and url:
            parts.append({"number": num, "url": url})
    return {
        "id": upload_id,
        "status": (_text(upload.get("status"), 40) or "").lower(),
        "parts": sorted(parts, key=lambda p: p["number"]),
        "entityId": ident(upload.get("entityId")),
        "errorMessage": _text(upload.get("errorMessage"), 500),
    }
