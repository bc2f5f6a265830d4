"""Export and import: round trip, and every malformed or hostile file with its exact message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sonodesk.core.presets import (
    PresetImportError,
    PresetStore,
    export_presets,
    import_presets,
    read_preset_file,
    suggested_file_name,
)
from sonodesk.core.presets import transfer as transfer_mod
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID

MUSIC = MUSIC_MODEL_ID
VALUES = {"prompt": "dub techno", "duration": 40}


def document(**changes: object) -> dict:  # type: ignore[type-arg]
    base = {
        "format_version": 1,
        "kind": "sonodesk-presets",
        "app_version": "0.1.0",
        "provider": "sandbox",
        "model_id": MUSIC,
        "schema_fingerprint": None,
        "presets": {"Shared groove": {"params": dict(VALUES), "updated": "2026-01-01"}},
    }
    base.update(changes)
    return base


def write(path: Path, content: object) -> Path:
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_export_then_import_round_trip(
    bare_store: PresetStore, tmp_path: Path, music_specs
) -> None:  # type: ignore[no-untyped-def]
    bare_store.save(MUSIC, "Groove", VALUES, music_specs)
    bare_store.save(MUSIC, "Other", {**VALUES, "duration": 10}, music_specs)
    target = tmp_path / suggested_file_name("Sandbox Music Sketch", "Groove")
    assert target.name == "Groove.sonodesk-presets.json"
    assert export_presets(bare_store, MUSIC, target, names=["groove"]) == 1
    exported = json.loads(target.read_text(encoding="utf-8"))
    assert list(exported["presets"]) == ["Groove"] and exported["format_version"] == 1
    assert exported["model_id"] == MUSIC and exported["schema_fingerprint"]

    other = PresetStore(tmp_path / "elsewhere", "sandbox", starters_dir=tmp_path / "none")
    result = import_presets(other, target, MUSIC, music_specs)
    assert [p.name for p in result.presets] == ["Groove"] and result.notes == ()
    assert other.get(MUSIC, "Groove").params["duration"] == 40
    again = import_presets(other, target, MUSIC, music_specs)  # the name is now taken
    assert [p.name for p in again.presets] == ["Groove (2)"]
    assert again.notes == ("Imported 'Groove' as 'Groove (2)': that name was taken.",)


def test_export_the_whole_set_including_starters(store: PresetStore, tmp_path: Path) -> None:
    count = export_presets(store, MUSIC, tmp_path / "all.json")
    assert count == len(store.listing(MUSIC).presets) >= 4


def test_import_fits_the_presets_to_the_current_schema(
    bare_store: PresetStore, tmp_path: Path, music_specs
) -> None:  # type: ignore[no-untyped-def]
    old = document(
        schema_fingerprint="feedfacefeedface",
        presets={"Long one": {"params": {"duration": 999, "style": "x", "prompt": "p"}}},
    )
    result = import_presets(bare_store, write(tmp_path / "old.json", old), MUSIC, music_specs)
    messages = result.presets[0].report.messages
    assert "Duration (s) 999 → 180 (the new maximum)" in messages
    assert "dropped 'style' (no longer an input)" in messages
    assert bare_store.get(MUSIC, "Long one").params["duration"] == 180


def test_names_are_sanitised(bare_store: PresetStore, tmp_path: Path, music_specs) -> None:  # type: ignore[no-untyped-def]
    hostile = document(
        presets={
            "  evil\u202e\x00name\n" + "x" * 500: {"params": {}},
            "../../etc/passwd": {"params": {}},
            "": {"params": {}},
        }
    )
    result = import_presets(bare_store, write(tmp_path / "n.json", hostile), MUSIC, music_specs)
    names = [p.name for p in result.presets]
    assert names[0].startswith("evil name xxx") and len(names[0]) == 80
    assert names[1] == "../../etc/passwd"  # a name, never a path
    assert result.notes == ("Skipped preset '(unnamed)': its name is empty or used twice.",)
    assert sorted(p.name for p in bare_store.directory.iterdir()) == [
        "model_sonodesk-music-sketch.json"
    ]


MB = 1024 * 1024
TRUNCATED = '{"format_version": 1, "kind": "sonodesk-presets", "presets": {"A": {"par'
DEEP: list = [[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]  # type: ignore[type-arg]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (TRUNCATED, transfer_mod.NOT_JSON),
        ("", transfer_mod.NOT_JSON),
        ("[" * 5000 + "]" * 5000, transfer_mod.TOO_DEEP),
        (document(presets={"A": {"params": {"a": DEEP}}}), transfer_mod.TOO_DEEP),
        ([1, 2, 3], "This is not a Sonodesk preset file."),
        (document(kind="sonodesk-take"), "This is not a Sonodesk preset file."),
        (document(presets=["A"]), "This is not a Sonodesk preset file."),
        (document(model_id=7), "This is not a Sonodesk preset file."),
        (
            document(format_version="1"),
            "This is not a Sonodesk preset file (its format version is missing or invalid).",
        ),
        (
            document(format_version=None),
            "This is not a Sonodesk preset file (its format version is missing or invalid).",
        ),
        (
            document(format_version=3),
            "This preset file was made by a newer version of Sonodesk (format 3); "
            "update Sonodesk to use it.",
        ),
        (
            document(model_id=SFX_MODEL_ID),
            "These presets are for the model 'model_sonodesk-sfx', "
            "not 'model_sonodesk-music-sketch'.",
        ),
        (document(presets={}), "The file contains no presets that can be used."),
        (
            document(presets={"A": {"params": "x"}, "B": {"params": [1]}, "C": 3}),
            "The file contains no presets that can be used.",
        ),
        (document(presets={"A": {"params": {"p": "x" * 30_000}}}), transfer_mod.NO_PRESETS),
    ],
    ids=[
        "truncated",
        "empty",
        "deep-array",
        "deep-params",
        "not-an-object",
        "wrong-kind",
        "presets-not-object",
        "model-id-type",
        "version-text",
        "version-missing",
        "version-newer",
        "another-model",
        "no-presets",
        "wrong-types",
        "huge-string",
    ],
)
def test_malformed_files_are_refused_with_the_exact_message(
    bare_store: PresetStore, tmp_path: Path, music_specs, content: object, message: str
) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "bad.json", content)
    with pytest.raises(PresetImportError) as caught:
        import_presets(bare_store, path, MUSIC, music_specs)
    assert caught.value.message == message
    assert not bare_store.path_for(MUSIC).exists()  # nothing was saved


def test_another_model_says_what_to_do(
    bare_store: PresetStore, tmp_path: Path, music_specs
) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path / "sfx.json", document(model_id=SFX_MODEL_ID))
    with pytest.raises(PresetImportError) as caught:
        import_presets(bare_store, path, MUSIC, music_specs)
    assert caught.value.hint == "Choose that model, then import again."


def test_a_50_mb_file_is_refused_without_reading_it(
    bare_store: PresetStore, tmp_path: Path, music_specs
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:
        handle.truncate(50 * MB)
    with pytest.raises(PresetImportError) as caught:
        import_presets(bare_store, path, MUSIC, music_specs)
    assert caught.value.message == (
        "This file is too large to be a preset file (50 MB; the limit is 1 MB)."
    )


def test_unreadable_paths(bare_store: PresetStore, tmp_path: Path, music_specs) -> None:  # type: ignore[no-untyped-def]
    for path in (tmp_path / "missing.json", tmp_path):
        with pytest.raises(PresetImportError) as caught:
            import_presets(bare_store, path, MUSIC, music_specs)
        assert caught.value.message == "The preset file could not be read."


def test_bad_entries_are_skipped_with_notes(
    bare_store: PresetStore, tmp_path: Path, music_specs
) -> None:  # type: ignore[no-untyped-def]
    mixed = document(presets={"Good": {"params": VALUES}, "Bad": {"params": [1, 2]}})
    result = import_presets(bare_store, write(tmp_path / "m.json", mixed), MUSIC, music_specs)
    assert [p.name for p in result.presets] == ["Good"]
    assert result.notes == ("Skipped preset 'Bad': its settings could not be read.",)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=25,
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {
            "format_version": st.one_of(st.just(1), json_values),
            "kind": st.one_of(st.just("sonodesk-presets"), json_values),
            "provider": st.one_of(st.just("sandbox"), json_values),
            "model_id": st.one_of(st.just(MUSIC), json_values),
        },
        optional={
            "presets": st.dictionaries(
                st.text(max_size=90),
                st.one_of(json_values, st.fixed_dictionaries({"params": json_values})),
                max_size=4,
            ),
            "default": json_values,
            "schema_fingerprint": json_values,
        },
    ),
)


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=documents)
def test_any_document_imports_or_fails_politely(tmp_path: Path, music_specs, content) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(content), encoding="utf-8")
    store = PresetStore(tmp_path / "fuzz-presets", "sandbox", starters_dir=tmp_path / "none")
    try:
        result = import_presets(store, path, MUSIC, music_specs)
    except PresetImportError as exc:
        assert exc.message and exc.message.endswith((".", "it."))
        return
    for imported in result.presets:
        assert store.get(MUSIC, imported.name).params is not None


def test_read_preset_file_is_usable_on_its_own(tmp_path: Path) -> None:
    presets, notes = read_preset_file(write(tmp_path / "ok.json", document()))
    assert presets.model_id == MUSIC and presets.presets[0].name == "Shared groove"
    assert notes == ()
