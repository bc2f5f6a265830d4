"""Turn the form's values into jobs: N variations with known seeds, local files to upload.

Each planned job carries the exact params it will be submitted with (a later form edit cannot
change a queued job). Local file paths are split out for the engine to upload on submit;
asset ids stay in the params. Pure: no Qt, no network, no file reads beyond ``exists``.
"""

from __future__ import annotations

import copy
import os
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sonodesk.core.errors import SonodeskError
from sonodesk.core.schema import (
    FieldKind,
    FieldSpec,
    build_body,
    expand_variations,
    seed_field,
)


@dataclass(frozen=True)
class PlannedJob:
    params: dict[str, Any]
    files: dict[str, str | list[str]] = field(default_factory=dict)
    seed: int | None = None
    index: int = 0


def is_local_file(value: object) -> bool:
    """A value the user picked from disk (to upload), as opposed to a server asset id."""
    return isinstance(value, str) and os.path.isabs(value) and os.path.isfile(value)


def plan_generation(
    specs: Sequence[FieldSpec],
    values: Mapping[str, Any],
    takes: int,
    *,
    seed_locked: bool = True,
    rng: random.Random | None = None,
) -> list[PlannedJob]:
    """The jobs one press of Generate starts: ``takes`` variations of ``values``.

    With the seed unlocked a fresh random base seed is drawn; takes use seed, seed+1, ...
    """
    rng = rng or random.Random()
    values = copy.deepcopy(dict(values))
    seed_spec = seed_field(specs)
    if seed_spec is not None and not seed_locked:
        values[seed_spec.name] = None
    planned = []
    for index, variation in enumerate(expand_variations(specs, values, takes, rng=rng)):
        files = _split_files(specs, variation)
        body = build_body(specs, variation)
        for name in files:
            body.pop(name, None)
        seed = body.get(seed_spec.name) if seed_spec is not None else None
        planned.append(PlannedJob(body, files, seed if isinstance(seed, int) else None, index))
    return planned


def _split_files(specs: Sequence[FieldSpec], values: dict[str, Any]) -> dict[str, str | list[str]]:
    """Take local paths out of file inputs; what remains in ``values`` are asset ids."""
    files: dict[str, str | list[str]] = {}
    for spec in specs:
        value = values.get(spec.name)
        if spec.kind is FieldKind.FILE and is_local_file(value):
            files[spec.name] = value
        elif spec.kind is FieldKind.FILE_LIST and isinstance(value, list) and value:
            if any(is_local_file(v) for v in value):
                if not all(is_local_file(v) for v in value):
                    raise SonodeskError(
                        f"{spec.label}: mix of local files and uploaded assets; "
                        "pick all files again."
                    )
                files[spec.name] = list(value)
        elif spec.kind is FieldKind.GROUP_LIST and isinstance(value, list):
            for row in value:
                if isinstance(row, dict) and _split_files(spec.children, dict(row)):
                    raise SonodeskError(
                        f"{spec.label}: files inside rows can't be uploaded from here yet."
                    )
        if spec.name in files:
            # Validation and build_body see a stand-in; the engine puts the asset id in.
            values[spec.name] = (
                ["local-file"] * len(files[spec.name])
                if isinstance(files[spec.name], list)
                else "local-file"
            )
    return files
