"""Parameter sweeps in the window: the dialog that plans one and the grid that auditions it."""

from __future__ import annotations

from sonodesk.ui.sweeps.sweep_dialog import SweepDialog
from sonodesk.ui.sweeps.sweep_grid import SweepGrid

__all__ = ["SweepDialog", "SweepGrid"]
