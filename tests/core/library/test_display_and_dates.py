"""Display text of library columns, and the date-filter presets."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sonodesk.core.library import display
from sonodesk.core.library.date_presets import DAY, DatePreset, date_range, start_of_day

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 21, 15, 30, tzinfo=TZ).timestamp()


def test_durations_keep_tenths_only_for_short_takes() -> None:
    assert display.duration_text(7.36) == "0:07.3"
    assert display.duration_text(12.7) == "0:12"
    assert display.duration_text(63.9) == "1:03"
    assert display.duration_text(None) == display.MISSING
    assert display.duration_text(float("nan")) == display.MISSING


def test_created_dates_read_relative_to_now() -> None:
    assert display.created_text(NOW - 3600, NOW, tz=TZ) == "Today 14:30"
    assert display.created_text(NOW - DAY, NOW, tz=TZ) == "Yesterday"
    assert display.created_text(NOW - 10 * DAY, NOW, tz=TZ) == "11 Nov"
    assert display.created_text(NOW - 400 * DAY, NOW, tz=TZ) == "17 Oct 2025"
    assert display.created_full(NOW, tz=TZ) == "Sat 21 Nov 2026, 15:30:00"


def test_costs_formats_and_counts() -> None:
    assert display.cost_text(0.5, "sandbox") == "0.5 CU"
    assert display.cost_text(3.0, "aimlapi") == "3 credits"
    assert display.cost_text(0.5, "aimlapi", short=True) == "0.5 cr"
    assert display.cost_text(0.5, "scenario", short=True) == "0.5 CU"
    assert display.cost_text(None, "scenario") == display.MISSING
    assert display.format_text("wav", 48_000, 2) == "WAV · 48 kHz · stereo"
    assert display.format_text("mp3", 44_100, 1) == "MP3 · 44.1 kHz · mono"
    assert display.format_text(None, None, None) == display.MISSING
    assert display.count_text(1) == "1 take"
    assert display.count_text(10_000) == "10,000 takes"
    assert display.trash_notice(2) == "Moved 2 takes to the trash."
    assert display.params_text({"seed": 3, "prompt": "rain"}) == (
        '{\n  "prompt": "rain",\n  "seed": 3\n}'
    )


def test_date_presets_are_open_ended_ranges() -> None:
    midnight = datetime(2026, 11, 21, tzinfo=TZ).timestamp()
    assert start_of_day(NOW, tz=TZ) == midnight
    assert date_range(DatePreset.TODAY, NOW, tz=TZ) == (midnight, None)
    assert date_range(DatePreset.WEEK, NOW) == (NOW - 7 * DAY, None)
    assert date_range(DatePreset.MONTH, NOW) == (NOW - 30 * DAY, None)
    assert date_range(DatePreset.ALL, NOW) == (None, None)
    assert [p.label for p in DatePreset] == ["Today", "7 days", "30 days", "All"]
