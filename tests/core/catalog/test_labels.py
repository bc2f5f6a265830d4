"""Provider names, plan notes and cost text."""

from __future__ import annotations

import math

import pytest

from sonodesk.core.catalog.labels import (
    cost_unit,
    format_cost,
    plan_name,
    plan_note,
    provider_badge,
    provider_label,
)


def test_provider_labels() -> None:
    assert provider_label("sandbox") == "Sandbox"
    assert provider_label("scenario") == "Scenario"
    assert provider_label("aimlapi") == "AI/ML API"
    assert provider_label("my_provider") == "My Provider"


def test_provider_badge() -> None:
    assert provider_badge("sandbox", offline=True) == "Sandbox · offline"
    assert provider_badge("scenario") == "Scenario"


@pytest.mark.parametrize(
    ("level", "plan"),
    [(0, None), (-5, None), (10, "Starter"), (25, "Starter"), (50, "Pro"), (60, "Max"),
     (75, "Max"), (100, "Enterprise"), (250, "Enterprise")],
)  # fmt: skip
def test_plan_names(level: int, plan: str | None) -> None:
    assert plan_name(level) == plan


def test_plan_note() -> None:
    assert plan_note(50) == "Needs Pro plan"
    assert plan_note(0) is None


def test_cost_units() -> None:
    assert cost_unit("scenario") == "CU"
    assert cost_unit("sandbox") == "CU"
    assert cost_unit("aimlapi") == "credits"


@pytest.mark.parametrize(
    ("amount", "approximate", "text"),
    [(2.0, False, "2 CU"), (0.25, False, "0.25 CU"), (1, True, "≈ 1 CU"),
     (1.239, False, "1.24 CU"), (0, False, "0 CU")],
)  # fmt: skip
def test_format_cost(amount: float, approximate: bool, text: str) -> None:
    assert format_cost(amount, "CU", approximate=approximate) == text


@pytest.mark.parametrize("amount", [None, -1.0, math.nan, math.inf, True])
def test_format_cost_refuses_non_figures(amount: object) -> None:
    assert format_cost(amount) is None  # type: ignore[arg-type]
