"""The presets bar's menu: save, update, rename, delete, default, import and export actions.

Holds the actions and words them for the current preset; the bar connects and runs them.
"""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from sonodesk.ui.form import style


class PresetMenu(QMenu):
    """``update_for(current, starter, default)`` before showing sets texts and enabled states."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetMenu")
        self.setToolTipsVisible(True)
        # Without a window manager's shadow the menu melts into the dark panel: a palette
        # border and roomier rows keep it legible in both themes.
        self.setStyleSheet(_STYLE)
        self.save_as = self._action("Save as new preset…", "add", "presetSaveAs")
        self.update = self._action("Update preset", "check", "presetUpdate")
        self.rename = self._action("Rename…", None, "presetRename")
        self.delete = self._action("Delete", "trash", "presetDelete")
        self.addSeparator()
        self.default = self._action("Set as default", "star", "presetDefault")
        self.addSeparator()
        self.import_ = self._action("Import presets…", "download", "presetImport")
        self.export = self._action("Export presets…", "upload", "presetExport")

    def _action(self, text: str, icon_name: str | None, name: str) -> QAction:
        action = self.addAction(style.icon(icon_name), text) if icon_name else self.addAction(text)
        action.setObjectName(name)
        return action

    def update_for(self, current: str | None, starter: bool, default: str | None) -> None:
        """Word every action for the chosen preset (None: nothing chosen)."""
        shown = f"“{_short(current)}”" if current else ""
        self.update.setText(f"Update {shown}" if current else "Update preset")
        self.update.setEnabled(current is not None)
        self.update.setToolTip(
            "Makes your own copy with these values; the starter stays available" if starter else ""
        )
        self.rename.setEnabled(current is not None and not starter)
        self.rename.setToolTip("Starter presets can't be renamed" if starter else "")
        self.delete.setEnabled(current is not None)
        is_default = current is not None and default is not None and _same(current, default)
        if current is not None and not is_default:
            self.default.setText(f"Set {shown} as default")
            self.default.setIcon(style.icon("star"))
            self.default.setEnabled(True)
        else:
            self.default.setText(
                f"Clear default (“{_short(default)}”)" if default else "Set as default"
            )
            self.default.setIcon(style.icon("star-filled"))
            self.default.setEnabled(default is not None)
        self.default.setToolTip("The form starts from the default preset when this model is chosen")


_STYLE = """
QMenu#presetMenu { background: palette(base); border: 1px solid palette(mid); padding: 4px; }
QMenu#presetMenu::item { padding: 5px 24px 5px 8px; border-radius: 4px; }
QMenu#presetMenu::item:selected {
    background: palette(highlight); color: palette(highlighted-text);
}
QMenu#presetMenu::item:disabled { color: palette(placeholder-text); }
QMenu#presetMenu::icon { padding-left: 8px; }
QMenu#presetMenu::separator { height: 1px; background: palette(mid); margin: 4px 6px; }
"""


def _short(name: str | None, limit: int = 32) -> str:
    text = name or ""
    # Menus render "&" as a mnemonic marker; double it so names show as typed.
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _same(name: str, other: str) -> bool:
    return name.casefold() == other.casefold()
