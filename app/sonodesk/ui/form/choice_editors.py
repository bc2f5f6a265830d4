"""Editors that pick from a closed set: a checkbox, a combo (searchable when long), on/off/default.

Labels come from the spec's choices (uiConfig.selects); values go back exactly as listed.
No validation of the whole form.
"""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QCheckBox, QComboBox, QCompleter, QSizePolicy, QWidget

from sonodesk.core.schema import NONE_LABEL
from sonodesk.core.schema.coerce import same_value
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor

SEARCHABLE_ABOVE: Final = 12
_UNLISTED: Final = "{value} (not available)"


class BooleanEditor(FieldEditor):
    """A checkbox carrying the field's label (Space toggles it)."""

    self_labelled = True

    def _build(self) -> None:
        self.check = QCheckBox(self.spec.label, self)
        self.check.setAccessibleName(self.spec.label)
        if self.spec.description:
            self.check.setToolTip(self.spec.description)
        self.body.addWidget(self.check)
        self.body.addStretch(1)
        self.setFocusProxy(self.check)
        self.check.toggled.connect(lambda _on: self._user_changed())

    def help_text(self) -> str:
        return self.spec.hint

    def value(self) -> bool:
        return self.check.isChecked()

    def _apply(self, value: Any) -> None:
        self.check.setChecked(value is True or (isinstance(value, str) and value == "true"))


class Combo(QComboBox):
    """A combo box that ignores the wheel until focused and can search its items."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(8)
        self.setMaxVisibleItems(14)
        style.guard_wheel(self)
        self._tint()

    def _tint(self) -> None:
        # Drawn on the field colour rather than the button colour, so plain and searchable
        # combos read as the same kind of control as the text fields beside them.
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        if palette.color(QPalette.ColorRole.Button) != base:
            palette = QPalette(palette)
            palette.setColor(QPalette.ColorRole.Button, base)
            self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._tint()

    def make_searchable(self) -> None:
        """Type to filter (voices, languages): matches anywhere in the label."""
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().setPlaceholderText("Type to search…")
        self.lineEdit().editingFinished.connect(self._settle_text)

    def _settle_text(self) -> None:
        # Free text is not a value: snap to the matching item, else back to the current one.
        text = self.currentText().strip().casefold()
        for index in range(self.count()):
            if self.itemText(index).casefold() == text:
                self.setCurrentIndex(index)
                return
        self.setEditText(self.itemText(self.currentIndex()))


class ChoiceEditor(FieldEditor):
    """One of ``allowedValues``; "(none)" first when the field may be left empty."""

    def _build(self) -> None:
        self.combo = Combo(self)
        self.combo.setAccessibleName(self.spec.label)
        self._values: list[Any] = []
        self._allows_none = (
            not self.spec.has_default
            and not self.spec.required_always
            and "" not in self.spec.choice_values
        )
        if self._allows_none:
            self._add(NONE_LABEL, None)
        for choice in self.spec.choices:
            self._add(choice.label, choice.value)
        if len(self.spec.choices) > SEARCHABLE_ABOVE:
            self.combo.make_searchable()
        # A required choice without a default starts empty: picking the first item for the
        # user would hide that a choice is needed.
        self.combo.setPlaceholderText("Choose…")
        self.body.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self._user_changed())

    def help_text(self) -> str:
        return self.spec.hint

    def _add(self, label: str, value: Any) -> None:
        self._values.append(value)
        self.combo.addItem(label)

    def labels(self) -> list[str]:
        return [self.combo.itemText(i) for i in range(self.combo.count())]

    def value(self) -> Any:
        index = self.combo.currentIndex()
        if 0 <= index < len(self._values):
            return self._values[index]
        return None

    def _apply(self, value: Any) -> None:
        index = self._index_of(value)
        if index is None and value is not None and value != "":
            # Keep a stale value visible (validation names it) rather than silently replace it.
            self._add(_UNLISTED.format(value=value), value)
            index = len(self._values) - 1
        if index is None:
            index = 0 if self._allows_none or self.spec.has_default else -1
        self.combo.setCurrentIndex(index)
        if self.combo.isEditable():
            self.combo.setEditText(self.combo.itemText(index) if index >= 0 else "")

    def _index_of(self, value: Any) -> int | None:
        for index, candidate in enumerate(self._values):
            if candidate is None and value is None:
                return index
            if candidate is not None and value is not None and same_value(candidate, value):
                return index
        return None


class OptionalBooleanEditor(FieldEditor):
    """A yes/no setting without a default: "Model default" (unset), "On" or "Off"."""

    _ITEMS: Final = (("Model default", None), ("On", True), ("Off", False))

    def _build(self) -> None:
        self.combo = Combo(self)
        self.combo.setAccessibleName(self.spec.label)
        for label, _value in self._ITEMS:
            self.combo.addItem(label)
        self.body.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(lambda _i: self._user_changed())

    def help_text(self) -> str:
        return self.spec.hint

    def value(self) -> bool | None:
        return self._ITEMS[max(0, self.combo.currentIndex())][1]

    def _apply(self, value: Any) -> None:
        index = {None: 0, True: 1, False: 2}.get(value if isinstance(value, bool) else None, 0)
        self.combo.setCurrentIndex(index)
