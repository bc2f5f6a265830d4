"""The live model catalogue: the account's listing, the disk cache and the bundled schemas, merged.

Lists the account's audio models, fetches full records when a model is opened and in a bounded
background refresh, keeps them in the cache, and falls back to the cache, then the bundled
schemas, when the service cannot be reached. A live schema always beats a bundled one. Says per
model whether it can run here and why not. Asyncio only: no Qt; writes only the model cache.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from sonodesk.core.accounts import key_needed_message
from sonodesk.core.catalog.cache import ModelCache
from sonodesk.core.catalog.categories import is_audio_model
from sonodesk.core.catalog.labels import provider_label
from sonodesk.core.catalog.marks import ModelStatus, PlanGuard, explain_forbidden, speaks_scenario
from sonodesk.core.catalog.service import ModelCatalog
from sonodesk.core.errors import (
    AuthError,
    ForbiddenError,
    NotFoundError,
    SonodeskError,
    TransportError,
)
from sonodesk.core.providers.base import ModelRecord, Provider

if TYPE_CHECKING:
    from sonodesk.core.catalog.cache import CachedListing, CachedRecord

log = logging.getLogger(__name__)

# A full record fetched less than this long ago is used as it is; older ones are fetched again
# when the model is opened (the stale copy stays the fallback) and by the background refresh.
FRESH_FOR = 24 * 3600.0
BACKGROUND_CONCURRENCY = 4
# Errors that mean every further request would fail the same way: stop the background refresh.
_STOP_BACKGROUND = (TransportError, AuthError)


class CatalogService(ModelCatalog):
    """ModelCatalog with a live listing, a disk cache, bundled fallbacks and per-model marks.

    ``models``, ``listed``, ``refresh``, ``full`` and ``options_for`` keep ModelCatalog's
    meaning; ``refresh`` no longer raises when the service is unreachable: it shows the cached
    or bundled models and says so in ``notice``.
    """

    def __init__(
        self,
        provider: Provider,
        *,
        account_configured: bool = True,
        cache: ModelCache | None = None,
        bundled: Iterable[ModelRecord] = (),
        clock: Callable[[], float] = time.time,
        fresh_for: float = FRESH_FOR,
        concurrency: int = BACKGROUND_CONCURRENCY,
    ) -> None:
        super().__init__(provider)
        self.account_configured = account_configured
        self._cache = cache
        self._bundled = {r.model_id: r for r in bundled}
        self._clock = clock
        self.fresh_for = fresh_for
        self.concurrency = max(1, concurrency)
        self._fetched_at: dict[str, float] = {}  # when each held full record was fetched
        self._unavailable: set[str] = set()  # the service said it does not know these
        self._learned_levels: dict[str, int] = {}  # plan levels learned from a 403
        self._background: asyncio.Task[int] | None = None
        self.listing_source = "bundled"  # where `models` came from: "live", "cache", "bundled"
        self.listed_at: float | None = None
        self.last_error: SonodeskError | None = None
        self.notice: str | None = None  # one sentence when the list is not the live one

    @property
    def provider_id(self) -> str:
        return self.provider.provider_id

    # -- listing ----------------------------------------------------------------------------

    async def load_offline(self) -> list[ModelRecord]:
        """Fill the list without the network: the cached listing, else the bundled models."""
        listing = await self._cached_listing()
        if listing is not None:
            self._set_listing(listing.models, listing.references, "cache", listing.fetched_at)
        else:
            self._set_listing(self._bundled.values(), (), "bundled", None)
        self.notice = None if self.account_configured else self._no_account_notice()
        return self.models

    async def refresh(self) -> list[ModelRecord]:
        """List the account's models (every page); on failure keep to the cache or bundle."""
        if not self.account_configured:
            return await self.load_offline()
        try:
            public = await self.provider.list_models(privacy="public")
        except SonodeskError as exc:
            return await self._fall_back(exc)
        references = [m for m in public if m.model_type != "custom"]  # public voices
        references += await self._private_models()
        now = self._clock()
        self._set_listing([m for m in public if is_audio_model(m)], references, "live", now)
        self.last_error, self.notice = None, None
        # Anything shown from the cache or the bundle while offline is fetched again on open.
        for model_id in [k for k, r in self._full.items() if r.schema_source != "live"]:
            self._full.pop(model_id, None)
        if self._cache is not None and all(m.schema_source == "live" for m in public):
            await asyncio.to_thread(self._cache.save_listing, now, self._listed, self._private)
        if self._fetches_live():
            self.start_background_refresh()
        return self.models

    async def _fall_back(self, exc: SonodeskError) -> list[ModelRecord]:
        self.last_error = exc
        label = provider_label(self.provider_id)
        if self.listing_source != "live":
            listing = await self._cached_listing()
            if listing is not None:
                self._set_listing(listing.models, listing.references, "cache", listing.fetched_at)
            else:
                self._set_listing(self._bundled.values(), (), "bundled", None)
        shown = {"live": "the models listed earlier", "cache": "the models saved earlier"}
        what = shown.get(self.listing_source, f"Sonodesk's built-in {label} models")
        self.notice = f"Showing {what}: {exc.message}"
        log.info("%s model list unavailable: %s", self.provider_id, exc.message)
        return self.models

    async def _private_models(self) -> list[ModelRecord]:
        # Only the Scenario protocol has private models (kits, cloned voices).
        if not speaks_scenario(self.provider):
            return []
        try:
            return await self.provider.list_models(privacy="private")
        except SonodeskError as exc:  # the form still works; `model` inputs just stay empty
            log.info("private models unavailable: %s", exc.message)
            return []

    def _set_listing(
        self,
        models: Iterable[ModelRecord],
        references: Iterable[ModelRecord],
        source: str,
        at: float | None,
    ) -> None:
        # A live (or cached live) listing replaces the bundled set: the account's list is the
        # truth about what it can run, so bundled models it does not list are left out.
        self._listed = list({m.model_id: m for m in models}.values())
        self._private = list(references)
        self.listing_source, self.listed_at = source, at

    async def _cached_listing(self) -> CachedListing | None:
        if self._cache is None or not self.account_configured:
            return None
        return await asyncio.to_thread(self._cache.load_listing)

    def _no_account_notice(self) -> str:
        label = provider_label(self.provider_id)
        return (
            f"Browsing Sonodesk's built-in {label} models. {key_needed_message(self.provider_id)}"
        )

    def _fetches_live(self) -> bool:
        return self.account_configured and speaks_scenario(self.provider)

    # -- full records -----------------------------------------------------------------------

    async def full(self, model_id: str) -> ModelRecord:
        """The model with its inputs: held, fresh cache, live, then stale cache, then bundled."""
        held = self._full.get(model_id)
        if held is not None:
            return held
        if not self._fetches_live():
            return self._hold(await self._offline_full(model_id), None)
        cached = await self._cached_record(model_id)
        if cached is not None and self._clock() - cached.fetched_at < self.fresh_for:
            return self._hold(self._with_listing(cached.record), cached.fetched_at)
        try:
            record = await self._fetch_shared(model_id)
        except SonodeskError as exc:
            fallback = cached.record if cached is not None else self._bundled.get(model_id)
            if fallback is None:
                raise
            if isinstance(exc, NotFoundError):
                self._unavailable.add(model_id)
            log.info("%s: using the %s schema (%s)", model_id, fallback.schema_source, exc.message)
            return self._hold(self._with_listing(fallback), cached.fetched_at if cached else None)
        return record

    async def _offline_full(self, model_id: str) -> ModelRecord:
        bundled = self._bundled.get(model_id)
        return bundled if bundled is not None else await self.provider.get_model(model_id)

    async def _fetch_shared(self, model_id: str) -> ModelRecord:
        """One live fetch per model at a time, shared by an open and the background refresh."""
        task = self._loading.get(model_id)
        if task is None:
            task = asyncio.get_running_loop().create_task(self._fetch_live(model_id))
            self._loading[model_id] = task
            task.add_done_callback(lambda _t: self._loading.pop(model_id, None))
        return await asyncio.shield(task)

    async def _fetch_live(self, model_id: str) -> ModelRecord:
        record = await self.provider.get_model(model_id)
        now = self._clock()
        bundled = self._bundled.get(model_id)
        if record.inputs is None and bundled is not None and bundled.inputs is not None:
            # The service sent no inputs at all (not an empty list): keep its facts, borrow ours.
            record = dataclasses.replace(
                record,
                inputs=bundled.inputs,
                ui_config=record.ui_config or bundled.ui_config,
                schema_source="bundled",
            )
        elif self._cache is not None and record.schema_source == "live":
            await asyncio.to_thread(self._cache.save_record, now, record)
        self._unavailable.discard(model_id)
        return self._hold(record, now)

    async def _cached_record(self, model_id: str) -> CachedRecord | None:
        if self._cache is None:
            return None
        return await asyncio.to_thread(self._cache.load_record, model_id)

    def _with_listing(self, record: ModelRecord) -> ModelRecord:
        """A fallback schema under the listing's current facts (name, tags, plan)."""
        listed = self.listed(record.model_id)
        if listed is None or listed is record:
            return record
        return dataclasses.replace(
            listed,
            inputs=record.inputs,
            ui_config=record.ui_config or listed.ui_config,
            json_schema=record.json_schema or listed.json_schema,
            schema_source=record.schema_source,
        )

    def _hold(self, record: ModelRecord, fetched_at: float | None) -> ModelRecord:
        self._full[record.model_id] = record
        if fetched_at is not None:
            self._fetched_at[record.model_id] = fetched_at
        return record

    # -- background refresh -----------------------------------------------------------------

    def start_background_refresh(
        self, on_record: Callable[[ModelRecord], None] | None = None
    ) -> asyncio.Task[int]:
        """Fetch missing or stale full records in the background (idempotent while running)."""
        if self._background is None or self._background.done():
            loop = asyncio.get_running_loop()
            self._background = loop.create_task(self.refresh_details(on_record))
        return self._background

    async def refresh_details(self, on_record: Callable[[ModelRecord], None] | None = None) -> int:
        """Fetch every listed model whose full record is missing or stale, ``concurrency`` at
        a time; returns how many were fetched. An open model never waits for this."""
        if not self._fetches_live() or self.listing_source != "live":
            return 0
        gate = asyncio.Semaphore(self.concurrency)
        stop = asyncio.Event()

        async def one(model_id: str) -> bool:
            async with gate:
                if stop.is_set() or self._is_fresh(model_id):
                    return False
                cached = await self._cached_record(model_id)
                if cached is not None and self._clock() - cached.fetched_at < self.fresh_for:
                    return False
                try:
                    record = await self._fetch_shared(model_id)
                except _STOP_BACKGROUND as exc:
                    stop.set()
                    log.info("background model refresh stopped: %s", exc.message)
                    return False
                except SonodeskError as exc:
                    log.info("background refresh of %s failed: %s", model_id, exc.message)
                    return False
            if on_record is not None:
                on_record(record)
            return True

        results = await asyncio.gather(*(one(m.model_id) for m in list(self._listed)))
        return sum(results)

    def _is_fresh(self, model_id: str) -> bool:
        held, at = self._full.get(model_id), self._fetched_at.get(model_id)
        return held is not None and at is not None and self._clock() - at < self.fresh_for

    async def aclose(self) -> None:
        """Stop the background refresh (call when the session closes)."""
        task, self._background = self._background, None
        if task is not None and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    # -- marks ------------------------------------------------------------------------------

    def status(self, model_id: str) -> ModelStatus | None:
        """What the UI should say about a model: source, plan, successor, and any blocker."""
        record = self._full.get(model_id) or self.listed(model_id) or self._bundled.get(model_id)
        if record is None:
            return None
        known_list = self.account_configured and self.listing_source in ("live", "cache")
        unlisted = known_list and self.listed(model_id) is None and record.schema_source != "live"
        successor = record.deprecated_successor
        successor_record = self.listed(successor) if successor else None
        return ModelStatus.build(
            record,
            provider_label(self.provider_id),
            fetched_at=self._fetched_at.get(model_id),
            available=not (unlisted or model_id in self._unavailable),
            learned_level=self._learned_levels.get(model_id, 0),
            successor_name=successor_record.name if successor_record else None,
            can_switch=successor_record is not None,
            key_needed=None if self.account_configured else key_needed_message(self.provider_id),
        )

    def explain_error(self, model_id: str, error: SonodeskError) -> SonodeskError:
        """A 403 for a plan-gated model becomes "<Model> needs the Pro plan"; others unchanged."""
        if not isinstance(error, ForbiddenError):
            return error
        record = self._full.get(model_id) or self.listed(model_id) or self._bundled.get(model_id)
        explained, level = explain_forbidden(error, record, provider_label(self.provider_id))
        if level:
            self._learned_levels[model_id] = level
        return explained

    def guard(self, provider: Provider | None = None) -> Provider:
        """``provider`` (default: this catalogue's) with submit/quote 403s explained as plans.

        Give the engine this one, so a job refused for its plan fails with the plan message.
        """
        return PlanGuard(provider or self.provider, self.explain_error)  # type: ignore[return-value]
