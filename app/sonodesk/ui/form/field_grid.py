"""Two aligned columns of form rows (label | editor) with group headings; used at every level.

Layout and the live required markers only; it neither creates editors nor validates.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QVBoxLayout, QWidget

from sonodesk.core.schema import is_required
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.labels import FieldLabel, GroupHeading, LabelCell


@dataclass
class FieldRow:
    """One field on screen: its label cell (None for a self-labelled checkbox) and editor."""

    cell: LabelCell | None
    editor: FieldEditor

    @property
    def label(self) -> FieldLabel | None:
        return self.cell.label if self.cell is not None else None


class FieldGrid(QWidget):
    """Rows of ``label | editor``; wide editors (prompts, files, row lists) get the full width."""

    def __init__(self, parent: QWidget | None = None, *, row_spacing: int = style.ROW_SPACING):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(12)
        self.grid.setVerticalSpacing(row_spacing)
        self.grid.setColumnStretch(1, 1)
        self.rows: list[FieldRow] = []
        self.headings: list[GroupHeading] = []
        self._next = 0
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

    def add_heading(self, text: str) -> GroupHeading:
        heading = GroupHeading(text, self)
        if self._next > 0:
            self.grid.setRowMinimumHeight(
                self._next, style.SECTION_SPACING - self.grid.verticalSpacing()
            )
            self._next += 1
        self.grid.addWidget(heading, self._next, 0, 1, 2)
        self._next += 1
        self.headings.append(heading)
        return heading

    def add_editor(self, editor: FieldEditor) -> FieldRow:
        editor.setParent(self)
        cell: LabelCell | None = None
        if not editor.self_labelled:
            info = editor.spec.description or editor.spec.hint
            cell = LabelCell(editor.display_label(), info, self)
            cell.label.setObjectName(f"label:{editor.path}")
            cell.label.setBuddy(editor.focusProxy() or editor)
        if editor.wide and cell is not None:
            # Label above its editor, closer together than two rows are.
            block = QWidget(self)
            column = QVBoxLayout(block)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(3)
            cell.setParent(block)
            editor.setParent(block)
            column.addWidget(cell)
            column.addWidget(editor)
            self.grid.addWidget(block, self._next, 0, 1, 2)
        else:
            if cell is not None:
                cell.set_top_offset(self._label_offset(editor, cell.label))
                self.grid.addWidget(cell, self._next, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(editor, self._next, 1)
        self._next += 1
        row = FieldRow(cell, editor)
        self.rows.append(row)
        return row

    @staticmethod
    def _label_offset(editor: FieldEditor, label: FieldLabel) -> int:
        # Centre the label's first line on the editor's first control line.
        control_height = min(editor.label_anchor_height(), 34)
        line = label.fontMetrics().height()
        return max(0, style.OUTLINE + (control_height - line) // 2)

    def natural_label_width(self) -> int:
        """The width the side labels would like (wide rows' labels do not count)."""
        widths = [
            row.cell.natural_width()
            for row in self.rows
            if row.cell is not None and not row.editor.wide
        ]
        return max(widths, default=0)

    def set_label_width(self, width: int) -> None:
        self.grid.setColumnMinimumWidth(0, width)
        for row in self.rows:
            if row.cell is not None and not row.editor.wide:
                row.cell.set_width(width)

    def update_required(self, values: Mapping[str, Any]) -> None:
        for row in self.rows:
            if row.label is not None:
                row.label.set_required(is_required(row.editor.spec, values))

    def editors(self) -> list[FieldEditor]:
        return [row.editor for row in self.rows]

    def row_for(self, name: str) -> FieldRow | None:
        return next((row for row in self.rows if row.editor.spec.name == name), None)


def label_width_for(grids: list[FieldGrid]) -> int:
    """One label column width shared by several grids, within the form's limits."""
    natural = max((grid.natural_label_width() for grid in grids), default=0)
    return max(style.LABEL_MIN_WIDTH, min(style.LABEL_MAX_WIDTH, natural + 4))
