"""Shell test fixtures: a themed application that is put back the way it was after each test
(other UI tests share the QApplication)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest


@pytest.fixture
def themed_app(qapp):  # type: ignore[no-untyped-def]
    """The QApplication in Sonodesk's dark theme; palette and stylesheet restored afterwards."""
    from PySide6.QtGui import QPalette

    from sonodesk.ui.theme import apply_theme

    palette, sheet = QPalette(qapp.palette()), qapp.styleSheet()
    apply_theme(qapp, "dark")
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)


@pytest.fixture
def models():  # type: ignore[no-untyped-def]
    from ui.shell.sample_data import all_models

    return all_models()


@pytest.fixture
def no_dialogs(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Record message boxes instead of showing them."""
    shown: list[str] = []
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "show", lambda self: shown.append(self.text()))
    yield shown
