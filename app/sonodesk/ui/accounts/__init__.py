"""Accounts UI: the accounts dialog, the first-run welcome panel and the provider switcher."""

from __future__ import annotations

from sonodesk.ui.accounts.dialog import AccountChanges, AccountsDialog, open_accounts_dialog
from sonodesk.ui.accounts.switcher import ProviderSwitcher
from sonodesk.ui.accounts.welcome import WelcomePanel

__all__ = [
    "AccountChanges",
    "AccountsDialog",
    "ProviderSwitcher",
    "WelcomePanel",
    "open_accounts_dialog",
]
