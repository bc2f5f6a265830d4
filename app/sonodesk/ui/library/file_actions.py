"""Show a take's file in the system file manager, without ever waiting for it.

macOS selects the file (``open -R``), Windows too (``explorer /select,``); Linux has no
common "select" call, so the containing folder opens through the desktop's URL handler.
Starts detached processes only; touches no library data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QDir, QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def reveal_command(path: Path, platform: str = sys.platform) -> tuple[str, list[str]] | None:
    """The program and arguments that select ``path``; None where the folder opens instead."""
    if platform == "darwin":
        return "open", ["-R", str(path)]
    if platform.startswith("win"):
        return "explorer", [f"/select,{QDir.toNativeSeparators(str(path))}"]
    return None


def reveal_in_file_manager(path: Path) -> bool:
    """Start the file manager on ``path``; False when nothing could be started."""
    command = reveal_command(path)
    if command is not None:
        program, arguments = command
        started, _pid = QProcess.startDetached(program, arguments)
        return bool(started)
    # openUrl hands the folder to the desktop (xdg-open) and returns without waiting.
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))
