"""The number editor: a spin box with a slider when both bounds are known, an empty state, units.

Snaps to the field's step and clamps to its range (core's ``snap_to_step``); typing past the
range shows why until the user leaves the box. No form-wide logic.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QSlider

from sonodesk.core.schema import constraint_summary, snap_to_step
from sonodesk.core.schema.editor_hints import (
    arrow_step,
    decimals_for,
    number_help,
    slider_positions,
    split_unit,
)
from sonodesk.core.schema.validate import range_message
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.spin import UNSET_TEXT, NumberSpin


class NumberEditor(FieldEditor):
    """NUMBER and INTEGER fields. An optional field without a default can be left empty."""

    def _build(self) -> None:
        spec = self.spec
        self._label, self.unit = split_unit(spec.label)
        self._syncing = False
        self._decimals = decimals_for(spec)
        allows_unset = not spec.has_default and not spec.required_always
        self.spin = NumberSpin(
            spec.minimum,
            spec.maximum,
            decimals=self._decimals,
            unset_text=UNSET_TEXT if allows_unset else None,
            parent=self,
        )
        self.spin.setSingleStep(arrow_step(spec))
        if self.unit:
            self.spin.setSuffix(f" {self.unit}")
        self.spin.setAccessibleName(self._label)
        self.spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.body.addWidget(self.spin)
        self.setFocusProxy(self.spin)

        self.slider: QSlider | None = None
        positions = slider_positions(spec)
        if positions is not None:
            self.slider = QSlider(Qt.Orientation.Horizontal, self)
            self.slider.setRange(0, positions)
            self.slider.setSingleStep(1)
            self.slider.setPageStep(max(1, positions // 10))
            self.slider.setAccessibleName(f"{self._label} slider")
            # Tab reaches the spin box; the slider is for the pointer (and arrows once clicked).
            self.slider.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            self.body.addWidget(self.slider, 1)
            self.slider.valueChanged.connect(self._on_slider_moved)
            style.guard_wheel(self.slider)

        self._allows_unset = allows_unset
        if self.slider is None:
            self.body.addStretch(1)
        style.guard_wheel(self.spin)
        self.spin.valueChanged.connect(self._on_spin_changed)
        self.spin.editingFinished.connect(self._on_editing_finished)
        self.spin.lineEdit().textEdited.connect(self._on_text_edited)
        tip = "\n".join(t for t in (spec.description, constraint_summary(spec)) if t)
        self.spin.setToolTip(tip)
        if self.slider is not None:
            self.slider.setToolTip(tip)

    def display_label(self) -> str:
        return self._label

    def help_text(self) -> str:
        if self.spec.hint:
            return self.spec.hint
        if self.slider is not None:
            return ""  # the slider shows the range; the tooltip states it
        return number_help(self.spec)

    # -- value -------------------------------------------------------------------------------

    def value(self) -> int | float | None:
        if self.spin.is_unset():
            return None
        number = round(self.spin.value(), self._decimals)
        if self.spec.integer:
            return round(number)
        return int(number) if float(number).is_integer() else number

    def _apply(self, value: Any) -> None:
        if value is None or isinstance(value, bool) or not isinstance(value, int | float):
            if self.spin.allows_unset:
                self.spin.set_unset()
            elif isinstance(self.spec.default, int | float):
                self.spin.setValue(float(self.spec.default))
            else:
                low = self.spin.bounds()[0]
                self.spin.setValue(max(low, 0.0) if low > -1e11 else 0.0)
        else:
            self.spin.setValue(float(value))
        self._sync_slider()
        self._sync_clear()
        self.set_local_error(None)

    # -- syncing -----------------------------------------------------------------------------

    def _position_unit(self) -> float:
        return float(self.spec.step) if self.spec.step is not None else 10.0**-self._decimals

    def _sync_slider(self) -> None:
        if self.slider is None or self.spec.minimum is None:
            return
        self._syncing = True
        try:
            if self.spin.is_unset():
                self.slider.setValue(0)
            else:
                offset = self.spin.value() - float(self.spec.minimum)
                self.slider.setValue(round(offset / self._position_unit()))
        finally:
            self._syncing = False

    def _sync_clear(self) -> None:
        # The line edit's own × clears the box, which reads as "unset"; hidden while unset.
        if self._allows_unset:
            if self.spin.is_unset():
                self.spin.lineEdit().setClearButtonEnabled(False)
            elif not self.spin.lineEdit().isClearButtonEnabled():
                style.tidy_clear_button(self.spin.lineEdit(), muted=True)

    def _on_slider_moved(self, position: int) -> None:
        if self._syncing or self.spec.minimum is None:
            return
        raw = float(self.spec.minimum) + position * self._position_unit()
        number = snap_to_step(self.spec, round(raw, self._decimals))
        self._syncing = True
        try:
            self.spin.setValue(float(number))
        finally:
            self._syncing = False
        self._sync_clear()
        self.set_local_error(None)
        self._user_changed()

    def _on_spin_changed(self, _value: float) -> None:
        if self._syncing:
            return
        self._sync_slider()
        self._sync_clear()
        self._user_changed()

    def _on_text_edited(self, _text: str) -> None:
        typed = self.spin.typed_number()
        message = None if typed is None else range_message(self.spec, typed)
        self.set_local_error(message)

    def _on_editing_finished(self) -> None:
        self.set_local_error(None)
        if self.spin.is_unset():
            return
        snapped = snap_to_step(self.spec, self.spin.value())
        if abs(float(snapped) - self.spin.value()) > 1e-12:
            self.spin.setValue(float(snapped))

    def clear(self) -> None:
        """Leave the field unset (the model decides), as the box's × does."""
        if self._allows_unset:
            self.spin.set_unset()
