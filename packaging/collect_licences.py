"""Build step: gather the licence of everything the frozen app ships into one folder.

Python packages come from their metadata (sonodesk.core.licences, the same code the About dialog
uses), the interpreter from its LICENSE.txt, and libraries taken from the build system from the
Debian package that owns them (dpkg).
Reads the system; writes only the folder it is given.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sysconfig
from collections.abc import Iterable
from pathlib import Path

from sonodesk.core.licences import Component, python_components, write_folder

# Debian packages whose copyright file names no licence in a form we can read.
KNOWN_DEBIAN = {"libportaudio2": ("PortAudio", "MIT")}
_SYSTEM_PREFIXES = ("/usr/", "/lib/", "/lib64/")

Entry = tuple[Component, dict[str, str]]


def interpreter_entry() -> Entry:
    licence_file = Path(sysconfig.get_paths()["stdlib"]) / "LICENSE.txt"
    texts = (
        {"LICENSE.txt": licence_file.read_text(encoding="utf-8")} if licence_file.is_file() else {}
    )
    component = Component(
        name="Python",
        version=platform.python_version(),
        licence="PSF-2.0",
        origin="Python runtime",
        key="python",
    )
    return _with_texts(component, texts), texts


def libsndfile_entry() -> Entry:
    """libsndfile as its own row: it is the soundfile wheel's native library."""
    import soundfile

    copying = Path(soundfile.__file__).parent / "_soundfile_data" / "COPYING"
    texts = {"COPYING": copying.read_text(encoding="utf-8")} if copying.is_file() else {}
    component = Component(
        name="libsndfile",
        version=str(getattr(soundfile, "__libsndfile_version__", "")),
        licence="LGPL-2.1-or-later",
        origin="native library (in the soundfile wheel)",
        key="libsndfile",
    )
    return _with_texts(component, texts), texts


def _owning_package(path: str) -> str | None:
    real = os.path.realpath(path)
    for candidate in dict.fromkeys((real, path)):
        result = subprocess.run(
            ["dpkg-query", "-S", candidate], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and ":" in result.stdout:
            return result.stdout.split(":", 1)[0].split(",")[0].strip()
    return None


def _debian_licence(copyright_text: str) -> str:
    """The first ``License:`` of a machine-readable copyright file (the main files' licence)."""
    match = re.search(r"^License:\s*(\S.*)$", copyright_text, re.MULTILINE)
    return match.group(1).strip() if match else "see licence text"


def system_entries(library_paths: Iterable[str]) -> tuple[list[Entry], list[str]]:
    """One entry per Debian package owning a bundled system library; plus paths with no owner."""
    by_package: dict[str, list[str]] = {}
    orphans = []
    if shutil.which("dpkg-query") is None:
        return [], sorted(p for p in library_paths if p.startswith(_SYSTEM_PREFIXES))
    for path in sorted(set(library_paths)):
        if not path.startswith(_SYSTEM_PREFIXES):
            continue
        package = _owning_package(path)
        if package is None:
            orphans.append(path)
            continue
        by_package.setdefault(package.split(":")[0], []).append(os.path.basename(path))
    entries = []
    for package, files in sorted(by_package.items()):
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", package],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        copyright_file = Path("/usr/share/doc") / package / "copyright"
        text = copyright_file.read_text(encoding="utf-8", errors="replace")
        name, licence = KNOWN_DEBIAN.get(package, (package, _debian_licence(text)))
        component = Component(
            name=name,
            version=version,
            licence=licence,
            origin=f"native library (Debian package {package}: {', '.join(sorted(files))})",
            key=f"debian-{package}",
        )
        entries.append((_with_texts(component, {"copyright": text}), {"copyright": text}))
    return entries, orphans


def _with_texts(component: Component, texts: dict[str, str]) -> Component:
    return Component(**{**component.__dict__, "texts": tuple(texts)})


def collect(library_paths: Iterable[str], folder: Path) -> list[str]:
    """Write the licences folder; returns system libraries whose licence could not be found."""
    entries = [interpreter_entry(), libsndfile_entry()]
    system, orphans = system_entries(library_paths)
    entries += system
    entries += python_components()
    if folder.exists():
        shutil.rmtree(folder)
    write_folder(entries, folder)
    return orphans
