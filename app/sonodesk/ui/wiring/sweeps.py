"""Parameter sweeps in the window: the dialog from the Generate bar, one batch, a results grid.

The whole sweep passes the budget check before any cell is submitted.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QToolButton, QVBoxLayout

from sonodesk.core.errors import SonodeskError
from sonodesk.core.spend import batch_refusal
from sonodesk.ui.icons import icon

if TYPE_CHECKING:
    from sonodesk.core.session import Session
    from sonodesk.core.sweeps import SweepPlan
    from sonodesk.ui.bridge import EngineBridge
    from sonodesk.ui.controller import AppController
    from sonodesk.ui.form.params_panel import ParamsPanel
    from sonodesk.ui.main_window import MainWindow
    from sonodesk.ui.player.qt_player import QtPlayer
    from sonodesk.ui.sweeps.sweep_grid import SweepGrid

log = logging.getLogger(__name__)


class SweepLauncher(QObject):
    def __init__(
        self,
        window: MainWindow,
        session: Session,
        controller: AppController,
        player: QtPlayer,
        bridge: EngineBridge,
    ) -> None:
        super().__init__(window)
        self._window, self._session, self._controller = window, session, controller
        self._player, self._bridge = player, bridge
        self._windows: list[QDialog] = []

    def install(self, panel: ParamsPanel) -> None:
        self._panel = panel
        button = QToolButton(panel)
        button.setObjectName("sweepButton")
        button.setText("Sweep…")
        button.setIcon(icon("dice"))
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setAutoRaise(True)
        button.setToolTip("Parameter sweep: try several values of one or two settings at once")
        button.clicked.connect(self.open)
        panel.add_generate_bar_widget(button)
        action = QAction("Parameter &sweep…", self._window)
        action.setObjectName("actionSweep")
        action.setShortcut(QKeySequence("Ctrl+Shift+Return"))
        action.triggered.connect(self.open)
        self._window.register_actions([action], menu="Generate")

    def open(self) -> None:
        model = self._controller.current_model
        if model is None:
            return
        provider = self._session.provider
        from sonodesk.ui.sweeps.sweep_dialog import SweepDialog  # with the first sweep

        dialog = SweepDialog(
            self._controller.specs,
            self._panel.form.values(),
            model_name=model.name,
            quote=lambda params: self._quote(model.model_id, params),
            unit=provider.cost_unit,
            parent=self._window,
        )
        dialog.sig_submit_requested.connect(self._submit)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    async def _quote(self, model_id: str, params: dict[str, Any]) -> float | None:
        try:
            return (await self._session.provider.quote(model_id, params)).cost
        except SonodeskError:
            return None

    def _submit(self, plan: SweepPlan) -> None:
        model = self._controller.current_model
        if model is None:
            return
        session = self._session
        provider_id = session.provider.provider_id
        quotes = [cell.quoted_cost for cell in plan.cells]
        refusal = batch_refusal(session.store, session.budget_policy, provider_id, quotes)
        if refusal:
            self._window.show_message(refusal, 0)
            return
        batch = session.engine.new_batch_id()
        job_ids: dict[int, str] = {}
        for cell in plan.cells:
            job = session.engine.submit(
                provider_id,
                model.model_id,
                cell.job.params,
                files=cell.job.files,
                model_name=model.name,
                batch_id=batch,
                batch_index=cell.index,
                label=cell.label,
                quoted_cost=cell.quoted_cost,
            )
            job_ids[cell.index] = job.id
        self._show_grid(plan, job_ids, model.name)
        self._window.show_message(f"Sweep started: {len(job_ids)} takes.", 6000)

    def _show_grid(self, plan: SweepPlan, job_ids: dict[int, str], title: str) -> None:
        from sonodesk.ui.sweeps.sweep_grid import SweepGrid

        grid = SweepGrid(
            plan, job_ids, player=self._player, title=title, unit=self._session.provider.cost_unit
        )
        holder = QDialog(self._window)
        holder.setObjectName("sweepWindow")
        holder.setWindowTitle(f"Sweep — {title}")
        holder.setModal(False)
        layout = QVBoxLayout(holder)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(grid)
        holder.resize(760, 520)
        self._bridge.sig_job_changed.connect(grid.update_job)
        self._bridge.sig_take_added.connect(grid.take_added)
        holder.finished.connect(lambda _r: self._close_grid(holder, grid))
        self._windows.append(holder)
        holder.show()

    def _close_grid(self, holder: QDialog, grid: SweepGrid) -> None:
        self._bridge.sig_job_changed.disconnect(grid.update_job)
        self._bridge.sig_take_added.disconnect(grid.take_added)
        if holder in self._windows:
            self._windows.remove(holder)
        holder.deleteLater()
