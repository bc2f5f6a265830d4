"""Where Sonodesk keeps its files: platformdirs locations, or everything under SONODESK_HOME.

Touches the filesystem only to create directories (ensure()). No Qt.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "Sonodesk"
APP_AUTHOR = "Sonodesk"
HOME_ENV = "SONODESK_HOME"


@dataclass(frozen=True)
class AppPaths:
    """The four base directories and the well-known files inside them."""

    config_dir: Path
    data_dir: Path
    cache_dir: Path
    log_dir: Path

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def credentials_fallback_file(self) -> Path:
        """Secrets land here only when no OS keyring exists and the user agreed."""
        return self.config_dir / "credentials.json"

    @property
    def presets_dir(self) -> Path:
        return self.config_dir / "presets"

    @property
    def database_file(self) -> Path:
        return self.data_dir / "sonodesk.db"

    @property
    def takes_dir(self) -> Path:
        """The library folder: every downloaded take lives under here."""
        return self.data_dir / "takes"

    @property
    def trash_dir(self) -> Path:
        return self.data_dir / "trash"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def sandbox_state_dir(self) -> Path:
        """State of the embedded sandbox server, so its jobs survive an app restart."""
        return self.data_dir / "sandbox"

    @property
    def model_cache_dir(self) -> Path:
        return self.cache_dir / "models"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "sonodesk.log"

    def all_dirs(self) -> tuple[Path, ...]:
        return (self.config_dir, self.data_dir, self.cache_dir, self.log_dir)


def app_paths(environ: dict[str, str] | None = None) -> AppPaths:
    """Resolve the directories; SONODESK_HOME puts all of them under one folder."""
    env = os.environ if environ is None else environ
    home = env.get(HOME_ENV, "").strip()
    if home:
        root = Path(home).expanduser().resolve()
        return AppPaths(
            config_dir=root / "config",
            data_dir=root / "data",
            cache_dir=root / "cache",
            log_dir=root / "logs",
        )
    import platformdirs

    return AppPaths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR)),
        cache_dir=Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR)),
        log_dir=Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR)),
    )


def ensure(paths: AppPaths) -> AppPaths:
    """Create the base directories (idempotent) and return the same paths."""
    for directory in (*paths.all_dirs(), paths.takes_dir):
        directory.mkdir(parents=True, exist_ok=True)
    return paths


def resource_dir() -> Path:
    """The bundled resources folder, in a wheel, a frozen app or a source checkout."""
    here = Path(__file__).resolve()
    candidates = [
        here.parents[1] / "_resources",  # installed wheel (force-included)
        here.parents[3] / "resources",  # source checkout: app/sonodesk/core -> repo root
    ]
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.insert(0, Path(frozen_root) / "resources")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]
