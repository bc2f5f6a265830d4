"""Row lists (inputs_array) and the editor registry."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from sonodesk.core.schema import FieldKind
from sonodesk.ui.form import EditorRegistry, default_registry, register
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.group_editor import GroupListEditor
from sonodesk.ui.form.text_editors import JsonEditor, LongTextEditor, TextEditor
from ui.form.form_helpers import spec_of

SECTIONS = {
    "name": "sections",
    "type": "inputs_array",
    "label": "Sections",
    "maxLength": 3,
    "inputs": [
        {
            "name": "name",
            "type": "string",
            "default": "verse",
            "allowedValues": ["intro", "verse", "chorus"],
            "required": {"always": True},
        },
        {"name": "bars", "type": "number", "default": 8, "min": 1, "max": 32, "step": 1},
    ],
}


def test_rows_add_remove_move_and_limit(make_editor, qtbot) -> None:
    editor = make_editor(**SECTIONS)
    assert isinstance(editor, GroupListEditor)
    assert editor.value() == []
    assert editor.add_button.text() == "Add section"
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert editor.value() == [{"name": "verse", "bars": 8}]
    first = editor.editor_at("sections[0].bars")
    assert first is not None and first.objectName() == "field:sections[0].bars"
    editor.set_value([{"name": "intro", "bars": 4}, {"name": "chorus", "bars": 16}])
    assert [card.title.text() for card in editor.cards] == ["Section 1", "Section 2"]
    with qtbot.waitSignal(editor.sig_changed, timeout=1000):
        qtbot.mouseClick(editor.cards[1].up_button, Qt.MouseButton.LeftButton)
    assert editor.value() == [{"name": "chorus", "bars": 16}, {"name": "intro", "bars": 4}]
    qtbot.mouseClick(editor.cards[0].remove_button, Qt.MouseButton.LeftButton)
    assert editor.value() == [{"name": "intro", "bars": 4}]
    editor.add_row()
    editor.add_row()
    assert len(editor.value()) == 3
    assert not editor.add_button.isEnabled()
    assert editor.count_label.text() == "3 of 3"
    editor.add_row()
    assert len(editor.value()) == 3


def test_errors_reach_the_right_row(make_editor) -> None:
    editor = make_editor(**SECTIONS)
    editor.set_value([{"name": "intro", "bars": 4}, {"name": "verse", "bars": 8}])
    assert editor.route_error("sections[1].bars", "Must be between 1 and 32.")
    target = editor.editor_at("sections[1].bars")
    assert target.error() == "Must be between 1 and 32."
    assert editor.editor_at("sections[0].bars").error() is None
    assert editor.route_error("sections[0]", "Remove this row or fill in its fields.")
    assert editor.cards[0].error_label.text() == "Remove this row or fill in its fields."
    editor.clear_errors()
    assert target.error() is None
    assert not editor.cards[0].error_label.isVisibleTo(editor)


def test_new_row_takes_the_focus(make_editor, qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    editor = make_editor(**SECTIONS)
    editor.add_row()
    focused = QApplication.focusWidget()
    assert editor.editor_at("sections[0].name").isAncestorOf(focused)


def test_registry_maps_kinds_and_variants() -> None:
    registry = default_registry()
    assert registry.editor_class(spec_of(type="string", prompt=True)) is LongTextEditor
    assert registry.editor_class(spec_of(type="string")) is TextEditor
    assert registry.lookup("no_such_kind") is JsonEditor
    assert registry.lookup(FieldKind.TEXT, "no_such_variant") is TextEditor


def test_register_plugs_in_a_new_editor(qtbot) -> None:
    class ShoutEditor(FieldEditor):
        def _build(self) -> None:
            self.text = ""

        def value(self) -> str:
            return self.text.upper()

        def _apply(self, value: object) -> None:
            self.text = "" if value is None else str(value)

    registry = EditorRegistry()
    registry.register(FieldKind.TEXT, ShoutEditor)
    editor = registry.create(spec_of(type="string"), path="x")
    qtbot.addWidget(editor)
    editor.set_value("hi")
    assert editor.value() == "HI"
    assert editor.objectName() == "field:x"
    assert default_registry().lookup(FieldKind.TEXT) is TextEditor
    register("x-test-kind", ShoutEditor)
    assert default_registry().lookup("x-test-kind") is ShoutEditor
    copy = default_registry().copy()
    copy.register(FieldKind.TEXT, ShoutEditor, variant="shout")
    assert copy.lookup(FieldKind.TEXT, "shout") is ShoutEditor
    assert default_registry().lookup(FieldKind.TEXT, "shout") is TextEditor
    assert isinstance(editor, QWidget)
