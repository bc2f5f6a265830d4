"""Parameter sweeps: 1-2 settings (or seeds) varied over a grid, one exact job per cell, labelled
by what differs and priced per cell. No Qt; nothing is submitted here.
"""

from __future__ import annotations

from sonodesk.core.sweeps.axes import (
    MAX_AXIS_VALUES,
    MAX_SWEEP_CELLS,
    SWEEPABLE_KINDS,
    SweepError,
    check_axis_value,
    checked_values,
    number_range,
    parse_values,
    seed_run,
    short_name,
    sweepable_fields,
    value_text,
)
from sonodesk.core.sweeps.plan import (
    REPEAT_AXIS,
    SweepAxis,
    SweepCell,
    SweepPlan,
    SweepPrice,
    plan_sweep,
)
from sonodesk.core.sweeps.pricing import AsyncQuote, price_sweep

__all__ = [
    "MAX_AXIS_VALUES",
    "MAX_SWEEP_CELLS",
    "REPEAT_AXIS",
    "SWEEPABLE_KINDS",
    "AsyncQuote",
    "SweepAxis",
    "SweepCell",
    "SweepError",
    "SweepPlan",
    "SweepPrice",
    "check_axis_value",
    "checked_values",
    "number_range",
    "parse_values",
    "plan_sweep",
    "price_sweep",
    "seed_run",
    "short_name",
    "sweepable_fields",
    "value_text",
]
