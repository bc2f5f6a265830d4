"""The core and the sandbox never import Qt, qasync or the UI package."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import sonodesk

FORBIDDEN = ("PySide6", "shiboken6", "qasync", "sonodesk.ui")


def _modules(package: str) -> list[str]:
    root = Path(sonodesk.__file__).parent / package.split(".", 1)[1]
    return [m.name for m in pkgutil.walk_packages([str(root)], f"{package}.") if m.name]


def test_core_and_sandbox_import_without_qt() -> None:
    modules = ["sonodesk.core", "sonodesk.sandbox"]
    modules += _modules("sonodesk.core") + _modules("sonodesk.sandbox")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r} "
        f"or m.startswith('sonodesk.ui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"Qt/UI imported by core or sandbox: {result.stdout}"


def test_no_qt_import_statements_in_core_sources() -> None:
    root = Path(sonodesk.__file__).parent
    offenders = []
    for folder in ("core", "sandbox"):
        for path in (root / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                stripped = line.strip()
                if stripped.startswith(("import ", "from ")) and any(
                    name in stripped.split()[1] for name in FORBIDDEN
                ):
                    offenders.append(f"{path.relative_to(root)}:{number}: {stripped}")
    assert not offenders, "\n".join(offenders)
