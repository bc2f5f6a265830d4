"""Render the app icon (resources/icons/sonodesk.svg) to the PNG sizes desktops look for.

Writes packaging/linux/icons/sonodesk-<size>.png, which are committed: a build then needs no
rendering step, and the icons can be looked at in review. Run again after changing the SVG:
``.venv/bin/python packaging/linux/render_icons.py``. Touches nothing else.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "resources" / "icons" / "sonodesk.svg"
TARGET = Path(__file__).resolve().parent / "icons"
SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(
    source: Path = SOURCE, target: Path = TARGET, sizes: tuple[int, ...] = SIZES
) -> list[Path]:
    # Imported here so that importing this module (tests read SIZES) needs no display or Qt.
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise ValueError(f"cannot read {source}")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = target / f"sonodesk-{size}.png"
        if not image.save(str(path)):
            raise OSError(f"cannot write {path}")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in render():
        print(path.relative_to(ROOT))
