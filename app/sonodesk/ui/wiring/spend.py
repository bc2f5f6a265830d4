"""The Spend page: refreshed when shown and after jobs change; cap edits reach the session."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from sonodesk.core.spend import BudgetPolicy, spend_snapshot

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.ui.bridge import EngineBridge
    from sonodesk.ui.main_window import MainWindow
    from sonodesk.ui.spend.spend_view import SpendView

REFRESH_AFTER_MS = 1000  # a burst of job events becomes one refresh


def install_spend(
    window: MainWindow,
    session: Session,
    bridge: EngineBridge,
    providers: Callable[[], list[str]],
) -> None:
    """The Spend page, built the first time it is shown. ``providers`` names the configured
    ones without touching the keyring (the accounts wiring keeps them)."""
    built: list[SpendView] = []
    pending = QTimer(window, singleShot=True, interval=REFRESH_AFTER_MS)

    def refresh() -> None:
        if not built or window.current_page() != "spend":
            return  # nobody looks: refresh when the page is shown
        snapshot = spend_snapshot(session.store, session.budget_policy, providers=providers())
        built[0].set_snapshot(snapshot, current_provider=session.provider.provider_id)

    def on_cap_changed(policy: BudgetPolicy) -> None:
        session.set_budget_policy(policy)
        refresh()

    def build() -> SpendView:
        from sonodesk.ui.spend.spend_view import SpendView  # imported with the page

        view = SpendView()
        view.sig_cap_changed.connect(on_cap_changed)
        built.append(view)
        return view

    window.add_page("spend", "Spend", build, icon_name="coins", shortcut="Ctrl+3")
    pending.timeout.connect(refresh)
    window.sig_page_changed.connect(lambda key: refresh() if key == "spend" else None)
    bridge.sig_job_changed.connect(lambda _job: pending.start())
