"""The shipped starter presets fit the sandbox models' current schemas exactly."""

from __future__ import annotations

import pytest

from sonodesk.core.paths import resource_dir
from sonodesk.core.presets import PresetStore, reconcile
from sonodesk.core.presets.files import file_stem
from sonodesk.core.schema import (
    check_value,
    schema_fingerprint,
    spec_by_name,
    specs_from_scenario_model,
)
from sonodesk.sandbox.catalog import MODELS

MODEL_IDS = [model["id"] for model in MODELS]
EXPECTED = {
    "model_sonodesk-music-sketch": {
        "Lo-fi study beat",
        "Four-on-the-floor house",
        "Ambient pad wash",
        "Melancholic piano ballad",
    },
    "model_sonodesk-sfx": {"Steady rain loop", "Cinematic whoosh", "Distant thunder"},
    "model_sonodesk-audio-tools": {"Trim & fade", "Reverse swell"},
}


@pytest.mark.parametrize("model", MODELS, ids=MODEL_IDS)
def test_starters_validate_against_the_current_schema(model, tmp_path) -> None:  # type: ignore[no-untyped-def]
    specs = specs_from_scenario_model(model)
    assert (resource_dir() / "presets" / "sandbox" / f"{file_stem(model['id'])}.json").is_file()
    store = PresetStore(tmp_path, "sandbox")
    starters = store.listing(model["id"]).presets
    assert EXPECTED[model["id"]] <= {p.name for p in starters}
    by_name = spec_by_name(specs)
    for preset in starters:
        assert preset.starter
        # Saved against today's schema: a schema change must come with updated starters.
        assert preset.schema_fingerprint == schema_fingerprint(specs), preset.name
        for name, value in preset.params.items():
            assert name in by_name, (preset.name, name)
            assert check_value(by_name[name], value) == [], (preset.name, name, value)
        fitted = reconcile(specs, preset.params, saved_fingerprint=preset.schema_fingerprint)
        assert fitted.report.changes == (), preset.name


def test_music_starters_lean_on_the_music_inputs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = PresetStore(tmp_path, "sandbox")
    lofi = store.get("model_sonodesk-music-sketch", "Lo-fi study beat").params
    assert lofi["bpm"] == 80 and lofi["kit"] == "model_sonodesk-kit-lofi" and lofi["swing"] > 0
    house = store.get("model_sonodesk-music-sketch", "Four-on-the-floor house").params
    assert 118 <= house["bpm"] <= 128
    rain = store.get("model_sonodesk-sfx", "Steady rain loop").params
    assert rain["loop"] is True and rain["preset"] == "rain"
    swell = store.get("model_sonodesk-audio-tools", "Reverse swell").params
    assert swell["reverse"] is True and swell["fadeIn"] > swell["fadeOut"]


def test_other_providers_get_no_starters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert PresetStore(tmp_path, "scenario").listing("model_sonodesk-sfx").presets == ()
