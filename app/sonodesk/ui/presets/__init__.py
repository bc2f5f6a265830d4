"""Presets UI: the bar that applies, saves, edits and shares a model's named presets."""

from __future__ import annotations

from sonodesk.ui.presets.bar import PresetBar

__all__ = ["PresetBar"]
