"""Checkbox, combos (plain, searchable), on/off/default, choice chips, tags, numbers, models."""

from __future__ import annotations

from PySide6.QtCore import Qt

from sonodesk.ui.form.choice_editors import (
    BooleanEditor,
    ChoiceEditor,
    OptionalBooleanEditor,
)
from sonodesk.ui.form.list_editors import MultiChoiceEditor, NumberListEditor, TagsEditor
from sonodesk.ui.form.model_editors import ModelEditor, ModelListEditor

VOICES = [f"Voice{i:02d}" for i in range(30)]


def test_checkbox_space_toggles_and_false_default_is_kept(make_editor, qtbot) -> None:
    editor = make_editor(type="boolean", label="Seamless loop", default=False)
    assert isinstance(editor, BooleanEditor)
    assert editor.value() is False
    assert editor.check.text() == "Seamless loop"
    editor.focus_editor()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(editor.check, Qt.Key.Key_Space)
    assert editor.value() is True
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value(False)
    assert editor.value() is False


def test_boolean_without_default_offers_model_default(make_editor) -> None:
    editor = make_editor(type="boolean", label="Speaker boost")
    assert isinstance(editor, OptionalBooleanEditor)
    assert editor.value() is None
    editor.set_value(True)
    assert editor.value() is True
    editor.set_value(False)
    assert editor.value() is False


def test_combo_labels_from_ui_config_and_keyboard(make_editor, qtbot) -> None:
    editor = make_editor(
        type="string",
        default="wav",
        allowedValues=["wav", "mp3", "flac"],
    )
    assert isinstance(editor, ChoiceEditor)
    assert editor.value() == "wav"
    assert not editor.combo.isEditable()
    editor.focus_editor()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(editor.combo, Qt.Key.Key_Down)
    assert editor.value() == "mp3"
    editor.set_value("flac")
    assert editor.value() == "flac"


def test_empty_string_choice_shows_as_none(make_editor) -> None:
    editor = make_editor(type="string", default="", allowedValues=["", "wav"])
    assert editor.labels() == ["(none)", "wav"]
    assert editor.value() == ""


def test_optional_choice_without_default_starts_at_none(make_editor) -> None:
    editor = make_editor(type="number", allowedValues=[22050, 44100])
    assert editor.labels()[0] == "(none)"
    assert editor.value() is None
    editor.set_value(44100.0)
    assert editor.value() == 44100


def test_long_choice_list_is_searchable(make_editor, qtbot) -> None:
    editor = make_editor(type="string", default="Voice00", allowedValues=VOICES)
    assert editor.combo.isEditable()
    completer = editor.combo.completer()
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    editor.focus_editor()
    editor.combo.lineEdit().selectAll()
    qtbot.keyClicks(editor.combo.lineEdit(), "voice17")
    qtbot.keyClick(editor.combo.lineEdit(), Qt.Key.Key_Return)
    assert editor.value() == "Voice17"
    editor.combo.lineEdit().selectAll()
    qtbot.keyClicks(editor.combo.lineEdit(), "nonsense")
    editor.combo.lineEdit().editingFinished.emit()
    assert editor.value() == "Voice17"
    assert editor.combo.currentText() == "Voice17"


def test_stale_choice_stays_visible(make_editor) -> None:
    editor = make_editor(type="string", default="a", allowedValues=["a", "b"])
    editor.set_value("zz")
    assert editor.value() == "zz"
    assert editor.combo.currentText() == "zz (not available)"


def test_multi_choice_chips_toggle_with_space(make_editor, qtbot) -> None:
    editor = make_editor(type="string_array", allowedValues=["drums", "bass", "pad"], maxLength=2)
    assert isinstance(editor, MultiChoiceEditor)
    assert editor.value() == []
    editor.set_value(["pad", "drums"])
    assert editor.value() == ["drums", "pad"]
    chips = editor.toggles.chips
    assert not chips[1].isEnabled()  # at the limit of 2
    chips[0].setFocus()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(chips[0], Qt.Key.Key_Space)
    assert editor.value() == ["pad"]
    assert chips[1].isEnabled()


def test_tags_enter_adds_backspace_removes_click_removes(make_editor, qtbot) -> None:
    editor = make_editor(type="string_array", maxLength=3)
    assert isinstance(editor, TagsEditor)
    editor.focus_editor()
    entry = editor.box.entry
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClicks(entry, "warm")
        qtbot.keyClick(entry, Qt.Key.Key_Return)
    qtbot.keyClicks(entry, "airy,")
    assert editor.value() == ["warm", "airy"]
    qtbot.keyClick(entry, Qt.Key.Key_Backspace)
    assert editor.value() == ["warm"]
    editor.set_value(["a", "b"])
    chip = editor.box._chips[0]
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
    assert editor.value() == ["b"]


def test_tags_typed_without_enter_still_count(make_editor, qtbot) -> None:
    editor = make_editor(type="string_array")
    editor.focus_editor()
    qtbot.keyClicks(editor.box.entry, "pending")
    assert editor.value() == ["pending"]


def test_number_list_checks_each_value(make_editor, qtbot) -> None:
    editor = make_editor(type="number_array", label="Cut points (s)", min=0, max=60, maxLength=4)
    assert isinstance(editor, NumberListEditor)
    assert editor.display_label() == "Cut points"
    editor.focus_editor()
    qtbot.keyClicks(editor.box.entry, "1.5 3")
    qtbot.keyClick(editor.box.entry, Qt.Key.Key_Return)
    assert editor.value() == [1.5, 3]
    assert [c.text() for c in editor.box._chips] == ["1.5 s", "3 s"]
    qtbot.keyClicks(editor.box.entry, "75")
    qtbot.keyClick(editor.box.entry, Qt.Key.Key_Return)
    assert editor.error() == "Each value must be between 0 and 60."
    assert editor.value() == [1.5, 3]
    editor.box.entry.clear()
    qtbot.keyClicks(editor.box.entry, "x")
    assert editor.error() is None
    editor.set_value([2, 99])
    assert editor.value() == [2, 99]


def test_model_combo_from_the_injected_callback(make_editor, qtbot) -> None:
    asked = []

    def options(types: tuple[str, ...]) -> list[tuple[str, str]]:
        asked.append(types)
        return [("model_kit-lofi", "Lo-fi kit"), ("model_kit-808", "808 kit")]

    editor = make_editor(model_options=options, type="model", modelTypes=["sonodesk-kit"])
    assert isinstance(editor, ModelEditor)
    assert asked == [("sonodesk-kit",)]
    assert [editor.combo.itemText(i) for i in range(3)] == ["(none)", "Lo-fi kit", "808 kit"]
    assert editor.value() is None
    editor.focus_editor()
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.keyClick(editor.combo, Qt.Key.Key_Down)
    assert editor.value() == "model_kit-lofi"
    editor.set_value("model_other")
    assert editor.value() == "model_other"


def test_model_combo_without_callback_says_so(make_editor) -> None:
    editor = make_editor(type="model", modelTypes=["elevenlabs-voice"])
    assert editor.value() is None
    assert editor.help_label_text() == "No matching models yet."


def test_model_list_chips(make_editor) -> None:
    editor = make_editor(model_options=lambda types: [("a", "A"), ("b", "B")], type="model_array")
    assert isinstance(editor, ModelListEditor)
    editor.set_value(["b"])
    assert editor.value() == ["b"]
    editor.set_value(["b", "zz"])
    assert editor.value() == ["b", "zz"]
