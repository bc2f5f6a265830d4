"""Presets per model: save, update, rename, delete, default, starters, last used, damage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sonodesk.core.presets import PresetError, PresetStore
from sonodesk.core.schema import schema_fingerprint
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID

MUSIC = MUSIC_MODEL_ID
VALUES = {"prompt": "dub techno", "duration": 40, "key": "A minor", "instruments": ["drums"]}


def test_round_trip_through_the_file(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    saved = bare_store.save(MUSIC, "  Dub   techno ", VALUES, music_specs)
    assert saved.name == "Dub techno" and saved.updated == "2026-09-21T14:13:20+00:00"
    document = json.loads(bare_store.path_for(MUSIC).read_text(encoding="utf-8"))
    assert document["format_version"] == 1 and document["kind"] == "sonodesk-presets"
    assert document["provider"] == "sandbox" and document["model_id"] == MUSIC
    assert document["schema_fingerprint"] == schema_fingerprint(music_specs)
    assert document["app_version"] and document["default"] is None
    assert document["presets"]["Dub techno"]["params"] == VALUES
    again = PresetStore(bare_store.directory.parent, "sandbox", starters_dir=Path("/nonexistent"))
    assert again.get(MUSIC, "dub TECHNO").params == VALUES
    applied = again.apply(MUSIC, "Dub techno", music_specs)
    assert applied.values["duration"] == 40 and applied.values["outputFormat"] == "mp3"
    assert applied.report.changes == ()


def test_names_must_be_unique_and_present(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "Groove", VALUES, music_specs)
    with pytest.raises(PresetError, match="already exists"):
        bare_store.save(MUSIC, "GROOVE", VALUES, music_specs)
    bare_store.save(MUSIC, "Groove", {**VALUES, "duration": 60}, music_specs, replace_existing=True)
    assert bare_store.get(MUSIC, "Groove").params["duration"] == 60
    for bad in ("", "   ", "\u202e\u200b"):
        with pytest.raises(PresetError, match="Give the preset a name"):
            bare_store.save(MUSIC, bad, VALUES, music_specs)
    with pytest.raises(PresetError, match="can't be saved"):
        bare_store.save(MUSIC, "Odd", {"x": object()}, music_specs)


def test_update_rename_delete_and_default(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "A", VALUES, music_specs)
    bare_store.save(MUSIC, "B", VALUES, music_specs)
    bare_store.update(MUSIC, "a", {**VALUES, "duration": 90}, music_specs)
    assert bare_store.get(MUSIC, "A").params["duration"] == 90
    bare_store.set_default(MUSIC, "A")
    bare_store.rename(MUSIC, "A", "Anthem")
    assert bare_store.listing(MUSIC).default == "Anthem"  # the default follows the rename
    assert bare_store.default_preset(MUSIC).name == "Anthem"  # type: ignore[union-attr]
    with pytest.raises(PresetError, match="already exists"):
        bare_store.rename(MUSIC, "Anthem", "b")
    bare_store.rename(MUSIC, "Anthem", "ANTHEM")  # a change of case is allowed
    bare_store.delete(MUSIC, "anthem")
    assert bare_store.listing(MUSIC).names() == ["B"]
    assert bare_store.listing(MUSIC).default is None
    with pytest.raises(PresetError, match="no preset named 'Anthem'"):
        bare_store.get(MUSIC, "Anthem")
    bare_store.set_default(MUSIC, "B")
    bare_store.set_default(MUSIC, None)
    assert bare_store.default_preset(MUSIC) is None


def test_models_are_kept_apart(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "Only music", VALUES, music_specs)
    assert bare_store.listing(SFX_MODEL_ID).names() == []
    odd = "google/lyria:2"
    bare_store.save(odd, "X", {}, music_specs)
    assert bare_store.path_for(odd).name.startswith("google lyria 2-")  # sanitised + hash
    assert bare_store.listing(odd).names() == ["X"]


def test_starters_are_offered_read_only_and_copied_on_edit(store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    listing = store.listing(MUSIC)
    assert "Lo-fi study beat" in listing.names()
    starter = store.get(MUSIC, "Lo-fi study beat")
    assert starter.starter and not store.path_for(MUSIC).exists()
    with pytest.raises(PresetError, match="starter preset and can't be deleted"):
        store.delete(MUSIC, "Lo-fi study beat")
    store.update(MUSIC, "Lo-fi study beat", {**starter.params, "bpm": 84}, music_specs)
    mine = store.get(MUSIC, "Lo-fi study beat")
    assert not mine.starter and mine.params["bpm"] == 84
    assert store.listing(MUSIC).names().count("Lo-fi study beat") == 1  # the copy shadows it
    store.delete(MUSIC, "Lo-fi study beat")  # deleting the copy brings the starter back
    assert store.get(MUSIC, "Lo-fi study beat").starter
    store.rename(MUSIC, "Ambient pad wash", "My wash")
    assert {"My wash", "Ambient pad wash"} <= set(store.listing(MUSIC).names())
    store.set_default(MUSIC, "Four-on-the-floor house")
    assert not store.default_preset(MUSIC).starter  # type: ignore[union-attr]


def test_user_presets_come_first_then_starters(store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    store.save(MUSIC, "zz mine", VALUES, music_specs)
    store.save(MUSIC, "Aa mine", VALUES, music_specs)
    names = store.listing(MUSIC).names()
    assert names[:2] == ["Aa mine", "zz mine"]
    assert all(store.get(MUSIC, n).starter for n in names[2:])


def test_remember_last_is_cheap_and_restored(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    fingerprint = schema_fingerprint(music_specs)
    assert bare_store.remember_last(MUSIC, VALUES, fingerprint=fingerprint) is True
    assert bare_store.remember_last(MUSIC, dict(VALUES), fingerprint=fingerprint) is False
    assert not bare_store.path_for(MUSIC).exists()  # the presets file is never touched
    restored = bare_store.last_used(MUSIC, music_specs)
    assert restored is not None and restored.values["prompt"] == "dub techno"
    assert restored.report.changes == ()
    assert bare_store.last_used(SFX_MODEL_ID, music_specs) is None


def test_damaged_last_used_is_ignored(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.remember_last(MUSIC, VALUES)
    last = next(bare_store.directory.glob("*.last.json"))
    last.write_text("{ damaged", encoding="utf-8")
    assert bare_store.last_used(MUSIC, music_specs) is None


def test_damaged_file_is_set_aside_with_a_notice(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "A", VALUES, music_specs)
    path = bare_store.path_for(MUSIC)
    path.write_text('{"format_version": 1, "presets": {', encoding="utf-8")
    listing = bare_store.listing(MUSIC)
    assert listing.names() == []
    assert listing.notice is not None and "damaged and has been set aside" in listing.notice
    backups = list(path.parent.glob("*.damaged-*.json"))
    assert len(backups) == 1 and backups[0].name in listing.notice
    assert backups[0].read_text(encoding="utf-8").startswith('{"format_version": 1')
    bare_store.save(MUSIC, "Fresh", VALUES, music_specs)  # saving works again
    assert bare_store.listing(MUSIC).names() == ["Fresh"]


def test_partly_damaged_file_keeps_the_good_presets(bare_store: PresetStore, music_specs) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "Good", VALUES, music_specs)
    path = bare_store.path_for(MUSIC)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["presets"]["Bad"] = {"params": "not an object"}
    path.write_text(json.dumps(document), encoding="utf-8")
    listing = bare_store.listing(MUSIC)
    assert listing.names() == ["Good"]
    assert listing.notice is not None and "could not be read" in listing.notice
    assert path.exists() and list(path.parent.glob("*.damaged-*.json"))


def test_a_file_from_a_newer_sonodesk_is_never_overwritten(
    bare_store: PresetStore, music_specs
) -> None:  # type: ignore[no-untyped-def]
    path = bare_store.path_for(MUSIC)
    path.parent.mkdir(parents=True)
    newer = {"format_version": 2, "kind": "sonodesk-presets", "presets": {}}
    path.write_text(json.dumps(newer), encoding="utf-8")
    listing = bare_store.listing(MUSIC)
    assert listing.notice is not None and "newer version of Sonodesk (format 2)" in listing.notice
    with pytest.raises(PresetError, match="newer Sonodesk"):
        bare_store.save(MUSIC, "A", VALUES, music_specs)
    assert json.loads(path.read_text(encoding="utf-8")) == newer


def test_an_unwritable_folder_gives_a_clear_error(tmp_path: Path, music_specs) -> None:  # type: ignore[no-untyped-def]
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    store = PresetStore(blocker, "sandbox", starters_dir=tmp_path / "none")
    with pytest.raises(PresetError, match="could not be saved"):
        store.save(MUSIC, "A", VALUES, music_specs)
