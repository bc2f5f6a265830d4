"""Run a take's settings again: the same take (same seed) or a new variation (a new seed).

Builds the request only; submitting is the engine's job. The random source is injected.
No Qt, no I/O.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sonodesk.core.jobs.records import TakeRecord
from sonodesk.core.schema import FieldSpec, seed_field, seed_range
from sonodesk.core.schema.variations import DEFAULT_SEED_MAX

SEED_NAME = "seed"


@dataclass(frozen=True)
class RerunRequest:
    """What to hand ``JobEngine.submit``; ``exact`` is False when the seed is not known."""

    provider: str
    model_id: str
    model_name: str
    params: dict[str, Any]
    seed: int | None
    exact: bool


def rerun_params(
    take: TakeRecord,
    new_variation: bool,
    rng: random.Random,
    *,
    specs: Sequence[FieldSpec] | None = None,
) -> RerunRequest:
    """The take's params with its own seed, or with a fresh one from ``rng``.

    The seed input is the schema's SEED field when ``specs`` are given, else ``"seed"``.
    A take whose seed was never reported (a later output of a multi-output job, say) cannot
    be repeated exactly: its job's params are returned and ``exact`` is False.
    """
    spec = seed_field(specs) if specs is not None else None
    name = spec.name if spec is not None else SEED_NAME
    low, high = seed_range(spec) if spec is not None else (0, DEFAULT_SEED_MAX)
    params = copy.deepcopy(dict(take.params))
    has_seed_input = spec is not None or specs is None
    if new_variation:
        seed: int | None = rng.randint(low, high) if has_seed_input else None
    else:
        seed = take.seed if take.seed is not None else _int(params.get(name))
    if seed is not None and has_seed_input:
        params[name] = seed
    exact = not new_variation and seed is not None
    return RerunRequest(take.provider, take.model_id, take.model_name, params, seed, exact)


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value if isinstance(value, int) else None
