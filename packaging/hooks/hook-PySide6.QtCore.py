"""PyInstaller hook (replaces the stock one): PySide6.QtCore, less what the bundle drops."""

from PyInstaller.utils.hooks.qt import add_qt6_dependencies
from sonodesk_bundle import drop_left_out

hiddenimports, binaries, datas = drop_left_out(add_qt6_dependencies(__file__))
