"""Accounts UI fixtures: a clean secret store over the in-memory keyring, a themed app, and
a way to run the sandbox's URL through the dialog's fields."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import keyring
import pytest

from sonodesk.core.secrets import SecretStore


@pytest.fixture
def secrets(tmp_path: Path) -> SecretStore:
    """A store over the memory keyring, which the root conftest empties around every test."""
    return SecretStore(tmp_path / "config" / "credentials.json")


@pytest.fixture
def no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """The keyring of a headless Linux: every write fails, nothing is ever found."""

    def refuse(*_args: object) -> None:
        raise keyring.errors.NoKeyringError("no backend")

    monkeypatch.setattr(keyring, "set_password", refuse)
    monkeypatch.setattr(keyring, "get_password", lambda *_a: None)


@pytest.fixture
def themed(qapp) -> Callable[[str], None]:  # type: ignore[no-untyped-def]
    """Switch the app's theme for one test; the previous look comes back afterwards."""
    from PySide6.QtGui import QPalette

    from sonodesk.ui import theme

    style, palette, sheet = qapp.style().name(), QPalette(qapp.palette()), qapp.styleSheet()
    yield lambda name: theme.apply_theme(qapp, name)
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setStyleSheet(sheet)
