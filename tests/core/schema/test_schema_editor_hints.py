"""Unit suffixes, decimals, arrow steps, slider positions and row nouns for the form's editors."""

from __future__ import annotations

import pytest

from sonodesk.core.schema import specs_from_scenario
from sonodesk.core.schema.editor_hints import (
    arrow_step,
    decimals_for,
    decimals_of,
    number_help,
    row_noun,
    slider_positions,
    split_unit,
)


def _spec(**raw: object):
    return specs_from_scenario([{"name": "x", "type": "number", **raw}])[0]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Duration (s)", ("Duration", "s")),
        ("Tempo (BPM)", ("Tempo", "BPM")),
        ("Gain (dB)", ("Gain", "dB")),
        ("Duration seconds", ("Duration", "s")),
        ("Gain dB", ("Gain", "dB")),
        ("BPM", ("BPM", None)),
        ("Seconds", ("Seconds", None)),
        ("Stability", ("Stability", None)),
        ("Cut points (s)", ("Cut points", "s")),
    ],
)
def test_split_unit(label: str, expected: tuple[str, str | None]) -> None:
    assert split_unit(label) == expected


def test_decimals_follow_step_span_and_evidence() -> None:
    assert decimals_of(0.05) == 2
    assert decimals_of(20) == 0
    assert decimals_for(_spec(min=0, max=1, step=0.05)) == 2
    assert decimals_for(_spec(min=0, max=10, step=0.1)) == 1
    assert decimals_for(_spec(min=4, max=180, step=1)) == 0
    assert decimals_for(_spec(min=0, max=1)) == 2
    assert decimals_for(_spec(min=3, max=120)) == 1
    assert decimals_for(_spec(min=0.7, max=1.2)) == 2
    assert decimals_for(_spec(name="seed")) == 0


def test_arrow_step_uses_step_else_a_nice_fraction_of_the_range() -> None:
    assert arrow_step(_spec(min=0, max=1, step=0.05)) == 0.05
    assert arrow_step(_spec(min=0, max=1)) == 0.01
    assert arrow_step(_spec(min=3, max=120)) == 2.0
    assert arrow_step(_spec(min=0.7, max=1.2)) == 0.01
    assert arrow_step(_spec(min=0)) == 0.1
    assert arrow_step(_spec(min=1, max=4, step=1)) == 1


def test_slider_positions_need_both_bounds_and_a_sane_count() -> None:
    assert slider_positions(_spec(min=0, max=1, step=0.05)) == 20
    assert slider_positions(_spec(min=4, max=180, step=1)) == 176
    assert slider_positions(_spec(min=0)) is None
    assert slider_positions(_spec(name="seed", min=0, max=2147483647, step=1)) is None


@pytest.mark.parametrize(
    ("label", "noun"),
    [("Sections", "section"), ("Layers", "layer"), ("Entries", "entry"), ("Class", "class")],
)
def test_row_noun(label: str, noun: str) -> None:
    assert row_noun(label) == noun


def test_row_noun_of_a_long_label_comes_from_the_first_field() -> None:
    assert row_noun("Multi speaker config", "Speaker") == "speaker"
    assert row_noun("Multi speaker config", "Name of the speaker here") == "row"
    assert row_noun("Multi speaker config") == "row"


def test_number_help_states_the_range_and_only_a_non_obvious_step() -> None:
    assert number_help(_spec(min=0, step=0.1)) == "At least 0"
    assert number_help(_spec(min=0, step=0.5)) == "At least 0, in steps of 0.5"
    assert number_help(_spec(max=5)) == "At most 5"
    assert number_help(_spec(min=1, max=4, step=1)) == "1 to 4"
    assert number_help(_spec(step=0.25)) == "Steps of 0.25"
    assert number_help(_spec()) == ""
