"""Entering sweep values: ranges, lists, choices, switches, seed runs, and how values read."""

from __future__ import annotations

import pytest

from sonodesk.core.schema import spec_by_name, specs_from_scenario
from sonodesk.core.sweeps import (
    SweepError,
    number_range,
    parse_values,
    seed_run,
    short_name,
    sweepable_fields,
    value_text,
)
from sonodesk.sandbox.catalog import MUSIC_INPUTS, SFX_INPUTS

SFX = spec_by_name(specs_from_scenario(SFX_INPUTS, {}))
MUSIC = spec_by_name(specs_from_scenario(MUSIC_INPUTS, {}))


def test_sweepable_fields_are_numbers_choices_switches_and_seed() -> None:
    names = [s.name for s in sweepable_fields(SFX.values())]
    assert names == [
        "preset",
        "duration",
        "loop",
        "numOutputs",
        "intensity",
        "stereoWidth",
        "seed",
        "outputFormat",
    ]
    assert "prompt" not in names and "sections" not in [
        s.name for s in sweepable_fields(MUSIC.values())
    ]


def test_short_names_and_value_texts() -> None:
    assert short_name(SFX["duration"]) == ("duration", "s")
    assert short_name(MUSIC["bpm"]) == ("tempo", "BPM")
    assert short_name(SFX["intensity"]) == ("intensity", "")
    assert value_text(SFX["duration"], 2.5) == "2.5 s"
    assert value_text(MUSIC["bpm"], 120) == "120 BPM"
    assert value_text(SFX["loop"], True) == "on"
    assert value_text(MUSIC["key"], "A minor") == "A minor"


def test_number_ranges_land_on_the_grid() -> None:
    assert number_range(SFX["intensity"], 0, 1, 5) == (0, 0.25, 0.5, 0.75, 1)
    assert number_range(SFX["intensity"], 0.2, 0.8, 4) == (0.2, 0.4, 0.6, 0.8)
    assert number_range(SFX["duration"], 1, 2, 4) == (1, 1.5, 2)  # step 0.5: 1.33 -> 1.5
    assert number_range(SFX["numOutputs"], 1, 3, 5) == (1, 2, 3)  # whole numbers collapse
    assert number_range(SFX["intensity"], 0.5, 0.5, 1) == (0.5,)
    assert number_range(SFX["intensity"], 1, 0, 3) == (1, 0.5, 0)
    with pytest.raises(SweepError, match=r"^Duration \(s\) 40: must be between 0.5 and 30\.$"):
        number_range(SFX["duration"], 1, 40, 3)
    with pytest.raises(SweepError, match="at most 16 values"):
        number_range(SFX["intensity"], 0, 1, 17)


def test_value_lists() -> None:
    assert parse_values(SFX["intensity"], "0.2, 0.5 0.8; 0.5") == (0.2, 0.5, 0.8)
    assert parse_values(MUSIC["key"], "A minor, C major") == ("A minor", "C major")
    assert parse_values(SFX["loop"], "off, on") == (False, True)
    assert parse_values(SFX["seed"], "1, 2, 3") == (1, 2, 3)
    with pytest.raises(SweepError, match=r'Key "H major": choose one of the listed values\.'):
        parse_values(MUSIC["key"], "A minor, H major")
    with pytest.raises(SweepError, match=r"Enter at least one value for Intensity\."):
        parse_values(SFX["intensity"], " , ")
    with pytest.raises(SweepError, match=r"Outputs 1\.5: must be a whole number\."):
        parse_values(SFX["numOutputs"], "1, 1.5")


def test_seed_runs_wrap_at_the_maximum() -> None:
    assert seed_run(SFX["seed"], 10, 3) == (10, 11, 12)
    assert seed_run(SFX["seed"], 2147483646, 3) == (2147483646, 2147483647, 0)
    with pytest.raises(SweepError, match=r"Seed -5: must be between 0 and 2147483647\."):
        seed_run(SFX["seed"], -5, 2)
    with pytest.raises(SweepError, match="between 1 and 16 seeds"):
        seed_run(SFX["seed"], 1, 0)
