"""The models a front end can offer: listed once, full records (with inputs) fetched on demand.

Caches per session, so switching back to a model is instant; a `model` input's options come
from the account's private models (kits, cloned voices). Asyncio only: no Qt.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from sonodesk.core.errors import SonodeskError
from sonodesk.core.providers.base import ModelRecord, Provider

log = logging.getLogger(__name__)


class ModelCatalog:
    def __init__(self, provider: Provider) -> None:
        self.provider = provider
        self._listed: list[ModelRecord] = []
        self._full: dict[str, ModelRecord] = {}
        self._private: list[ModelRecord] = []
        self._loading: dict[str, asyncio.Task[ModelRecord]] = {}

    @property
    def models(self) -> list[ModelRecord]:
        return list(self._listed)

    def listed(self, model_id: str) -> ModelRecord | None:
        return next((m for m in self._listed if m.model_id == model_id), None)

    async def refresh(self) -> list[ModelRecord]:
        """List runnable models, and the private ones that `model` inputs can point at."""
        self._listed = await self.provider.list_models(privacy="public")
        try:
            self._private = await self.provider.list_models(privacy="private")
        except SonodeskError as exc:  # the form still works; model inputs just stay empty
            log.info("private models unavailable: %s", exc.message)
            self._private = []
        return self.models

    async def full(self, model_id: str) -> ModelRecord:
        """The model with its inputs[]; concurrent requests share one fetch."""
        cached = self._full.get(model_id)
        if cached is not None:
            return cached
        task = self._loading.get(model_id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self.provider.get_model(model_id))
            self._loading[model_id] = task
        try:
            record = await asyncio.shield(task)
        finally:
            if task.done():
                self._loading.pop(model_id, None)
        self._full[model_id] = record
        return record

    def options_for(self, model_types: Sequence[str]) -> list[tuple[str, str]]:
        """(id, name) of the private models a `model` input with these types accepts."""
        wanted = set(model_types)
        return [(m.model_id, m.name) for m in self._private if not wanted or m.model_type in wanted]
