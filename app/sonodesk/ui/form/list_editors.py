"""Editors for lists of values: toggle chips for allowed values, free tags, numbers.

Items are parsed with core's rules (``parse_number``, ``range_message``); the counts and
ranges are validated by core, the editors only mark what they can see.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from sonodesk.core.schema.coerce import parse_number, same_value
from sonodesk.core.schema.editor_hints import number_help, split_unit
from sonodesk.core.schema.labels import format_number
from sonodesk.core.schema.validate import range_message
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.chip_box import ChipBox
from sonodesk.ui.form.chips import ChipButton, FlowLayout
from sonodesk.ui.form.labels import MutedLabel


class ToggleChips(QWidget):
    """A wrapping row of checkable chips, one per option."""

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing=6)
        self.chips: list[ChipButton] = []
        for label in labels:
            self.add(label)

    def add(self, label: str) -> ChipButton:
        chip = ChipButton(label, self, checkable=True)
        self.flow.addWidget(chip)
        chip.show()
        self.chips.append(chip)
        return chip


class MultiChoiceEditor(FieldEditor):
    """Several of ``allowedValues`` (string_array): toggle chips, Space or a click toggles one."""

    def _build(self) -> None:
        self._values = list(self.spec.choice_values)
        self.toggles = ToggleChips([c.label for c in self.spec.choices], self)
        self.body.addWidget(self.toggles, 1)
        for chip in self.toggles.chips:
            chip.toggled.connect(self._on_toggled)
        if self.toggles.chips:
            self.setFocusProxy(self.toggles.chips[0])

    def help_text(self) -> str:
        limit = self.spec.max_length
        if self.spec.hint or (limit is not None and limit >= len(self._values)):
            return self.spec.hint  # a limit every choice fits under says nothing
        return super().help_text()

    def _on_toggled(self, _on: bool) -> None:
        self._limit()
        self._user_changed()

    def _limit(self) -> None:
        limit = self.spec.max_length
        chosen = sum(chip.isChecked() for chip in self.toggles.chips)
        for chip in self.toggles.chips:
            chip.setEnabled(chip.isChecked() or limit is None or chosen < limit)

    def value(self) -> list[Any]:
        return [v for v, c in zip(self._values, self.toggles.chips, strict=True) if c.isChecked()]

    def _apply(self, value: Any) -> None:
        items = value if isinstance(value, list | tuple) else [] if value is None else [value]
        for option, chip in zip(self._values, self.toggles.chips, strict=True):
            chip.setChecked(any(same_value(option, item) for item in items))
        self._limit()


def _attach_counter(editor: FieldEditor, box: ChipBox) -> MutedLabel | None:
    """A "2 / 10" counter at the right of the help line when the list has a maximum."""
    if editor.spec.max_length is None:
        return None
    counter = MutedLabel("", editor)
    counter.setObjectName("itemCounter")
    editor.add_footer_widget(counter)

    def update() -> None:
        counter.setText(f"{box.count()} / {editor.spec.max_length}")

    box.sig_items_changed.connect(update)
    box.sig_count_changed.connect(update)
    update()
    return counter


class _ChipBoxEditor(FieldEditor):
    """Shared by the chip-box editors: the label centres on the box, not on its entry."""

    box: ChipBox

    def label_anchor_height(self) -> int:
        margins = self.box.flow.contentsMargins()
        return self.box.entry.height() + margins.top() + margins.bottom()


class TagsEditor(_ChipBoxEditor):
    """Free words (string_array without allowedValues): type, then Enter or a comma."""

    def _build(self) -> None:
        self.box = ChipBox(
            self._parse,
            str,
            max_items=self.spec.max_length,
            placeholder=self.spec.placeholder or "Type and press Enter",
            parent=self,
        )
        self.box.entry.setAccessibleName(self.spec.label)
        self.body.addWidget(self.box, 1)
        self.setFocusProxy(self.box.entry)
        self.box.sig_items_changed.connect(self._user_changed)
        self.box.sig_entry_error.connect(lambda message: self.set_local_error(message or None))
        self.counter = _attach_counter(self, self.box)

    def help_text(self) -> str:
        return self.spec.hint  # the counter states the limit

    @staticmethod
    def _parse(text: str) -> list[object]:
        return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]

    def value(self) -> list[str]:
        items = [str(item) for item in self.box.items()]
        pending = self.box.pending_text()
        if pending and pending not in items:
            items.append(pending)  # typed but not yet confirmed with Enter still counts
        return items

    def _apply(self, value: Any) -> None:
        if isinstance(value, str):
            value = self._parse(value)
        items = [str(v) for v in value] if isinstance(value, list | tuple) else []
        self.box.entry.clear()
        self.box.set_items(list(dict.fromkeys(items)))


class NumberListEditor(_ChipBoxEditor):
    """A list of numbers (number_array) as chips; each typed number is checked against the range."""

    def _build(self) -> None:
        self._label, self.unit = split_unit(self.spec.label)
        self.box = ChipBox(
            self._parse,
            self._render,
            max_items=self.spec.max_length,
            placeholder=self.spec.placeholder or "Type numbers, press Enter",
            parent=self,
        )
        self.box.entry.setAccessibleName(self._label)
        self.body.addWidget(self.box, 1)
        self.setFocusProxy(self.box.entry)
        self.box.sig_items_changed.connect(self._on_items_changed)
        self.box.sig_entry_error.connect(lambda message: self.set_local_error(message or None))
        self.counter = _attach_counter(self, self.box)

    def help_text(self) -> str:
        return self.spec.hint or number_help(self.spec)

    def display_label(self) -> str:
        return self._label

    def _render(self, item: object) -> str:
        text = format_number(item)
        return f"{text} {self.unit}" if self.unit else text

    def _parse(self, text: str) -> list[object]:
        numbers: list[object] = []
        for part in text.replace(";", " ").replace(", ", " ").split():
            number = parse_number(part.rstrip(","))
            if self.spec.integer and isinstance(number, float):
                if not number.is_integer():
                    raise ValueError("Must be a whole number.")
                number = int(number)
            problem = range_message(self.spec, number, prefix="Each value must")
            if problem:
                raise ValueError(problem)
            numbers.append(number)
        return numbers

    def _on_items_changed(self) -> None:
        self._mark_out_of_range()
        self._user_changed()

    def _mark_out_of_range(self) -> None:
        bad = {
            index
            for index, item in enumerate(self.box.items())
            if isinstance(item, int | float) and range_message(self.spec, item)
        }
        self.box.mark_invalid(bad)

    def value(self) -> list[int | float]:
        return [item for item in self.box.items() if isinstance(item, int | float)]

    def _apply(self, value: Any) -> None:
        items: list[object] = []
        raw = value if isinstance(value, list | tuple) else [] if value is None else [value]
        for item in raw:
            if isinstance(item, bool):
                continue
            if isinstance(item, int | float):
                items.append(item)
            elif isinstance(item, str):
                try:
                    items.append(parse_number(item))
                except ValueError:
                    continue
        self.box.entry.clear()
        self.box.set_items(items)
        self._mark_out_of_range()
