"""The presets bar through its own controls: every edit reaches the preset files on disk."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from sonodesk.core.presets import PresetStore
from sonodesk.core.presets.transfer import NOT_JSON, other_model_message
from sonodesk.core.schema import FieldSpec
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID
from sonodesk.ui.presets import PresetBar

STARTERS = [
    "Ambient pad wash",
    "Four-on-the-floor house",
    "Lo-fi study beat",
    "Melancholic piano ballad",
    "Song sketch: intro, verse, chorus",
]


def on_disk(store: PresetStore) -> dict[str, Any]:
    """The user's presets file for the music model, as JSON."""
    path = store.path_for(MUSIC_MODEL_ID)
    return json.loads(path.read_text()) if path.exists() else {"presets": {}, "default": None}


def choose(qtbot, bar: PresetBar, name: str) -> dict[str, Any]:
    """Pick ``name`` in the drop-down the way a user does; returns the values it applied."""
    index = bar.combo.findData(name)
    assert index >= 0, name
    with qtbot.waitSignal(bar.sig_apply_values) as applied:
        bar.combo.setCurrentIndex(index)
        bar.combo.activated.emit(index)
    return applied.args[0]


def give_name(qtbot, bar: PresetBar, name: str) -> None:
    assert bar.stack.currentWidget() is bar.editor and bar.editor.line.hasFocus()
    bar.editor.line.clear()
    qtbot.keyClicks(bar.editor.line, name)
    qtbot.keyClick(bar.editor.line, Qt.Key.Key_Return)


def test_starters_are_listed_read_only(qtbot, make_bar, store: PresetStore) -> None:
    bar = make_bar()
    assert bar.names() == STARTERS
    assert bar.current_name() is None and bar.combo.placeholderText() == "Presets"
    index = bar.combo.findData("Lo-fi study beat")
    assert bar.combo.itemData(index, Qt.ItemDataRole.ToolTipRole) == "Starter preset (read-only)"
    assert not bar.combo.itemIcon(index).isNull()
    choose(qtbot, bar, "Lo-fi study beat")
    bar.menu.aboutToShow.emit()
    assert not bar.menu.rename.isEnabled()
    bar.menu.delete.trigger()
    assert "'Lo-fi study beat' is a starter preset and can't be deleted." in bar.notice.text.text()
    assert bar.notice.action_buttons() == []  # refused outright, nothing to confirm
    assert not store.path_for(MUSIC_MODEL_ID).exists()
    assert bar.names() == STARTERS


def test_choosing_a_preset_applies_its_values(qtbot, make_bar, store, specs) -> None:
    bar = make_bar()
    values = choose(qtbot, bar, "Ambient pad wash")
    assert values == store.apply(MUSIC_MODEL_ID, "Ambient pad wash", specs).values
    assert bar.current_name() == "Ambient pad wash"
    assert not bar.notice.isVisible()


def test_save_as_new_through_the_inline_editor(qtbot, make_bar, store, form_values) -> None:
    bar = make_bar()
    bar.menu.save_as.trigger()
    give_name(qtbot, bar, "Late night keys")
    saved = on_disk(store)["presets"]["Late night keys"]
    assert saved["params"] == form_values
    assert bar.stack.currentWidget() is bar.combo
    assert bar.current_name() == "Late night keys"
    assert bar.names()[0] == "Late night keys"  # the user's own first, starters after

    # A taken name is refused in the core's words, and the editor stays for another try.
    bar.menu.save_as.trigger()
    give_name(qtbot, bar, "late NIGHT keys")
    assert "A preset named 'late NIGHT keys' already exists." in bar.notice.text.text()
    assert bar.stack.currentWidget() is bar.editor
    qtbot.keyClick(bar.editor.line, Qt.Key.Key_Escape)
    assert bar.stack.currentWidget() is bar.combo and bar.isVisible()


def test_update_rename_delete_reach_the_file(qtbot, make_bar, store, form_values) -> None:
    bar = make_bar()
    bar.menu.save_as.trigger()
    give_name(qtbot, bar, "Groove A")

    form_values["duration"] = 90
    bar.menu.aboutToShow.emit()
    assert bar.menu.update.text() == "Update “Groove A”"
    bar.menu.update.trigger()
    assert on_disk(store)["presets"]["Groove A"]["params"]["duration"] == 90
    assert "Updated “Groove A”" in bar.notice.text.text()

    bar.menu.rename.trigger()
    assert bar.editor.text() == "Groove A"
    give_name(qtbot, bar, "Groove B")
    assert list(on_disk(store)["presets"]) == ["Groove B"]
    assert bar.current_name() == "Groove B"

    bar.menu.delete.trigger()
    buttons = {b.text(): b for b in bar.notice.action_buttons()}
    qtbot.mouseClick(buttons["Keep it"], Qt.MouseButton.LeftButton)
    assert list(on_disk(store)["presets"]) == ["Groove B"]
    bar.menu.delete.trigger()
    buttons = {b.text(): b for b in bar.notice.action_buttons()}
    qtbot.mouseClick(buttons["Delete"], Qt.MouseButton.LeftButton)
    assert on_disk(store)["presets"] == {}
    assert bar.names() == STARTERS and bar.current_name() is None


