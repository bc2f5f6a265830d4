"""Which errors a pristine form hides, value lookup by path, and the costImpact change check."""

from __future__ import annotations

from sonodesk.core.schema import FieldError, specs_from_scenario, validate
from sonodesk.core.schema.form_policy import (
    collect_errors,
    cost_inputs_changed,
    cost_snapshot,
    value_at,
    visible_errors,
)
from sonodesk.sandbox.catalog import MODELS

MUSIC = specs_from_scenario(MODELS[0]["inputs"], MODELS[0]["uiConfig"])


def test_value_at_follows_rows_and_tolerates_missing_steps() -> None:
    values = {"sections": [{"bars": 8}, {"bars": 4}], "prompt": "x"}
    assert value_at(values, "prompt") == "x"
    assert value_at(values, "sections[1].bars") == 4
    assert value_at(values, "sections[5].bars") is None
    assert value_at(values, "prompt.bars") is None
    assert value_at({"a.b": 1}, "a.b") == 1


def test_required_errors_hide_until_touched_or_submitted() -> None:
    values = {"prompt": "", "duration": 20, "sections": None}
    errors = validate(MUSIC, values)
    assert {e.path for e in errors} == {"prompt", "sections"}
    assert visible_errors(MUSIC, values, errors, touched=(), submitted=False) == []
    shown = visible_errors(MUSIC, values, errors, touched={"prompt"}, submitted=False)
    assert [e.path for e in shown] == ["prompt"]
    assert visible_errors(MUSIC, values, errors, touched=(), submitted=True) == errors


def test_value_errors_show_at_once() -> None:
    values = {"prompt": "x", "duration": 500}
    errors = validate(MUSIC, values)
    assert visible_errors(MUSIC, values, errors, touched=(), submitted=False) == [
        FieldError("duration", "Must be between 4 and 180.")
    ]


def test_row_requirement_waits_for_its_own_path() -> None:
    values = {"prompt": "x", "sections": [{"name": "", "bars": 8}]}
    errors = validate(MUSIC, values)
    assert [e.path for e in errors] == ["sections[0].name"]
    assert visible_errors(MUSIC, values, errors, touched=(), submitted=False) == []
    touched = {"sections[0].name"}
    assert visible_errors(MUSIC, values, errors, touched=touched, submitted=False) == errors


def test_cost_inputs_changed_only_for_cost_impact_fields() -> None:
    before = {"prompt": "a", "duration": 20, "numOutputs": 1}
    assert not cost_inputs_changed(MUSIC, before, {**before, "prompt": "b", "bpm": 90})
    assert cost_inputs_changed(MUSIC, before, {**before, "duration": 30})
    assert not cost_inputs_changed(MUSIC, before, {**before, "duration": 20.0})
    assert not cost_inputs_changed(MUSIC, before, {**before, "duration": "20"})
    assert cost_snapshot(MUSIC, {"duration": "abc"}) != cost_snapshot(MUSIC, {"duration": 20})


def test_collect_errors_follows_screen_order_and_local_messages_win() -> None:
    values = {"prompt": "", "duration": 500, "outputFormat": "zzz"}
    order = [s.name for s in MUSIC if not s.advanced] + [s.name for s in MUSIC if s.advanced]
    errors = collect_errors(MUSIC, values, {"duration": "Typed past the range."}, order)
    assert [(e.path, e.message) for e in errors] == [
        ("prompt", "Describe the music or lay out its sections."),
        ("duration", "Typed past the range."),
        ("sections", "Lay out sections or describe the music."),
        ("outputFormat", "Choose one of the listed values."),
    ]
