"""The library's date filter presets (Today, 7 days, 30 days, All) as created-at ranges.

Pure arithmetic on timestamps in local time; no database, no Qt.
"""

from __future__ import annotations

import enum
from datetime import datetime, tzinfo

DAY = 86_400.0


class DatePreset(enum.StrEnum):
    TODAY = "today"
    WEEK = "7d"
    MONTH = "30d"
    ALL = "all"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    DatePreset.TODAY: "Today",
    DatePreset.WEEK: "7 days",
    DatePreset.MONTH: "30 days",
    DatePreset.ALL: "All",
}


def start_of_day(now: float, *, tz: tzinfo | None = None) -> float:
    """The timestamp of the last local midnight at or before ``now``."""
    when = datetime.fromtimestamp(now, tz)  # tz None: the machine's local time
    return when.replace(hour=0, minute=0, second=0, microsecond=0).timestamp()


def date_range(
    preset: DatePreset, now: float, *, tz: tzinfo | None = None
) -> tuple[float | None, float | None]:
    """(created_from, created_to) for a LibraryQuery.

    The end stays open so takes arriving while the filter is on still show up. "Today" starts
    at local midnight; "7 days" and "30 days" are rolling windows ending now.
    """
    if preset is DatePreset.TODAY:
        return start_of_day(now, tz=tz), None
    if preset is DatePreset.WEEK:
        return now - 7 * DAY, None
    if preset is DatePreset.MONTH:
        return now - 30 * DAY, None
    return None, None
