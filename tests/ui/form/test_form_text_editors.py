"""Prompt / long text, single-line text and JSON editors: values, signals, counter, keys."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from sonodesk.ui.form.text_editors import JsonEditor, LongTextEditor, TextEditor


def test_prompt_round_trip_and_user_edits_signal(make_editor, qtbot) -> None:
    editor = make_editor(type="string", prompt=True, maxLength=500, placeholder="lofi beat")
    assert isinstance(editor, LongTextEditor)
    assert editor.objectName() == "field:x"
    assert editor.edit.placeholderText() == "lofi beat"
    with qtbot.assertNotEmitted(editor.sig_changed):
        editor.set_value("hello")
    assert editor.value() == "hello"
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        editor.focus_editor()
        qtbot.keyClicks(editor.edit, " world")
    assert editor.value() == "hello world"
    editor.set_value(None)
    assert editor.value() is None


def test_counter_counts_utf16_units_and_turns_red_past_the_limit(make_editor, qtbot) -> None:
    editor = make_editor(type="string", prompt=True, maxLength=5)
    assert editor.counter_text() == "0 / 5"
    editor.set_value("ab😀")  # an emoji is two UTF-16 units, as the service counts
    assert editor.counter_text() == "4 / 5"
    assert not editor.counter_over_limit()
    editor.set_value("abcdef")
    assert editor.counter_text() == "6 / 5"
    assert editor.counter_over_limit()


def test_tab_moves_focus_instead_of_inserting_a_tab(show, qtbot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from ui.form.form_helpers import spec_of

    host = QWidget()
    layout = QVBoxLayout(host)
    editor = LongTextEditor(spec_of(type="string", prompt=True))
    after = QLineEdit()
    layout.addWidget(editor)
    layout.addWidget(after)
    show(host)
    editor.focus_editor()
    qtbot.keyClicks(editor.edit, "a")
    qtbot.keyClick(editor.edit, Qt.Key.Key_Tab)
    assert editor.value() == "a"
    assert QApplication.focusWidget() is after


def test_prompt_grows_with_its_text(make_editor) -> None:
    editor = make_editor(type="string", prompt=True)
    short = editor.edit.height()
    editor.set_value("\n".join(f"line {i}" for i in range(9)))
    assert editor.edit.height() > short


def test_single_line_text(make_editor, qtbot) -> None:
    editor = make_editor(type="string", placeholder="e.g. C minor")
    assert isinstance(editor, TextEditor)
    assert editor.edit.placeholderText() == "e.g. C minor"
    editor.set_value("abc")
    assert editor.value() == "abc"
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        editor.focus_editor()
        qtbot.keyClicks(editor.edit, "d")
    assert editor.value() == "abcd"


def test_json_editor_for_an_unknown_type(make_editor, qtbot) -> None:
    editor = make_editor(type="mystery_type")
    assert isinstance(editor, JsonEditor)
    editor.set_value({"a": [1, 2]})
    assert editor.value() == {"a": [1, 2]}
    editor.focus_editor()
    editor.edit.selectAll()
    qtbot.keyClicks(editor.edit, "{oops")
    assert editor.local_error() == "Enter valid JSON."
    assert editor.error() == "Enter valid JSON."
    assert editor.value() is None
    editor.set_value([1])
    assert editor.local_error() is None
