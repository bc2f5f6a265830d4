"""PresetBar: pick a preset for the current model, and save, update, rename, delete, share them.

A thin layer over core.presets.PresetStore (which owns every file); the form's values come
from the ``values`` callable and leave through ``sig_apply_values``. No modal dialogs.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPoint, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.errors import SonodeskError
from sonodesk.core.presets import (
    PresetError,
    PresetStore,
    Reconciled,
    export_presets,
    import_presets,
)
from sonodesk.core.presets.store import READ_ONLY_STARTER
from sonodesk.core.schema import FieldSpec
from sonodesk.ui.form import style
from sonodesk.ui.presets import messages
from sonodesk.ui.presets.menu import PresetMenu
from sonodesk.ui.presets.name_editor import NameEditor
from sonodesk.ui.presets.preset_combo import PresetCombo
from sonodesk.ui.presets.transfer_dialogs import export_dialog, import_dialog
from sonodesk.ui.widgets.notice_bar import NoticeBar

STARTER_HINT = "Save it under a new name to make your own copy."


class PresetBar(QWidget):
    """``sig_apply_values(dict)``: a chosen preset's values, fitted to today's schema.

    ``notice``: where messages go; pass the window's own NoticeBar to show them there,
    otherwise the bar keeps one under its row.
    """

    sig_apply_values = Signal(dict)
    sig_presets_changed = Signal()

    def __init__(
        self,
        store: PresetStore,
        *,
        values: Callable[[], Mapping[str, Any]],
        parent: QWidget | None = None,
        notice: NoticeBar | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("presetBar")
        self.store = store
        self._values = values
        self._model_id: str | None = None
        self._model_name = ""
        self._specs: tuple[FieldSpec, ...] = ()
        self._renaming: str | None = None
        self.file_dialog: QFileDialog | None = None
        self._build(notice)
        self.setEnabled(False)

    def _build(self, notice: NoticeBar | None) -> None:
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        row = QHBoxLayout()
        row.setSpacing(2)
        self.combo = PresetCombo(self)
        self.combo.activated.connect(self._on_chosen)
        self.editor = NameEditor(self)
        self.editor.sig_accepted.connect(self._on_name_given)
        self.editor.sig_cancelled.connect(self._close_editor)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.combo)
        self.stack.addWidget(self.editor)
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.menu = PresetMenu(self)
        self.menu.aboutToShow.connect(self._update_menu)
        self.menu_button = QToolButton(self, objectName="presetMenuButton")
        self.menu_button.setIcon(style.icon("more"))
        self.menu_button.setToolTip("Preset actions: save, update, rename, import, export")
        self.menu_button.setAccessibleName("Preset actions")
        self.menu_button.setAutoRaise(True)
        # popup(), not setMenu(): a tool button's menu runs its own nested event loop.
        self.menu_button.clicked.connect(self.show_menu)
        row.addWidget(self.stack, 1)
        row.addWidget(self.menu_button)
        column.addLayout(row)
        self.notice = notice if notice is not None else NoticeBar(self)
        if notice is None:
            column.addWidget(self.notice)
        self._wire_menu()

    def show_menu(self) -> None:
        """Open the actions menu under the ⋯ button, without blocking the event loop."""
        button = self.menu_button
        self.menu.popup(button.mapToGlobal(QPoint(0, button.height())))

    def _wire_menu(self) -> None:
        self.menu.save_as.triggered.connect(self.start_save_as)
        self.menu.update.triggered.connect(self.update_current)
        self.menu.rename.triggered.connect(self.start_rename)
        self.menu.delete.triggered.connect(self.delete_current)
        self.menu.default.triggered.connect(self.toggle_default)
        self.menu.import_.triggered.connect(self.choose_import_file)
        self.menu.export.triggered.connect(self.choose_export_file)

    # -- model -------------------------------------------------------------------------------

    def set_model(
        self, model_id: str, specs: Sequence[FieldSpec], *, model_name: str = ""
    ) -> Reconciled | None:
        """List ``model_id``'s presets; returns its default preset's values (or None)."""
        self._model_id, self._specs, self._model_name = model_id, tuple(specs), model_name
        self._close_editor()
        self.notice.dismiss()
        self.setEnabled(True)
        self.refresh(keep=False)
        return self.default_values(model_id, specs)

    def default_values(self, model_id: str, specs: Sequence[FieldSpec]) -> Reconciled | None:
        """The model's default preset fitted to ``specs``, or None when it has none."""
        preset = self.store.default_preset(model_id)
        if preset is None:
            return None
        try:
            return self.store.apply(model_id, preset.name, specs)
        except PresetError:
            return None

    def refresh(self, select: str | None = None, *, keep: bool = True) -> None:
        """Re-read the listing; show ``select``, else (with ``keep``) the current choice."""
        if self._model_id is None:
            return
        keep_name = select if select is not None else self.current_name() if keep else None
        listing = self.store.listing(self._model_id)
        self.combo.show_listing(listing, keep_name)
        if listing.notice:
            self.notice.show_notice(messages.error_message(listing.notice), kind="warning")

    # -- choosing ----------------------------------------------------------------------------

    def names(self) -> list[str]:
        """The listed presets' names, in menu order."""
        return self.combo.names()

    def current_name(self) -> str | None:
        return self.combo.current_name()

    def set_current(self, name: str | None) -> None:
        """Show ``name`` as the chosen preset without applying it (None: no choice)."""
        self.combo.select(name)

    def apply(self, name: str) -> Reconciled | None:
        """Fit ``name`` to the schema, emit its values, and say what had to change."""
        if self._model_id is None:
            return None
        try:
            fitted = self.store.apply(self._model_id, name, self._specs)
        except PresetError as exc:
            self._show_error(exc)
            self.refresh(keep=False)
            return None
        self.set_current(name)
        self.sig_apply_values.emit(dict(fitted.values))
        if fitted.report.changes:
            self.notice.show_notice(messages.report_message(name, fitted.report), kind="warning")
        else:
            self.notice.dismiss()
        return fitted

    def _on_chosen(self, index: int) -> None:
        name = self.combo.name_at(index)
        if name is not None:
            self.apply(name)

    # -- editing -----------------------------------------------------------------------------

    def start_save_as(self) -> None:
        self._renaming = None
        suggestion = self.current_name() or ""
        self._open_editor(suggestion, "Name for the new preset")

    def start_rename(self) -> None:
        name = self.current_name()
        if name is None:
            return
        self._renaming = name
        self._open_editor(name, f"New name for “{name}”")

    def update_current(self) -> None:
        name = self.current_name()
        if name is None or self._model_id is None:
            return
        if self._edit(lambda: self.store.update(self._model_id, name, self._values(), self._specs)):
            self.refresh(name)
            self.notice.show_notice(f"Updated “{_esc(name)}” with the current values.", kind="info")

    def delete_current(self) -> None:
        name = self.current_name()
        if name is None or self._model_id is None:
            return
        if self.combo.current_is_starter():
            # Refused before asking: starters ship with Sonodesk and stay available.
            text = f"{READ_ONLY_STARTER.format(name=name)} {STARTER_HINT}"
            self.notice.show_notice(_esc(text), kind="info")
            return
        self.notice.show_notice(
            f"Delete the preset “{_esc(name)}”? This cannot be undone.",
            [("Delete", lambda: self._delete(name)), ("Keep it", self.notice.dismiss)],
            kind="warning",
        )

    def _delete(self, name: str) -> None:
        if self._model_id is not None and self._edit(
            lambda: self.store.delete(self._model_id, name)
        ):
            self.refresh(keep=False)

    def toggle_default(self) -> None:
        if self._model_id is None:
            return
        name = self.current_name()
        default = self.store.listing(self._model_id).default
        target = None if name is None or _same(name, default) else name
        if self._edit(lambda: self.store.set_default(self._model_id, target)):
            self.refresh()

    def _open_editor(self, text: str, placeholder: str) -> None:
        self.notice.dismiss()
        self.stack.setCurrentWidget(self.editor)
        self.menu_button.setEnabled(False)
        self.editor.start(text, placeholder)

    def _close_editor(self) -> None:
        self._renaming = None
        self.stack.setCurrentWidget(self.combo)
        self.menu_button.setEnabled(True)

    def _on_name_given(self, name: str) -> None:
        if self._model_id is None:
            return
        model_id, old = self._model_id, self._renaming
        if old is None:
            saved = self._edit(lambda: self.store.save(model_id, name, self._values(), self._specs))
        else:
            saved = self._edit(lambda: self.store.rename(model_id, old, name))
        if saved is not None:
            self._close_editor()
            self.refresh(saved.name)

    def _edit(self, action: Callable[[], Any]) -> Any:
        """Run a store edit; refusals are shown as worded. Returns the result (True if None)."""
        try:
            result = action()
        except SonodeskError as exc:
            self._show_error(exc)
            return None
        self.sig_presets_changed.emit()
        return True if result is None else result

    def _show_error(self, exc: SonodeskError) -> None:
        self.notice.show_notice(messages.error_message(exc.message, exc.hint), kind="error")

    # -- sharing -----------------------------------------------------------------------------

    def choose_import_file(self) -> None:
        self._open_file_dialog(import_dialog(self), self.import_file)

    def choose_export_file(self) -> None:
        self._open_file_dialog(export_dialog(self, self._model_name), self.export_file)

    def _open_file_dialog(self, dialog: QFileDialog, handler: Callable[[str], None]) -> None:
        dialog.fileSelected.connect(handler)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    def import_file(self, path: str) -> None:
        """Add a preset file's presets to this model; problems are shown as the core words them."""
        if self._model_id is None:
            return
        model_id = self._model_id
        result = self._edit(lambda: import_presets(self.store, path, model_id, self._specs))
        if result is not None:
            self.refresh(result.presets[0].name if result.presets else None)
            self.notice.show_notice(messages.import_message(result), kind="info")

    def export_file(self, path: str) -> None:
        if self._model_id is None:
            return
        model_id = self._model_id
        try:
            count = export_presets(self.store, model_id, path)
        except SonodeskError as exc:
            self._show_error(exc)
            return
        plural = "preset" if count == 1 else "presets"
        where = _esc(Path(path).name)
        self.notice.show_notice(f"Exported {count} {plural} to “{where}”.", kind="info")

    def _update_menu(self) -> None:
        default = self.store.listing(self._model_id).default if self._model_id else None
        self.menu.update_for(self.current_name(), self.combo.current_is_starter(), default)


def _same(name: str | None, other: str | None) -> bool:
    return name is not None and other is not None and name.casefold() == other.casefold()


def _esc(text: str) -> str:
    return html.escape(text, quote=False)
