"""Preset fixtures: the sandbox models' specs and a store in a private folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from sonodesk.core.presets import PresetStore
from sonodesk.core.schema import FieldSpec, specs_from_scenario_model
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, model_by_id

NOW = 1_790_000_000.0


@pytest.fixture
def music_specs() -> tuple[FieldSpec, ...]:
    return specs_from_scenario_model(model_by_id(MUSIC_MODEL_ID))  # type: ignore[arg-type]


@pytest.fixture
def presets_dir(tmp_path: Path) -> Path:
    return tmp_path / "presets"


@pytest.fixture
def store(presets_dir: Path) -> PresetStore:
    return PresetStore(presets_dir, "sandbox", clock=lambda: NOW)


@pytest.fixture
def bare_store(presets_dir: Path, tmp_path: Path) -> PresetStore:
    """A store without starter presets."""
    return PresetStore(presets_dir, "sandbox", starters_dir=tmp_path / "none", clock=lambda: NOW)
