"""The accounts dialog: a tab per provider, a connection test that never blocks, and Save.

Keys go to the SecretStore (the system keyring; a user-only file only after the user agreed);
the other fields go out in ``sig_saved`` for the caller to persist. Opened with ``open()``.
Never shows a whole stored key and never logs one.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from html import escape

import httpx
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from sonodesk.core.accounts import Account
from sonodesk.core.errors import SonodeskError
from sonodesk.core.net.http import make_http_client
from sonodesk.core.providers.factory import check_connection
from sonodesk.core.secrets import KeyringUnavailable, SecretLocation, SecretStore, StoreResult
from sonodesk.core.settings import Settings
from sonodesk.ui import theme
from sonodesk.ui.accounts.provider_tab import ProviderTab
from sonodesk.ui.accounts.specs import SPECS
from sonodesk.ui.widgets.notice_bar import NoticeBar

log = logging.getLogger(__name__)

HttpFactory = Callable[[], httpx.AsyncClient]


@dataclass(frozen=True)
class AccountChanges:
    """What one press of Save changed. Holds no secret, only where secrets went."""

    settings: dict[str, str] = field(default_factory=dict)  # Settings attribute → new value
    secrets_saved: dict[str, str] = field(default_factory=dict)  # provider → where (sentence)
    secrets_removed: tuple[str, ...] = ()
    requested: str | None = None  # the provider the dialog was opened for

    @property
    def providers(self) -> tuple[str, ...]:
        """Providers whose account changed: rebuild these."""
        touched = set(self.secrets_saved) | set(self.secrets_removed)
        touched |= {name.split("_", 1)[0] for name in self.settings}
        return tuple(p for p in SPECS if p in touched)


class AccountsDialog(QDialog):
    sig_saved = Signal(object)  # AccountChanges

    def __init__(
        self,
        settings: Settings,
        secrets: SecretStore,
        *,
        environ: Mapping[str, str] | None = None,
        initial: str = "scenario",
        http_factory: HttpFactory = make_http_client,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("accountsDialog")
        self.setWindowTitle("Accounts")
        self.setMinimumWidth(560)
        self._secrets = secrets
        self._http_factory = http_factory
        self._requested = initial if initial in SPECS else None
        self._checks: dict[str, asyncio.Task[None]] = {}
        self._closed = False
        env = os.environ if environ is None else environ

        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("accountsTabs")
        self.tabs.setDocumentMode(True)
        self._tabs: dict[str, ProviderTab] = {}
        for provider_id, spec in SPECS.items():
            tab = ProviderTab(spec, settings, secrets, env, self.tabs)
            tab.sig_test_requested.connect(self._on_tab_test_requested)
            tab.sig_edited.connect(self._on_tab_edited)
            self._tabs[provider_id] = tab
            self.tabs.addTab(tab, spec.title)
        self.select_provider(initial)

        self.notice = NoticeBar(self)
        buttons = QDialogButtonBox(self)
        self.save_button = buttons.addButton("Save", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("accountsSaveButton")
        self.save_button.setDefault(True)
        self.close_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.close_button.setObjectName("accountsCloseButton")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN, theme.MARGIN, theme.MARGIN, theme.MARGIN)
        layout.setSpacing(theme.MARGIN)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notice)
        layout.addWidget(buttons)
        self.finished.connect(self._on_finished)

    # -- public API -------------------------------------------------------------------------

    def tab(self, provider_id: str) -> ProviderTab:
        return self._tabs[provider_id]

    def select_provider(self, provider_id: str) -> None:
        if provider_id in self._tabs:
            self.tabs.setCurrentWidget(self._tabs[provider_id])

    def checking(self) -> bool:
        return any(not task.done() for task in self._checks.values())

    # -- connection test --------------------------------------------------------------------

    def _on_tab_test_requested(self, provider_id: str) -> None:
        running = self._checks.get(provider_id)
        if running is not None and not running.done():
            return
        tab = self._tabs[provider_id]
        try:
            account = tab.account()
        except SonodeskError as exc:
            tab.show_result(False, exc.message, exc.hint or "")
            return
        # Said before the first await, so the click is answered at once.
        tab.test_button.setEnabled(False)
        tab.show_result(None, "Checking…")
        self._checks[provider_id] = asyncio.ensure_future(self._run_check(tab, account))

    async def _run_check(self, tab: ProviderTab, account: Account) -> None:
        http = self._http_factory()
        try:
            result = await check_connection(account, http)
        finally:
            await http.aclose()
            if not self._closed:
                tab.test_button.setEnabled(True)
        tab.show_result(result.ok, result.message, result.detail)

    def _on_finished(self, _result: int) -> None:
        # A check still waiting for the network must not touch the widgets once they are gone
        # (open_accounts_dialog deletes the dialog when it closes).
        self._closed = True
        for task in self._checks.values():
            task.cancel()

    # -- save -------------------------------------------------------------------------------

    def _on_tab_edited(self) -> None:
        self.save_button.setEnabled(True)

    def _on_save_clicked(self) -> None:
        self._save(allow_file=False)

    def _save(self, *, allow_file: bool) -> None:
        settings: dict[str, str] = {}
        for provider_id, tab in self._tabs.items():
            try:
                tab.check_complete()
                settings.update(tab.setting_changes())
            except SonodeskError as exc:
                self.select_provider(provider_id)
                tab.show_error(exc.message)
                return
        try:
            saved = self._store_secrets(allow_file=allow_file)
        except KeyringUnavailable:
            self._ask_file_fallback()
            return
        except SonodeskError as exc:
            self.notice.show_notice(escape(exc.message), kind="error")
            return
        removed = tuple(
            p for p, tab in self._tabs.items() if tab.remove_requested and p not in saved
        )
        for provider_id in removed:
            for name in self._secret_names(provider_id):
                self._secrets.delete(provider_id, name)
        for tab in self._tabs.values():
            tab.clear_secrets()
        changes = AccountChanges(
            settings=settings,
            secrets_saved={p: result.where for p, result in saved.items()},
            secrets_removed=removed,
            requested=self._requested,
        )
        self.sig_saved.emit(changes)
        in_file = sorted({r.where for r in saved.values() if r.location is SecretLocation.FILE})
        if in_file:
            # The user agreed to a file: say exactly where it is before the dialog goes away.
            self.notice.show_notice(
                "Saved. Your keys are in a file only your user account can read:"
                f"<br><code>{escape(in_file[0])}</code>",
                kind="info",
            )
            self.save_button.setEnabled(False)
            self.close_button.setText("Close")
            return
        self.accept()

    def _store_secrets(self, *, allow_file: bool) -> dict[str, StoreResult]:
        """Write every typed key; the first refusal of the keyring stops before any write."""
        saved: dict[str, StoreResult] = {}
        for provider_id, tab in self._tabs.items():
            for name, value in tab.pending_secrets().items():
                saved[provider_id] = self._secrets.set(
                    provider_id, name, value, allow_file=allow_file
                )
        return saved

    def _secret_names(self, provider_id: str) -> list[str]:
        return [f.name for f in SPECS[provider_id].fields if f.secret]

    def _ask_file_fallback(self) -> None:
        path = escape(str(self._secrets.fallback_file))
        self.notice.show_notice(
            "This computer has no system keyring, so your keys cannot be locked away there. "
            "Save them in a file only your user account can read?"
            f"<br><code>{path}</code>",
            [("Save in file", self._on_file_accepted), ("Don't save", self._on_file_declined)],
            kind="warning",
        )

    def _on_file_accepted(self) -> None:
        self._save(allow_file=True)

    def _on_file_declined(self) -> None:
        names = " and ".join(n for spec in SPECS.values() for n in spec.env_names)
        self.notice.show_notice(
            f"Nothing was saved. You can also set {escape(names)} in the environment.",
            kind="info",
        )


def open_accounts_dialog(
    parent: QWidget | None,
    settings: Settings,
    secrets: SecretStore,
    *,
    provider_id: str = "scenario",
    on_saved: Callable[[AccountChanges], None] | None = None,
    environ: Mapping[str, str] | None = None,
) -> AccountsDialog:
    """Open the dialog on ``provider_id``'s tab (non-modal to the event loop); returns it."""
    dialog = AccountsDialog(settings, secrets, environ=environ, initial=provider_id, parent=parent)
    if on_saved is not None:
        dialog.sig_saved.connect(on_saved)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
