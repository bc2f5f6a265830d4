"""Fitting saved values to a changed schema, with the exact report the user reads."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from sonodesk.core.presets import ChangeKind, reconcile
from sonodesk.core.schema import schema_fingerprint, specs_from_scenario, validate
from sonodesk.sandbox.catalog import MUSIC_INPUTS

OLD = "0123456789abcdef"


def changed_music_specs():  # type: ignore[no-untyped-def]
    """The music model after an update: shorter max duration, a new 'groove' input with a
    default, 'swing' now has a default, a key removed, a smaller prompt limit."""
    inputs = copy.deepcopy(MUSIC_INPUTS)
    by_name = {entry["name"]: entry for entry in inputs}
    by_name["duration"]["max"] = 120
    by_name["key"]["allowedValues"] = [
        k for k in by_name["key"]["allowedValues"] if k != "F# minor"
    ]
    by_name["prompt"]["maxLength"] = 20
    inputs.append(
        {"name": "groove", "type": "number", "label": "Groove", "default": 0, "min": 0, "max": 1}
    )
    return specs_from_scenario(inputs)


def test_the_report_says_exactly_what_changed() -> None:
    specs = changed_music_specs()
    saved = {
        "prompt": "dreamy lofi hip hop with warm keys",
        "duration": 240,
        "numOutputs": 0,
        "key": "F# minor",
        "instruments": ["drums", "flute", "pad"],
        "style": "jazz",
        "swing": 0.25,
        "bpm": 92.6,
        "sections": [{"name": "verse", "bars": 64, "mood": "dark"}, "oops"],
        "outputFormat": "mp3",
    }
    result = reconcile(specs, saved, saved_fingerprint=OLD)
    assert result.report.schema_changed
    assert result.report.messages == (
        "Prompt shortened to 20 characters (the new maximum)",
        "Duration (s) 240 → 120 (the new maximum)",
        "Outputs 0 → 1 (the new minimum)",
        "Tempo (BPM) 92.6 → 93 (whole numbers only)",
        "Key 'F# minor' → 'auto' (no longer allowed; the new default)",
        "Instruments: dropped 'flute' (no longer a choice)",
        "Sections row 1: Bars 64 → 32 (the new maximum)",
        "dropped 'Sections row 1: mood' (no longer an input)",
        "Sections: removed row 2 (it could not be read)",
        "added 'Groove' = 0",
        "dropped 'style' (no longer an input)",
    )
    values = result.values
    assert values["prompt"] == "dreamy lofi hip hop "
    assert (values["duration"], values["numOutputs"], values["bpm"]) == (120, 1, 93)
    assert values["key"] == "auto" and values["instruments"] == ["drums", "pad"]
    assert values["sections"] == [{"name": "verse", "bars": 32, "energy": 0.7}]
    assert values["groove"] == 0 and "style" not in values and values["swing"] == 0.25
    assert validate(specs, values) == []
    kinds = {change.path: change.kind for change in result.report.changes}
    assert kinds["duration"] is ChangeKind.CLAMPED and kinds["style"] is ChangeKind.DROPPED
    assert kinds["groove"] is ChangeKind.ADDED and kinds["key"] is ChangeKind.REPLACED
    assert result.report.summary is not None
    assert result.report.summary.startswith("This model's settings changed since")


def test_an_unchanged_schema_reports_nothing_new() -> None:
    specs = changed_music_specs()
    result = reconcile(specs, {"prompt": "lofi"}, saved_fingerprint=schema_fingerprint(specs))
    assert result.report.changes == () and result.report.summary is None
    assert result.values["duration"] == 20  # defaults still fill the form


def test_unknown_fingerprint_reports_fixes_but_not_additions() -> None:
    specs = changed_music_specs()
    result = reconcile(specs, {"duration": 500})
    assert result.report.messages == ("Duration (s) 500 → 120 (the new maximum)",)
    assert not result.report.schema_changed
    assert result.report.summary == (
        "Some saved values did not fit this model: Duration (s) 500 → 120 (the new maximum)."
    )


def test_unreadable_values_fall_back_to_the_default_or_empty() -> None:
    specs = changed_music_specs()
    result = reconcile(specs, {"duration": "long", "bpm": [1, 2], "kit": 5})
    assert result.values["duration"] == 20
    assert result.values["bpm"] is None and result.values["kit"] is None
    assert "Duration (s) 'long' → 20 (no longer allowed; the new default)" in result.report.messages
    assert "Tempo (BPM) [1, 2] cleared (no longer allowed)" in result.report.messages
    assert "Sound kit 5 cleared (no longer allowed)" in result.report.messages


def test_not_a_mapping_gives_the_defaults() -> None:
    specs = changed_music_specs()
    assert reconcile(specs, ["nope"]).values == reconcile(specs, {}).values


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=20,
)
names = st.sampled_from([e["name"] for e in MUSIC_INPUTS] + ["style", "groove"])


@settings(max_examples=300, deadline=None)
@given(saved=st.dictionaries(names, json_values, max_size=8))
def test_whatever_was_saved_the_result_fits_the_schema(saved: dict) -> None:  # type: ignore[type-arg]
    specs = changed_music_specs()
    result = reconcile(specs, saved, saved_fingerprint=OLD)
    problems = [
        e
        for e in validate(specs, result.values)
        if e.message != "Describe the music or lay out its sections."
        and not e.message.startswith(("Lay out sections", "Required", "At least"))
    ]
    assert problems == []
    assert set(result.values) <= {spec.name for spec in specs}
