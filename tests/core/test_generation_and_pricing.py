"""Generate plans variations with known seeds and splits local files; quotes are debounced."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest

from sonodesk.core.errors import BadRequestError
from sonodesk.core.generation import plan_generation
from sonodesk.core.pricing import PriceQuoter, QuoteResult, format_price
from sonodesk.core.providers.base import PriceQuote
from sonodesk.core.schema import default_values, specs_from_scenario
from sonodesk.sandbox.catalog import MUSIC_INPUTS, TOOLS_INPUTS

MUSIC = specs_from_scenario(MUSIC_INPUTS)
TOOLS = specs_from_scenario(TOOLS_INPUTS)


def test_locked_seed_gives_consecutive_seeds() -> None:
    values = {**default_values(MUSIC), "prompt": "lofi", "seed": 41}
    jobs = plan_generation(MUSIC, values, 3, seed_locked=True, rng=random.Random(1))
    assert [j.seed for j in jobs] == [41, 42, 43]
    assert [j.params["seed"] for j in jobs] == [41, 42, 43]
    assert all(j.params["prompt"] == "lofi" for j in jobs)


def test_unlocked_seed_draws_a_fresh_base_every_time() -> None:
    values = {**default_values(MUSIC), "prompt": "lofi", "seed": 41}
    first = plan_generation(MUSIC, values, 2, seed_locked=False, rng=random.Random(1))
    second = plan_generation(MUSIC, values, 2, seed_locked=False, rng=random.Random(2))
    assert first[0].seed != 41 and first[0].seed != second[0].seed
    assert first[1].seed == first[0].seed + 1


def test_each_job_owns_its_params() -> None:
    values = {**default_values(MUSIC), "prompt": "lofi", "instruments": ["drums"]}
    jobs = plan_generation(MUSIC, values, 2, rng=random.Random(0))
    jobs[0].params["instruments"].append("bass")
    assert jobs[1].params["instruments"] == ["drums"]
    assert values["instruments"] == ["drums"]


def test_local_files_are_split_out_for_upload(tmp_path: Path) -> None:
    source = tmp_path / "in.wav"
    source.write_bytes(b"RIFF")
    layers = [tmp_path / "a.wav", tmp_path / "b.wav"]
    for layer in layers:
        layer.write_bytes(b"RIFF")
    values = {
        **default_values(TOOLS),
        "audio": str(source),
        "extraLayers": [str(p) for p in layers],
        "layerGainDb": -6,
    }
    (job,) = plan_generation(TOOLS, values, 1)
    assert job.files == {"audio": str(source), "extraLayers": [str(p) for p in layers]}
    assert "audio" not in job.params and "extraLayers" not in job.params
    assert job.params["layerGainDb"] == -6


def test_asset_ids_stay_in_params() -> None:
    values = {**default_values(TOOLS), "audio": "asset_123"}
    (job,) = plan_generation(TOOLS, values, 1)
    assert job.files == {} and job.params["audio"] == "asset_123"


def test_format_price() -> None:
    assert format_price(PriceQuote(2.5)) == "2.5 CU"
    assert format_price(PriceQuote(0.5), takes=4) == "2 CU"
    assert format_price(PriceQuote(None)) is None
    assert format_price(None) is None


def test_quoter_debounces_and_drops_stale_answers() -> None:
    calls: list[dict] = []
    results: list[QuoteResult] = []

    async def quote(model_id: str, params: dict) -> PriceQuote:
        calls.append(dict(params))
        await asyncio.sleep(0.01)
        return PriceQuote(float(params["duration"]))

    async def scenario() -> None:
        quoter = PriceQuoter(quote, results.append, delay=0.05)
        for duration in (10, 20, 30):
            quoter.request("m", {"duration": duration})
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.2)
        quoter.request("m", {"duration": 30})  # cached: answered at once, no new call
        await quoter.aclose()

    asyncio.run(scenario())
    assert calls == [{"duration": 30}]
    assert [r.quote.cost for r in results] == [30.0, 30.0]


def test_quoter_reports_errors_as_text() -> None:
    results: list[QuoteResult] = []

    async def quote(model_id: str, params: dict) -> PriceQuote:
        raise BadRequestError("bad duration", status=400)

    async def scenario() -> None:
        quoter = PriceQuoter(quote, results.append, delay=0)
        quoter.request("m", {"duration": 1})
        await asyncio.sleep(0.05)

    asyncio.run(scenario())
    assert results[0].quote is None and results[0].error == "bad duration"


@pytest.mark.parametrize("takes", [0, 9])
def test_takes_out_of_range_are_refused(takes: int) -> None:
    with pytest.raises(ValueError):
        plan_generation(MUSIC, {"prompt": "x"}, takes)
