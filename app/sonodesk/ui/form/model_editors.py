"""Editors whose value is another model's id (a cloned voice, a sound kit), one or several.

Options come from the injected ``model_options(model_types)`` callback; the editors never
query a provider themselves.
"""

from __future__ import annotations

from typing import Any

from sonodesk.core.schema import NONE_LABEL
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.choice_editors import Combo
from sonodesk.ui.form.labels import MutedLabel
from sonodesk.ui.form.list_editors import ToggleChips

_NO_OPTIONS = "No matching models yet."


class ModelEditor(FieldEditor):
    """One model id from a combo; "(none)" first when the field is optional."""

    def _build(self) -> None:
        self.combo = Combo(self)
        self.combo.setAccessibleName(self.spec.label)
        self.body.addWidget(self.combo, 1)
        self.setFocusProxy(self.combo)
        self._ids: list[str | None] = []
        self.refresh_options()
        self.combo.currentIndexChanged.connect(lambda _i: self._user_changed())

    def refresh_options(self) -> None:
        """Ask the callback again (e.g. after a voice was cloned), keeping the selection."""
        current = self.value() if self._ids else None
        self._quiet += 1
        try:
            self.combo.clear()
            self._ids = []
            if not self.spec.required_always:
                self._add(NONE_LABEL, None)
            for model_id, label in self.context.options_for(self.spec.model_types):
                self._add(label or model_id, model_id)
            self._apply(current)
        finally:
            self._quiet -= 1
        self.set_help(self.help_text())

    def help_text(self) -> str:
        if self.spec.hint:
            return self.spec.hint
        return "" if any(self._ids) else _NO_OPTIONS

    def _add(self, label: str, model_id: str | None) -> None:
        self._ids.append(model_id)
        self.combo.addItem(label)
        if model_id is not None:
            self.combo.setItemData(self.combo.count() - 1, model_id)

    def value(self) -> str | None:
        index = self.combo.currentIndex()
        return self._ids[index] if 0 <= index < len(self._ids) else None

    def _apply(self, value: Any) -> None:
        if isinstance(value, str) and value and value not in self._ids:
            self._add(value, value)  # an id we have no label for still round-trips
        target = value if isinstance(value, str) and value else None
        index = self._ids.index(target) if target in self._ids else 0
        self.combo.setCurrentIndex(index)


class ModelListEditor(FieldEditor):
    """Several model ids, as toggle chips of the matching models."""

    def _build(self) -> None:
        self._ids = [mid for mid, _label in self.context.options_for(self.spec.model_types)]
        labels = [label or mid for mid, label in self.context.options_for(self.spec.model_types)]
        self.toggles = ToggleChips(labels, self)
        self.body.addWidget(self.toggles, 1)
        if not self._ids:
            self.body.addWidget(MutedLabel(_NO_OPTIONS, self))
        for chip in self.toggles.chips:
            chip.toggled.connect(lambda _on: self._user_changed())
        if self.toggles.chips:
            self.setFocusProxy(self.toggles.chips[0])

    def value(self) -> list[str]:
        return [
            m for m, chip in zip(self._ids, self.toggles.chips, strict=True) if chip.isChecked()
        ]

    def _apply(self, value: Any) -> None:
        chosen = (
            {v for v in value if isinstance(v, str)} if isinstance(value, list | tuple) else set()
        )
        for model_id in sorted(chosen - set(self._ids)):
            self._ids.append(model_id)  # an id we have no label for still round-trips
            chip = self.toggles.add(model_id)
            chip.toggled.connect(lambda _on: self._user_changed())
        for model_id, chip in zip(self._ids, self.toggles.chips, strict=True):
            chip.setChecked(model_id in chosen)
