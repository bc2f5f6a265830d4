"""The presets drop-down: the user's presets A–Z, then the read-only starters, default marked ★.

Shows a PresetListing and reports which preset is chosen; reads and writes no files.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import QComboBox, QWidget

from sonodesk.core.presets import Preset, PresetListing
from sonodesk.ui.form import style

DEFAULT_MARK = "★ "
STARTER_TIP = "Starter preset (read-only)"
_NAME_ROLE = Qt.ItemDataRole.UserRole
_STARTER_ROLE = Qt.ItemDataRole.UserRole + 1


class PresetCombo(QComboBox):
    """Item text is for people ("★ Name"); the preset's own name is kept as item data."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetCombo")
        self.setPlaceholderText("Presets")
        self.setToolTip("Apply a saved set of values")
        self.setAccessibleName("Preset")
        self.setMinimumContentsLength(14)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        style.guard_wheel(self)

    def show_listing(self, listing: PresetListing, select: str | None) -> None:
        self.blockSignals(True)
        try:
            self.clear()
            heading = None
            for preset in listing.presets:
                wanted = "Starters (read-only)" if preset.starter else "Your presets"
                if wanted != heading:
                    heading = wanted
                    self._add_heading(heading)
                self._add(preset, listing.default)
            self.select(select)
        finally:
            self.blockSignals(False)

    def _add_heading(self, text: str) -> None:
        """A small capitals line that cannot be chosen (keyboard and mouse skip it)."""
        self.addItem(text.upper())
        item = self.model().item(self.count() - 1)  # type: ignore[attr-defined]
        item.setFlags(Qt.ItemFlag.NoItemFlags)
        item.setFont(style.scaled_font(self.font(), 0.8, bold=True))

    def _add(self, preset: Preset, default: str | None) -> None:
        is_default = default is not None and preset.name.casefold() == default.casefold()
        text = (DEFAULT_MARK if is_default else "") + preset.name
        if preset.starter:
            self.addItem(style.icon("lock", style.muted_color(self.palette())), text)
            tip = STARTER_TIP
        else:
            # A blank icon keeps the user's names aligned with the starters' lock icons.
            self.addItem(_blank_icon(), text)
            tip = f"Saved {preset.updated[:10]}" if preset.updated else ""
        if is_default:
            tip = f"{tip} · the default for this model" if tip else "The default for this model"
        index = self.count() - 1
        self.setItemData(index, preset.name, _NAME_ROLE)
        self.setItemData(index, preset.starter, _STARTER_ROLE)
        self.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)

    def names(self) -> list[str]:
        return [name for i in range(self.count()) if (name := self.name_at(i))]

    def name_at(self, index: int) -> str | None:
        name = self.itemData(index, _NAME_ROLE)
        return name if isinstance(name, str) else None

    def current_name(self) -> str | None:
        return self.name_at(self.currentIndex())

    def current_is_starter(self) -> bool:
        return bool(self.currentData(_STARTER_ROLE))

    def is_starter(self, name: str) -> bool:
        index = self._index_of(name)
        return index >= 0 and bool(self.itemData(index, _STARTER_ROLE))

    def select(self, name: str | None) -> None:
        """Show ``name`` as chosen (None, or a name not listed: nothing chosen)."""
        self.setCurrentIndex(-1 if name is None else self._index_of(name))

    def _index_of(self, name: str) -> int:
        key = name.casefold()
        for index in range(self.count()):
            found = self.name_at(index)
            if found is not None and found.casefold() == key:
                return index
        return -1


@cache
def _blank_icon() -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(Qt.GlobalColor.transparent)
    return QIcon(pixmap)
