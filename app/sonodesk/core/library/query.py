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


class OrderTerm(NamedTuple):
    """One ORDER BY term: an SQL expression over ``takes`` (or the search hits) and its way."""

    expression: str
    desc: bool

    def sql(self) -> str:
        return f"{self.expression} {'DESC' if self.desc else 'ASC'}"


@dataclass(frozen=True)
class CompiledQuery:
    """FROM ... WHERE ... and ORDER BY of a query, with the parameters of the FROM/WHERE part."""

    source: str
    args: tuple[Any, ...]
    terms: tuple[OrderTerm, ...]
    filtered: bool = False  # ``source`` ends with a WHERE clause
    ranked: bool = False  # the order uses the search hits' score, not only takes' columns

    @property
    def order(self) -> str:
        return ", ".join(term.sql() for term in self.terms)

    def select(self, columns: str) -> tuple[str, tuple[Any, ...]]:
        return f"SELECT {columns} FROM {self.source} ORDER BY {self.order}", self.args

    def where(self, condition: str) -> str:
        """``source`` with one more condition ANDed to its filter."""
        return f"{self.source} {'AND' if self.filtered else 'WHERE'} ({condition})"

    def precedes(self) -> str:
        """A condition true for the rows that sort before a take whose sort keys are bound as
        parameters (``(key, key)`` for each term, in order; see ``precedes_args``)."""
        condition = ""
        for term in reversed(self.terms):
            before = f"{term.expression} {'>' if term.desc else '<'} ?"
            condition = (
                before
                if not condition
                else f"{before} OR ({term.expression} IS ? AND ({condition}))"
            )
        return condition

    @staticmethod
    def precedes_args(keys: Sequence[Any]) -> tuple[Any, ...]:
        """The parameters of ``precedes`` for a take whose term values are ``keys``."""
        args: list[Any] = []
        for i, key in enumerate(keys):
            args.append(key)
            if i < len(keys) - 1:
                args.append(key)
        return tuple(args)


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
        # The unary + keeps the planner off takes_deleted_created for this test, which nearly
        # every take passes: it then reads a sort index in order instead of sorting them all.
        where.append("+takes.deleted_at IS NULL")
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
    ranked = searching and fts and query.sort_key is SortKey.RELEVANCE
    return CompiledQuery(source, tuple(args), _order(query, ranked), bool(where), ranked)


def _in(where: list[str], args: list[Any], column: str, values: Sequence[str]) -> None:
    if values:
        where.append(f"{column} IN ({', '.join('?' for _ in values)})")
        args.extend(values)


def _order(query: LibraryQuery, ranked: bool) -> tuple[OrderTerm, ...]:
    desc = query.sort_desc
    # Ties (same rating, same model...) fall back to newest first, then the id: a stable order.
    tail = (OrderTerm("takes.created_at", True), OrderTerm("takes.id", True))
    key = query.sort_key
    if key is SortKey.RELEVANCE:
        if not ranked:
            return OrderTerm("takes.created_at", desc), OrderTerm("takes.id", desc)
        # bm25 is lower for better matches: "descending relevance" is ascending score.
        return (OrderTerm("hits.score", not desc), *tail)
    column = _ORDER_COLUMNS[key]
    if key is SortKey.CREATED:
        return OrderTerm(column, desc), OrderTerm("takes.id", desc)
    if key in _NULLABLE:  # missing values last, whichever way
        return (OrderTerm(f"({column} IS NULL)", False), OrderTerm(column, desc), *tail)
    return (OrderTerm(column, desc), *tail)


def sort_indexes() -> dict[str, str]:
    """Index name -> CREATE INDEX for every column sort, one per direction: the ties always
    come newest first, so a descending sort cannot read its ascending index backwards."""
    statements = {}
    for key in _ORDER_COLUMNS:
        if key is SortKey.CREATED:
            continue  # takes_created, read either way (ties on created_at are rare)
        for desc in (False, True):
            terms = _order(LibraryQuery(sort_key=key, sort_desc=desc), ranked=False)
            columns = ", ".join(term.sql() for term in terms).replace("takes.", "")
            name = f"takes_sort_{key.value}_{'desc' if desc else 'asc'}"
            statements[name] = f"CREATE INDEX IF NOT EXISTS {name} ON takes({columns})"
    return statements
