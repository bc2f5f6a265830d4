"""Lay a model's fields out: sections with headings, then "Advanced" folded away, one label column.

Creates the editors through the registry and arranges them; values, validation and signals
are the form's business (param_form.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtWidgets import QVBoxLayout, QWidget

from sonodesk.core.schema import FieldSpec, display_label, partition_advanced, sections
from sonodesk.ui.form import style
from sonodesk.ui.form.base import EditorContext, FieldEditor
from sonodesk.ui.form.collapsible import CollapsibleSection
from sonodesk.ui.form.editor_registry import default_registry
from sonodesk.ui.form.field_grid import FieldGrid, label_width_for

ADVANCED_TITLE = "Advanced"


@dataclass
class FormLayout:
    """The built widgets of one form: its root, grids, editors (in order) and the fold."""

    root: QWidget
    grids: list[FieldGrid] = field(default_factory=list)
    editors: dict[str, FieldEditor] = field(default_factory=dict)
    advanced: CollapsibleSection | None = None
    advanced_names: set[str] = field(default_factory=set)

    @property
    def order(self) -> list[str]:
        return list(self.editors)


def heading_for(group: str, members: Sequence[FieldSpec]) -> str:
    """The heading over a run of fields, or "" when it would only repeat the one label."""
    if not group or "advanced" in group.lower():
        return ""
    text = display_label(group)
    if len(members) == 1 and members[0].label.casefold().startswith(text.casefold()):
        return ""
    return text


def build_form_layout(
    specs: Sequence[FieldSpec], context: EditorContext, parent: QWidget
) -> FormLayout:
    """Editors for ``specs`` under a new (hidden) root widget, ready to be swapped in."""
    root = QWidget(parent)
    root.hide()
    column = QVBoxLayout(root)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(style.SECTION_SPACING)
    layout = FormLayout(root)
    primary, advanced = partition_advanced(specs)
    layout.grids.append(_grid(primary, context, root, layout.editors))
    column.addWidget(layout.grids[0])
    if advanced:
        section = CollapsibleSection(ADVANCED_TITLE, len(advanced), root)
        section.setObjectName("advancedSection")
        inner = QVBoxLayout(section.content)
        inner.setContentsMargins(0, 0, 0, 0)
        grid = _grid(advanced, context, section.content, layout.editors)
        inner.addWidget(grid)
        layout.grids.append(grid)
        column.addWidget(section)
        layout.advanced = section
        layout.advanced_names = {spec.name for spec in advanced}
    width = label_width_for(layout.grids)
    for grid in layout.grids:
        grid.set_label_width(width)
    return layout


def _grid(
    specs: Sequence[FieldSpec],
    context: EditorContext,
    parent: QWidget,
    editors: dict[str, FieldEditor],
) -> FieldGrid:
    registry = context.registry or default_registry()
    grid = FieldGrid(parent)
    for group, members in sections(specs):
        heading = heading_for(group, members)
        if heading:
            grid.add_heading(heading)
        for spec in members:
            editor = registry.create(spec, context=context)
            grid.add_editor(editor)
            editors[spec.name] = editor
    return grid
