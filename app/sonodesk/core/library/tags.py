"""Tag names: how typed text becomes a tag, and the tags table behind takes. No Qt, no file I/O."""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from collections.abc import Iterable

MAX_TAG_CHARS = 48
MAX_TAGS_PER_EDIT = 64
_SPACES = re.compile(r"\s+")


def clean_tag(text: str) -> str:
    """What is stored for a typed tag: NFC, no control or format characters, one space, trimmed."""
    if not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFC", text)
    # Format characters include bidi overrides, which could make a tag read as another.
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in text)
    text = _SPACES.sub(" ", text).strip().lstrip("#").strip()
    return text[:MAX_TAG_CHARS].rstrip()


def tag_key(text: str) -> str:
    """The identity of a tag: "Drums", "drums" and "ＤＲＵＭＳ" are one tag."""
    return unicodedata.normalize("NFKC", clean_tag(text)).casefold()


def clean_tags(tags: Iterable[str]) -> list[str]:
    """Distinct cleaned tags in the order given (first spelling wins), empty ones dropped."""
    if isinstance(tags, str):
        tags = [tags]
    seen: dict[str, str] = {}
    for raw in tags:
        name = clean_tag(raw)
        key = tag_key(name)
        if key and key not in seen:
            seen[key] = name
    return list(seen.values())[:MAX_TAGS_PER_EDIT]


def tag_ids(db: sqlite3.Connection, names: Iterable[str], *, create: bool) -> list[int]:
    """Ids of the tags (created on demand when ``create``); call inside a transaction."""
    ids: list[int] = []
    for name in names:
        key = tag_key(name)
        row = db.execute("SELECT id FROM tags WHERE key = ?", (key,)).fetchone()
        if row is not None:
            ids.append(row[0])
        elif create:
            cursor = db.execute("INSERT INTO tags(name, key) VALUES (?, ?)", (name, key))
            ids.append(int(cursor.lastrowid or 0))
    return ids


def drop_unused(db: sqlite3.Connection) -> None:
    """Forget tags no take carries any more, so the tag list does not fill with leftovers."""
    db.execute("DELETE FROM tags WHERE id NOT IN (SELECT tag_id FROM take_tags)")


def tags_of(db: sqlite3.Connection, take_id: str) -> tuple[str, ...]:
    rows = db.execute(
        "SELECT t.name FROM take_tags tt JOIN tags t ON t.id = tt.tag_id WHERE tt.take_id = ?",
        (take_id,),
    )
    return tuple(sorted((row[0] for row in rows), key=str.casefold))
