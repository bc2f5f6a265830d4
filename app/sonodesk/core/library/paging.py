"""A paged, cached window over one library query, for a list view of any length.

Rows are fetched a page at a time and kept in a small LRU cache. While a view is told about
a change step by step (rows inserted, removed or moved after the database already changed),
the window can *hide* rows the source has but the view has not been told about yet, and keep
*ghosts* of rows the view still shows but the source no longer has. ``fetch``/``count`` are
injected. No Qt, no SQL.
"""

from __future__ import annotations

import bisect
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence

from sonodesk.core.library.query import LibraryRow

Fetch = Callable[[int, int], Sequence[LibraryRow]]  # (offset, limit) -> rows in order
Count = Callable[[], int]

PAGE_SIZE = 200
MAX_PAGES = 16


class RowWindow:
    """Shown rows = the source's rows, minus hidden ones, plus ghosts at their shown places."""

    def __init__(
        self, fetch: Fetch, count: Count, *, page_size: int = PAGE_SIZE, max_pages: int = MAX_PAGES
    ) -> None:
        if page_size <= 0 or max_pages <= 0:
            raise ValueError("page_size and max_pages must be positive")
        self._fetch = fetch
        self._count = count
        self.page_size = page_size
        self.max_pages = max_pages
        self._pages: OrderedDict[int, list[LibraryRow]] = OrderedDict()
        self._hidden: list[int] = []  # source rows, ascending
        self._ghosts: dict[int, LibraryRow] = {}  # shown row -> the row as it was
        self.source_count = max(0, int(count()))
        self.fetches = 0  # pages read from the source, for measurements and tests

    # -- reading -----------------------------------------------------------------------------

    def __len__(self) -> int:
        return self.source_count - len(self._hidden) + len(self._ghosts)

    def row(self, shown: int) -> LibraryRow | None:
        """The row at a shown position, or None outside the window."""
        if not 0 <= shown < len(self):
            return None
        ghost = self._ghosts.get(shown)
        if ghost is not None:
            return ghost
        source = self.source_row(shown)
        return None if source is None else self._source_at(source)

    def source_row(self, shown: int) -> int | None:
        """The source position behind a shown row (None for a ghost)."""
        if shown in self._ghosts:
            return None
        n = shown - sum(1 for g in self._ghosts if g < shown)
        for hidden in self._hidden:
            if hidden > n:
                break
            n += 1
        return n

    def shown_row(self, source: int) -> int | None:
        """Where a source row is shown (None while it is hidden)."""
        if source in self._hidden:
            return None
        shown = source - bisect.bisect_left(self._hidden, source)
        for ghost in sorted(self._ghosts):
            if ghost > shown:
                break
            shown += 1
        return shown

    def find(self, take_id: str) -> int | None:
        """The shown row of a take among cached pages and ghosts; None when not cached."""
        return self.find_many((take_id,)).get(take_id)

    def find_many(self, take_ids: Iterable[str]) -> dict[str, int]:
        """Shown rows of those takes that are cached (ghosts first), in one pass over the cache."""
        wanted = set(take_ids)
        found: dict[str, int] = {}
        for shown, ghost in self._ghosts.items():
            if ghost.id in wanted and ghost.id not in found:
                found[ghost.id] = shown
        for page, rows in self._pages.items():
            for offset, row in enumerate(rows):
                if row.id in wanted and row.id not in found:
                    found[row.id] = self.shown_row(page * self.page_size + offset)
        return found

    def cached_pages(self) -> list[int]:
        return list(self._pages)

    # -- changes -----------------------------------------------------------------------------

    def reload(self) -> None:
        """Forget everything: the source changed in ways nobody announced."""
        self._hidden.clear()
        self._ghosts.clear()
        self.invalidate()

    def invalidate(self) -> None:
        """The source changed (its rows moved): drop cached pages and count it again."""
        self._pages.clear()
        self.source_count = max(0, int(self._count()))

    def hide(self, source_rows: Iterable[int]) -> None:
        """Rows the source has that the view has not been told about yet."""
        for source in source_rows:
            if 0 <= source < self.source_count and source not in self._hidden:
                bisect.insort(self._hidden, source)

    @property
    def hidden(self) -> tuple[int, ...]:
        return tuple(self._hidden)

    def next_reveal_position(self) -> int | None:
        """The shown position the lowest hidden row will take when revealed."""
        if not self._hidden:
            return None
        first = self._hidden[0]
        shown = first
        for ghost in sorted(self._ghosts):
            if ghost > shown:
                break
            shown += 1
        return shown

    def reveal_next(self) -> int | None:
        """Show the lowest hidden row; returns its shown position."""
        position = self.next_reveal_position()
        if position is not None:
            self._hidden.pop(0)
        return position

    def add_ghosts(self, rows: Mapping[int, LibraryRow]) -> None:
        """Keep showing these rows (by shown position) after the source lost them."""
        self._ghosts.update(rows)

    @property
    def ghosts(self) -> tuple[int, ...]:
        return tuple(sorted(self._ghosts))

    def ghost_blocks(self) -> list[tuple[int, int]]:
        """Runs of consecutive ghost positions, highest first (the order to remove them in)."""
        blocks: list[tuple[int, int]] = []
        for position in sorted(self._ghosts, reverse=True):
            if blocks and blocks[-1][0] == position + 1:
                blocks[-1] = (position, blocks[-1][1])
            else:
                blocks.append((position, position))
        return blocks

    def drop_ghosts(self, first: int, last: int) -> None:
        """Stop showing the ghosts in ``first..last``; later ghosts move up to stay in place."""
        removed = last - first + 1
        kept = {p: r for p, r in self._ghosts.items() if not first <= p <= last}
        self._ghosts = {(p - removed if p > last else p): r for p, r in kept.items()}

    def settle(self) -> None:
        """A move finished: the view now matches the source."""
        self._hidden.clear()
        self._ghosts.clear()

    # -- internals ---------------------------------------------------------------------------

    def _source_at(self, source: int) -> LibraryRow | None:
        page, offset = divmod(source, self.page_size)
        rows = self._pages.get(page)
        if rows is None:
            rows = list(self._fetch(page * self.page_size, self.page_size))
            self.fetches += 1
            self._pages[page] = rows
            while len(self._pages) > self.max_pages:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(page)
        return rows[offset] if offset < len(rows) else None
