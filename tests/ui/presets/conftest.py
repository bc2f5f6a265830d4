"""Presets bar fixtures: a real PresetStore in a private folder, the music model's specs, a bar."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sonodesk.core.presets import PresetStore
from sonodesk.core.schema import FieldSpec, default_values, specs_from_scenario_model
from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, model_by_id
from sonodesk.ui.presets import PresetBar

NOW = 1_790_000_000.0


@pytest.fixture
def specs() -> tuple[FieldSpec, ...]:
    return tuple(specs_from_scenario_model(model_by_id(MUSIC_MODEL_ID)))  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> PresetStore:
    return PresetStore(tmp_path / "presets", "sandbox", clock=lambda: NOW)


@pytest.fixture
def form_values(specs: tuple[FieldSpec, ...]) -> dict[str, Any]:
    """What the form holds: the test edits this dict, the bar reads it through ``values``."""
    values = default_values(specs)
    values.update(prompt="warm rhodes over brushed drums", duration=45, bpm=86)
    return values


@pytest.fixture
def make_bar(qtbot, store: PresetStore, specs, form_values) -> Callable[..., PresetBar]:
    def make(width: int = 360) -> PresetBar:
        bar = PresetBar(store, values=lambda: dict(form_values))
        qtbot.addWidget(bar)
        bar.set_model(MUSIC_MODEL_ID, specs, model_name="Sandbox Music Sketch")
        bar.resize(width, bar.sizeHint().height())
        bar.show()
        # Focus (the inline name editor takes it) needs an active window.
        bar.activateWindow()
        qtbot.waitUntil(bar.isActiveWindow, timeout=3000)
        return bar

    return make


@pytest.fixture
def dark(qapp):
    """Sonodesk's dark theme for the test; the app's look is put back afterwards."""
    from PySide6.QtGui import QPalette

    from sonodesk.ui.theme import apply_theme

    palette, sheet = QPalette(qapp.palette()), qapp.styleSheet()
    apply_theme(qapp, "dark")
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
