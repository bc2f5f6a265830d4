"""Full-text search: prefixes as the user types, unicode, hostile input, index kept in sync."""

from __future__ import annotations

import pytest

from sonodesk.core.library import Library, LibraryQuery
from sonodesk.core.library.search_index import FTS_TABLE, fts5_available, match_expression, terms


def found(library: Library, text: str) -> list[str]:
    return library.ids(LibraryQuery(text=text))


@pytest.fixture
def songs(add_take):  # type: ignore[no-untyped-def]
    return {
        "piano": add_take(title="Melancholic piano ballad", prompt="slow piano in E minor"),
        "cafe": add_take(title="Café morning", prompt="naïve jazz trio, brushes"),
        "tokyo": add_take(title="東京の夜", prompt="city pop at night"),
        "house": add_take(
            title="Warehouse", prompt="four-on-the-floor house", model_name="Music Sketch"
        ),
    }


def test_this_python_has_fts5(library: Library) -> None:
    # The benchmark figures assume FTS5; the LIKE fallback is tested separately.
    assert fts5_available(library.store.connection)
    assert library.fts is True


def test_prefixes_match_as_the_user_types(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    for typed in ("p", "pi", "pia", "pian", "piano"):
        assert songs["piano"].id in found(library, typed), typed
    assert found(library, "melan pia") == [songs["piano"].id]
    assert found(library, "piano jazz") == []  # every word must match


def test_unicode_case_and_diacritics_fold(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    for typed in ("cafe", "CAFÉ", "Caf", "naive", "NAÏVE"):
        assert found(library, typed) == [songs["cafe"].id], typed
    assert found(library, "東京") == [songs["tokyo"].id]


def test_model_name_and_words_split_on_punctuation_are_searchable(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    assert found(library, "sketch") == [songs["house"].id]
    assert found(library, "floor") == [songs["house"].id]
    assert songs["house"].id in found(library, "four-on-the")


@pytest.mark.parametrize(
    "text",
    [
        '"',
        "AND",
        "OR NOT",
        "*",
        "piano*",
        "NEAR(piano",
        "title:piano",
        "'; DROP TABLE takes; --",
        "\x00",
        "🎹",
        "   ",
        "-",
        "^piano",
        "(",
        "%",
        "_",
    ],
)
def test_hostile_or_odd_text_never_breaks_the_query(library: Library, songs, text: str) -> None:  # type: ignore[no-untyped-def]
    result = found(library, text)
    assert isinstance(result, list)
    assert library.count(LibraryQuery()) == 4  # the table is still there


def test_text_without_words_does_not_filter(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    assert len(found(library, "!!! ...")) == 4


def test_edits_reach_the_index(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    piano = songs["piano"].id
    library.rename(piano, "Rainy sonata")
    assert found(library, "sonat") == [piano]
    assert found(library, "melancholic") == []
    library.set_notes(piano, "use for the bridge in track 3")
    assert found(library, "bridg") == [piano]
    library.add_tags([piano], ["keeper", "Strings"])
    assert found(library, "keep") == [piano]
    assert found(library, "string") == [piano]
    library.remove_tags([piano], ["keeper"])
    assert found(library, "keeper") == []
    assert found(library, "strings") == [piano]


def test_emptied_takes_leave_the_index(library: Library, songs) -> None:  # type: ignore[no-untyped-def]
    library.delete([songs["cafe"].id])
    assert found(library, "cafe") == []  # trashed takes are hidden by default
    assert library.ids(LibraryQuery(text="cafe", include_deleted=True)) == [songs["cafe"].id]
    library.empty_trash()
    rows = library.store.connection.execute(f"SELECT count(*) FROM {FTS_TABLE}").fetchone()[0]
    assert rows == 3


def test_index_is_rebuilt_when_triggers_went_missing(store, trash_dir, songs) -> None:  # type: ignore[no-untyped-def]
    like = Library(store, trash_dir, use_fts=False)  # as a build without FTS5 would
    assert like.fts is False
    triggers = store.connection.execute(
        "SELECT count(*) FROM sqlite_master WHERE type='trigger' AND name LIKE '%fts%'"
    ).fetchone()[0]
    assert triggers == 0
    like.rename(songs["piano"].id, "Renamed while unindexed")
    again = Library(store, trash_dir)
    assert again.fts is True
    assert found(again, "unindexed") == [songs["piano"].id]
    assert found(again, "melancholic") == []


def test_like_fallback_searches_the_same_fields(store, trash_dir, songs) -> None:  # type: ignore[no-untyped-def]
    like = Library(store, trash_dir, use_fts=False)
    like.add_tags([songs["tokyo"].id], ["citypop"])
    assert found(like, "pia") == [songs["piano"].id]
    assert found(like, "citypop") == [songs["tokyo"].id]
    assert found(like, "東京") == [songs["tokyo"].id]
    assert len(found(like, "%")) == 4  # no words: no filter, and never a wildcard


def test_terms_and_match_expression() -> None:
    assert terms('Dreamy  "lo-fi" piano, dreamy') == ["Dreamy", "lo", "fi", "piano", "dreamy"]
    assert match_expression(["lo", "fi"]) == '"lo"* "fi"*'
    assert terms("a b c d e f g h i j k l m n") == list("abcdefghijkl")
