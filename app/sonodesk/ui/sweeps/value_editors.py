"""Editors for one sweep axis's values: a number range or list, a subset of choices, on/off, seeds.

Each shows a preview of the values it stands for and emits ``sig_changed``; ``values()`` reads
them through the core sweep helpers (which raise SweepError with the message to show).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.schema import FieldKind, FieldSpec, seed_range
from sonodesk.core.schema.labels import format_number
from sonodesk.core.sweeps import (
    MAX_AXIS_VALUES,
    SweepError,
    checked_values,
    number_range,
    parse_values,
    seed_run,
    value_text,
)
from sonodesk.ui import theme

_WIDE = 1e9


class ValuesEditor(QWidget):
    """Base: a preview line under the editor, refreshed on every change."""

    sig_changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.preview = QLabel(objectName="sweepValuesPreview")
        self.preview.setWordWrap(True)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)

    def _finish(self, editor: QWidget) -> None:
        self._layout.addWidget(editor)
        self._layout.addWidget(self.preview)
        self._changed()

    def values(self) -> tuple[Any, ...]:
        raise NotImplementedError

    def _changed(self) -> None:
        try:
            values = self.values()
        except SweepError as exc:
            self._show_preview(exc.message, error=True)
        else:
            self._show_preview(", ".join(value_text(self.spec, v) for v in values), error=False)
        self.sig_changed.emit()

    def _show_preview(self, text: str, *, error: bool) -> None:
        palette = self.preview.palette()
        color = (
            theme.colors().danger
            if error
            else self.palette().color(QPalette.ColorRole.PlaceholderText)
        )
        palette.setColor(QPalette.ColorRole.WindowText, color)
        self.preview.setPalette(palette)
        self.preview.setText(text)


class NumberValues(ValuesEditor):
    """ "from … to … in N values", or a typed list "3, 5, 7"."""

    def __init__(self, spec: FieldSpec, base: Any, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.mode = QComboBox(objectName="sweepNumberMode")
        self.mode.addItem("Range", "range")
        self.mode.addItem("List", "list")
        whole = spec.integer or spec.kind is FieldKind.INTEGER
        low = spec.minimum if spec.minimum is not None else -_WIDE
        high = spec.maximum if spec.maximum is not None else _WIDE
        self.start, self.stop = QDoubleSpinBox(), QDoubleSpinBox()
        for box in (self.start, self.stop):
            box.setObjectName("sweepRangeStart" if box is self.start else "sweepRangeStop")
            # Wider than the field allows, so an out-of-range entry is named, not clamped away.
            box.setRange(-_WIDE, _WIDE)
            box.setDecimals(0 if whole else _decimals(spec))
            box.setSingleStep(spec.step or (1 if whole else 0.1))
            box.setKeyboardTracking(False)
            box.setMaximumWidth(120)
        first, last = _default_span(base, low, high, whole)
        self.start.setValue(first)
        self.stop.setValue(last)
        self.steps = QSpinBox(objectName="sweepRangeSteps")
        self.steps.setRange(1, MAX_AXIS_VALUES)
        self.steps.setValue(3)
        self.steps.setSuffix(" values")
        self.steps.setMaximumWidth(110)
        self.list = QLineEdit(objectName="sweepValueList")
        self.list.setPlaceholderText("3, 5, 7")
        self.list.setText(", ".join(format_number(v) for v in (first, (first + last) / 2, last)))

        range_row = QWidget()
        row = QHBoxLayout(range_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in (
            QLabel("from"),
            self.start,
            QLabel("to"),
            self.stop,
            QLabel("in"),
            self.steps,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(range_row)
        self.pages.addWidget(self.list)
        self.pages.setSizePolicy(range_row.sizePolicy())
        line = QWidget()
        top = QHBoxLayout(line)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.mode)
        top.addWidget(self.pages, 1)
        self.mode.currentIndexChanged.connect(self._on_mode)
        for box in (self.start, self.stop, self.steps):
            box.valueChanged.connect(self._changed)
        self.list.textChanged.connect(self._changed)
        self._finish(line)

    def _on_mode(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._changed()

    def values(self) -> tuple[Any, ...]:
        if self.mode.currentData() == "list":
            return parse_values(self.spec, self.list.text())
        return number_range(
            self.spec, _tidy(self.start.value()), _tidy(self.stop.value()), self.steps.value()
        )


class ChoiceValues(ValuesEditor):
    """Tick the allowed values to try."""

    def __init__(self, spec: FieldSpec, base: Any, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.list = QListWidget(objectName="sweepChoiceList")
        picked = _default_choices(spec, base)
        for choice in spec.choices:
            item = QListWidgetItem(choice.label)
            item.setData(Qt.ItemDataRole.UserRole, choice.value)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            checked = choice.value in picked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        rows = min(6, max(2, len(spec.choices)))
        self.list.setFixedHeight(rows * self.list.sizeHintForRow(0) + 6)
        self.list.itemChanged.connect(lambda _item: self._changed())
        self._finish(self.list)

    def set_checked(self, values: list[Any]) -> None:
        for row in range(self.list.count()):
            item = self.list.item(row)
            wanted = item.data(Qt.ItemDataRole.UserRole) in values
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def values(self) -> tuple[Any, ...]:
        picked = [
            self.list.item(r).data(Qt.ItemDataRole.UserRole)
            for r in range(self.list.count())
            if self.list.item(r).checkState() is Qt.CheckState.Checked
        ]
        return checked_values(self.spec, picked)


class SwitchValues(ValuesEditor):
    """Off, on, or both."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.off = QCheckBox("Off", objectName="sweepSwitchOff")
        self.on = QCheckBox("On", objectName="sweepSwitchOn")
        row_widget = QWidget()
        row = QHBoxLayout(row_widget)
        row.setContentsMargins(0, 0, 0, 0)
        for box in (self.off, self.on):
            box.setChecked(True)
            box.toggled.connect(self._changed)
            row.addWidget(box)
        row.addStretch(1)
        self._finish(row_widget)

    def values(self) -> tuple[Any, ...]:
        picked = [value for box, value in ((self.off, False), (self.on, True)) if box.isChecked()]
        return checked_values(self.spec, picked)


