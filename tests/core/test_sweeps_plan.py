"""Sweep plans: one exact job per cell, labels naming only what differs, values checked up front."""

from __future__ import annotations

import asyncio
import random

import pytest

from sonodesk.core.schema import FieldKind, specs_from_scenario
from sonodesk.core.sweeps import (
    MAX_SWEEP_CELLS,
    REPEAT_AXIS,
    SweepError,
    plan_sweep,
    price_sweep,
)

INPUTS = [
    {"name": "prompt", "type": "string", "label": "Prompt", "required": {"always": True}},
    {
        "name": "guidance",
        "type": "number",
        "label": "Guidance",
        "min": 1,
        "max": 20,
        "step": 0.5,
        "default": 7,
    },
    {
        "name": "duration",
        "type": "number",
        "label": "Duration (s)",
        "min": 5,
        "max": 60,
        "step": 1,
        "default": 10,
        "costImpact": True,
    },
    {
        "name": "mode",
        "type": "string",
        "label": "Mode",
        "allowedValues": ["fast", "quality"],
        "default": "fast",
    },
    {"name": "stems", "type": "boolean", "label": "Separate stems", "default": False},
    {"name": "seed", "type": "number", "label": "Seed", "min": 0, "max": 1000, "step": 1},
]
SPECS = specs_from_scenario(INPUTS, {})
BASE = {"prompt": "dusty boom bap", "guidance": 7, "duration": 10, "mode": "fast", "seed": 12}


def test_three_guidance_values_by_four_seeds() -> None:
    plan = plan_sweep(SPECS, BASE, [("guidance", [3, 5, 7])], seeds=4, rng=random.Random(1))
    assert plan.size == 12 and plan.shape == (3, 4)
    assert plan.rows.name == "guidance" and plan.columns is not None and plan.columns.is_seed
    assert plan.columns.values == (12, 13, 14, 15)  # consecutive from the form's seed
    assert plan.shared_seed is None
    cell = plan.cell(2, 0)
    assert cell.label == "guidance 7 · seed 12"
    assert cell.params == {
        "prompt": "dusty boom bap",
        "guidance": 7,
        "duration": 10,
        "mode": "fast",
        "seed": 12,
    }
    assert [c.index for c in plan.cells] == list(range(12))
    assert [c.job.index for c in plan.cells] == list(range(12))
    assert [(c.row, c.column) for c in plan.cells[:5]] == [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0)]
    assert {c.params["guidance"] for c in plan.cells if c.row == 1} == {5}
    assert {c.params["seed"] for c in plan.cells if c.column == 3} == {15}
    assert [c.label for c in plan.cells[:2]] == ["guidance 3 · seed 12", "guidance 3 · seed 13"]
    assert plan.describe() == "Guidance × Seed · 3 × 4 = 12 takes"


def test_unswept_seed_is_shared_so_only_the_setting_differs() -> None:
    plan = plan_sweep(SPECS, BASE, [("duration", [5, 10]), ("mode", ["fast", "quality"])])
    assert plan.shared_seed == 12 and {c.params["seed"] for c in plan.cells} == {12}
    assert [c.label for c in plan.cells] == [
        "duration 5 s · mode fast",
        "duration 5 s · mode quality",
        "duration 10 s · mode fast",
        "duration 10 s · mode quality",
    ]
    unset = plan_sweep(
        SPECS, {**BASE, "seed": None}, [("stems", [False, True])], rng=random.Random(3)
    )
    drawn = unset.shared_seed
    assert drawn is not None and 0 <= drawn <= 1000
    assert [c.params["seed"] for c in unset.cells] == [drawn, drawn]
    assert [c.label for c in unset.cells] == ["separate stems off", "separate stems on"]
    assert unset.columns is None and unset.shape == (2, 1)
    assert unset.describe() == "Separate stems · 2 takes"


def test_seed_lists_seed_axes_and_random_bases() -> None:
    listed = plan_sweep(SPECS, BASE, [("guidance", [4, 8])], seeds=[100, 7])
    assert listed.columns is not None and listed.columns.values == (100, 7)
    as_axis = plan_sweep(SPECS, BASE, [("guidance", [4]), ("seed", ["5", 6])])
    assert [c.params["seed"] for c in as_axis.cells] == [5, 6]
    assert [c.label for c in as_axis.cells] == ["guidance 4 · seed 5", "guidance 4 · seed 6"]
    random_base = plan_sweep(
        SPECS, {**BASE, "seed": None}, [("guidance", [4])], seeds=3, rng=random.Random(9)
    )
    seeds = random_base.columns.values  # type: ignore[union-attr]
    assert seeds == tuple((seeds[0] + i) % 1001 for i in range(3))
    one = plan_sweep(SPECS, BASE, [("guidance", [4, 5])], seeds=[77])
    assert one.columns is None and one.shared_seed == 77


