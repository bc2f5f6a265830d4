"""The About dialog: version, connection, and each shipped component with its licence text."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from sonodesk import __version__
from sonodesk.core import licences
from sonodesk.core.licences import Component
from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.dialogs.about import FROZEN_NOTE, SOURCE_NOTE, AboutDialog
from sonodesk.ui.theme import apply_theme

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


def _dialog(qtbot) -> AboutDialog:  # type: ignore[no-untyped-def]
    dialog = AboutDialog(AppInfo(provider_badge="Sandbox · offline"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def _row(dialog: AboutDialog, name: str) -> int:
    return next(i for i, c in enumerate(dialog.components) if c.name == name)


def test_from_source_it_lists_the_installed_packages(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    assert dialog.title.text() == f"Sonodesk {__version__}"
    assert "Sandbox · offline" in dialog.details.text()
    assert dialog.note.text() == SOURCE_NOTE
    by_name = {c.name: c for c in dialog.components}
    assert "LGPL-3.0-only" in by_name["PySide6_Essentials"].licence
    assert by_name["numpy"].licence.startswith("BSD-3-Clause")
    assert by_name["httpx"].licence == "BSD-3-Clause"
    assert dialog.components[0].name == "PySide6_Essentials"  # the featured ones first
    dialog.table.selectRow(_row(dialog, "httpx"))
    text = dialog.licence.toPlainText()
    assert text.startswith("httpx ") and "Redistribution and use" in text


def test_the_filter_hides_rows_that_do_not_match(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.filter.setText("lgpl")
    shown = [c.name for i, c in enumerate(dialog.components) if not dialog.table.isRowHidden(i)]
    assert "PySide6_Essentials" in shown and "soxr" in shown and "httpx" not in shown
    dialog.filter.clear()
    assert not any(dialog.table.isRowHidden(i) for i in range(len(dialog.components)))


def test_a_frozen_app_reads_its_licence_folder(  # type: ignore[no-untyped-def]
    qtbot, themed_app, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    portaudio = Component("PortAudio", "19.6.0", "MIT", "native library", "debian-libportaudio2")
    licences.write_folder([(portaudio, {"copyright": "Permission is hereby granted"})], tmp_path)
    # A frozen app's bundle root; the folder the build wrote sits inside it.
    (tmp_path.parent / "bundle").mkdir()
    (tmp_path).rename(tmp_path.parent / "bundle" / licences.FOLDER_NAME)
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path.parent / "bundle"), raising=False)
    dialog = _dialog(qtbot)
    assert dialog.note.text() == FROZEN_NOTE
    assert [c.name for c in dialog.components] == ["PortAudio"]
    assert "Permission is hereby granted" in dialog.licence.toPlainText()


def test_copy_puts_the_versions_on_the_clipboard(qtbot, themed_app) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    dialog.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied.startswith(f"Sonodesk {__version__}\nQt ") and "numpy" not in copied


@pytest.mark.parametrize("name", ["dark", "light"])
def test_about_screenshot(qtbot, themed_app, name: str) -> None:  # type: ignore[no-untyped-def]
    apply_theme(QApplication.instance(), name)  # type: ignore[arg-type]
    dialog = _dialog(qtbot)
    dialog.table.selectRow(_row(dialog, "PySide6_Essentials"))
    qtbot.wait(50)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    suffix = "" if name == "dark" else "_light"
    assert dialog.grab().save(str(ARTIFACTS / f"about_dialog{suffix}.png"))
