"""User preferences as versioned JSON: defaults, migrations, atomic save, damaged-file recovery.

Window geometry is not here (the UI keeps it in QSettings); secrets are never here (see
secrets.py). No Qt.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from sonodesk.core import atomic

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
SCENARIO_DEFAULT_URL = "https://api.cloud.scenario.com/v1"
AIMLAPI_DEFAULT_URL = "https://api.aimlapi.com"


@dataclass
class Settings:
    """Every preference with its default. Unknown keys from newer versions are kept in ``extra``."""

    # Which provider the window and CLI use: "sandbox", "scenario" or "aimlapi".
    provider: str = "sandbox"
    scenario_base_url: str = SCENARIO_DEFAULT_URL
    scenario_project_id: str = ""
    aimlapi_base_url: str = AIMLAPI_DEFAULT_URL
    # Jobs in flight per provider before new ones wait in the local queue.
    max_concurrent_jobs: int = 4
    theme: str = "dark"
    auto_play_newest: bool = True
    output_device: str = ""
    last_model_id: str = ""
    variations: int = 1
    export_dir: str = ""
    budget_cap: float | None = None  # older single cap; folded into budget_caps when saved
    # Spending caps per provider id (a provider has one unit, so CU and credits never mix).
    budget_caps: dict[str, float] = field(default_factory=dict)
    budget_period: str = "day"  # "day", "month" or "session"
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        extra = data.pop("extra")
        return {"schema_version": SCHEMA_VERSION, **extra, **data}


@dataclass(frozen=True)
class LoadedSettings:
    settings: Settings
    notice: str | None = None  # a sentence for the user when something had to be repaired


def _migrate_1_to_2(data: dict[str, Any]) -> dict[str, Any]:
    # Version 1 stored one "api_url" for Scenario; version 2 names endpoints per provider.
    if "api_url" in data and "scenario_base_url" not in data:
        data["scenario_base_url"] = data.pop("api_url")
    return data


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {1: _migrate_1_to_2}


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older settings document up to SCHEMA_VERSION, one step at a time."""
    version = data.get("schema_version", 1)
    if not isinstance(version, int) or version < 1:
        version = 1
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](dict(data))
        version += 1
    data["schema_version"] = version
    return data


def _accepts(default: Any, value: Any) -> bool:
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(default, int):
        return isinstance(value, int) and not isinstance(value, bool)
    if default is None or isinstance(default, float):  # optional numbers (budget_cap)
        return value is None or (isinstance(value, int | float) and not isinstance(value, bool))
    return isinstance(value, type(default))


def _coerce(data: dict[str, Any]) -> tuple[Settings, list[str]]:
    defaults = Settings()
    known = {f.name for f in fields(Settings)} - {"extra"}
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    dropped: list[str] = []
    for key, value in data.items():
        if key == "schema_version":
            continue
        if key not in known:
            extra[key] = value
        elif _accepts(getattr(defaults, key), value):
            values[key] = float(value) if isinstance(value, int) and key == "budget_cap" else value
        else:
            dropped.append(key)
    return Settings(**values, extra=extra), dropped


def load(path: Path) -> LoadedSettings:
    """Read settings; a missing file gives defaults, a damaged one is backed up and replaced."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return LoadedSettings(Settings())
    except OSError as exc:
        log.warning("settings unreadable: %s", exc.__class__.__name__)
        return LoadedSettings(Settings(), "Your settings could not be read; defaults are in use.")
    try:
        data = json.loads(raw)
        if not isinstance(data, dict):
            raise ValueError("settings root is not an object")
    except ValueError:
        backup = atomic.set_aside_damaged(path)
        where = f" A copy was kept as {backup.name}." if backup else ""
        log.warning("settings file was damaged; backed up to %s", backup)
        return LoadedSettings(
            Settings(), f"Your settings file was damaged and has been reset to defaults.{where}"
        )
    settings, dropped = _coerce(migrate(data))
    notice = None
    if dropped:
        notice = "Some settings had invalid values and were reset: " + ", ".join(sorted(dropped))
    return LoadedSettings(settings, notice)


def save(path: Path, settings: Settings) -> None:
    atomic.write_json(path, settings.to_json())
