"""core.licences: the shipped components from metadata, the build's folder, licence texts."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from sonodesk.core import licences
from sonodesk.core.licences import Component


def test_runtime_requirements_only_with_their_licences() -> None:
    found = {c.name: (c, texts) for c, texts in licences.python_components()}
    assert {"numpy", "httpx", "soundfile", "sounddevice", "PySide6_Essentials"} <= set(found)
    assert "pytest" not in found and "ruff" not in found  # the test extra is not shipped
    assert "sonodesk" not in found
    numpy, numpy_texts = found["numpy"]
    assert numpy.licence.startswith("BSD-3-Clause") and "licenses/LICENSE.txt" in numpy_texts
    assert found["sounddevice"][0].licence == "MIT"
    assert all(c.origin == "Python package" for c, _ in found.values())


@pytest.mark.skipif(not licences.COMMON_LICENCES.is_dir(), reason="no /usr/share/common-licenses")
def test_a_package_without_a_licence_file_gets_the_standard_text_of_its_first_choice() -> None:
    texts = licences.standard_texts("LGPL-3.0-only OR GPL-2.0-only OR GPL-3.0-only")
    assert list(texts) == ["LGPL-3", "GPL-3"]  # the LGPL, and the GPL 3 it builds on
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in texts["LGPL-3"]
    assert licences.standard_texts("MIT") == {}


def test_the_build_folder_round_trips_and_is_what_a_frozen_app_reads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    qt = Component("Qt", "6.11.3", "LGPL-3.0-only", "native library", "qt")
    folder = tmp_path / licences.FOLDER_NAME
    licences.write_folder([(qt, {"LGPL-3": "lesser", "sub/GPL-3": "general"})], folder)
    assert licences.frozen_folder() is None  # from source
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    assert licences.frozen_folder() == folder
    (loaded,) = licences.shipped_components()
    assert loaded == Component(
        "Qt", "6.11.3", "LGPL-3.0-only", "native library", "qt", ("LGPL-3", "sub/GPL-3")
    )
    expected = "==> LGPL-3 <==\n\nlesser\n\n==> sub/GPL-3 <==\n\ngeneral"
    assert licences.licence_text(loaded) == expected