def test_default_is_starred_and_offered_for_a_fresh_model(qtbot, make_bar, store, specs) -> None:
    bar = make_bar()
    assert bar.default_values(MUSIC_MODEL_ID, specs) is None
    choose(qtbot, bar, "Lo-fi study beat")
    bar.menu.aboutToShow.emit()
    assert bar.menu.default.text() == "Set “Lo-fi study beat” as default"
    bar.menu.default.trigger()
    assert on_disk(store)["default"] == "Lo-fi study beat"
    assert bar.combo.currentText() == "★ Lo-fi study beat"

    fresh = PresetBar(store, values=dict)
    qtbot.addWidget(fresh)
    fitted = fresh.set_model(MUSIC_MODEL_ID, specs)
    expected = store.apply(MUSIC_MODEL_ID, "Lo-fi study beat", specs)
    assert fitted == expected and fresh.default_values(MUSIC_MODEL_ID, specs) == expected

    bar.menu.aboutToShow.emit()
    assert bar.menu.default.text() == "Clear default (“Lo-fi study beat”)"
    bar.menu.default.trigger()
    assert on_disk(store)["default"] is None
    assert bar.combo.currentText() == "Lo-fi study beat"


def test_a_preset_from_an_older_schema_shows_what_changed(qtbot, make_bar, store, specs) -> None:
    older: list[FieldSpec] = [
        dataclasses.replace(s, maximum=300) if s.name == "duration" else s for s in specs
    ]
    store.save(MUSIC_MODEL_ID, "Long ambient", {"prompt": "slow drone", "duration": 240}, older)
    bar = make_bar()
    values = choose(qtbot, bar, "Long ambient")
    assert values["duration"] == 180
    assert bar.notice.isVisible()
    text = bar.notice.text.text()
    assert "“Long ambient” was saved for an earlier version of this model" in text
    assert "Duration (s) 240 → 180 (the new maximum)" in text


def test_import_of_a_malformed_file_shows_the_exact_message(
    qtbot, make_bar, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.sonodesk-presets.json"
    broken.write_text('{"format_version": 1, "presets": {')
    bar = make_bar()
    bar.menu.import_.trigger()
    chooser = bar.file_dialog
    assert isinstance(chooser, QFileDialog) and chooser.isVisible()  # opened, not exec'd
    chooser.fileSelected.emit(str(broken))
    chooser.reject()
    assert bar.notice.isVisible() and bar.notice.text.text() == NOT_JSON
    assert bar.names() == STARTERS


def test_import_for_another_model_says_which(qtbot, make_bar, store, tmp_path: Path) -> None:
    other = tmp_path / "sfx.json"
    store.save(SFX_MODEL_ID, "Glass", {"prompt": "glass"}, ())
    from sonodesk.core.presets import export_presets

    export_presets(store, SFX_MODEL_ID, other)
    bar = make_bar()
    bar.import_file(str(other))
    text = bar.notice.text.text()
    assert text.startswith(other_model_message(SFX_MODEL_ID, MUSIC_MODEL_ID))
    assert "Choose that model, then import again." in text


def test_export_then_import_into_another_library(
    qtbot, make_bar, store, tmp_path: Path, specs
) -> None:
    bar = make_bar()
    bar.menu.save_as.trigger()
    give_name(qtbot, bar, "Share me")
    bar.menu.export.trigger()
    chooser = bar.file_dialog
    assert chooser is not None and chooser.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    target = tmp_path / "shared.sonodesk-presets.json"
    chooser.fileSelected.emit(str(target))
    chooser.reject()
    assert target.exists() and "Exported 6 presets" in bar.notice.text.text()

    friend = PresetStore(tmp_path / "friend", "sandbox", starters_dir=tmp_path / "none")
    other = PresetBar(friend, values=dict)
    qtbot.addWidget(other)
    other.set_model(MUSIC_MODEL_ID, specs)
    with qtbot.waitSignal(other.sig_presets_changed):
        other.import_file(str(target))
    assert "Share me" in other.names() and len(other.names()) == 6
    assert other.notice.text.text().startswith("Imported 6 presets:")
