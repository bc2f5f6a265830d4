"""Seeds for N variations: sequential from a set seed, random but recorded when unset."""

from __future__ import annotations

import random

import pytest

from sonodesk.core.schema import expand_variations, seed_field, seed_range, specs_from_scenario

SPECS = specs_from_scenario(
    [
        {"name": "prompt", "type": "string"},
        {"name": "seed", "type": "number", "min": 0, "max": 100},
    ]
)


def test_seed_field() -> None:
    seed = seed_field(SPECS)
    assert seed is not None and seed.name == "seed"
    assert seed_field(specs_from_scenario([{"name": "prompt", "type": "string"}])) is None


def test_a_set_seed_counts_up_and_wraps_at_the_maximum() -> None:
    runs = expand_variations(SPECS, {"prompt": "p", "seed": 98}, 4, rng=random.Random(0))
    assert [r["seed"] for r in runs] == [98, 99, 100, 0]
    assert all(r["prompt"] == "p" for r in runs)
    assert [r["seed"] for r in expand_variations(SPECS, {"seed": "5"}, 2, rng=random.Random())] == [
        5,
        6,
    ]


def test_an_unset_seed_gets_a_random_recorded_base() -> None:
    first = expand_variations(SPECS, {"prompt": "p"}, 3, rng=random.Random(7))
    again = expand_variations(SPECS, {"prompt": "p", "seed": None}, 3, rng=random.Random(7))
    seeds = [r["seed"] for r in first]
    assert seeds == [r["seed"] for r in again]  # the injected rng decides
    assert all(isinstance(s, int) and 0 <= s <= 100 for s in seeds)
    assert seeds[1] == (seeds[0] + 1) % 101


def test_an_out_of_range_or_unreadable_seed_is_replaced() -> None:
    for bad in (-1, 500, "soon", 1.5):
        (run,) = expand_variations(SPECS, {"seed": bad}, 1, rng=random.Random(1))
        assert 0 <= run["seed"] <= 100


def test_copies_are_independent_and_values_untouched() -> None:
    values = {"prompt": "p", "tags": ["a"]}
    runs = expand_variations(SPECS, values, 2, rng=random.Random(3))
    runs[0]["tags"].append("b")
    assert runs[1]["tags"] == ["a"] and values == {"prompt": "p", "tags": ["a"]}


def test_without_a_seed_input_the_copies_are_identical() -> None:
    specs = specs_from_scenario([{"name": "prompt", "type": "string"}])
    assert (
        expand_variations(specs, {"prompt": "p"}, 3, rng=random.Random()) == [{"prompt": "p"}] * 3
    )


@pytest.mark.parametrize("count", [0, 9, -1, True, 2.0])
def test_count_must_be_1_to_8(count: object) -> None:
    with pytest.raises(ValueError, match="between 1 and 8"):
        expand_variations(SPECS, {}, count, rng=random.Random())  # type: ignore[arg-type]


def test_seed_range_defaults() -> None:
    (bare,) = specs_from_scenario([{"name": "seed", "type": "number"}])
    assert seed_range(bare) == (0, 2**31 - 1)
    (signed,) = specs_from_scenario([{"name": "seed", "type": "number", "min": -1, "max": 9.5}])
    assert seed_range(signed) == (0, 9)
