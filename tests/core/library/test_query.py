"""10,000 takes: counts, filters, orders and pages, with FTS5 and with the LIKE fallback."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sonodesk.core.jobs.store import JobStore
from sonodesk.core.library import Library, LibraryQuery, SortKey
from sonodesk.core.library.query import compile_query

from .conftest import NOW, bulk_insert, make_take

COUNT = 10_000
MODELS = ["model_a", "model_b", "model_c", "model_d"]
PROMPTS = ["lofi piano", "house groove", "ambient pad", "rain loop", "café jazz"]


def spec(i: int) -> dict:
    """The facts of take i, so each test can compute what it expects independently."""
    return {
        "model_id": MODELS[i % 4],
        "provider": "scenario" if i % 5 == 0 else "sandbox",
        "created_at": NOW - i * 60,
        "rating": i % 6,
        "favorite": i % 10 == 0,
        "duration": None if i % 97 == 0 else float(i % 100 + 1),
        "prompt": f"{PROMPTS[i % 5]} {i}",
        "title": f"Take {i:05d}",
    }


SPECS = [spec(i) for i in range(COUNT)]


def tid(i: int) -> str:
    return f"take_{i:06d}"


@pytest.fixture(scope="module", params=[True, False], ids=["fts5", "like"])
def big(request, tmp_path_factory) -> Iterator[Library]:  # type: ignore[no-untyped-def]
    root: Path = tmp_path_factory.mktemp("big")
    store = JobStore(root / "big.db")
    takes = [
        make_take(
            i,
            root / "takes",
            model_id=s["model_id"],
            model_name=s["model_id"].replace("_", " ").title(),
            provider=s["provider"],
            created_at=s["created_at"],
            duration=s["duration"],
            prompt=s["prompt"],
            title=s["title"],
        )
        for i, s in enumerate(SPECS)
    ]
    bulk_insert(store, takes)
    store.connection.execute(
        "UPDATE takes SET rating = output_index % 6, favorite = (output_index % 10 = 0)"
    )
    library = Library(store, root / "trash", use_fts=request.param)
    assert library.fts is request.param
    yield library
    store.close()


def expected(predicate) -> list[str]:  # type: ignore[no-untyped-def]
    """Matching ids, newest first (index order), as the default query orders them."""
    return [tid(i) for i, s in enumerate(SPECS) if predicate(s)]


def test_all_ten_thousand_load_newest_first(big: Library) -> None:
    query = LibraryQuery()
    assert big.count(query) == COUNT
    assert big.ids(query) == [tid(i) for i in range(COUNT)]
    first = big.fetch(query, 0, 100)
    assert [r.id for r in first] == [tid(i) for i in range(100)]
    assert first[0].model_id == "model_a" and first[0].favorite is True


def test_pages_join_up_to_the_full_order(big: Library) -> None:
    query = LibraryQuery(sort_key=SortKey.RATING)
    pages: list[str] = []
    for offset in range(0, COUNT, 1500):
        pages += [r.id for r in big.fetch(query, offset, 1500)]
    assert pages == big.ids(query)
    assert big.fetch(query, COUNT + 10, 50) == []


@pytest.mark.parametrize(
    ("query", "predicate"),
    [
        (LibraryQuery(model_ids=("model_b",)), lambda s: s["model_id"] == "model_b"),
        (LibraryQuery(providers=("scenario",)), lambda s: s["provider"] == "scenario"),
        (LibraryQuery(favorite_only=True), lambda s: s["favorite"]),
        (LibraryQuery(min_rating=4), lambda s: s["rating"] >= 4),
        (
            LibraryQuery(created_from=NOW - 600 * 60, created_to=NOW - 100 * 60),
            lambda s: NOW - 600 * 60 <= s["created_at"] < NOW - 100 * 60,
        ),
        (
            LibraryQuery(text="hous", model_ids=("model_b", "model_c"), min_rating=3),
            lambda s: (
                "house" in s["prompt"]
                and s["model_id"] in ("model_b", "model_c")
                and s["rating"] >= 3
            ),
        ),
        (LibraryQuery(text="café jaz"), lambda s: "café jazz" in s["prompt"]),
        (LibraryQuery(text="piano 123"), lambda s: s["prompt"].startswith("lofi piano 123")),
    ],
    ids=["model", "provider", "favorite", "rating", "dates", "combined", "unicode", "prefix"],
)
def test_filters_match_an_independent_computation(big: Library, query, predicate) -> None:  # type: ignore[no-untyped-def]
    want = expected(predicate)
    assert big.count(query) == len(want)
    assert big.ids(query) == want


def test_sort_by_title_ascending_and_descending(big: Library) -> None:
    up = big.ids(LibraryQuery(sort_key=SortKey.TITLE, sort_desc=False))
    assert up[:3] == [tid(0), tid(1), tid(2)]
    down = big.ids(LibraryQuery(sort_key=SortKey.TITLE, sort_desc=True))
    assert down == list(reversed(up))


def test_sort_by_duration_puts_unknown_lengths_last(big: Library) -> None:
    query = LibraryQuery(sort_key=SortKey.DURATION)
    rows = big.fetch(query, 0, 5000) + big.fetch(query, 5000, 5000)  # 5000: the page cap
    assert len(rows) == COUNT
    durations = [r.duration for r in rows]
    known = [d for d in durations if d is not None]
    assert known == sorted(known, reverse=True)
    unknown = sum(s["duration"] is None for s in SPECS)
    assert durations[-unknown:] == [None] * unknown
    # Ties keep newest first.
    hundreds = [r.id for r in rows if r.duration == 100.0]
    assert hundreds == sorted(hundreds)


def test_sort_by_rating_breaks_ties_by_newest(big: Library) -> None:
    rows = big.fetch(LibraryQuery(sort_key=SortKey.RATING, min_rating=5), 0, 5)
    assert [r.id for r in rows] == [tid(5), tid(11), tid(17), tid(23), tid(29)]


def test_relevance_ranks_title_matches_first(big: Library) -> None:
    query = LibraryQuery(text="00042", sort_key=SortKey.RELEVANCE)
    assert big.ids(query)[0] == tid(42)


def test_index_of_and_row_for(big: Library) -> None:
    query = LibraryQuery(model_ids=("model_c",))
    assert big.index_of(query, tid(2)) == 0
    assert big.index_of(query, tid(10)) == 2
    assert big.index_of(query, tid(1)) is None
    row = big.row_for(tid(4242))
    assert row is not None and row.title == "Take 04242" and row.rating == 4242 % 6
    assert big.row_for("take_missing") is None


def test_model_counts_for_the_filter_panel(big: Library) -> None:
    counts = {(provider, model): n for provider, model, _, n in big.model_counts()}
    assert sum(counts.values()) == COUNT
    assert counts["sandbox", "model_a"] + counts["scenario", "model_a"] == 2500
    assert counts["scenario", "model_a"] == 500  # every fifth take is from Scenario


def test_trash_scopes(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    kept, gone = add_take(), add_take()
    library.delete([gone.id])
    assert library.ids(LibraryQuery()) == [kept.id]
    assert library.ids(LibraryQuery(only_deleted=True)) == [gone.id]
    assert set(library.ids(LibraryQuery(include_deleted=True))) == {kept.id, gone.id}
    assert library.row_for(gone.id).deleted_at is not None  # type: ignore[union-attr]


def test_tag_filter_keeps_takes_with_every_tag(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    a, b, c = add_take(), add_take(), add_take()
    library.add_tags([a.id, b.id], ["drums"])
    library.add_tags([a.id, c.id], ["Keeper"])
    assert library.ids(LibraryQuery(tags=("DRUMS",))) == [a.id, b.id]
    assert library.ids(LibraryQuery(tags=("drums", "keeper"))) == [a.id]
    assert library.ids(LibraryQuery(tags=("nothing",))) == []
    assert library.tag_counts() == [("drums", 2), ("Keeper", 2)]


@pytest.mark.parametrize("desc", [False, True], ids=["asc", "desc"])
@pytest.mark.parametrize("key", list(SortKey), ids=lambda k: k.value)
def test_index_of_agrees_with_the_order_for_every_sort(big: Library, key, desc) -> None:  # type: ignore[no-untyped-def]
    for extra in ({}, {"text": "piano"}, {"model_ids": ("model_b",)}, {"min_rating": 3}):
        query = LibraryQuery(sort_key=key, sort_desc=desc, **extra)  # type: ignore[arg-type]
        ids = big.ids(query)
        assert ids, extra
        nulls = [i for i, t in enumerate(ids) if SPECS[int(t[5:])]["duration"] is None][:2]
        for i in {0, 1, 2, len(ids) // 3, len(ids) // 2, len(ids) - 2, len(ids) - 1, *nulls}:
            assert big.index_of(query, ids[i]) == i, (extra, i)
        assert big.index_of(query, "take_missing") is None


@pytest.mark.parametrize(
    "key", [k for k in SortKey if k not in (SortKey.CREATED, SortKey.RELEVANCE)]
)
def test_a_column_sort_reads_its_index_instead_of_sorting_every_take(big: Library, key) -> None:  # type: ignore[no-untyped-def]
    for desc in (False, True):
        compiled = compile_query(LibraryQuery(sort_key=key, sort_desc=desc), fts=big.fts)
        sql, args = compiled.select("takes.id")
        plan = " | ".join(
            str(row[-1])
            for row in big.store.connection.execute(f"EXPLAIN QUERY PLAN {sql} LIMIT 200", args)
        )
        assert "takes_sort_" in plan and "TEMP B-TREE" not in plan, plan


def test_index_of_with_ties_and_case(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    takes = [
        add_take(audio=False, title=title, created_at=NOW - age, duration=duration)
        for title, age, duration in [
            ("beta", 5, None),
            ("Beta", 3, 2.0),
            ("alpha", 4, None),
            ("BETA", 1, 2.0),
            ("gamma", 2, 1.0),
        ]
    ]
    assert takes
    for key in (SortKey.TITLE, SortKey.DURATION):
        for desc in (False, True):
            query = LibraryQuery(sort_key=key, sort_desc=desc)
            ids = library.ids(query)
            assert [library.index_of(query, t) for t in ids] == list(range(len(ids)))


def test_the_library_still_opens_when_its_sort_indexes_cannot_be_made(
    store: JobStore, trash_dir: Path, add_take, monkeypatch, caplog
) -> None:  # type: ignore[no-untyped-def]
    from sonodesk.core.library import sort_index

    add_take(audio=False)
    monkeypatch.setattr(
        sort_index, "sort_indexes", lambda: {"takes_sort_x": "CREATE INDEX broken ON nowhere(x)"}
    )
    library = Library(store, trash_dir)
    assert "sort indexes not created" in caplog.text
    assert len(library.ids(LibraryQuery(sort_key=SortKey.TITLE))) == 1
