"""What goes into the frozen app and what stays out: names, excludes and the file filter that
packaging/sonodesk.spec applies. Plain Python, no PyInstaller import, so tests can read it.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path

APP_NAME = "sonodesk"  # the executable, the folder in dist/, and the desktop file's name
APP_ID = "io.sonodesk.Sonodesk"  # AppStream component id and macOS bundle identifier
PACKAGING_DIR = Path(__file__).resolve().parent
ROOT = PACKAGING_DIR.parent

# Every Qt binding the app imports (a test checks app/ against this list). Every other PySide6
# module is excluded by name, so a stray import elsewhere cannot drag it into the bundle.
QT_MODULES_USED = ("QtCore", "QtGui", "QtSvg", "QtWidgets")

# Python packages that are installed in the build venv (tests, tools) but never run by the app.
PYTHON_EXCLUDES = (
    "tkinter",
    "_tkinter",
    "pytest",
    "_pytest",
    "pytestqt",
    "hypothesis",
    "pygments",
    "scipy",
    "pyloudnorm",
    "PyInstaller",
    "pip",
    "setuptools",
    "pkg_resources",
    # GNU readline is GPL; the app never runs an interactive prompt.
    "readline",
    "curses",
)

# Bundle paths (as they appear under _internal/, POSIX separators) that are left out, and why.
LEFT_OUT: dict[str, str] = {
    # The UI is English; Qt's catalogues would only translate its standard buttons (7 MB).
    "PySide6/Qt/translations/*": "Qt translations",
    # Embedded-device and remote platforms: a desktop app runs on xcb or wayland (offscreen
    # stays for --smoke and screenshots, minimal for diagnostics).
    "PySide6/Qt/plugins/platforms/libqeglfs.so": "eglfs platform",
    "PySide6/Qt/plugins/platforms/libqminimalegl.so": "minimal EGL platform",
    "PySide6/Qt/plugins/platforms/libqlinuxfb.so": "framebuffer platform",
    "PySide6/Qt/plugins/platforms/libqvnc.so": "VNC platform",
    "PySide6/Qt/plugins/platforms/libqvkkhrdisplay.so": "Vulkan display platform",
    "PySide6/Qt/plugins/egldeviceintegrations/*": "eglfs device integrations",
    "PySide6/Qt/plugins/generic/*": "evdev input for eglfs/linuxfb",
    "PySide6/Qt/lib/libQt6EglFSDeviceIntegration.so*": "eglfs support library",
    "PySide6/Qt/lib/libQt6EglFsKmsSupport.so*": "eglfs support library",
    # The GTK theme plugin would load the system's GTK 3 against the bundle's own (older or
    # newer) GLib, Pango and Cairo; the app draws its own theme anyway.
    "PySide6/Qt/plugins/platformthemes/libqgtk3.so": "GTK 3 platform theme",
    # Icons are SVG and PNG (built into QtGui); no JPEG, TIFF, WebP, GIF, ... is ever read.
    "PySide6/Qt/plugins/imageformats/libqjpeg.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqtiff.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqwebp.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqgif.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqtga.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqwbmp.so": "image format",
    "PySide6/Qt/plugins/imageformats/libqicns.so": "image format",
    # QtNetwork is not used (httpx and aiohttp do the networking).
    "PySide6/Qt/plugins/networkinformation/*": "QtNetwork plugin",
    "PySide6/Qt/plugins/tls/*": "QtNetwork plugin",
}

# System libraries that must come from the user's machine, never from the build machine.
SYSTEM_ONLY_LIBRARIES: dict[str, str] = {
    # A newer distribution's graphics drivers need its own (newer) C++ runtime.
    r"libstdc\+\+\.so\..*": "C++ runtime",
    r"libgcc_s\.so\..*": "GCC runtime",
    # Part of the C library (glibc), which always comes from the system.
    r"libmvec\.so\..*": "C library",
    # ALSA loads the system's plugins (PipeWire, PulseAudio) and reads its configuration:
    # both must match the libasound that loads them.
    r"libasound\.so\..*": "ALSA",
    # Fonts: the library must understand the system's fonts.conf.
    r"libfontconfig\.so\..*": "fontconfig",
    r"libfreetype\.so\..*": "FreeType",
    # PortAudio's JACK client must match the user's JACK (or PipeWire) server, and the Berkeley
    # DB it links (Sleepycat licence) asks for the source of software that uses it.
    r"libjack\.so\..*": "JACK client library",
    r"libdb-5\.3\.so": "Berkeley DB",
}


def excluded_qt_modules(pyside_dir: Path) -> list[str]:
    """``PySide6.Qt*`` modules that exist (a .pyi stub each) but the app does not use."""
    names = {p.stem.split(".")[0] for p in pyside_dir.glob("Qt*.pyi")}
    return [f"PySide6.{name}" for name in sorted(names - set(QT_MODULES_USED))]


def left_out_reason(dest_name: str) -> str | None:
    """Why a bundle path is left out, or None to keep it."""
    posix = dest_name.replace("\\", "/")
    for pattern, reason in LEFT_OUT.items():
        if fnmatch.fnmatch(posix, pattern):
            return reason
    base = posix.rsplit("/", 1)[-1]
    for pattern, reason in SYSTEM_ONLY_LIBRARIES.items():
        if re.fullmatch(pattern, base):
            return reason
    return None


def read_version() -> str:
    """``__version__`` from app/sonodesk/__init__.py, read as text (the build may be anywhere)."""
    text = (ROOT / "app" / "sonodesk" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    if match is None:
        raise ValueError("no __version__ in app/sonodesk/__init__.py")
    return match.group(1)


def drop_left_out(
    collected: tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]],
) -> tuple[list[str], list[tuple[str, str]], list[tuple[str, str]]]:
    """A Qt hook's (hiddenimports, binaries, datas) without the left-out files.

    Done inside the hooks rather than on the finished analysis: a plugin dropped here never has
    its own library dependencies (e.g. the GTK theme's Pango and Cairo) collected either.
    """
    hiddenimports, binaries, datas = collected

    def keep(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
        return [
            (src, dest_dir)
            for src, dest_dir in pairs
            if left_out_reason(f"{dest_dir}/{Path(src).name}") is None
        ]

    return hiddenimports, keep(binaries), keep(datas)
