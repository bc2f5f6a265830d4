"""Window geometry, splitter and header layouts, kept in an INI file in the config dir.

Only opaque Qt state blobs and a few flags live here (user preferences are in settings.json),
and the file sits under paths.config_dir so SONODESK_HOME isolates tests and portable installs.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter, QWidget

UI_STATE_FILE = "ui-state.ini"


class UiState:
    """Saves and restores named layout blobs; every restore tolerates a missing or stale entry."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._settings = QSettings(str(path), QSettings.Format.IniFormat)

    @classmethod
    def in_config_dir(cls, config_dir: Path) -> UiState:
        return cls(config_dir / UI_STATE_FILE)

    def _blob(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        if isinstance(value, QByteArray) and not value.isEmpty():
            return value
        if isinstance(value, bytes | bytearray) and value:
            return QByteArray(bytes(value))
        return None

    def save_geometry(self, key: str, widget: QWidget) -> None:
        self._settings.setValue(f"{key}/geometry", widget.saveGeometry())

    def restore_geometry(self, key: str, widget: QWidget) -> bool:
        blob = self._blob(f"{key}/geometry")
        return blob is not None and widget.restoreGeometry(blob)

    def save_splitter(self, key: str, splitter: QSplitter) -> None:
        self._settings.setValue(f"splitters/{key}", splitter.saveState())

    def restore_splitter(self, key: str, splitter: QSplitter) -> bool:
        blob = self._blob(f"splitters/{key}")
        return blob is not None and splitter.restoreState(blob)

    def save_header(self, key: str, header: QHeaderView) -> None:
        self._settings.setValue(f"headers/{key}", header.saveState())

    def restore_header(self, key: str, header: QHeaderView) -> bool:
        blob = self._blob(f"headers/{key}")
        return blob is not None and header.restoreState(blob)

    def save_flag(self, key: str, value: bool) -> None:
        self._settings.setValue(f"flags/{key}", bool(value))

    def flag(self, key: str, default: bool) -> bool:
        value = self._settings.value(f"flags/{key}", default)
        if isinstance(value, str):  # INI files hand booleans back as "true"/"false"
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def sync(self) -> None:
        self._settings.sync()
