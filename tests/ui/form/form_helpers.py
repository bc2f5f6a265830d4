"""Shared helpers for the form tests: specs from raw Scenario inputs and recorded models."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sonodesk.core.schema import FieldSpec, specs_from_scenario

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "models" / "scenario"


def spec_of(**raw: Any) -> FieldSpec:
    """One spec from a raw Scenario input (name defaults to "x")."""
    raw.setdefault("name", "x")
    return specs_from_scenario([raw])[0]


def specs_of(model: dict[str, Any]) -> tuple[FieldSpec, ...]:
    return specs_from_scenario(model["inputs"], model.get("uiConfig"))


def recorded_models() -> list[dict[str, Any]]:
    return [json.loads(p.read_text())["model"] for p in sorted(FIXTURES.glob("model_*.json"))]


def recorded_model(slug: str) -> dict[str, Any]:
    return json.loads((FIXTURES / f"model_{slug}.json").read_text())["model"]
