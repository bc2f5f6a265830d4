"""Clock text and ruler spacing (sonodesk.core.audio.timefmt): pure, no Qt."""

from __future__ import annotations

import math

import pytest

from sonodesk.core.audio.timefmt import format_clock, format_tick, ruler_steps


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0:00.0"),
        (12.34, "0:12.3"),
        (63.0, "1:03.0"),
        (59.96, "0:59.9"),  # truncated: never shows a time not reached yet
        (3723.45, "1:02:03.4"),
        (-1.0, "0:00.0"),
        (math.nan, "0:00.0"),
        (0.3, "0:00.3"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


def test_format_tick() -> None:
    assert format_tick(5.0) == "0:05"
    assert format_tick(60.0) == "1:00"
    assert format_tick(3600.0) == "1:00:00"


@pytest.mark.parametrize(
    ("duration", "width", "major"),
    [
        (4.0, 800, 1.0),
        (30.0, 900, 5.0),
        (63.0, 900, 5.0),
        (63.0, 500, 10.0),
        (63.0, 400, 30.0),
        (180.0, 900, 30.0),
        (600.0, 900, 60.0),
    ],
)
def test_ruler_steps_adapt_to_zoom(duration: float, width: float, major: float) -> None:
    steps = ruler_steps(duration, width)
    assert steps.major == major
    assert major * width / duration >= 64.0
    assert steps.minor <= steps.major


def test_ruler_ticks() -> None:
    steps = ruler_steps(12.0, 900)
    assert steps.major == 1.0 and steps.minor == 0.5
    assert steps.majors(3.2) == [0.0, 1.0, 2.0, 3.0]
    assert steps.minors(3.2) == [0.5, 1.5, 2.5]
    assert ruler_steps(0.0, 900).majors(0.0) == []
