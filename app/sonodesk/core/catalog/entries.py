"""Catalogue entries: what the model picker shows for each model, grouped and sorted.

Pure: no Qt, no I/O. The picker renders these; it decides nothing about models itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sonodesk.core.catalog.categories import Category, categorize, is_audio_model
from sonodesk.core.catalog.labels import plan_note, provider_label
from sonodesk.core.catalog.search import haystack
from sonodesk.core.providers.base import ModelRecord


@dataclass(frozen=True)
class CatalogEntry:
    """One model as the picker presents it."""

    model_id: str
    name: str
    provider: str  # "Sandbox", "Scenario", "AI/ML API"
    category: Category
    description: str = ""
    deprecated_successor: str | None = None  # the successor's name (or id when unknown)
    plan_note: str | None = None  # "Needs Pro plan"
    search_text: str = ""

    @property
    def deprecated(self) -> bool:
        return self.deprecated_successor is not None

    @property
    def deprecation_note(self) -> str | None:
        if self.deprecated_successor is None:
            return None
        return f"Deprecated → {self.deprecated_successor}"


def _successor_name(successor_id: str, names: dict[str, str]) -> str:
    return names.get(successor_id) or successor_id.removeprefix("model_")


def build_entries(records: Sequence[ModelRecord], *, audio_only: bool = True) -> list[CatalogEntry]:
    """Entries grouped by category, current models before deprecated ones, then by name."""
    names = {r.model_id: r.name for r in records}
    entries = []
    seen: set[str] = set()
    for record in records:
        if record.model_id in seen or (audio_only and not is_audio_model(record)):
            continue
        seen.add(record.model_id)
        category = categorize(record)
        successor = record.deprecated_successor
        successor_name = _successor_name(successor, names) if successor else None
        entries.append(
            CatalogEntry(
                model_id=record.model_id,
                name=record.name or record.model_id,
                provider=provider_label(record.provider_id),
                category=category,
                description=" ".join(record.short_description.split()),
                deprecated_successor=successor_name,
                plan_note=plan_note(record.access_restrictions),
                search_text=haystack(
                    (
                        record.name,
                        record.model_id,
                        record.short_description,
                        category.label,
                        provider_label(record.provider_id),
                    )
                ),
            )
        )
    entries.sort(key=lambda e: (e.category.order, e.deprecated, e.name.casefold()))
    return entries
