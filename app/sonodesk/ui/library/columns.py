"""The library table's columns: names, which sort key each header sorts by, and cell text.

Text for display and tooltips from a LibraryRow; no model state, no painting.
"""

from __future__ import annotations

import enum
from collections.abc import Callable

from sonodesk.core.library import LibraryRow, SortKey
from sonodesk.core.library import display as text


class Column(enum.IntEnum):
    FAVORITE = 0
    TITLE = 1
    MODEL = 2
    PROMPT = 3
    DURATION = 4
    CREATED = 5
    COST = 6
    RATING = 7
    TAGS = 8


HEADERS = {
    Column.FAVORITE: "",
    Column.TITLE: "Title",
    Column.MODEL: "Model",
    Column.PROMPT: "Prompt",
    Column.DURATION: "Length",
    Column.CREATED: "Created",
    Column.COST: "Cost",
    Column.RATING: "Rating",
    Column.TAGS: "Tags",
}
SORT_KEYS = {
    Column.TITLE: SortKey.TITLE,
    Column.MODEL: SortKey.MODEL,
    Column.DURATION: SortKey.DURATION,
    Column.CREATED: SortKey.CREATED,
    Column.COST: SortKey.COST,
    Column.RATING: SortKey.RATING,
}
# Text sorts A→Z first; numbers and dates biggest/newest first, as sample browsers do.
ASCENDING_FIRST = {Column.TITLE, Column.MODEL}
NUMERIC = {Column.DURATION, Column.COST}


def column_for(key: SortKey) -> Column | None:
    return next((c for c, k in SORT_KEYS.items() if k is key), None)


def cell_text(row: LibraryRow, column: Column, now: float) -> str:
    """What a cell says (for accessibility, copying and tests; the delegate paints its own)."""
    if column is Column.FAVORITE:
        return "Favorite" if row.favorite else ""
    if column is Column.TITLE:
        return row.title or "Untitled"
    if column is Column.MODEL:
        return text.model_text(row.model_name, row.model_id)
    if column is Column.PROMPT:
        return row.prompt
    if column is Column.DURATION:
        return text.duration_text(row.duration)
    if column is Column.CREATED:
        return text.created_text(row.created_at, now)
    if column is Column.COST:
        return text.cost_text(row.cost, row.provider)
    if column is Column.RATING:
        return f"{row.rating}/5" if row.rating else ""
    return ", ".join(row.tags)


def cell_tooltip(row: LibraryRow, column: Column, notes_of: Callable[[str], str]) -> str | None:
    """The full text behind a cell; ``notes_of`` is only called for the title's tooltip."""
    if column is Column.FAVORITE:
        return "Remove from favorites" if row.favorite else "Add to favorites"
    if column is Column.RATING:
        return f"Rated {row.rating} of 5 — click a star to rate" if row.rating else "Rate"
    if column is Column.TITLE:
        parts = [row.title or "Untitled"]
        if row.prompt:
            parts.append(row.prompt)
        notes = notes_of(row.id)
        if notes:
            parts.append(f"Notes: {notes}")
        return "\n\n".join(parts)
    if column is Column.PROMPT:
        return row.prompt or None
    if column is Column.MODEL:
        model = text.model_text(row.model_name, row.model_id)
        return f"{model} · {text.provider_text(row.provider)}"
    if column is Column.CREATED:
        return text.created_full(row.created_at)
    if column is Column.TAGS:
        return ", ".join(row.tags) or None
    return None
