"""The open-source components Sonodesk runs on: names, versions, licences and licence texts.

From package metadata (importlib.metadata) in a source tree; in a frozen app from the licences
folder its build wrote (manifest.json plus the texts). No Qt, no network; only write_folder()
writes files, and only the build calls it.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

FOLDER_NAME = "licenses"
MANIFEST_NAME = "manifest.json"
APP_DISTRIBUTION = "sonodesk"
_LICENCE_FILE = re.compile(r"(^|/)[^/]*(LICEN[CS]E|COPYING|NOTICE)[^/]*$", re.IGNORECASE)
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_LONG_LICENCE = 80  # a License field longer than this is the whole text, not a name
# Where a system keeps standard licence texts (Debian and its derivatives), for packages that
# name their licence but ship no text (PySide6, shiboken6): SPDX id -> file name there.
COMMON_LICENCES = Path("/usr/share/common-licenses")
SPDX_TEXTS = {
    "LGPL-3.0-only": "LGPL-3",
    "LGPL-3.0-or-later": "LGPL-3",
    "GPL-3.0-only": "GPL-3",
    "GPL-3.0-or-later": "GPL-3",
    "GPL-2.0-only": "GPL-2",
    "LGPL-2.1-only": "LGPL-2.1",
    "LGPL-2.1-or-later": "LGPL-2.1",
}


@dataclass(frozen=True)
class Component:
    """One shipped component. ``key`` names its folder of texts; ``texts`` the files in it."""

    name: str
    version: str
    licence: str
    origin: str  # "Python package", "Python runtime", "native library (...)"
    key: str
    texts: tuple[str, ...] = field(default=())


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    expression = (meta.get("License-Expression") or "").strip()
    if expression:
        return expression
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::") and c.count("::") >= 2
    ]
    words = (meta.get("License") or "").strip()
    if words and "\n" not in words and len(words) <= _LONG_LICENCE:
        return words
    return " / ".join(classifiers) or "see licence text"


def _required_names(dist: metadata.Distribution) -> list[str]:
    """Names of the runtime requirements (an ``extra ==`` marker means optional: skipped)."""
    names = []
    for requirement in dist.requires or []:
        requirement_part, _, marker = requirement.partition(";")
        if "extra" in marker:
            continue
        match = _REQUIREMENT_NAME.match(requirement_part)
        if match:
            names.append(match.group(1))
    return names


def _runtime_distributions(root: str) -> list[metadata.Distribution]:
    """``root``'s installed runtime requirements, recursively (``root`` itself excluded).

    A requirement for another platform or Python is simply not installed here, so "installed
    and required" stands in for evaluating markers.
    """
    seen: dict[str, metadata.Distribution] = {}
    queue = _required_names(metadata.distribution(root))
    while queue:
        name = _normal(queue.pop())
        if name in seen or name == _normal(root):
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        seen[name] = dist
        queue.extend(_required_names(dist))
    return [seen[name] for name in sorted(seen)]


def metadata_texts(dist: metadata.Distribution) -> dict[str, str]:
    """The licence files a distribution ships (file name under its dist-info -> text)."""
    texts: dict[str, str] = {}
    for path in dist.files or []:
        posix = str(path).replace("\\", "/")
        if not _LICENCE_FILE.search(posix):
            continue
        # Inside the dist-info the path below it is enough; elsewhere keep the whole path.
        name = posix.split(".dist-info/", 1)[-1]
        try:
            texts[name] = Path(str(dist.locate_file(path))).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
    return texts


def standard_texts(licence: str) -> dict[str, str]:
    """The system's copies of the licences an SPDX expression names ({} where it has none)."""
    found = {}
    # "A OR B": the package is offered under either; ship the first (Qt's LGPL, not its GPL).
    chosen = licence.split(" OR ")[0]
    for spdx in re.findall(r"[A-Za-z0-9.+-]+", chosen):
        source = COMMON_LICENCES / SPDX_TEXTS.get(spdx, "-")
        if source.is_file():
            found[source.name] = source.read_text(encoding="utf-8")
    if "LGPL-3" in found and (COMMON_LICENCES / "GPL-3").is_file():
        # The LGPL 3 is a set of extra permissions on top of the GPL 3: both texts belong.
        found["GPL-3"] = (COMMON_LICENCES / "GPL-3").read_text(encoding="utf-8")
    return found


def _texts_of(dist: metadata.Distribution) -> dict[str, str]:
    return metadata_texts(dist) or standard_texts(_licence_of(dist))


def python_components(root: str = APP_DISTRIBUTION) -> list[tuple[Component, dict[str, str]]]:
    """Every Python package ``root`` needs at run time, each with its licence texts."""
    result = []
    for dist in _runtime_distributions(root):
        name = dist.metadata["Name"] or "?"
        texts = _texts_of(dist)
        component = Component(
            name=name,
            version=dist.version,
            licence=_licence_of(dist),
            origin="Python package",
            key=_normal(name),
            texts=tuple(texts),
        )
        result.append((component, texts))
    return result


def frozen_folder() -> Path | None:
    """The licences folder of a frozen app, or None when running from source."""
    root = getattr(sys, "_MEIPASS", None)
    if root is None:
        return None
    folder = Path(root) / FOLDER_NAME
    return folder if (folder / MANIFEST_NAME).is_file() else None


def load_manifest(folder: Path) -> list[Component]:
    raw = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    return [
        Component(**{**item, "texts": tuple(item.get("texts", ()))}) for item in raw["components"]
    ]


def write_folder(entries: Iterable[tuple[Component, Mapping[str, str]]], folder: Path) -> None:
    """Write each component's texts to ``folder/<key>/`` and the manifest (used by the build)."""
    components = []
    for component, texts in entries:
        for name, text in texts.items():
            target = folder / component.key / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        components.append(asdict(component) | {"texts": list(texts)})
    folder.mkdir(parents=True, exist_ok=True)
    manifest = {"components": components}
    (folder / MANIFEST_NAME).write_text(json.dumps(manifest, indent=1), encoding="utf-8")


def shipped_components() -> list[Component]:
    """What this copy of Sonodesk ships: the frozen app's manifest, or the installed packages."""
    folder = frozen_folder()
    if folder is not None:
        return load_manifest(folder)
    return [component for component, _texts in python_components()]


def licence_text(component: Component) -> str:
    """All licence texts of a component, one after the other ("" when none were found)."""
    folder = frozen_folder()
    if folder is not None:
        texts = {
            name: (folder / component.key / name).read_text(encoding="utf-8", errors="replace")
            for name in component.texts
            if (folder / component.key / name).is_file()
        }
    else:
        try:
            texts = _texts_of(metadata.distribution(component.key))
        except metadata.PackageNotFoundError:
            texts = {}
    return "\n\n".join(f"==> {name} <==\n\n{text.strip()}" for name, text in texts.items())
