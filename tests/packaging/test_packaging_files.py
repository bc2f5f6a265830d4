"""The packaging files agree with each other and with the app: spec, desktop entry, metainfo,
icons, the frozen entry point and the shell scripts. Cheap: nothing is built here (that is
`make package-test`)."""

from __future__ import annotations

import ast
import configparser
import re
import struct
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from types import ModuleType

import pytest

import sonodesk

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
LINUX = PACKAGING / "linux"
ICON_SIZES = (16, 32, 48, 64, 128, 256, 512)


@pytest.fixture
def bundle(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(PACKAGING))
    import sonodesk_bundle

    return sonodesk_bundle


@pytest.fixture
def entry(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(PACKAGING))
    import sonodesk_entry

    return sonodesk_entry


def test_the_spec_is_python_and_uses_the_entry_point_hooks_and_bundle_rules() -> None:
    source = (PACKAGING / "sonodesk.spec").read_text(encoding="utf-8")
    tree = ast.parse(source)
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert {"Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"} <= called
    for needed in ("sonodesk_entry.py", "rthook_portaudio.py", '"hooks"', "excluded_qt_modules"):
        assert needed in source
    assert (PACKAGING / "hooks" / "rthook_portaudio.py").is_file()
    for module in ("QtCore", "QtGui", "QtWidgets", "QtSvg"):
        assert (PACKAGING / "hooks" / f"hook-PySide6.{module}.py").is_file()


def test_the_version_comes_from_the_package(bundle: ModuleType) -> None:
    assert bundle.read_version() == sonodesk.__version__


def test_every_qt_module_the_app_imports_is_kept(bundle: ModuleType) -> None:
    imported = set()
    for path in (ROOT / "app").rglob("*.py"):
        imported |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text(encoding="utf-8")))
    assert imported <= set(bundle.QT_MODULES_USED)
    import PySide6

    excluded = bundle.excluded_qt_modules(Path(PySide6.__file__).parent)
    assert {"PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick"} <= set(excluded)
    assert not {f"PySide6.{name}" for name in bundle.QT_MODULES_USED} & set(excluded)


@pytest.mark.parametrize(
    ("path", "left_out"),
    [
        ("PySide6/Qt/translations/qtbase_de.qm", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
        ("libstdc++.so.6", True),
        ("libasound.so.2", True),
        ("libjack.so.0", True),
        ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
        ("libportaudio.so.2", False),
        ("_soundfile_data/libsndfile_x86_64.so", False),
    ],
)
def test_what_is_left_out_of_the_bundle(bundle: ModuleType, path: str, left_out: bool) -> None:
    assert (bundle.left_out_reason(path) is not None) is left_out


def test_a_dropped_qt_plugin_is_dropped_inside_the_hook(bundle: ModuleType) -> None:
    collected = (
        ["PySide6.QtDBus"],
        [("/x/libqgtk3.so", "PySide6/Qt/plugins/platformthemes"), ("/x/libqxcb.so", "p")],
        [("/x/qtbase_de.qm", "PySide6/Qt/translations")],
    )
    hidden, binaries, datas = bundle.drop_left_out(collected)
    assert hidden == ["PySide6.QtDBus"]
    assert binaries == [("/x/libqxcb.so", "p")] and datas == []


def test_the_frozen_entry_runs_the_sandbox_as_python_minus_m_would(entry: ModuleType) -> None:
    assert entry.module_invocation(["sonodesk", "-m", "sonodesk.sandbox", "--port", "0"]) == (
        "sonodesk.sandbox",
        ["--port", "0"],
    )
    assert entry.module_invocation(["sonodesk", "--smoke"]) is None
    assert entry.module_invocation(["sonodesk", "-m", "os"]) is None  # nothing else runs


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(LINUX / "sonodesk.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_desktop_entry(bundle: ModuleType) -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application" and entry["Name"] == "Sonodesk"
    # install.sh rewrites exactly this line into an absolute path.
    assert entry["Exec"] == bundle.APP_NAME
    assert entry["Icon"] == bundle.APP_NAME and entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";") and "Audio" in entry["Categories"].split(";")
    # The window's desktop file name (Wayland app id) must name this file.
    app_source = (ROOT / "app" / "sonodesk" / "ui" / "app.py").read_text(encoding="utf-8")
    assert f'setDesktopFileName("{bundle.APP_NAME}")' in app_source
    install = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert "s|^Exec=sonodesk\\$|" in install


def test_the_metainfo_matches_the_app_and_its_version(bundle: ModuleType) -> None:
    path = LINUX / f"{bundle.APP_ID}.metainfo.xml"
    root = ET.parse(path).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == bundle.APP_ID
    assert root.findtext("launchable") == f"{bundle.APP_NAME}.desktop"
    assert root.findtext("provides/binary") == bundle.APP_NAME
    assert root.findtext("name") == _desktop_entry()["Name"]
    releases = root.findall("releases/release")
    assert releases, "a <release> for each version"
    newest = releases[0]
    assert newest.get("version") == sonodesk.__version__, "add a <release> for the new version"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", newest.get("date") or "")


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_icons_at_every_size() -> None:
    for size in ICON_SIZES:
        assert _png_size(LINUX / "icons" / f"sonodesk-{size}.png") == (size, size)
    assert (ROOT / "resources" / "icons" / "sonodesk.svg").is_file()  # the scalable one
    install = (LINUX / "install.sh").read_text(encoding="utf-8")
    assert f'icon_sizes="{" ".join(map(str, ICON_SIZES))}"' in install


def test_render_icons_makes_the_same_sizes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(LINUX))
    import render_icons

    assert render_icons.SIZES == ICON_SIZES


@pytest.mark.parametrize("script", ["build.sh", "install.sh", "package-test.sh"])
def test_the_shell_scripts_parse(script: str) -> None:
    result = subprocess.run(["sh", "-n", str(LINUX / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_makefile_builds_and_tests_the_package() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "sh packaging/linux/build.sh" in makefile
    assert "sh packaging/linux/package-test.sh" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make test") < ci.index("make package-test")
