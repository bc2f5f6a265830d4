"""Plan a parameter sweep: one exact, validated job per grid cell, labelled by what differs.

Rows are the first axis, columns the second (or the seeds). Where the seed is not swept, every
cell shares one seed, so only the swept settings differ. Pure: no Qt, no network, no I/O.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Final

from sonodesk.core.errors import SonodeskError
from sonodesk.core.generation import PlannedJob, plan_generation
from sonodesk.core.schema import (
    FieldKind,
    FieldSpec,
    seed_field,
    seed_range,
    spec_by_name,
    top_name,
    validate,
)
from sonodesk.core.sweeps.axes import (
    MAX_SWEEP_CELLS,
    SweepError,
    check_axis_value,
    checked_values,
    seed_run,
    short_name,
    sweepable_fields,
    value_text,
)

REPEAT_AXIS: Final = "#take"  # a model without a seed input: repeats, told apart as "take 2"


@dataclass(frozen=True)
class SweepAxis:
    name: str  # the field name, or REPEAT_AXIS
    title: str  # the field's label: "Duration (s)"
    short: str  # the name in a cell label: "duration"
    values: tuple[Any, ...]
    texts: tuple[str, ...]  # each value as shown: "5 s"
    is_seed: bool = False
    cost_impact: bool = False  # may change the price (priced per value)

    def describe(self, index: int) -> str:
        """'duration 5 s', 'seed 12'."""
        return f"{self.short} {self.texts[index]}"


@dataclass(frozen=True)
class SweepCell:
    index: int  # the job's batch_index
    row: int
    column: int
    label: str  # only what differs: "guidance 7 · seed 12"
    job: PlannedJob
    quoted_cost: float | None = None

    @property
    def params(self) -> dict[str, Any]:
        return self.job.params


@dataclass(frozen=True)
class SweepPrice:
    total: float  # of the priced cells
    priced: int
    unpriced: int

    @property
    def complete(self) -> bool:
        return self.unpriced == 0


@dataclass(frozen=True)
class SweepPlan:
    rows: SweepAxis
    columns: SweepAxis | None
    cells: tuple[SweepCell, ...]
    shared_seed: int | None = None  # the seed every cell uses when the seed is not swept

    @property
    def axes(self) -> tuple[SweepAxis, ...]:
        return (self.rows,) if self.columns is None else (self.rows, self.columns)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.rows.values), len(self.columns.values) if self.columns else 1

    @property
    def size(self) -> int:
        return len(self.cells)

    def cell(self, row: int, column: int = 0) -> SweepCell:
        return self.cells[row * self.shape[1] + column]

    def describe(self) -> str:
        """'Intensity × Seed · 3 × 4 = 12 takes' or 'Intensity · 5 takes'."""
        if self.columns is None:
            return f"{self.rows.title} · {_takes(self.size)}"
        rows, columns = self.shape
        titles = f"{self.rows.title} × {self.columns.title}"
        return f"{titles} · {rows} × {columns} = {_takes(self.size)}"

    def price_groups(self) -> tuple[tuple[int, ...], ...]:
        """Cell indexes that cost the same (same values on every price-relevant axis)."""
        groups: dict[tuple[int, ...], list[int]] = {}
        for cell in self.cells:
            key = tuple(
                position
                for axis, position in zip(self.axes, (cell.row, cell.column), strict=False)
                if axis.cost_impact
            )
            groups.setdefault(key, []).append(cell.index)
        return tuple(tuple(group) for group in groups.values())

    def total_price(self, quote: Callable[[dict[str, Any]], float | None]) -> SweepPrice:
        """Sum a per-job quote over the cells, asking once per group that costs the same."""
        quotes: dict[int, float | None] = {}
        for group in self.price_groups():
            price = quote(self.cells[group[0]].params)
            quotes.update(dict.fromkeys(group, price))
        return self.with_quotes(quotes).quoted

    def with_quotes(self, quotes: Mapping[int, float | None]) -> SweepPlan:
        """A copy with each cell's quote (cell index -> price; missing: unchanged)."""
        cells = tuple(
            replace(cell, quoted_cost=quotes.get(cell.index, cell.quoted_cost))
            for cell in self.cells
        )
        return replace(self, cells=cells)

    @property
    def quoted(self) -> SweepPrice:
        known = [c.quoted_cost for c in self.cells if c.quoted_cost is not None]
        return SweepPrice(sum(known), len(known), self.size - len(known))


