"""ParamForm built from the sandbox models and the recorded schemas: defaults, validation,
error routing, live required markers, the Advanced section, signals."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from sonodesk.core.schema import build_body, default_values, validate
from sonodesk.core.schema.requirements import has_value
from sonodesk.sandbox.catalog import KITS, MODELS, MUSIC_MODEL_ID, SFX_MODEL_ID, model_by_id
from sonodesk.ui.form import ParamForm
from sonodesk.ui.form.base import FieldEditor
from ui.form.form_helpers import recorded_model, recorded_models, specs_of

ALL_MODELS = [*MODELS, *recorded_models()]


def kit_options(types: tuple[str, ...]) -> list[tuple[str, str]]:
    return [(kit["id"], kit["name"]) for kit in KITS if kit["type"] in types]


@pytest.fixture
def form(show):  # type: ignore[no-untyped-def]
    def _form(model: dict, values: dict | None = None) -> ParamForm:
        widget = ParamForm(model_options=kit_options)
        widget.set_schema(specs_of(model), values)
        return show(widget, 480, 900)

    return _form


def label_marked(form: ParamForm, name: str) -> bool:
    for grid in form._grids:
        row = grid.row_for(name)
        if row is not None and row.label is not None:
            return row.label.is_marked_required()
    raise AssertionError(f"no label for {name}")


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m["id"])
def test_default_form_is_valid_but_for_empty_required_fields(form, model) -> None:  # type: ignore[no-untyped-def]
    widget = form(model)
    specs = widget.specs()
    values = widget.values()
    assert set(values) == {spec.name for spec in specs}
    errors = validate(specs, values)
    by_name = {spec.name: spec for spec in specs}
    for error in errors:
        spec = by_name[error.path]
        assert not spec.has_default and not has_value(spec, values[error.path]), error
    assert {e.path for e in widget.validate_all()} == {e.path for e in errors}
    for name, editor in widget.editors().items():
        assert editor.objectName() == f"field:{name}"
        assert isinstance(editor, FieldEditor)


@pytest.mark.parametrize("model", ALL_MODELS, ids=lambda m: m["id"])
def test_pristine_form_shows_no_errors_and_advanced_starts_collapsed(form, model) -> None:  # type: ignore[no-untyped-def]
    widget = form(model)
    assert all(editor.error() is None for editor in widget.editors().values())
    advanced = {spec.name for spec in widget.specs() if spec.advanced}
    assert widget.advanced_names() == advanced
    section = widget.advanced_section()
    if advanced:
        assert section is not None and not section.is_expanded()
        for name in advanced:
            assert not widget.editors()[name].isVisible()
            assert section.content.isAncestorOf(widget.editors()[name])
    else:
        assert section is None


def test_music_defaults_and_body(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    assert sorted(e.path for e in validate(widget.specs(), widget.values())) == [
        "prompt",
        "sections",
    ]
    widget.set_values({"prompt": "lofi at 80 bpm"})
    assert widget.validate_all() == []
    specs = widget.specs()
    expected = build_body(specs, {**default_values(specs), "prompt": "lofi at 80 bpm"})
    body = widget.body()
    assert body == expected
    assert "bpm" not in body and "seed" not in body and "sections" not in body  # unset: omitted
    assert body["duration"] == 20 and isinstance(body["duration"], int)


def test_required_markers_follow_if_not_defined_live(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    assert label_marked(widget, "prompt") and label_marked(widget, "sections")
    prompt = widget.editors()["prompt"]
    prompt.focus_editor()
    qtbot.keyClicks(prompt.edit, "dub techno")
    assert label_marked(widget, "prompt")  # still the field being filled in? no: it is set
    assert not label_marked(widget, "sections")
    prompt.edit.selectAll()
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Delete)
    assert label_marked(widget, "sections")
    widget.editors()["sections"].add_row()
    assert not label_marked(widget, "prompt")


def test_required_error_waits_until_the_field_is_left(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(SFX_MODEL_ID))
    prompt = widget.editors()["prompt"]
    prompt.focus_editor()
    qtbot.keyClicks(prompt.edit, "x")
    prompt.edit.selectAll()
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Delete)
    assert prompt.error() is None  # still typing in it
    qtbot.keyClick(prompt.edit, Qt.Key.Key_Tab)
    assert prompt.error() == "Required."


def test_invalid_values_land_on_their_fields(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID), {"prompt": "x" * 501})
    assert widget.editors()["prompt"].error() == "At most 500 characters (now 501)."
    errors = widget.validate_all()
    assert [e.path for e in errors] == ["prompt"]
    focused = QApplication.focusWidget()
    assert widget.findChild(FieldEditor, "field:prompt").isAncestorOf(focused)


def test_row_errors_land_inside_the_row(form) -> None:  # type: ignore[no-untyped-def]
    model = recorded_model("elevenlabs-music-advanced-v2")
    widget = form(model, {"sections": [{"text": "[Verse] hello"}, {"text": ""}]})
    errors = widget.validate_all()
    assert [(e.path, e.message) for e in errors] == [("sections[1].text", "Required.")]
    row_editor = widget.findChild(FieldEditor, "field:sections[1].text")
    assert row_editor is not None and row_editor.error() == "Required."
    assert widget.findChild(FieldEditor, "field:sections[0].text").error() is None
    assert row_editor.isAncestorOf(QApplication.focusWidget())


def test_gemini_speaker_rows_and_choices(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(recorded_model("google-gemini-3-1-flash-tts"), {"text": "Hi"})
    voice = widget.editors()["voice"]
    assert voice.combo.isEditable()  # 30 voices: searchable
    rows = widget.editors()["multiSpeakerConfig"]
    rows.add_row()
    errors = widget.validate_all()
    assert [e.path for e in errors] == [
        "multiSpeakerConfig[0].speaker",
        "multiSpeakerConfig[0].voice",
    ]


def test_server_error_marks_the_named_field(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    message = '"duration" must be less than or equal to 180'
    assert widget.show_server_error(message)
    assert widget.editors()["duration"].error() == message
    assert not widget.show_server_error("Something went wrong on our side")


def test_server_error_on_an_advanced_field_opens_the_section(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    assert widget.show_server_error('"outputFormat" must be one of [wav, flac]')
    assert widget.advanced_section().is_expanded()
    assert widget.editors()["outputFormat"].isVisible()


def test_cost_signal_only_for_cost_impact_fields(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    prompt = widget.editors()["prompt"]
    prompt.focus_editor()
    with (
        qtbot.assertNotEmitted(widget.sig_cost_inputs_changed),
        qtbot.waitSignal(widget.sig_values_changed, timeout=1000),
    ):
        qtbot.keyClicks(prompt.edit, "a")
    duration = widget.editors()["duration"]
    duration.focus_editor()
    with qtbot.waitSignal(widget.sig_cost_inputs_changed, timeout=1000):
        qtbot.keyClick(duration.spin, Qt.Key.Key_Up)
    assert widget.values()["duration"] == 21


def test_reset_to_defaults(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID), {"prompt": "a", "duration": 60, "bpm": 100})
    with qtbot.waitSignal(widget.sig_cost_inputs_changed, timeout=1000):
        widget.reset_to_defaults()
    values = widget.values()
    assert values["duration"] == 20 and values["bpm"] is None and values["prompt"] is None
    assert all(editor.error() is None for editor in widget.editors().values())


def test_seed_lock_is_exposed(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(SFX_MODEL_ID))
    assert not widget.seed_locked()
    widget.set_values({"seed": 123})
    assert widget.seed_locked()
    widget.set_last_used_seed(99)
    assert widget.seed_editor().last_used_seed() == 99


def test_switching_models_leaves_nothing_stale(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    widget.set_advanced_expanded(True)
    widget.set_schema(specs_of(model_by_id(SFX_MODEL_ID)))
    QApplication.processEvents()
    names = {e.objectName() for e in widget.findChildren(FieldEditor) if e.isVisibleTo(widget)}
    assert "field:sections" not in names and "field:preset" in names
    assert widget.advanced_section().is_expanded()  # the expanded state carries over
    assert widget.findChild(FieldEditor, "field:sections") is None or not widget.findChild(
        FieldEditor, "field:sections"
    ).isVisibleTo(widget)


def test_group_headings_skip_a_label_they_would_repeat(form) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    headings = [h.text() for h in widget._grids[0].headings]
    assert headings == ["Length", "Musical", "Arrangement"]


def test_unset_optionals_are_omitted_and_zero_false_defaults_kept(form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fakes.fake_audio import write_tone
    from sonodesk.sandbox.catalog import TOOLS_MODEL_ID

    wav = tmp_path / "in.wav"
    write_tone(wav, seconds=0.5, rate=8_000, channels=1)
    widget = form(model_by_id(TOOLS_MODEL_ID), {"audio": str(wav)})
    assert widget.validate_all() == []
    body = widget.body()
    assert body["startTime"] == 0 and body["reverse"] is False and body["normalize"] is False
    assert "endTime" not in body and "cutPoints" not in body and "layerGainDb" not in body
    assert body["audio"] == str(wav)


def test_if_defined_requirement_appears_with_its_sibling(form, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from fakes.fake_audio import write_tone
    from sonodesk.sandbox.catalog import TOOLS_MODEL_ID

    wav = tmp_path / "in.wav"
    write_tone(wav, seconds=0.5, rate=8_000, channels=1)
    widget = form(model_by_id(TOOLS_MODEL_ID), {"audio": str(wav)})
    assert not label_marked(widget, "layerGainDb")
    widget.editors()["extraLayers"].add_paths([str(wav)])
    assert label_marked(widget, "layerGainDb")
    errors = widget.validate_all()
    assert [e.path for e in errors] == ["layerGainDb"]
    assert errors[0].message == "Set how loud the extra layers are mixed in."


def test_tab_walks_the_fields_top_to_bottom(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(SFX_MODEL_ID))
    widget.set_advanced_expanded(True)
    widget.focus_first_field()
    visited: list[str] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        owner = focused
        while owner is not None and not isinstance(owner, FieldEditor):
            owner = owner.parentWidget()
        if owner is not None and (not visited or visited[-1] != owner.path):
            visited.append(owner.path)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    order = [spec.name for spec in widget.specs()]
    assert visited[: len(order)] == order


def test_advanced_opens_from_the_keyboard(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(SFX_MODEL_ID))
    toggle = widget.advanced_section().toggle
    toggle.setFocus()
    with qtbot.waitSignal(widget.sig_advanced_toggled, timeout=1000) as blocker:
        qtbot.keyClick(toggle, Qt.Key.Key_Space)
    assert blocker.args == [True]
    assert widget.editors()["seed"].isVisible()


def test_server_error_stays_until_its_field_is_edited(form, qtbot) -> None:  # type: ignore[no-untyped-def]
    widget = form(model_by_id(MUSIC_MODEL_ID))
    message = '"duration" must be less than or equal to 180'
    widget.show_server_error(message)
    prompt = widget.editors()["prompt"]
    prompt.focus_editor()
    qtbot.keyClicks(prompt.edit, "a")
    assert widget.editors()["duration"].error() == message
    duration = widget.editors()["duration"]
    duration.focus_editor()
    qtbot.keyClick(duration.spin, Qt.Key.Key_Down)
    assert duration.error() is None
