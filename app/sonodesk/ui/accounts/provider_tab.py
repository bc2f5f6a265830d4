"""One provider's page of the accounts dialog: credential fields, where the key is kept, a test.

Reads stored keys only to build an account for a connection test and to show them masked; it
never puts a stored key into a widget. Writes nothing: the dialog saves.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.accounts import Account, AimlApiAccount, ScenarioAccount, mask_secret
from sonodesk.core.errors import ConfigError
from sonodesk.core.net.urls import check_api_base_url
from sonodesk.core.secrets import SecretLocation, SecretStore
from sonodesk.core.settings import Settings
from sonodesk.ui import theme
from sonodesk.ui.accounts.specs import Field, TabSpec
from sonodesk.ui.icons import icon
from sonodesk.ui.widgets.common import muted_label


class ProviderTab(QWidget):
    """Fields of one provider; ``account()`` is what a connection test should use."""

    sig_test_requested = Signal(str)  # provider id
    sig_edited = Signal()

    def __init__(
        self,
        spec: TabSpec,
        settings: Settings,
        secrets: SecretStore,
        environ: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"{spec.provider_id}AccountTab")
        self._settings, self._secrets, self._environ = settings, secrets, environ
        self.remove_requested = False

        intro = QLabel(spec.intro, self)
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(10)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.edits: dict[str, QLineEdit] = {}
        for field in spec.fields:
            edit = QLineEdit(self)
            edit.setObjectName(f"{spec.provider_id}_{field.name}")
            edit.setAccessibleName(f"{spec.title} {field.label}")
            if field.secret:
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                # Keep typed keys out of input-method history and predictive text.
                edit.setInputMethodHints(
                    Qt.InputMethodHint.ImhHiddenText
                    | Qt.InputMethodHint.ImhSensitiveData
                    | Qt.InputMethodHint.ImhNoPredictiveText
                )
            elif field.setting:
                edit.setText(str(getattr(settings, field.setting) or ""))
                edit.setPlaceholderText(field.placeholder or spec.default_url)
            edit.textEdited.connect(self._on_edited)
            self.edits[field.name] = edit
            form.addRow(field.label, edit)

        self.saved_label = muted_label(parent=self)
        self.saved_label.setObjectName(f"{spec.provider_id}SavedLabel")
        self.saved_label.setWordWrap(True)
        self.remove_button = QPushButton("Remove saved key", self)
        self.remove_button.setObjectName(f"{spec.provider_id}RemoveButton")
        self.remove_button.setFlat(True)
        self.remove_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.remove_button.setFont(theme.scaled(self.remove_button.font(), 0.9))
        self.remove_button.setStyleSheet("QPushButton { color: palette(link); padding: 2px 4px; }")
        self.remove_button.clicked.connect(self._on_remove_clicked)
        saved_row = QHBoxLayout()
        saved_row.setSpacing(theme.SPACING)
        self.saved_icon = QLabel(self)
        self.saved_icon.setFixedSize(QSize(16, 16))
        saved_row.addWidget(self.saved_icon, 0, Qt.AlignmentFlag.AlignVCenter)
        saved_row.addWidget(self.saved_label, 1)
        saved_row.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignVCenter)

        self.env_label = muted_label(parent=self)
        self.env_label.setWordWrap(True)
        self.error_label = QLabel(self)
        self.error_label.setObjectName(f"{spec.provider_id}FieldError")
        self.error_label.setWordWrap(True)
        self.error_label.hide()

        self.test_button = QPushButton(icon("retry"), "Test connection", self)
        self.test_button.setObjectName(f"{spec.provider_id}TestButton")
        self.test_button.clicked.connect(lambda: self.sig_test_requested.emit(spec.provider_id))
        self.result_icon = QLabel(self)
        self.result_icon.setFixedSize(QSize(16, 16))
        self.result_label = QLabel(self)
        self.result_label.setObjectName(f"{spec.provider_id}TestResult")
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.result_detail = muted_label(parent=self)
        self.result_detail.setWordWrap(True)
        result_text = QVBoxLayout()
        # Line the first line of text (and its icon) up with the button's caption.
        result_text.setContentsMargins(0, 4, 0, 0)
        result_text.setSpacing(2)
        result_text.addWidget(self.result_label)
        result_text.addWidget(self.result_detail)
        test_row = QHBoxLayout()
        test_row.setSpacing(theme.SPACING)
        test_row.addWidget(self.test_button, 0, Qt.AlignmentFlag.AlignTop)
        test_row.addSpacing(4)
        icon_box = QVBoxLayout()
        icon_box.setContentsMargins(0, 5, 0, 0)
        icon_box.addWidget(self.result_icon)
        icon_box.addStretch(1)
        test_row.addLayout(icon_box)
        test_row.addLayout(result_text, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(
            theme.MARGIN + 4, theme.MARGIN + 4, theme.MARGIN + 4, theme.MARGIN
        )
        layout.setSpacing(theme.MARGIN)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addLayout(saved_row)
        layout.addWidget(self.env_label)
        layout.addSpacing(4)
        layout.addLayout(test_row)
        layout.addStretch(1)
        self.show_result(None, "")
        self.refresh_saved()

    # -- what the user entered --------------------------------------------------------------

    def entered(self, name: str) -> str:
        edit = self.edits.get(name)
        return edit.text().strip() if edit is not None else ""

    def pending_secrets(self) -> dict[str, str]:
        """Secret fields the user typed into (name → value)."""
        return {f.name: self.entered(f.name) for f in self._secret_fields() if self.entered(f.name)}

    def setting_changes(self) -> dict[str, str]:
        """Settings attribute → new value, for the non-secret fields that changed."""
        changes = {}
        for field in self.spec.fields:
            if field.setting is None:
                continue
            value = self.entered(field.name)
            if field.name == "base_url":
                value = check_api_base_url(value or self.spec.default_url)
            if value != getattr(self._settings, field.setting):
                changes[field.setting] = value
        return changes

    def stored(self, name: str) -> str | None:
        if self.remove_requested:
            return None
        return self._secrets.get(self.spec.provider_id, name)

    def account(self) -> Account:
        """An account from the fields, falling back to the saved key for empty secret fields."""
        values = {
            f.name: self.entered(f.name) or self.stored(f.name) for f in self._secret_fields()
        }
        missing = [f.label for f in self._secret_fields() if not values[f.name]]
        if missing:
            raise ConfigError(f"Enter the {' and the '.join(missing)} first.")
        base = check_api_base_url(self.entered("base_url") or self.spec.default_url)
        if self.spec.provider_id == "aimlapi":
            return AimlApiAccount(base, values["key"] or "", "settings")
        project = self.entered("project") or None
        return ScenarioAccount(
            base, values["key"] or "", values["secret"] or "", project, "settings"
        )

    def check_complete(self) -> None:
        """Raise ConfigError when a save would leave the account half set up."""
        typed = self.pending_secrets()
        if not typed:
            return
        for field in self._secret_fields():
            if field.name not in typed and not self.stored(field.name):
                raise ConfigError(f"Enter the {field.label} too.")

    # -- display ----------------------------------------------------------------------------

    def refresh_saved(self) -> None:
        """Masked placeholders and the "saved in …" line, from the store as it is now."""
        provider = self.spec.provider_id
        key = self.stored("key")
        for field in self._secret_fields():
            value = self.stored(field.name)
            hint = f"Saved: {mask_secret(value)} (type to replace)" if value else field.placeholder
            self.edits[field.name].setPlaceholderText(hint)
        if self.remove_requested:
            text, icon_name = "The saved key is removed when you press Save.", "trash"
        elif key:
            where = self._secrets.location(provider, "key")
            place = (
                str(self._secrets.fallback_file)
                if where is SecretLocation.FILE
                else "the system keyring"
            )
            text, icon_name = f"Key {mask_secret(key)} is saved in {place}.", "lock"
        else:
            text, icon_name = "No key saved yet.", "unlock"
        self.saved_label.setText(text)
        self.saved_icon.setPixmap(icon(icon_name).pixmap(QSize(16, 16), self.devicePixelRatioF()))
        self.remove_button.setVisible(bool(key) and not self.remove_requested)
        present = [name for name in self.spec.env_names if self._environ.get(name)]
        self.env_label.setText(_environment_note(present))
        self.env_label.setVisible(bool(present))

    def show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setStyleSheet(f"color: {theme.colors().danger.name()};")
        self.error_label.setVisible(bool(message))

    def show_result(self, ok: bool | None, message: str, detail: str = "") -> None:
        """ok None: idle or checking (``message`` may say "Checking…")."""
        colors = theme.colors()
        tint = None if ok is None else colors.success if ok else colors.danger
        self.result_label.setText(message)
        self.result_label.setStyleSheet(f"color: {tint.name()};" if tint is not None else "")
        self.result_detail.setText(detail)
        self.result_detail.setVisible(bool(detail))
        if ok is None:
            self.result_icon.clear()
        else:
            pixmap = icon("check" if ok else "warning", color=tint)
            self.result_icon.setPixmap(pixmap.pixmap(QSize(16, 16), self.devicePixelRatioF()))

    def clear_secrets(self) -> None:
        for field in self._secret_fields():
            self.edits[field.name].clear()
        self.remove_requested = False
        self.refresh_saved()

    # -- behaviour --------------------------------------------------------------------------

    def _secret_fields(self) -> list[Field]:
        return [f for f in self.spec.fields if f.secret]

    def _on_edited(self, _text: str) -> None:
        self.show_error("")
        self.show_result(None, "")  # a result for other values would mislead
        self.sig_edited.emit()

    def _on_remove_clicked(self) -> None:
        self.remove_requested = True
        for field in self._secret_fields():
            self.edits[field.name].clear()
        self.refresh_saved()
        self.sig_edited.emit()


def _environment_note(names: list[str]) -> str:
    if not names:
        return ""
    verb, pronoun = ("is", "it") if len(names) == 1 else ("are", "them")
    return (
        f"{' and '.join(names)} {verb} set in the environment; Sonodesk uses {pronoun} "
        "instead of what is saved here."
    )
