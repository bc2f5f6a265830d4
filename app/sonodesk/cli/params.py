"""Read ``--set name=value`` and ``--file name=PATH`` arguments into request params. No Qt.

Values are read as JSON where they parse (numbers, true/false, lists), else as text; with the
model's schema at hand they are coerced and validated field by field, so a mistake is
reported with the field's name before anything is sent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from sonodesk.core.errors import SonodeskError


class ParamError(SonodeskError):
    """A --set/--file argument is malformed or invalid for the model."""


def split_assignment(text: str, flag: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ParamError(f"{flag} expects name=value, got {text!r}.")
    return name, value


def literal(value: str) -> Any:
    """'30' -> 30, 'true' -> True, '[1,2]' -> [1, 2], anything else stays text."""
    stripped = value.strip()
    if not stripped:
        return value
    try:
        parsed = json.loads(stripped)
    except ValueError:
        return value
    except RecursionError:  # '[[[[…' thousands deep: refuse it rather than crash
        raise ParamError("A --set value is nested too deeply to read.") from None
    if (
        isinstance(parsed, float)
        and parsed.is_integer()
        and "." not in stripped
        and ("e" not in stripped.lower())
    ):
        return int(parsed)
    return parsed


def parse_sets(items: Iterable[str]) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for item in items:
        name, value = split_assignment(item, "--set")
        params[name] = literal(value)
    return params


def parse_files(items: Iterable[str]) -> dict[str, list[str]]:
    files: dict[str, list[str]] = {}
    for item in items:
        name, value = split_assignment(item, "--file")
        path = Path(value).expanduser()
        if not path.is_file():
            raise ParamError(f"--file {name}: {value} is not a file.")
        files.setdefault(name, []).append(str(path.resolve()))
    return files


def _check_local_file(spec: Any, path: Path) -> None:
    """Refuse a file the server would refuse: not audio, too big, too long or too short."""
    from sonodesk.core.audio import probe
    from sonodesk.core.errors import AudioError
    from sonodesk.core.schema import check_file_limits

    duration = None
    if spec.file_kind in (None, "audio"):
        try:
            duration = probe(path).duration
        except AudioError as exc:
            raise ParamError(f"{spec.name}: {exc}") from None
    problem = check_file_limits(spec, path.stat().st_size, duration)
    if problem:
        raise ParamError(f"{spec.name}: {problem}")


def apply_schema(
    inputs: Sequence[Mapping[str, Any]] | None,
    ui_config: Mapping[str, Any] | None,
    params: dict[str, Any],
    files: dict[str, list[str]],
) -> tuple[dict[str, Any], dict[str, str | list[str]]]:
    """Coerce and validate against the model's inputs; returns (body, files to upload)."""
    if not inputs:
        return params, {k: v if len(v) > 1 else v[0] for k, v in files.items()}
    from sonodesk.core.schema import (
        FieldKind,
        build_body,
        coerce_value,
        default_values,
        specs_from_scenario,
        validate,
    )

    specs = specs_from_scenario(inputs, ui_config)
    by_name = {spec.name: spec for spec in specs}
    unknown = sorted((set(params) | set(files)) - set(by_name))
    if unknown:
        raise ParamError(
            f"Unknown parameter {unknown[0]!r}. This model takes: {', '.join(sorted(by_name))}."
        )
    values = default_values(specs)
    for name, raw in params.items():
        try:
            values[name] = coerce_value(by_name[name], raw)
        except ValueError as exc:
            raise ParamError(f"{name}: {exc}") from None
    upload: dict[str, str | list[str]] = {}
    for name, paths in files.items():
        spec = by_name[name]
        if spec.kind not in (FieldKind.FILE, FieldKind.FILE_LIST):
            raise ParamError(f"{name} is not a file input; use --set for it.")
        for path in paths:
            _check_local_file(spec, Path(path))
        # Validation sees a placeholder asset id; the real one replaces it after the upload.
        upload[name] = paths if spec.kind is FieldKind.FILE_LIST else paths[0]
        values[name] = (
            ["pending-upload"] * len(paths)
            if spec.kind is FieldKind.FILE_LIST
            else ("pending-upload")
        )
    errors = validate(specs, values)
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise ParamError(f"{first.path}: {first.message}{more}")
    body = build_body(specs, values)
    for name in upload:
        body.pop(name, None)
    return body, upload
