"""AxisEditor: pick the setting one sweep axis varies and enter its values.

Holds one values editor at a time (rebuilt when the field changes); emits ``sig_changed``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from sonodesk.core.schema import FieldSpec
from sonodesk.core.sweeps import sweepable_fields
from sonodesk.ui.sweeps.value_editors import ValuesEditor, editor_for

NOTHING = "Nothing (one column)"


class AxisEditor(QWidget):
    sig_changed = Signal()

    def __init__(
        self,
        specs: Sequence[FieldSpec],
        base_values: Mapping[str, Any],
        shared_seed: int,
        *,
        optional: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._specs = {s.name: s for s in sweepable_fields(specs)}
        self._base = base_values
        self._seed = shared_seed
        self.field = QComboBox(objectName="sweepAxisField")
        if optional:
            self.field.addItem(NOTHING, "")
        for spec in self._specs.values():
            self.field.addItem(spec.label, spec.name)
        self.editor: ValuesEditor | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        self._layout.addWidget(self.field)
        self.field.currentIndexChanged.connect(self._on_field)
        self._on_field()

    def field_name(self) -> str | None:
        return self.field.currentData() or None

    def set_field(self, name: str | None) -> None:
        index = self.field.findData(name or "")
        if index >= 0:
            self.field.setCurrentIndex(index)

    def values(self) -> tuple[Any, ...]:
        """The entered values (SweepError when they cannot be used); () with no field."""
        return self.editor.values() if self.editor is not None else ()

    def _on_field(self) -> None:
        if self.editor is not None:
            self._layout.removeWidget(self.editor)
            self.editor.deleteLater()
            self.editor = None
        name = self.field_name()
        if name is not None:
            spec = self._specs[name]
            self.editor = editor_for(spec, self._base.get(name), self._seed)
            self.editor.sig_changed.connect(self.sig_changed)
            self._layout.addWidget(self.editor)
        self.sig_changed.emit()
