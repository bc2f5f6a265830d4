"""What the library view asks for (LibraryQuery), the rows it gets, and the SQL between them.

Builds SQL text and parameters only; running it is library.py's job. No Qt, no I/O.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sonodesk.core.library import search_index
from sonodesk.core.library.tags import tag_key


class SortKey(enum.StrEnum):
    CREATED = "created"
    TITLE = "title"
    RATING = "rating"
    DURATION = "duration"
    MODEL = "model"
    COST = "cost"
    RELEVANCE = "relevance"  # best text match first; falls back to CREATED without text


@dataclass(frozen=True)
class LibraryQuery:
    """A filter and an order over the takes. Every filter left at its default is off.

    ``created_from`` is inclusive and ``created_to`` exclusive (epoch seconds). ``tags``
    keeps takes carrying every listed tag. ``include_deleted`` adds trashed takes;
    ``only_deleted`` shows just the trash. ``limit``/``offset`` page ``Library.run``.
    """

    text: str = ""
    model_ids: tuple[str, ...] = ()
    providers: tuple[str, ...] = ()
    favorite_only: bool = False
    min_rating: int = 0
    created_from: float | None = None
    created_to: float | None = None
    tags: tuple[str, ...] = ()
    include_deleted: bool = False
    only_deleted: bool = False
    sort_key: SortKey = SortKey.CREATED
    sort_desc: bool = True
    limit: int | None = None
    offset: int = 0


class LibraryRow(NamedTuple):
    """One line of the library list: a plain tuple, cheap to build by the thousand."""

    id: str
    title: str
    model_id: str
    model_name: str
    provider: str
    created_at: float
    duration: float | None
    rating: int
    favorite: bool
    tags: tuple[str, ...]
    prompt: str
    seed: int | None
    cost: float | None
    file_path: str
    file_format: str | None
    sample_rate: int | None
    channels: int | None
    loudness: float | None
    deleted_at: float | None


_TAG_SEPARATOR = "\x1f"
ROW_COLUMNS = (
    "takes.id, takes.title, takes.model_id, takes.model_name, takes.provider, "
    "takes.created_at, takes.duration, takes.rating, takes.favorite, "
    "(SELECT group_concat(t.name, char(31)) FROM take_tags tt JOIN tags t ON t.id = tt.tag_id "
    "WHERE tt.take_id = takes.id), "
    "takes.prompt, takes.seed, takes.cost, takes.file_path, takes.file_format, "
    "takes.sample_rate, takes.channels, takes.loudness, takes.deleted_at"
)


def row_from_tuple(values: Sequence[Any]) -> LibraryRow:
    """A LibraryRow from a tuple selected with ROW_COLUMNS."""
    tags = values[9]
    return LibraryRow(
        *values[:8],
        bool(values[8]),
        tuple(sorted(tags.split(_TAG_SEPARATOR), key=str.casefold)) if tags else (),
        *values[10:],
    )


@dataclass(frozen=True)
class CompiledQuery:
    """FROM ... WHERE ... and ORDER BY of a query, with the parameters of the FROM/WHERE part."""

    source: str
    args: tuple[Any, ...]
    order: str

    def select(self, columns: str) -> tuple[str, tuple[Any, ...]]:
        return f"SELECT {columns} FROM {self.source} ORDER BY {self.order}", self.args


_ORDER_COLUMNS = {
    SortKey.CREATED: "takes.created_at",
    SortKey.TITLE: "takes.title COLLATE NOCASE",
    SortKey.RATING: "takes.rating",
    SortKey.DURATION: "takes.duration",
    SortKey.MODEL: "coalesce(nullif(takes.model_name, ''), takes.model_id) COLLATE NOCASE",
    SortKey.COST: "takes.cost",
}
_NULLABLE = {SortKey.DURATION, SortKey.COST}


def compile_query(query: LibraryQuery, *, fts: bool) -> CompiledQuery:
    """SQL for ``query``; ``fts`` picks the FTS5 index or the LIKE fallback for text."""
    source = "takes"
    where: list[str] = []
    args: list[Any] = []
    words = search_index.terms(query.text)
    searching = bool(words)
    if searching and fts:
        source += f" JOIN {search_index.fts_source()} AS hits ON hits.sid = takes.search_id"
        args.append(search_index.match_expression(words))
    elif searching:
        clause, like_args = search_index.like_clause(words)
        where.append(clause)
        args.extend(like_args)
    if query.only_deleted:
        where.append("takes.deleted_at IS NOT NULL")
    elif not query.include_deleted:
        where.append("takes.deleted_at IS NULL")
    _in(where, args, "takes.model_id", query.model_ids)
    _in(where, args, "takes.provider", query.providers)
    if query.favorite_only:
        where.append("takes.favorite = 1")  # a literal, so the partial index applies
    if query.min_rating > 0:
        where.append("takes.rating >= ?")
        args.append(int(query.min_rating))
    if query.created_from is not None:
        where.append("takes.created_at >= ?")
        args.append(float(query.created_from))
    if query.created_to is not None:
        where.append("takes.created_at < ?")
        args.append(float(query.created_to))
    keys = list(dict.fromkeys(k for k in (tag_key(t) for t in query.tags) if k))
    if keys:
        marks = ", ".join("?" for _ in keys)
        where.append(
            "takes.id IN (SELECT tt.take_id FROM take_tags tt JOIN tags t ON t.id = tt.tag_id "
            f"WHERE t.key IN ({marks}) GROUP BY tt.take_id HAVING count(*) = ?)"
        )
        args.extend([*keys, len(keys)])
    if where:
        source += " WHERE " + " AND ".join(where)
    return CompiledQuery(source, tuple(args), _order(query, searching and fts))


def _in(where: list[str], args: list[Any], column: str, values: Sequence[str]) -> None:
    if values:
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        args.extend(values)


def _order(query: LibraryQuery, ranked: bool) -> str:
    direction = "DESC" if query.sort_desc else "ASC"
    # Ties (same rating, same model...) fall back to newest first, then the id: a stable order.
    tail = "takes.created_at DESC, takes.id DESC"
    key = query.sort_key
    if key is SortKey.RELEVANCE:
        if not ranked:
            return f"takes.created_at {direction}, takes.id {direction}"
        # bm25 is lower for better matches: "descending relevance" is ascending score.
        return f"hits.score {'ASC' if query.sort_desc else 'DESC'}, {tail}"
    column = _ORDER_COLUMNS[key]
    if key is SortKey.CREATED:
        return f"{column} {direction}, takes.id {direction}"
    nulls_last = f"({column.split(' COLLATE')[0]} IS NULL), " if key in _NULLABLE else ""
    return f"{nulls_last}{column} {direction}, {tail}"
