"""Catalogue search: every word of the query must appear somewhere. Pure: no Qt, no I/O."""

from __future__ import annotations

from collections.abc import Iterable


def query_words(query: str) -> tuple[str, ...]:
    """Lower-cased words of a search query; empty for a blank one."""
    return tuple(query.casefold().split())


def haystack(fields: Iterable[str]) -> str:
    """One searchable string from several fields (name, id, description, category)."""
    return "\n".join(f.casefold() for f in fields if f)


def matches(words: tuple[str, ...], text: str) -> bool:
    """True when every query word is a substring of ``text`` (already casefolded)."""
    return all(word in text for word in words)
