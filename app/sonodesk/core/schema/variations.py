"""Seeds for N variations of one request, so every take's seed is known and can be reused.

The random source is injected (tests pass a seeded ``random.Random``). No Qt, no I/O.
"""

from __future__ import annotations

import copy
import math
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sonodesk.core.schema.coerce import coerce_value
from sonodesk.core.schema.fieldspec import FieldKind, FieldSpec

MAX_VARIATIONS: Final = 8
DEFAULT_SEED_MAX: Final = 2**31 - 1  # what most providers accept when they state no maximum


def seed_field(specs: Sequence[FieldSpec]) -> FieldSpec | None:
    """The model's seed input, if it has one."""
    return next((spec for spec in specs if spec.kind is FieldKind.SEED), None)


def seed_range(spec: FieldSpec) -> tuple[int, int]:
    """Inclusive range of usable seeds: the schema's bounds, else 0..2**31-1.

    Negative seeds are excluded: several models read -1 as "random", which is not reproducible.
    """
    low = 0 if spec.minimum is None else max(0, math.ceil(spec.minimum))
    high = DEFAULT_SEED_MAX if spec.maximum is None else math.floor(spec.maximum)
    return low, max(low, high)


def expand_variations(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    count: int,
    *,
    rng: random.Random,
) -> list[dict[str, Any]]:
    """``count`` (1-8) copies of ``values``, each with its own recorded seed.

    A set seed is the base: seed, seed+1, ... An unset (or unusable) seed gets a random base
    from ``rng``. Seeds past the maximum wrap round to the minimum. Without a seed input the
    copies are identical and the provider's own randomness makes them differ.
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_VARIATIONS:
        raise ValueError(f"Choose between 1 and {MAX_VARIATIONS} variations.")
    spec = seed_field(specs)
    if spec is None:
        return [copy.deepcopy(dict(values)) for _ in range(count)]
    low, high = seed_range(spec)
    base = _given_seed(spec, values.get(spec.name))
    if base is None or not low <= base <= high:
        base = rng.randint(low, high)
    span = high - low + 1
    variations = []
    for index in range(count):
        variation = copy.deepcopy(dict(values))
        variation[spec.name] = low + (base - low + index) % span
        variations.append(variation)
    return variations


def _given_seed(spec: FieldSpec, raw: Any) -> int | None:
    try:
        value = coerce_value(spec, raw)
    except ValueError:
        return None
    return value if isinstance(value, int) else None