class SeedValues(ValuesEditor):
    """N consecutive seeds from a base, or a typed list."""

    def __init__(self, spec: FieldSpec, base_seed: int, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        low, high = seed_range(spec)
        self.mode = QComboBox(objectName="sweepSeedMode")
        self.mode.addItem("Count", "count")
        self.mode.addItem("List", "list")
        self.count = QSpinBox(objectName="sweepSeedCount")
        self.count.setRange(1, MAX_AXIS_VALUES)
        self.count.setValue(4)
        self.count.setSuffix(" seeds")
        self.count.setMaximumWidth(110)
        self.base = QSpinBox(objectName="sweepSeedBase")
        self.base.setRange(low, min(high, 2**31 - 1))
        self.base.setValue(min(max(base_seed, low), high))
        self.base.setMaximumWidth(140)
        self.list = QLineEdit(objectName="sweepSeedList")
        self.list.setPlaceholderText("12, 40, 1234")
        count_row = QWidget()
        row = QHBoxLayout(count_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(6)
        for widget in (self.count, QLabel("from"), self.base):
            row.addWidget(widget)
        row.addStretch(1)
        self.pages = QStackedWidget()
        self.pages.addWidget(count_row)
        self.pages.addWidget(self.list)
        line = QWidget()
        top = QHBoxLayout(line)
        top.setContentsMargins(0, 0, 0, 0)
        top.setSpacing(6)
        top.addWidget(self.mode)
        top.addWidget(self.pages, 1)
        self.mode.currentIndexChanged.connect(self._on_mode)
        self.count.valueChanged.connect(self._changed)
        self.base.valueChanged.connect(self._changed)
        self.list.textChanged.connect(self._changed)
        self._finish(line)

    def _on_mode(self, index: int) -> None:
        self.pages.setCurrentIndex(index)
        self._changed()

    def values(self) -> tuple[Any, ...]:
        if self.mode.currentData() == "list":
            return parse_values(self.spec, self.list.text())
        return seed_run(self.spec, self.base.value(), self.count.value())


def editor_for(spec: FieldSpec, base: Any, shared_seed: int) -> ValuesEditor:
    if spec.kind is FieldKind.SEED:
        return SeedValues(spec, shared_seed)
    if spec.kind is FieldKind.CHOICE:
        return ChoiceValues(spec, base)
    if spec.kind is FieldKind.BOOLEAN:
        return SwitchValues(spec)
    return NumberValues(spec, base)


def _decimals(spec: FieldSpec) -> int:
    step = spec.step or 0.01
    text = f"{step:.6f}".rstrip("0")
    return max(1, len(text.split(".")[1]) if "." in text else 0)


def _default_span(base: Any, low: float, high: float, whole: bool) -> tuple[float, float]:
    """Half to one and a half times the form's value (clamped), so it sits in the middle."""
    if isinstance(base, int | float) and not isinstance(base, bool) and base > 0:
        first, last = max(low, base * 0.5), min(high, base * 1.5)
    else:
        first = low if low > -_WIDE else 0.0
        last = high if high < _WIDE else first + 1.0
    if whole:
        first, last = float(round(first)), float(round(last))
    return first, last


def _default_choices(spec: FieldSpec, base: Any) -> list[Any]:
    values = list(spec.choice_values)
    if len(values) <= 4:
        return values
    start = values.index(base) if base in values else 0
    return values[start : start + 3]


def _tidy(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 6)