def plan_sweep(
    specs: Sequence[FieldSpec],
    base_values: Mapping[str, Any],
    axes: Sequence[tuple[str, Sequence[Any]]],
    *,
    seeds: int | Sequence[int] | None = None,
    rng: random.Random | None = None,
) -> SweepPlan:
    """Every combination of 1-2 axes (``[(field name, values)]``) as one planned job per cell.

    ``seeds``: a count (consecutive from the form's seed, or a random base) or a list adds a
    seed axis (a count of repeats for a model without a seed input). Raises SweepError,
    naming the field and value, before any job exists when a cell could not be submitted.
    """
    rng = rng or random.Random()
    if not 1 <= len(axes) <= 2:
        raise SweepError("Choose one or two settings to sweep.")
    by_name = spec_by_name(specs)
    trusted_flags = any(spec.cost_impact for spec in specs)
    built = [_axis(by_name, name, values, trusted_flags, specs) for name, values in axes]
    if len({axis.name for axis in built}) < len(built):
        raise SweepError(f"{built[0].title} is chosen twice; pick two different settings.")
    seed_spec = seed_field(specs)
    seed_swept = seed_spec is not None and any(a.name == seed_spec.name for a in built)
    shared = None
    if seeds is not None:
        if seed_swept:
            raise SweepError("The seed is already swept; leave the number of seeds empty.")
        seed_axis, shared = _seed_axis(seed_spec, seeds, base_values, rng)
        if seed_axis is not None:
            built.append(seed_axis)
    if len(built) > 2:
        raise SweepError("A sweep has rows and columns only: with two settings, use one seed.")
    if seed_spec is not None and not any(a.is_seed for a in built):
        shared = shared if shared is not None else _base_seed(seed_spec, base_values, rng)
    size = 1
    for axis in built:
        size *= len(axis.values)
    if size > MAX_SWEEP_CELLS:
        raise SweepError(
            f"{size} takes is more than one sweep holds ({MAX_SWEEP_CELLS}); use fewer values."
        )
    base = dict(base_values)
    if shared is not None and seed_spec is not None:
        base[seed_spec.name] = shared
    rows, columns = built[0], built[1] if len(built) > 1 else None
    cells = []
    for index, (row, column) in enumerate(
        itertools.product(range(len(rows.values)), range(len(columns.values) if columns else 1))
    ):
        picks = [(rows, row)] + ([(columns, column)] if columns else [])
        values = dict(base)
        values.update({axis.name: axis.values[i] for axis, i in picks if axis.name != REPEAT_AXIS})
        label = " · ".join(axis.describe(i) for axis, i in picks)
        job = _plan_cell(specs, values, label, {a.name for a, _ in picks}, rng)
        cells.append(SweepCell(index, row, column, label, replace(job, index=index)))
    return SweepPlan(rows, columns, tuple(cells), shared)


def _axis(
    by_name: Mapping[str, FieldSpec],
    name: str,
    raw_values: Sequence[Any],
    trusted_flags: bool,
    specs: Sequence[FieldSpec],
) -> SweepAxis:
    spec = by_name.get(name)
    if spec is None or spec not in sweepable_fields(specs):
        shown = spec.label if spec is not None else name
        raise SweepError(
            f"{shown} can't be swept; choose a number, a choice, a switch or the seed."
        )
    values = checked_values(spec, raw_values)
    is_seed = spec.kind is FieldKind.SEED
    # Without any costImpact flag in the schema we cannot tell: price every value separately.
    cost_impact = spec.cost_impact if trusted_flags else not is_seed
    short, _ = short_name(spec)
    texts = tuple(value_text(spec, value) for value in values)
    return SweepAxis(spec.name, spec.label, short, values, texts, is_seed, cost_impact)


def _seed_axis(
    spec: FieldSpec | None,
    seeds: int | Sequence[int],
    base_values: Mapping[str, Any],
    rng: random.Random,
) -> tuple[SweepAxis | None, int | None]:
    """(the seed axis, or None with the single shared seed)."""
    if isinstance(seeds, int) and not isinstance(seeds, bool):
        if spec is None:
            if seeds <= 1:
                return None, None
            repeats = tuple(range(1, seeds + 1))
            return SweepAxis(REPEAT_AXIS, "Take", "take", repeats, tuple(map(str, repeats))), None
        values = seed_run(spec, _base_seed(spec, base_values, rng), seeds)
    else:
        if spec is None:
            raise SweepError("This model has no seed input; give a number of takes instead.")
        values = checked_values(spec, seeds)
    if len(values) == 1:
        return None, values[0]
    texts = tuple(str(value) for value in values)
    return SweepAxis(spec.name, spec.label, "seed", values, texts, is_seed=True), None


def _base_seed(spec: FieldSpec, base_values: Mapping[str, Any], rng: random.Random) -> int:
    """The form's seed when it is usable, else one drawn from ``rng``."""
    raw = base_values.get(spec.name)
    if raw not in (None, ""):
        try:
            return int(check_axis_value(spec, raw))
        except SweepError:
            pass  # an unusable seed in the form: draw one, as a fresh generation would
    return rng.randint(*seed_range(spec))


def _plan_cell(
    specs: Sequence[FieldSpec],
    values: dict[str, Any],
    label: str,
    swept: set[str],
    rng: random.Random,
) -> PlannedJob:
    errors = validate(specs, values)
    if errors:
        error = errors[0]
        spec = spec_by_name(specs).get(top_name(error.path))
        where = spec.label if spec is not None else error.path
        if top_name(error.path) in swept:
            raise SweepError(f"{label}: {where}: {error.message}")
        raise SweepError(f"Fix the form first. {where}: {error.message}")
    try:
        return plan_generation(specs, values, 1, seed_locked=True, rng=rng)[0]
    except (SonodeskError, ValueError) as exc:
        raise SweepError(str(exc)) from None


def _takes(count: int) -> str:
    return f"{count} take" if count == 1 else f"{count} takes"
