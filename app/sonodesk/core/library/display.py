"""Words and numbers the library browser shows for a take: durations, dates, costs, formats.

Pure formatting of values already loaded; reads no database and no files. No Qt.
"""

from __future__ import annotations

import json
import math
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sonodesk.core.audio.timefmt import format_clock
from sonodesk.core.catalog.labels import cost_unit, format_cost, provider_label

MISSING = "—"
_CHANNELS = {1: "mono", 2: "stereo"}


def duration_text(seconds: float | None) -> str:
    """Sound effects keep tenths ("0:07.3"); ten seconds or longer does not ("1:03")."""
    if seconds is None or not math.isfinite(seconds) or seconds < 0:
        return MISSING
    return format_clock(seconds, tenths=seconds < 10)


def _local(timestamp: float, tz: tzinfo | None) -> datetime:
    return datetime.fromtimestamp(timestamp, tz)  # tz None: the machine's local time


def created_text(timestamp: float, now: float, *, tz: tzinfo | None = None) -> str:
    """Short enough for a column: "Today 14:03", "Yesterday", "12 Nov", "12 Nov 2025"."""
    when, today = _local(timestamp, tz), _local(now, tz)
    if when.date() == today.date():
        return f"Today {when.strftime('%H:%M')}"
    if when.date() == (today - timedelta(days=1)).date():
        return "Yesterday"
    day = f"{when.day} {when.strftime('%b')}"
    return day if when.year == today.year else f"{day} {when.year}"


def created_full(timestamp: float, *, tz: tzinfo | None = None) -> str:
    """ "Thu 12 Nov 2026, 14:03:22" for the details panel."""
    when = _local(timestamp, tz)
    return f"{when.strftime('%a')} {when.day} {when.strftime('%b %Y, %H:%M:%S')}"


_SHORT_UNITS = {"credits": "cr"}


def cost_text(cost: float | None, provider: str, *, short: bool = False) -> str:
    """ "0.5 CU", "3 credits" ("3 cr" when ``short``, for a column); a dash when unknown."""
    unit = cost_unit(provider)
    if short:
        unit = _SHORT_UNITS.get(unit, unit)
    return format_cost(cost, unit) or MISSING


def format_text(file_format: str | None, sample_rate: int | None, channels: int | None) -> str:
    """ "WAV · 48 kHz · stereo" from whatever is known."""
    parts: list[str] = []
    if file_format:
        parts.append(file_format.upper())
    if sample_rate:
        khz = sample_rate / 1000
        parts.append(f"{khz:g} kHz")
    if channels:
        parts.append(_CHANNELS.get(channels, f"{channels} channels"))
    return " · ".join(parts) or MISSING


def provider_text(provider: str) -> str:
    return provider_label(provider) if provider else MISSING


def model_text(model_name: str, model_id: str) -> str:
    return model_name or model_id or MISSING


def seed_text(seed: int | None) -> str:
    return MISSING if seed is None else str(seed)


def params_text(params: Any) -> str:
    """The generation parameters as indented JSON, keys sorted, ready to copy."""
    try:
        return json.dumps(params, indent=2, sort_keys=True, ensure_ascii=False)
    except (TypeError, ValueError):
        return str(params)


def count_text(count: int, noun: str = "take") -> str:
    """ "1 take", "10,000 takes"."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def trash_notice(count: int) -> str:
    return f"Moved {count_text(count)} to the trash."


def restored_notice(count: int) -> str:
    return f"Restored {count_text(count)} from the trash."
