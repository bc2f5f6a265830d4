"""RowWindow: paged reads with an LRU cache, and hidden/ghost rows for step-by-step changes."""

from __future__ import annotations

import pytest

from sonodesk.core.library.paging import RowWindow
from sonodesk.core.library.query import LibraryRow


def row(name: str) -> LibraryRow:
    return LibraryRow(
        name, name, "m", "M", "sandbox", 0.0, 1.0, 0, False, (), "", None, None, "", None,
        None, None, None, None,
    )  # fmt: skip


class Source:
    """A list standing in for the database; ``reads`` counts page fetches."""

    def __init__(self, names: list[str]) -> None:
        self.rows = [row(n) for n in names]
        self.reads: list[tuple[int, int]] = []

    def fetch(self, offset: int, limit: int) -> list[LibraryRow]:
        self.reads.append((offset, limit))
        return self.rows[offset : offset + limit]

    def count(self) -> int:
        return len(self.rows)

    def window(self, **kwargs: int) -> RowWindow:
        return RowWindow(self.fetch, self.count, **kwargs)


def ids(window: RowWindow) -> list[str]:
    return [window.row(i).id for i in range(len(window))]  # type: ignore[union-attr]


def test_reads_one_page_at_a_time_and_keeps_a_bounded_cache() -> None:
    source = Source([f"t{i}" for i in range(1000)])
    window = source.window(page_size=100, max_pages=3)
    assert len(window) == 1000 and source.reads == []
    assert window.row(250).id == "t250"  # type: ignore[union-attr]
    assert source.reads == [(200, 100)]
    window.row(299)
    assert len(source.reads) == 1  # same page, from the cache
    for shown in (0, 100, 300):
        window.row(shown)
    assert window.cached_pages() == [0, 1, 3]  # the least recently used page (2) went first
    assert window.row(1000) is None and window.row(-1) is None


def test_find_looks_only_at_cached_rows() -> None:
    source = Source([f"t{i}" for i in range(500)])
    window = source.window(page_size=100)
    assert window.find("t420") is None
    window.row(410)
    assert window.find("t420") == 420


def test_hidden_rows_are_revealed_in_ascending_order_at_their_final_place() -> None:
    source = Source(["a", "c", "e"])
    window = source.window(page_size=2)
    source.rows = [row(n) for n in ["a", "b", "c", "d", "e"]]  # two arrived
    window.invalidate()
    window.hide([3, 1])
    assert ids(window) == ["a", "c", "e"]  # the view's old state, served from the new source
    assert window.reveal_next() == 1
    assert ids(window) == ["a", "b", "c", "e"]
    assert window.reveal_next() == 3
    assert ids(window) == ["a", "b", "c", "d", "e"]
    assert window.reveal_next() is None


def test_ghosts_keep_removed_rows_until_each_block_is_dropped() -> None:
    source = Source(list("abcdefg"))
    window = source.window(page_size=3)
    old = {i: window.row(i) for i in (1, 2, 5)}
    source.rows = [row(n) for n in "adeg"]  # b, c and f were deleted
    window.invalidate()
    window.add_ghosts(old)  # type: ignore[arg-type]
    assert ids(window) == list("abcdefg")
    assert window.ghost_blocks() == [(5, 5), (1, 2)]
    window.drop_ghosts(5, 5)
    assert ids(window) == list("abcdeg")
    window.drop_ghosts(1, 2)
    assert ids(window) == list("adeg")
    assert window.source_row(1) == 1 and window.shown_row(3) == 3


def test_a_move_is_a_ghost_at_the_old_place_and_a_hidden_row_at_the_new_one() -> None:
    source = Source(list("abcde"))
    window = source.window()
    old_b = window.row(1)
    source.rows = [row(n) for n in "acdbe"]  # b moved from 1 to 3
    window.invalidate()
    window.add_ghosts({1: old_b})  # type: ignore[dict-item]
    window.hide([3])
    assert ids(window) == list("abcde")
    window.settle()
    assert ids(window) == list("acdbe")


def test_reload_forgets_pending_changes() -> None:
    source = Source(list("abc"))
    window = source.window()
    window.hide([0])
    window.reload()
    assert ids(window) == list("abc") and window.hidden == ()


def test_sizes_must_be_positive() -> None:
    with pytest.raises(ValueError):
        RowWindow(lambda o, n: [], lambda: 0, page_size=0)