@pytest.mark.parametrize(
    ("axes", "seeds", "message"),
    [
        ([("guidance", [3, 25])], None, "Guidance 25: must be between 1 and 20."),
        ([("guidance", ["3", "abc"])], None, 'Guidance "abc": enter a number.'),
        ([("mode", ["fast", "turbo"])], None, 'Mode "turbo": choose one of the listed values.'),
        ([("guidance", [3])], [5, -1], "Seed -1: must be between 0 and 1000."),
        ([("guidance", [])], None, "Enter at least one value for Guidance."),
        ([("prompt", ["a", "b"])], None, "Prompt can't be swept"),
        ([("nope", [1])], None, "nope can't be swept"),
        ([("guidance", [3]), ("guidance", [4])], None, "Guidance is chosen twice"),
        ([("guidance", [3]), ("mode", ["fast"])], 2, "with two settings, use one seed"),
        ([("seed", [1, 2])], 2, "The seed is already swept"),
        ([], None, "Choose one or two settings to sweep."),
        (
            [("guidance", [1, 2, 3, 4, 5, 6, 7, 8]), ("duration", list(range(5, 14)))],
            None,
            f"72 takes is more than one sweep holds ({MAX_SWEEP_CELLS})",
        ),
    ],
)
def test_bad_sweeps_are_refused_up_front(axes, seeds, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SweepError) as caught:
        plan_sweep(SPECS, BASE, axes, seeds=seeds)
    assert message in str(caught.value)


def test_form_problems_are_reported_once_before_any_cell() -> None:
    with pytest.raises(SweepError, match=r"^Fix the form first\. Prompt: "):
        plan_sweep(SPECS, {**BASE, "prompt": ""}, [("guidance", [3, 5])])


def test_total_price_quotes_once_per_price_group() -> None:
    asked: list[dict] = []

    def quote(params: dict) -> float:
        asked.append(params)
        return params["duration"] * 0.1

    plan = plan_sweep(SPECS, BASE, [("duration", [10, 20, 30])], seeds=4)
    price = plan.total_price(quote)
    assert len(asked) == 3  # seeds never change the price: one dry run per duration
    assert price.total == pytest.approx(4 * (1 + 2 + 3)) and price.complete
    asked.clear()
    flat = plan_sweep(SPECS, BASE, [("guidance", [3, 5, 7])], seeds=2).total_price(quote)
    assert len(asked) == 1 and flat.total == pytest.approx(6.0)
    unknown = plan.total_price(lambda p: None if p["duration"] == 30 else 1.0)
    assert (unknown.total, unknown.priced, unknown.unpriced) == (8.0, 8, 4)


def test_without_cost_flags_every_value_is_priced() -> None:
    unflagged = specs_from_scenario([{**i, "costImpact": False} for i in INPUTS], {})
    plan = plan_sweep(unflagged, BASE, [("guidance", [3, 5])], seeds=3)
    assert len(plan.price_groups()) == 2


def test_price_sweep_fills_each_cell_quote_async() -> None:
    plan = plan_sweep(SPECS, BASE, [("duration", [10, 20])], seeds=2)
    calls = 0

    async def quote(params: dict) -> float | None:
        nonlocal calls
        calls += 1
        await asyncio.sleep(0)
        return params["duration"] / 10

    priced = asyncio.run(price_sweep(plan, quote))
    assert calls == 2
    assert [c.quoted_cost for c in priced.cells] == [1.0, 1.0, 2.0, 2.0]
    assert priced.quoted.total == 6.0 and priced.quoted.complete
    assert plan.quoted.unpriced == 4  # the original plan is unchanged


def test_model_without_a_seed_repeats_takes() -> None:
    seedless = tuple(s for s in SPECS if s.kind is not FieldKind.SEED)
    plan = plan_sweep(seedless, BASE, [("guidance", [3, 5])], seeds=3)
    assert plan.columns is not None and plan.columns.name == REPEAT_AXIS
    assert plan.cell(1, 2).label == "guidance 5 · take 3"
    assert "seed" not in plan.cell(0, 0).params or plan.cell(0, 0).params["seed"] == 12
    with pytest.raises(SweepError, match="no seed input"):
        plan_sweep(seedless, BASE, [("guidance", [3])], seeds=[1, 2])
