"""The live catalogue against a scripted Scenario server: paging, merging, marks, background."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import httpx
import pytest

from sonodesk.core import paths as paths_mod
from sonodesk.core.accounts import ScenarioAccount
from sonodesk.core.catalog.live import CatalogService
from sonodesk.core.catalog.opening import open_catalog
from sonodesk.core.errors import ForbiddenError
from sonodesk.core.net.retry import RetryPolicy
from sonodesk.core.providers.scenario import ScenarioProvider

BASE = "https://api.example.test/v1"
KEY, SECRET = "live-catalog-key-0001", "live-catalog-secret-0002"
INPUTS = [{"name": "prompt", "type": "string", "required": {"always": True}}]


def model(model_id: str, name: str = "", **extra: Any) -> dict[str, Any]:
    body = {
        "id": model_id,
        "name": name or model_id.removeprefix("model_").replace("-", " ").title(),
        "capabilities": ["txt2audio"],
        "tags": ["music"],
        "type": "custom",
        "accessRestrictions": 0,
        "inputs": INPUTS,
    }
    body.update(extra)
    return body


class FakeScenario:
    """Pages of ``page_size`` with an empty page (and a token) between each; counts calls."""

    def __init__(
        self,
        public: Iterable[dict[str, Any]],
        private: Iterable[dict[str, Any]] = (),
        page_size: int = 2,
    ) -> None:
        self.public = list(public)
        self.private = list(private)
        self.page_size = page_size
        self.calls: list[str] = []
        self.offline = False
        self.delay = 0.0
        self.forbid: dict[str, str] = {}  # model id -> 403 reason on generate
        self.in_flight = self.max_in_flight = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.offline:
            raise httpx.ConnectError("offline", request=request)
        path = request.url.path.removeprefix("/v1")
        self.calls.append(f"{request.method} {path}")
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            return self._answer(request, path)
        finally:
            self.in_flight -= 1

    def _answer(self, request: httpx.Request, path: str) -> httpx.Response:
        if path == "/models":
            return self._page(request)
        if path.startswith("/models/"):
            found = [m for m in self.public + self.private if m["id"] == path.split("/")[-1]]
            if not found:
                return httpx.Response(404, json={"reason": "Model not found"})
            return httpx.Response(200, json={"model": found[0]})
        if path.startswith("/generate/custom/"):
            model_id = path.split("/")[-1]
            if model_id in self.forbid:
                return httpx.Response(403, json={"reason": self.forbid[model_id]})
            return httpx.Response(200, json={"creativeUnitsCost": 2})
        return httpx.Response(404, json={"reason": "no route"})

    def _page(self, request: httpx.Request) -> httpx.Response:
        items = self.public if request.url.params.get("privacy") == "public" else self.private
        listed = [{k: v for k, v in m.items() if k != "inputs"} for m in items]
        token = request.url.params.get("paginationToken")
        step = int(token.split("-")[1]) if token else 0
        # Even steps carry models; odd steps are the empty pages Scenario sometimes sends.
        if step % 2 == 1:
            return httpx.Response(200, json={"models": [], "nextPaginationToken": f"p-{step + 1}"})
        start = step // 2 * self.page_size
        body: dict[str, Any] = {"models": listed[start : start + self.page_size]}
        if start + self.page_size < len(listed):
            body["nextPaginationToken"] = f"p-{step + 1}"
        return httpx.Response(200, json=body)


def provider(fake: FakeScenario, provider_id: str = "scenario") -> ScenarioProvider:
    return ScenarioProvider(
        base_url=BASE,
        api_key=KEY,
        api_secret=SECRET,
        http=httpx.AsyncClient(transport=fake.transport()),
        provider_id=provider_id,
        read_policy=RetryPolicy(attempts=1),
    )


@pytest.fixture
def app_paths(sonodesk_home: Path) -> paths_mod.AppPaths:
    return paths_mod.ensure(paths_mod.app_paths({"SONODESK_HOME": str(sonodesk_home)}))


def account() -> ScenarioAccount:
    return ScenarioAccount(BASE, KEY, SECRET, None, "settings")


async def opened(fake: FakeScenario, app_paths: paths_mod.AppPaths, **kw: Any) -> CatalogService:
    kw.setdefault("account", account())
    return await open_catalog(provider(fake), app_paths, account_configured=True, **kw)


def test_every_page_is_listed_through_empty_pages(app_paths: paths_mod.AppPaths) -> None:
    public = [model(f"model_song-{n}") for n in range(7)]
    public.append(model("model_painter", capabilities=["txt2img"]))  # not audio: left out
    fake = FakeScenario(public, page_size=2)

    async def scenario() -> list[str]:
        catalog = await opened(fake, app_paths)
        await catalog.refresh()
        await catalog.aclose()
        return [m.model_id for m in catalog.models]

    ids = asyncio.run(scenario())
    assert ids == [f"model_song-{n}" for n in range(7)]
    pages = [c for c in fake.calls if c == "GET /models"]
    assert len(pages) >= 8  # 4 public pages with models + 3 empty ones + the private page


def test_live_record_replaces_bundled_and_unlisted_bundled_are_hidden(
    app_paths: paths_mod.AppPaths,
) -> None:
    live_inputs = [{"name": "prompt", "type": "string"}, {"name": "brandNew", "type": "number"}]
    fake = FakeScenario([model("model_lyria-3-pro", "Lyria 3 Pro (live)", inputs=live_inputs)])

    async def scenario() -> None:
        catalog = await opened(fake, app_paths)
        # Before the network answers, the bundled catalogue (52 models) is what there is.
        assert catalog.listing_source == "bundled" and len(catalog.models) >= 50
        await catalog.refresh()
        assert [m.model_id for m in catalog.models] == ["model_lyria-3-pro"]
        listed = catalog.listed("model_lyria-3-pro")
        assert listed is not None and listed.name == "Lyria 3 Pro (live)"
        full = await catalog.full("model_lyria-3-pro")
        assert full.schema_source == "live"
        assert [i["name"] for i in full.inputs or ()] == ["prompt", "brandNew"]
        # A bundled model this account does not list: hidden, but still explained if opened.
        assert catalog.listed("model_meta-musicgen") is None
        hidden = await catalog.full("model_meta-musicgen")
        assert hidden.schema_source == "bundled" and hidden.inputs
        status = catalog.status("model_meta-musicgen")
        assert status is not None and not status.available and not status.runnable
        assert status.blocker == "Meta MusicGen is not available for this Scenario account."
        await catalog.aclose()

    asyncio.run(scenario())


def test_deprecated_and_plan_gated_marks(app_paths: paths_mod.AppPaths) -> None:
    fake = FakeScenario(
        [
            model("model_old-song", "Old Song", tags=["music", "deprecated:model_new-song"]),
            model("model_new-song", "New Song"),
            model("model_big-song", "Big Song", accessRestrictions=50),
        ]
    )
    fake.forbid["model_big-song"] = "Your plan does not allow model_big-song."

    async def scenario() -> None:
        catalog = await opened(fake, app_paths)
        await catalog.refresh()
        old = catalog.status("model_old-song")
        assert old is not None and old.successor_id == "model_new-song"
        assert old.successor_name == "New Song" and old.can_switch
        assert old.deprecation_note == "Deprecated: New Song replaces it."
        assert old.runnable  # deprecated models still run until the service retires them
        big = catalog.status("model_big-song")
        assert big is not None and big.plan == "Pro" and big.plan_note == "Needs Pro plan"
        assert big.runnable  # the user may have the plan: only a 403 says otherwise
        guarded = catalog.guard()
        with pytest.raises(ForbiddenError) as refused:
            await guarded.submit("model_big-song", {"prompt": "x"})
        assert str(refused.value) == "Big Song needs the Pro plan."
        assert "upgrade" in (refused.value.hint or "")
        after = catalog.status("model_big-song")
        assert after is not None and after.blocker == "Big Song needs the Pro plan."
        # Everything else passes straight through the guard.
        assert guarded.provider_id == "scenario"
        quote = await guarded.quote("model_new-song", {"prompt": "x"})
        assert quote.cost == 2
        await catalog.aclose()

    asyncio.run(scenario())


def test_private_models_and_public_voices_feed_model_inputs(
    app_paths: paths_mod.AppPaths,
) -> None:
    voice = model("model_voice-public", "Public Voice", type="elevenlabs-voice", capabilities=[])
    private = [
        model("model_my-voice", "My cloned voice", type="elevenlabs-voice", capabilities=[]),
        model("model_my-kit", "My kit", type="custom", capabilities=[]),
    ]
    fake = FakeScenario([model("model_tts"), voice], private)

    async def scenario() -> None:
        catalog = await opened(fake, app_paths)
        await catalog.refresh()
        assert [m.model_id for m in catalog.models] == ["model_tts"]
        assert catalog.options_for(["elevenlabs-voice"]) == [
            ("model_voice-public", "Public Voice"),
            ("model_my-voice", "My cloned voice"),
        ]
        assert ("model_my-kit", "My kit") in catalog.options_for(["custom"])
        await catalog.aclose()

    asyncio.run(scenario())


def test_background_refresh_is_bounded_and_an_opened_model_does_not_wait(
    app_paths: paths_mod.AppPaths,
) -> None:
    fake = FakeScenario([model(f"model_song-{n:02}") for n in range(12)], page_size=100)

    async def scenario() -> tuple[float, int]:
        catalog = await opened(fake, app_paths)
        fake.delay = 0.15
        await catalog.refresh()  # starts the background refresh of the 12 full records
        started = time.monotonic()
        # The last model waits behind 8 others in the background queue; opening it must not.
        record = await catalog.full("model_song-11")
        opened_after = time.monotonic() - started
        assert record.inputs
        fetched = await catalog.start_background_refresh()
        await catalog.aclose()
        return opened_after, fetched

    opened_after, fetched = asyncio.run(scenario())
    assert opened_after < 0.45, opened_after
    assert fake.max_in_flight <= 4 + 1  # four background fetches plus the user's own
    assert fetched == 11  # the opened model was already held: not fetched twice
    details = [c for c in fake.calls if c.startswith("GET /models/")]
    assert sorted(details) == sorted(set(details)) and len(details) == 12


def test_offline_start_uses_the_cache_then_refetches_stale_records(
    app_paths: paths_mod.AppPaths,
) -> None:
    fake = FakeScenario([model("model_a"), model("model_b")])
    now = [1_000_000.0]

    async def scenario() -> None:
        first = await opened(fake, app_paths, clock=lambda: now[0])
        await first.refresh()
        await first.start_background_refresh()
        await first.aclose()

        fake.offline = True
        second = await opened(fake, app_paths, clock=lambda: now[0])
        assert second.listing_source == "cache" and second.listed_at == now[0]
        assert [m.model_id for m in await second.refresh()] == ["model_a", "model_b"]
        assert second.notice is not None and "could not be reached" in second.notice
        record = await second.full("model_a")
        assert record.schema_source == "cache" and record.inputs

        # A day later the copy is stale: it is fetched again, and kept when that fails.
        now[0] += 2 * 24 * 3600
        third = await opened(fake, app_paths, clock=lambda: now[0])
        stale = await third.full("model_b")
        assert stale.schema_source == "cache"
        fake.offline = False
        fourth = await opened(fake, app_paths, clock=lambda: now[0])
        calls = len(fake.calls)
        fresh = await fourth.full("model_b")
        assert fresh.schema_source == "live" and len(fake.calls) == calls + 1

    asyncio.run(scenario())


def test_cache_of_another_account_is_not_shown(app_paths: paths_mod.AppPaths) -> None:
    fake = FakeScenario([model("model_a")], [model("model_secret-voice", type="custom")])

    async def scenario() -> None:
        first = await opened(fake, app_paths)
        await first.refresh()
        await first.aclose()
        fake.offline = True
        other = ScenarioAccount(BASE, "another-account-key-99", SECRET, None, "settings")
        second = await opened(fake, app_paths, account=other)
        assert second.listing_source == "bundled"
        await second.refresh()
        assert second.options_for([]) == []

    asyncio.run(scenario())
