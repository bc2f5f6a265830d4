"""ParamForm: a model's parameter form built from its FieldSpecs, validated inline as you edit.

Builds editors through the registry, grouped by section with rarely used fields under
"Advanced"; reads and writes values, routes errors (local and server) to fields. The rules
(defaults, validation, requiredness, the body) are core's; this only wires them to widgets.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QApplication, QScrollArea, QVBoxLayout, QWidget

from sonodesk.core.schema import (
    FieldError,
    FieldSpec,
    build_body,
    coerce_value,
    field_from_server_message,
    initial_value,
    top_name,
)
from sonodesk.core.schema.form_policy import collect_errors, cost_snapshot, visible_errors
from sonodesk.ui.form.base import EditorContext, FieldEditor, ModelOptions
from sonodesk.ui.form.collapsible import CollapsibleSection
from sonodesk.ui.form.editor_registry import EditorRegistry, default_registry
from sonodesk.ui.form.field_grid import FieldGrid
from sonodesk.ui.form.form_layout import build_form_layout
from sonodesk.ui.form.seed_editor import SeedEditor

log = logging.getLogger(__name__)


def _scroll_to(area: QScrollArea, target: QWidget) -> None:
    if shiboken6.isValid(area) and shiboken6.isValid(target):
        area.ensureWidgetVisible(target, 0, 48)


class ParamForm(QWidget):
    """The parameter form. Emits ``sig_values_changed`` on user edits (and Reset), and
    ``sig_cost_inputs_changed`` whenever a ``costImpact`` field's value changed (edits,
    reset, ``set_values``), so the price can be asked for again. ``set_schema`` and
    ``set_values`` are otherwise silent: the caller knows it changed the values.
    """

    sig_values_changed = Signal()
    sig_cost_inputs_changed = Signal()
    sig_preview_requested = Signal(str)
    sig_advanced_toggled = Signal(bool)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        model_options: ModelOptions | None = None,
        registry: EditorRegistry | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paramForm")
        registry = registry or default_registry()
        self._context = EditorContext(registry=registry, model_options=model_options)
        self._specs: tuple[FieldSpec, ...] = ()
        self._editors: dict[str, FieldEditor] = {}
        self._order: list[str] = []
        self._grids: list[FieldGrid] = []
        self._advanced: CollapsibleSection | None = None
        self._advanced_names: set[str] = set()
        self._advanced_expanded = False
        self._touched: set[str] = set()
        self._submitted = False
        self._cost: tuple[Any, ...] = ()
        # Server messages stay on their field until that field is edited (or the model changes).
        self._server_errors: dict[str, str] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._content = QWidget(self)
        self._layout.addWidget(self._content)
        self._layout.addStretch(1)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._on_focus_changed)

    # -- building ----------------------------------------------------------------------------

    def set_schema(
        self, specs: Sequence[FieldSpec], values: Mapping[str, Any] | None = None
    ) -> None:
        """Build the editors for ``specs`` (replacing the previous model's), then fill them
        with ``values`` laid over the defaults."""
        started = time.perf_counter()
        self._specs = tuple(specs)
        self._touched = set()
        self._submitted = False
        self._server_errors = {}
        built = build_form_layout(self._specs, self._context, self)
        self._editors = built.editors
        self._order = built.order
        self._grids = built.grids
        self._advanced = built.advanced
        self._advanced_names = built.advanced_names
        for editor in self._editors.values():
            editor.sig_changed.connect(lambda name=editor.spec.name: self._on_editor_changed(name))
            editor.sig_preview_requested.connect(self.sig_preview_requested)
        if built.advanced is not None:
            built.advanced.set_expanded(self._advanced_expanded)
            built.advanced.sig_toggled.connect(self._on_advanced_toggled)
        self._fill({**self._defaults(), **dict(values or {})})
        self._cost = cost_snapshot(self._specs, self.values())
        self._refresh(announce=False)
        # Swap in one step: the old model's widgets never mix with the new ones on screen.
        self.setUpdatesEnabled(False)
        try:
            old = self._content
            self._layout.replaceWidget(old, built.root)
            old.hide()
            old.deleteLater()
            self._content = built.root
            built.root.show()
        finally:
            self.setUpdatesEnabled(True)
        elapsed = 1000 * (time.perf_counter() - started)
        log.debug("form for %d fields built in %.0f ms", len(self._specs), elapsed)

    def _defaults(self) -> dict[str, Any]:
        return {spec.name: initial_value(spec) for spec in self._specs}

    def _fill(self, values: Mapping[str, Any]) -> None:
        for name, value in values.items():
            editor = self._editors.get(name) if isinstance(name, str) else None
            if editor is not None:
                editor.set_value(value)

    # -- values ------------------------------------------------------------------------------

    def specs(self) -> tuple[FieldSpec, ...]:
        return self._specs

    def values(self) -> dict[str, Any]:
        """Every field's value, typed where it can be read (None = unset)."""
        values: dict[str, Any] = {}
        for spec in self._specs:
            raw = self._editors[spec.name].value()
            try:
                values[spec.name] = coerce_value(spec, raw)
            except ValueError:
                values[spec.name] = raw  # validation will name the problem
        return values

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show these values (unknown names are ignored, fields not named keep theirs)."""
        self._fill(values)
        self._refresh(announce=True)

    def reset_to_defaults(self) -> None:
        self._fill(self._defaults())
        self._touched = set()
        self._submitted = False
        self.clear_errors()
        for editor in self._editors.values():
            editor.set_local_error(None)
        self._refresh(announce=True)
        self.sig_values_changed.emit()

    def body(self) -> dict[str, Any]:
        """The request body. Raises ValueError naming the first problem if the form is invalid
        (call ``validate_all`` first to show the problems)."""
        values = self.values()
        errors = self._all_errors(values)
        if errors:
            raise ValueError(f"{errors[0].path}: {errors[0].message}")
        return build_body(self._specs, values)

    # -- seed --------------------------------------------------------------------------------

    def seed_editor(self) -> SeedEditor | None:
        return next((e for e in self._editors.values() if isinstance(e, SeedEditor)), None)

    def seed_locked(self) -> bool:
        seed = self.seed_editor()
        return seed.seed_locked() if seed is not None else False

    def set_last_used_seed(self, seed: int | None) -> None:
        editor = self.seed_editor()
        if editor is not None:
            editor.set_last_used_seed(seed)

    # -- errors ------------------------------------------------------------------------------

    def editor(self, path: str) -> FieldEditor | None:
        """The editor showing ``path`` (``"prompt"``, ``"sections[1].bars"``)."""
        top = self._editors.get(path) or self._editors.get(top_name(path))
        return top.editor_at(path) if top is not None else None

    def _all_errors(self, values: Mapping[str, Any]) -> list[FieldError]:
        local: dict[str, str] = {}
        for name in self._order:
            local.update(self._editors[name].local_errors())
        return collect_errors(self._specs, values, local, self._order)

    def validate_all(self) -> list[FieldError]:
        """Check every field, show every problem, and put the cursor on the first one."""
        self._submitted = True
        errors = self._all_errors(self.values())
        self._show_errors(errors)
        if errors:
            self.reveal(errors[0].path, focus=True)
        return errors

    def show_server_error(self, message: str) -> bool:
        """Put a provider's error message on the field it names; False if it names none."""
        path = field_from_server_message(message, self._specs)
        top = self._editors.get(top_name(path)) if path else None
        if path is None or top is None or not top.route_error(path, message):
            return False
        self._server_errors[path] = message
        self.reveal(path, focus=False)
        return True

    def clear_errors(self) -> None:
        """Take every message off the form (server messages included)."""
        self._server_errors = {}
        self._show_errors([])

    def reveal(self, path: str, *, focus: bool) -> None:
        """Open "Advanced" if needed, scroll the field into view, optionally focus it."""
        opened = False
        if top_name(path) in self._advanced_names and self._advanced is not None:
            opened = not self._advanced.is_expanded()
            self._advanced.set_expanded(True)
        target = self.editor(path) or self._editors.get(top_name(path))
        if target is None:
            return
        if focus:
            target.focus_editor()
        area = self._scroll_area()
        if area is None:
            return
        area.ensureWidgetVisible(target, 0, 48)
        if opened:
            # The section's new height is laid out on the next pass; scroll again after it.
            QTimer.singleShot(0, lambda: _scroll_to(area, target))

    def _scroll_area(self) -> QScrollArea | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QScrollArea):
            widget = widget.parentWidget()
        return widget

    def _show_errors(self, errors: Sequence[FieldError]) -> None:
        for editor in self._editors.values():
            editor.clear_errors()
        shown = {error.path: error.message for error in errors}
        for path, message in self._server_errors.items():
            shown.setdefault(path, message)
        for path, message in shown.items():
            top = self._editors.get(top_name(path))
            if top is not None:
                top.route_error(path, message)

    # -- live updates ------------------------------------------------------------------------

    def _refresh(self, *, announce: bool) -> None:
        values = self.values()
        for grid in self._grids:
            grid.update_required(values)
        errors = self._all_errors(values)
        self._show_errors(
            visible_errors(
                self._specs, values, errors, touched=self._touched, submitted=self._submitted
            )
        )
        cost = cost_snapshot(self._specs, values)
        if cost != self._cost:
            self._cost = cost
            if announce:
                self.sig_cost_inputs_changed.emit()

    def _on_editor_changed(self, name: str) -> None:
        self._server_errors = {
            path: message for path, message in self._server_errors.items() if top_name(path) != name
        }
        self._refresh(announce=True)
        self.sig_values_changed.emit()

    def _on_focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        if old is None or new is None or not self.isAncestorOf(old):
            return
        left: list[str] = []
        widget: QWidget | None = old
        while widget is not None and widget is not self:
            if (
                isinstance(widget, FieldEditor)
                and widget is not new
                and not widget.isAncestorOf(new)
            ):
                left.append(widget.path)
            widget = widget.parentWidget()
        if left and not set(left) <= self._touched:
            self._touched.update(left)
            self._refresh(announce=False)

    def _on_advanced_toggled(self, expanded: bool) -> None:
        self._advanced_expanded = expanded
        self.sig_advanced_toggled.emit(expanded)

    # -- advanced section --------------------------------------------------------------------

    def advanced_section(self) -> CollapsibleSection | None:
        return self._advanced

    def advanced_names(self) -> set[str]:
        return set(self._advanced_names)

    def advanced_expanded(self) -> bool:
        return self._advanced_expanded

    def set_advanced_expanded(self, expanded: bool) -> None:
        """Open or close "Advanced"; the choice carries over to the next model's form."""
        self._advanced_expanded = expanded
        if self._advanced is not None:
            self._advanced.set_expanded(expanded)

    def editors(self) -> dict[str, FieldEditor]:
        return dict(self._editors)

    def focus_first_field(self) -> None:
        if self._order:
            self._editors[self._order[0]].focus_editor()
