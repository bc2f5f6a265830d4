"""The Spend page: refreshed when shown and after jobs change; cap edits reach the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from sonodesk.core.accounts import configured_providers
from sonodesk.core.spend import BudgetPolicy, spend_snapshot
from sonodesk.ui.spend.spend_view import SpendView

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.bridge import EngineBridge
    from sonodesk.ui.main_window import MainWindow

REFRESH_AFTER_MS = 1000  # a burst of job events becomes one refresh


def install_spend(window: MainWindow, session: Session, bridge: EngineBridge) -> SpendView:
    view = SpendView()
    window.add_page("spend", "Spend", view, icon_name="coins", shortcut="Ctrl+3")
    pending = QTimer(view, singleShot=True, interval=REFRESH_AFTER_MS)

    def refresh() -> None:
        if window.current_page() != "spend":
            return  # nobody looks: refresh when the page is shown
        providers = configured_providers(session.settings, session.secrets)
        snapshot = spend_snapshot(session.store, session.budget_policy, providers=providers)
        view.set_snapshot(snapshot, current_provider=session.provider.provider_id)

    def on_cap_changed(policy: BudgetPolicy) -> None:
        session.set_budget_policy(policy)
        refresh()

    pending.timeout.connect(refresh)
    window.sig_page_changed.connect(lambda key: refresh() if key == "spend" else None)
    bridge.sig_job_changed.connect(lambda _job: pending.start())
    view.sig_cap_changed.connect(on_cap_changed)
    return view
