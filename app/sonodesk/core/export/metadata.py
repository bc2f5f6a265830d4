"""The take's parameters as one JSON record: the sidecar beside a take and the tags inside exports.

Builds and parses text only; no file I/O, no Qt. The record never holds local paths.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

from sonodesk import __version__
from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.naming import model_short_name

COMMENT_PREFIX = "sonodesk:"
# Past this size the record is cut down (very long string parameters) before embedding:
# some tag readers choke on huge comments, and a sidecar keeps the full record anyway.
MAX_EMBED_CHARS = 60_000
_LONG_STRING = 4_000


def sidecar_json(record: dict[str, Any]) -> str:
    """Readable JSON for the sidecar file beside a take."""
    return json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _shrunk(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _LONG_STRING:
        return value[:_LONG_STRING] + "…"
    if isinstance(value, dict):
        return {k: _shrunk(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_shrunk(v) for v in value]
    return value


def compact_json(record: dict[str, Any]) -> str:
    """One-line ASCII JSON for tags (WAV INFO chunks are ASCII); long strings cut if needed."""
    text = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    if len(text) <= MAX_EMBED_CHARS:
        return text
    smaller = {**_shrunk(record), "truncated": True}
    return json.dumps(smaller, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def summary_line(record: dict[str, Any]) -> str:
    """'sonodesk: music-sketch · seed 42 · job 3f2a9c': what a DAW's comment column shows."""
    parts = [model_short_name(str(record.get("model_id") or "")) or "model"]
    if record.get("seed") is not None:
        parts.append(f"seed {record['seed']}")
    job = str(record.get("job_id") or "")
    if job:
        parts.append(f"job {job.rsplit('_', 1)[-1][:8]}")
    return f"{COMMENT_PREFIX} " + " · ".join(parts)


def comment_text(record: dict[str, Any]) -> str:
    """The comment tag: the summary line, a newline, then the compact JSON record."""
    return f"{summary_line(record)}\n{compact_json(record)}"


def parse_record(text: str | None) -> dict[str, Any] | None:
    """The record inside a comment or a bare JSON value, or None if it holds none of ours."""
    if not text:
        return None
    start = text.find("{")
    if start < 0:
        return None
    try:
        value = json.loads(text[start:])
    except ValueError:
        return None
    if isinstance(value, dict) and str(value.get("schema", "")).startswith("sonodesk.take/"):
        return value
    return None


@dataclass(frozen=True)
class Tags:
    """The text fields written into an exported file."""

    title: str
    artist: str
    comment: str
    date: str
    software: str
    record_json: str  # the bare record, for formats with a dedicated field (ID3 TXXX)
    genre: str = ""  # only when the parameters name one; never invented


def tags_for(take: TakeRecord, record: dict[str, Any], *, app_version: str = __version__) -> Tags:
    """Title, artist "Sonodesk · <model>", comment (summary + JSON), date and software."""
    model = take.model_name or model_short_name(take.model_id)
    title = take.title or take.prompt or str(take.params.get("prompt") or "") or model
    genre = next(
        (v for k in ("genre", "style") if isinstance(v := take.params.get(k), str) and v.strip()),
        "",
    )
    return Tags(
        genre=genre.strip()[:100],
        title=title[:200],
        artist=f"Sonodesk · {model}",
        comment=comment_text(record),
        date=time.strftime("%Y-%m-%d", time.localtime(take.created_at)),
        software=f"Sonodesk {app_version}",
        record_json=compact_json(record),
    )
