"""Budget periods (local calendar day, calendar month, app session) and local day keys.

Pure date arithmetic on epoch seconds; ``tz`` None means the computer's local time. No Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Final, Literal

Period = Literal["day", "month", "session"]
PERIODS: Final[tuple[Period, ...]] = ("day", "month", "session")


@dataclass(frozen=True)
class PeriodWords:
    """How messages name a period: "today's" spend, your "daily cap", "wait until tomorrow"."""

    possessive: str
    cap: str
    wait: str
    label: str  # a combo box entry


_WORDS: Final[dict[str, PeriodWords]] = {
    "day": PeriodWords("today's", "daily cap", "wait until tomorrow", "per day"),
    "month": PeriodWords("this month's", "monthly cap", "wait until next month", "per month"),
    "session": PeriodWords("this session's", "session cap", "start a new session", "per session"),
}


def period_words(period: str) -> PeriodWords:
    return _WORDS.get(period, _WORDS["day"])


def local_datetime(ts: float, tz: tzinfo | None = None) -> datetime:
    return datetime.fromtimestamp(ts, tz)


def day_of(ts: float, tz: tzinfo | None = None) -> date:
    return local_datetime(ts, tz).date()


def start_of_day(day: date, tz: tzinfo | None = None) -> float:
    """Epoch seconds of local midnight at the start of ``day``."""
    return datetime(day.year, day.month, day.day, tzinfo=tz).timestamp()


def days_back(now: float, days: int, tz: tzinfo | None = None) -> float:
    """Local midnight ``days - 1`` days before today: the start of the last ``days`` days."""
    return start_of_day(day_of(now, tz) - timedelta(days=max(1, days) - 1), tz)


def period_start(
    period: str, now: float, *, tz: tzinfo | None = None, session_start: float | None = None
) -> float:
    """When the current period began. A session without a recorded start began ``now``."""
    if period == "session":
        return session_start if session_start is not None else now
    today = day_of(now, tz)
    if period == "month":
        return start_of_day(today.replace(day=1), tz)
    return start_of_day(today, tz)
