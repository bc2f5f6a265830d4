"""Every edit a musician makes on takes, its limits, and the sidecar following along."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sonodesk.core.errors import StorageError
from sonodesk.core.library import EditError, Library, sidecar_path
from sonodesk.core.library import edits as edits_mod


def sidecar(take) -> dict:  # type: ignore[no-untyped-def]
    return json.loads(sidecar_path(take.file_path).read_text(encoding="utf-8"))


def test_rename_cleans_the_title_and_updates_the_sidecar(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    outcome = library.rename(take.id, "  Night\u202edrive \n take  ")
    assert outcome.take_ids == (take.id,) and outcome.notice is None
    assert library.take(take.id).title == "Night drive take"  # bidi override removed
    assert sidecar(take)["title"] == "Night drive take"


@pytest.mark.parametrize("title", ["", "   ", "\u200b\u202e"])
def test_an_empty_title_is_refused(library: Library, add_take, title: str) -> None:  # type: ignore[no-untyped-def]
    take = add_take(title="Keep me")
    with pytest.raises(EditError, match="needs a title"):
        library.rename(take.id, title)
    assert library.take(take.id).title == "Keep me"


def test_long_titles_are_cut(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    library.rename(take.id, "x" * 1000)
    assert len(library.take(take.id).title) == edits_mod.MAX_TITLE


def test_rating_and_favorite_on_many_takes(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    a, b = add_take(), add_take()
    assert library.rate([a.id, b.id, "take_unknown"], 4).take_ids == (a.id, b.id)
    library.set_favorite([b.id], True)
    assert (library.take(a.id).rating, library.take(b.id).rating) == (4, 4)
    assert (library.take(a.id).favorite, library.take(b.id).favorite) == (False, True)
    library.set_favorite(b.id, False)  # a single id works too
    assert library.take(b.id).favorite is False
    library.rate([a.id], 0)
    assert library.take(a.id).rating == 0


@pytest.mark.parametrize("rating", [-1, 6, 2.5, True, "5", None])
def test_ratings_outside_zero_to_five_are_refused(library: Library, add_take, rating) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    with pytest.raises(EditError, match="0 to 5"):
        library.rate([take.id], rating)


def test_tags_are_normalised_deduplicated_and_shared(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    a, b = add_take(), add_take()
    library.add_tags([a.id], ["  Drums ", "#drums", "ＤＲＵＭＳ", "lo  fi", "", "\x00"])
    library.add_tags([b.id], ["DRUMS"])
    assert library.take(a.id).tags == ("Drums", "lo fi")
    assert library.take(b.id).tags == ("Drums",)  # the first spelling is the tag's name
    assert sidecar(a)["tags"] == ["Drums", "lo fi"]
    library.remove_tags([a.id, b.id], ["drums"])
    assert library.take(a.id).tags == ("lo fi",)
    assert library.take(b.id).tags == ()
    assert library.tag_counts() == [("lo fi", 1)]  # unused tags are forgotten


def test_set_tags_replaces_them(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    library.add_tags([take.id], ["old"])
    library.set_tags(take.id, ["new", "Newer"])
    assert library.take(take.id).tags == ("new", "Newer")


def test_notes_keep_lines_and_reach_the_sidecar(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    library.set_notes(take.id, "Bridge candidate\r\nTry at 92 BPM\x07")
    assert library.take(take.id).notes == "Bridge candidate\nTry at 92 BPM"
    assert sidecar(take)["notes"] == "Bridge candidate\nTry at 92 BPM"
    with pytest.raises(EditError, match="at most"):
        library.set_notes(take.id, "x" * (edits_mod.MAX_NOTES + 1))


def test_rating_does_not_rewrite_the_sidecar(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take()
    library.rename(take.id, "First")
    before = sidecar_path(take.file_path).stat().st_mtime_ns
    library.rate([take.id], 5)
    assert sidecar_path(take.file_path).stat().st_mtime_ns == before


def test_a_sidecar_that_cannot_be_written_becomes_a_notice(
    library: Library, add_take, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    take = add_take()

    def refuse(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise StorageError("disk full")

    monkeypatch.setattr(edits_mod, "write_sidecar", refuse)
    outcome = library.rename(take.id, "Still renamed")
    assert library.take(take.id).title == "Still renamed"  # the database is the truth
    assert outcome.notice is not None and "'Still renamed'" in outcome.notice


def test_edits_on_a_take_without_audio_write_no_orphan_sidecar(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    take = add_take(audio=False)
    library.rename(take.id, "Ghost")
    assert not sidecar_path(take.file_path).exists()
    assert not Path(take.file_path).exists()


def test_ensure_sidecars_writes_the_missing_ones(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    with_file, without = add_take(), add_take(audio=False)
    assert library.ensure_sidecars() == 1
    assert sidecar_path(with_file.file_path).exists()
    assert not sidecar_path(without.file_path).exists()
    assert library.ensure_sidecars() == 0
