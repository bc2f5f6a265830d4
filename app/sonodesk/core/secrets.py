"""API keys and secrets: the OS keyring first, a user-only file only with the user's consent.

Values read or stored here are registered for redaction, so they never reach a log line or an
error message. Nothing here writes secrets anywhere else. No Qt.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import stat
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sonodesk.core import atomic, redact
from sonodesk.core.errors import StorageError

log = logging.getLogger(__name__)
SERVICE = "sonodesk"


class SecretLocation(StrEnum):
    KEYRING = "keyring"
    FILE = "file"
    NONE = "none"


@dataclass(frozen=True)
class StoreResult:
    location: SecretLocation
    where: str  # a sentence for the user: "the system keychain" / "~/.config/.../credentials.json"


class KeyringUnavailable(Exception):
    """No usable OS keyring; the caller may ask the user whether to use the fallback file."""


class SecretStore:
    def __init__(self, fallback_file: Path) -> None:
        self.fallback_file = fallback_file

    @staticmethod
    def _account(provider: str, name: str) -> str:
        return f"{provider}:{name}"

    def get(self, provider: str, name: str) -> str | None:
        return self.lookup(provider, name)[0]

    def location(self, provider: str, name: str) -> SecretLocation:
        return self.lookup(provider, name)[1]

    def lookup(self, provider: str, name: str) -> tuple[str | None, SecretLocation]:
        """The value and where it lives, from one keyring read (each may be a D-Bus call)."""
        value = self._from_keyring(provider, name)
        if value:
            where = SecretLocation.KEYRING
        else:
            value = self._read_file().get(self._account(provider, name))
            where = SecretLocation.FILE if value else SecretLocation.NONE
        if value:
            redact.register_secret(value)
        return value or None, where

    def set(self, provider: str, name: str, value: str, *, allow_file: bool = False) -> StoreResult:
        """Store in the keyring; without one, raise KeyringUnavailable unless allow_file."""
        redact.register_secret(value)
        try:
            import keyring
            import keyring.errors

            keyring.set_password(SERVICE, self._account(provider, name), value)
        except Exception as exc:  # NoKeyringError, a locked keychain, D-Bus trouble, ...
            if not allow_file:
                raise KeyringUnavailable(type(exc).__name__) from None
            self._write_file_entry(self._account(provider, name), value)
            return StoreResult(SecretLocation.FILE, str(self.fallback_file))
        self._remove_file_entry(self._account(provider, name))
        return StoreResult(SecretLocation.KEYRING, "the system keyring")

    def delete(self, provider: str, name: str) -> None:
        with contextlib.suppress(Exception):
            import keyring

            keyring.delete_password(SERVICE, self._account(provider, name))
        self._remove_file_entry(self._account(provider, name))

    # -- keyring ----------------------------------------------------------------------------

    def _from_keyring(self, provider: str, name: str) -> str | None:
        try:
            import keyring

            return keyring.get_password(SERVICE, self._account(provider, name))
        except Exception:  # no backend: the file fallback may still have it
            return None

    # -- fallback file (0600) ---------------------------------------------------------------

    def _read_file(self) -> dict[str, str]:
        try:
            data = json.loads(self.fallback_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("the credentials file is unreadable; ignoring it")
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): v for k, v in data.items() if isinstance(v, str)}

    def _write_file_entry(self, account: str, value: str) -> None:
        data = self._read_file()
        data[account] = value
        self._write_file(data)

    def _remove_file_entry(self, account: str) -> None:
        data = self._read_file()
        if account in data:
            del data[account]
            self._write_file(data)

    def _write_file(self, data: dict[str, str]) -> None:
        try:
            if not data:
                self.fallback_file.unlink(missing_ok=True)
                return
            atomic.write_json(self.fallback_file, data, mode=stat.S_IRUSR | stat.S_IWUSR)
            if os.name == "posix":
                os.chmod(self.fallback_file, stat.S_IRUSR | stat.S_IWUSR)
        except OSError as exc:
            raise StorageError("The credentials file could not be written.") from exc
