"""Re-run requests, loudness measurement and matching, blind A/B trials and stored votes."""

from __future__ import annotations

import random

import numpy as np
import pytest

from sonodesk.core.errors import SonodeskError
from sonodesk.core.library import (
    Library,
    blind_trial,
    match_loudness,
    rerun_params,
)
from sonodesk.core.library import loudness as loudness_mod
from sonodesk.core.schema import specs_from_scenario_model
from sonodesk.sandbox.catalog import SFX_MODEL_ID, TOOLS_MODEL_ID, model_by_id

from .conftest import NOW


def test_rerun_same_take_keeps_params_and_seed(new_take) -> None:  # type: ignore[no-untyped-def]
    take = new_take(1, params={"prompt": "rain", "duration": 2, "seed": 10}, seed=10)
    request = rerun_params(take, False, random.Random(0))
    assert request.params == {"prompt": "rain", "duration": 2, "seed": 10}
    assert request.exact and request.seed == 10
    assert (request.provider, request.model_id) == (take.provider, take.model_id)
    request.params["prompt"] = "changed"
    assert take.params["prompt"] == "rain"  # a copy, never the take's own dict


def test_rerun_uses_the_seed_the_take_reported(new_take) -> None:  # type: ignore[no-untyped-def]
    # Output 2 of a job seeded 10 came back with seed 11.
    take = new_take(2, params={"prompt": "rain", "seed": 10}, seed=11, output_index=1)
    assert rerun_params(take, False, random.Random(0)).params["seed"] == 11


def test_rerun_new_variation_draws_a_seed_in_the_schema_range(new_take) -> None:  # type: ignore[no-untyped-def]
    specs = specs_from_scenario_model(model_by_id(SFX_MODEL_ID))
    take = new_take(1, params={"prompt": "rain", "seed": 10}, seed=10)
    seeds = {rerun_params(take, True, random.Random(n), specs=specs).seed for n in range(5)}
    assert len(seeds) == 5 and all(0 <= s <= 2147483647 for s in seeds)  # type: ignore[operator]
    request = rerun_params(take, True, random.Random(1), specs=specs)
    assert not request.exact and request.params["seed"] == request.seed


def test_rerun_without_a_known_seed_is_not_exact(new_take) -> None:  # type: ignore[no-untyped-def]
    take = new_take(1, params={"prompt": "rain"}, seed=None)
    request = rerun_params(take, False, random.Random(0))
    assert not request.exact and "seed" not in request.params


def test_rerun_for_a_model_without_a_seed_input(new_take) -> None:  # type: ignore[no-untyped-def]
    specs = specs_from_scenario_model(model_by_id(TOOLS_MODEL_ID))
    take = new_take(1, params={"audio": "asset_1"}, seed=None, model_id=TOOLS_MODEL_ID)
    request = rerun_params(take, True, random.Random(0), specs=specs)
    assert request.params == {"audio": "asset_1"} and request.seed is None


def sine(freq: float, seconds: float, rate: int, amplitude: float) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * freq * np.arange(int(seconds * rate)) / rate)


def test_loudness_matches_the_bs1770_calibration() -> None:
    # BS.1770: a 0 dBFS 997 Hz sine in one channel reads -3.01 LKFS.
    assert loudness_mod.integrated_loudness(sine(997, 5, 48000, 1.0), 48000) == pytest.approx(
        -3.01, abs=0.05
    )
    stereo = np.stack([sine(997, 5, 44100, 0.1)] * 2, axis=1)
    assert loudness_mod.integrated_loudness(stereo, 44100) == pytest.approx(-20.0, abs=0.1)
    assert loudness_mod.integrated_loudness(np.zeros((48000, 2)), 48000) is None
    assert loudness_mod.integrated_loudness(np.array([]), 48000) is None


def test_k_weighting_discounts_low_frequencies() -> None:
    low = loudness_mod.integrated_loudness(sine(40, 5, 48000, 1.0), 48000)
    mid = loudness_mod.integrated_loudness(sine(997, 5, 48000, 1.0), 48000)
    assert low is not None and mid is not None and low < mid - 3


def test_the_export_meter_is_used_when_present(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(loudness_mod, "_external", lambda: lambda samples, rate: -14.0)
    assert loudness_mod.measure(np.ones(10), 48000) == -14.0

    def broken(samples, rate):  # type: ignore[no-untyped-def]
        raise RuntimeError("unfinished")

    monkeypatch.setattr(loudness_mod, "_external", lambda: broken)
    assert loudness_mod.measure(sine(997, 2, 48000, 1.0), 48000) == pytest.approx(-3.01, abs=0.05)


def test_match_turns_the_louder_take_down() -> None:
    match = match_loudness(-10.0, -16.0)
    assert (match.a_gain_db, match.b_gain_db) == (-6.0, 0.0)
    assert match.a_gain == pytest.approx(0.501, abs=0.001) and match.b_gain == 1.0
    assert match.matched
    assert match_loudness(-5.0, -60.0).a_gain_db == -30.0  # capped
    unmatched = match_loudness(None, -16.0)
    assert (unmatched.a_gain_db, unmatched.b_gain_db, unmatched.matched) == (0.0, 0.0, False)


def test_library_measures_once_and_keeps_the_loudness(library: Library, add_take, tone) -> None:  # type: ignore[no-untyped-def]
    loud, quiet = add_take(), add_take()
    tone(loud.file_path, amplitude=0.8, seconds=1.0)
    tone(quiet.file_path, amplitude=0.2, seconds=1.0)
    match = library.match_loudness(loud.id, quiet.id)
    assert match.a_gain_db == pytest.approx(-12.04, abs=0.1) and match.b_gain_db == 0.0
    assert library.row_for(loud.id).loudness == match.a_lufs  # type: ignore[union-attr]
    tone(loud.file_path, amplitude=0.1, seconds=1.0)  # the stored value is reused
    assert library.loudness_of(loud.id) == match.a_lufs


def test_blind_trial_hides_the_order_and_records_the_real_winner(
    library: Library, add_take
) -> None:  # type: ignore[no-untyped-def]
    a, b = add_take(), add_take()
    orders = {blind_trial(a.id, b.id, random.Random(n)).first for n in range(20)}
    assert orders == {a.id, b.id}  # both orders happen
    trial = blind_trial(a.id, b.id, random.Random(3))
    vote = library.votes.record_blind(trial, "second", now=NOW)
    assert vote.winner == trial.second and vote.blind
    library.votes.record(a.id, b.id, None, blind=False, now=NOW + 1)
    tally = library.votes.tally(trial.second)
    assert (tally.wins, tally.losses, tally.ties) == (1, 0, 1)
    assert [v.winner for v in library.votes.for_take(a.id)] == [None, trial.second]


def test_votes_refuse_nonsense_and_go_with_purged_takes(library: Library, add_take) -> None:  # type: ignore[no-untyped-def]
    a, b = add_take(), add_take()
    with pytest.raises(SonodeskError):
        blind_trial(a.id, a.id, random.Random(0))
    with pytest.raises(SonodeskError, match="one of the two"):
        library.votes.record(a.id, b.id, "take_other", blind=True, now=NOW)
    with pytest.raises(SonodeskError, match="no longer in the library"):
        library.votes.record(a.id, "take_gone", a.id, blind=True, now=NOW)
    library.votes.record(a.id, b.id, a.id, blind=True, now=NOW)
    library.delete([b.id])
    library.empty_trash()
    assert library.votes.for_take(a.id) == []
