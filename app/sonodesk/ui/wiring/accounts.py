"""Accounts in the window: the provider switcher, File → Accounts…, and the first-run welcome.

Switching provider is one click; saving a key rebuilds that provider. The session does the
work (switch_provider); this module keeps the widgets in step with it.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from qasync import asyncSlot

from sonodesk.core.accounts import ProviderStatus, accounts_summary, configured_providers
from sonodesk.core.errors import SonodeskError
from sonodesk.ui.accounts.switcher import ProviderSwitcher
from sonodesk.ui.accounts.welcome import WelcomePanel
from sonodesk.ui.app_info import provider_badge_for

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.accounts.dialog import AccountChanges
    from sonodesk.ui.controller import AppController
    from sonodesk.ui.form.params_panel import ParamsPanel
    from sonodesk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
WELCOME_DISMISSED = "welcome_dismissed"  # in settings.extra


class AccountsWiring(QObject):
    def __init__(self, window: MainWindow, session: Session, controller: AppController) -> None:
        super().__init__(window)
        self._window, self._session, self._controller = window, session, controller
        self.switcher = ProviderSwitcher(parent=window)
        self.welcome: WelcomePanel | None = None
        self._panel: ParamsPanel | None = None
        self.statuses: list[ProviderStatus] = []  # the last read; empty until the keys are read

    def install(self, panel: ParamsPanel, *, read_keys_now: bool = True) -> None:
        """Switcher, menu entry and (first run) welcome panel. With ``read_keys_now=False`` the
        keys are looked up later by ``load_statuses`` (the keyring costs 0.1 s to load)."""
        self._panel = panel
        self._window.statusBar().addPermanentWidget(self.switcher)
        self._window.provider_badge.hide()  # the switcher shows the active provider
        self.switcher.sig_provider_chosen.connect(self.on_provider_chosen)
        self.switcher.sig_setup_requested.connect(self.open_accounts)
        action = QAction("&Accounts…", self._window)
        action.setObjectName("actionAccounts")
        action.triggered.connect(lambda: self.open_accounts(self._session.provider.provider_id))
        self._window.file_menu.insertAction(self._window.action_quit, action)
        if read_keys_now:
            self._apply(self._read_statuses())
        else:
            self._apply_badge()

    async def load_statuses(self) -> None:
        """Look the keys up on a worker thread (a keyring can be slow, or wait on D-Bus), then
        fill in the switcher and decide on the welcome panel."""
        try:
            statuses = await asyncio.to_thread(self._read_statuses)
        except Exception:  # a broken keyring must not keep the models from loading
            log.exception("could not read the accounts' keys")
            return
        self._apply(statuses)

    def open_accounts(self, provider_id: str = "scenario") -> None:
        if provider_id == "sandbox":
            provider_id = "scenario"  # the sandbox needs no account
        from sonodesk.ui.accounts.dialog import open_accounts_dialog  # when first opened

        open_accounts_dialog(
            self._window,
            self._session.settings,
            self._session.secrets,
            provider_id=provider_id,
            on_saved=self.on_accounts_saved,
        )

    @asyncSlot(str)
    async def on_provider_chosen(self, provider_id: str) -> None:
        await self.switch(provider_id)

    async def switch(self, provider_id: str, *, rebuild: bool = False) -> None:
        try:
            await self._session.switch_provider(provider_id, rebuild=rebuild)
        except SonodeskError as exc:
            self._window.show_message(exc.full_text(), 0)
            self._refresh()
            return
        await self._controller.provider_changed()
        self._refresh()
        self._window.show_message(f"Now using {self._session.provider.display_name}.", 5000)

    @asyncSlot(object)
    async def on_accounts_saved(self, changes: AccountChanges) -> None:
        settings = self._session.settings
        for name, value in changes.settings.items():
            setattr(settings, name, value)
        self._session.save_settings()
        for provider_id, where in changes.secrets_saved.items():
            self._window.show_message(f"Saved the {provider_id} key in {where}.", 8000)
        active = self._session.provider.provider_id
        target = changes.requested if changes.requested in changes.providers else None
        if target and target in configured_providers(settings, self._session.secrets):
            await self.switch(target, rebuild=True)
        elif active in changes.providers:
            await self.switch(active, rebuild=True)
        else:
            self._refresh()
        if self.welcome is not None and changes.secrets_saved:
            self._on_welcome_dismissed()

    def _on_welcome_dismissed(self) -> None:
        self._session.settings.extra[WELCOME_DISMISSED] = True
        self._session.save_settings()
        if self.welcome is not None:
            self.welcome.hide()

    def _refresh(self) -> None:
        self._show_statuses(self._read_statuses())

    def _read_statuses(self) -> list[ProviderStatus]:
        return accounts_summary(self._session.settings, self._session.secrets)

    def configured_providers(self) -> list[str]:
        """Providers that can run jobs, from the last read of the keys (no keyring call)."""
        if not self.statuses:
            return configured_providers(self._session.settings, self._session.secrets)
        return [s.provider_id for s in self.statuses if s.configured]

    def _show_statuses(self, statuses: list[ProviderStatus]) -> None:
        self.statuses = statuses
        self.switcher.set_statuses(statuses)
        self._apply_badge()

    def _apply(self, statuses: list[ProviderStatus]) -> None:
        """The first statuses: the switcher, and the welcome panel when only the sandbox works."""
        self._show_statuses(statuses)
        only_sandbox = [s.provider_id for s in statuses if s.configured] == ["sandbox"]
        dismissed = self._session.settings.extra.get(WELCOME_DISMISSED)
        if only_sandbox and not dismissed and self.welcome is None and self._panel is not None:
            self.welcome = WelcomePanel(self._panel)
            self.welcome.sig_add_key_requested.connect(lambda: self.open_accounts("scenario"))
            self.welcome.sig_dismissed.connect(self._on_welcome_dismissed)
            self._panel.add_header_row(self.welcome)

    def _apply_badge(self) -> None:
        session = self._session
        self.switcher.set_current(session.provider.provider_id)
        text, online, tooltip = provider_badge_for(session)
        self._window.set_provider_status(text, online=online, tooltip=tooltip)
