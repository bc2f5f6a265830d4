"""SweepDialog: choose 1-2 settings (or seeds) to vary, see the grid size and its total price,
and ask for the whole sweep to be queued as one batch.

Plans with the core (``plan_sweep``) on every edit and prices it through the injected async
quote (latest edit wins). Submits nothing itself: ``sig_submit_requested`` carries the priced
SweepPlan. Opened with ``open()``, so the event loop keeps running.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.schema import FieldKind, FieldSpec, seed_field, seed_range
from sonodesk.core.spend import format_amount
from sonodesk.core.sweeps import (
    AsyncQuote,
    SweepError,
    SweepPlan,
    check_axis_value,
    plan_sweep,
    price_sweep,
    sweepable_fields,
)
from sonodesk.ui import theme
from sonodesk.ui.sweeps.axis_editor import AxisEditor

log = logging.getLogger(__name__)
PRICING = "pricing…"


class SweepDialog(QDialog):
    """Signals: sig_submit_requested(object): the SweepPlan, each cell with its quote."""

    sig_submit_requested = Signal(object)

    def __init__(
        self,
        specs: Sequence[FieldSpec],
        base_values: Mapping[str, Any],
        *,
        model_name: str = "",
        quote: AsyncQuote | None = None,
        unit: str = "CU",
        rng: random.Random | None = None,
        quote_delay_ms: int = 300,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sweepDialog")
        self.setWindowTitle("Sweep settings")
        self.setMinimumWidth(560)
        self._specs = tuple(specs)
        self._quote = quote
        self._unit = unit
        self._rng = rng or random.Random()
        self._plan: SweepPlan | None = None
        self._priced: SweepPlan | None = None
        self._token = 0
        self._task: asyncio.Task[None] | None = None
        self._base, self._seed = self._with_seed(base_values)

        intro = QLabel(
            f"Try settings side by side{f' on {model_name}' if model_name else ''}. Every "
            "combination runs as one batch and lands in a grid you can audition with the "
            "arrow keys."
        )
        intro.setWordWrap(True)
        intro.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.rows = AxisEditor(self._specs, self._base, self._seed or 0, optional=False)
        self.rows.setObjectName("sweepRows")
        self.rows.set_field(_default_row_field(self._specs))
        self.columns = AxisEditor(self._specs, self._base, self._seed or 0, optional=True)
        self.columns.setObjectName("sweepColumns")
        seed_spec = seed_field(self._specs)
        self.columns.set_field(seed_spec.name if seed_spec is not None else None)
        self.seed_note = QLabel(objectName="sweepSeedNote")
        self.seed_note.setWordWrap(True)
        self.seed_note.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        form = QFormLayout()
        form.setHorizontalSpacing(16)
        form.setVerticalSpacing(12)
        form.addRow(_strong("Rows"), self.rows)
        form.addRow(_strong("Columns"), self.columns)
        form.addRow("", self.seed_note)

        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setForegroundRole(QPalette.ColorRole.Mid)
        self.summary = QLabel(objectName="sweepSummary")
        self.summary.setFont(theme.scaled(self.font(), 1.15, bold=True))
        self.cells_preview = QLabel(objectName="sweepCellsPreview")
        self.cells_preview.setWordWrap(True)
        self.cells_preview.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.price = QLabel(objectName="sweepPrice")
        self.error = QLabel(objectName="sweepError")
        self.error.setWordWrap(True)
        palette = self.error.palette()
        palette.setColor(QPalette.ColorRole.WindowText, theme.colors().danger)
        self.error.setPalette(palette)

        buttons = QDialogButtonBox()
        self.submit = QPushButton("Queue sweep", objectName="sweepSubmit")
        self.submit.setDefault(True)
        buttons.addButton(self.submit, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._on_submit)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(intro)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(rule)
        layout.addWidget(self.summary)
        layout.addWidget(self.cells_preview)
        layout.addWidget(self.price)
        layout.addWidget(self.error)
        layout.addStretch(1)
        layout.addWidget(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(quote_delay_ms)
        self._timer.timeout.connect(self._start_pricing)
        self.rows.sig_changed.connect(self._rebuild)
        self.columns.sig_changed.connect(self._rebuild)
        self._rebuild()

    # -- queries -------------------------------------------------------------------------------

    def plan(self) -> SweepPlan | None:
        """The current plan, priced once the quotes are in; None while the entries are invalid."""
        return self._priced or self._plan

    def is_pricing(self) -> bool:
        return self._plan is not None and self._quote is not None and self._priced is None

    # -- planning ------------------------------------------------------------------------------

    def _with_seed(self, base_values: Mapping[str, Any]) -> tuple[dict[str, Any], int | None]:
        """The form's values with one usable seed, drawn once, so re-planning keeps it."""
        base = dict(base_values)
        spec = seed_field(self._specs)
        if spec is None:
            return base, None
        try:
            seed = int(check_axis_value(spec, base.get(spec.name)))
        except (SweepError, TypeError, ValueError):
            seed = self._rng.randint(*seed_range(spec))
        base[spec.name] = seed
        return base, seed

    def _rebuild(self) -> None:
        self._token += 1
        self._priced = None
        self._timer.stop()
        axes = []
        try:
            for editor in (self.rows, self.columns):
                name = editor.field_name()
                if name is not None:
                    axes.append((name, editor.values()))
        except SweepError:
            self._plan = None
            self._show_invalid(None)  # the field's own preview says what is wrong, in red
            return
        try:
            plan = plan_sweep(self._specs, self._base, axes, rng=self._rng)
        except SweepError as exc:
            self._plan = None
            self._show_invalid(exc.message)
            return
        self._plan = plan
        self.error.hide()
        for label in (self.summary, self.cells_preview, self.price):
            label.show()
        self.summary.setText(_shape_text(plan))
        self.cells_preview.setText(_cells_text(plan))
        self.seed_note.setText(self._seed_text(plan))
        self.seed_note.setVisible(bool(self.seed_note.text()))
        if self._quote is None:
            self.price.setText("The price is known once the takes have run.")
        else:
            self.price.setText(PRICING)
            self._timer.start()
        self._update_submit()

    def _show_invalid(self, message: str | None) -> None:
        for label in (self.summary, self.cells_preview, self.price):
            label.hide()
        self.seed_note.hide()
        self.error.setText(message or "")
        self.error.setVisible(bool(message))
        self._update_submit()

    def _seed_text(self, plan: SweepPlan) -> str:
        if plan.shared_seed is not None:
            return f"Every cell uses seed {plan.shared_seed}, so only the swept settings differ."
        if seed_field(self._specs) is None:
            return "This model has no seed: takes can also differ by chance."
        return ""

    def _update_submit(self) -> None:
        plan = self._plan
        self.submit.setEnabled(plan is not None and not self.is_pricing())
        if plan is None:
            self.submit.setText("Queue sweep")
            return
        text = f"Queue {plan.size} take{'s' if plan.size != 1 else ''}"
        price = self._priced.quoted if self._priced is not None else None
        if price is not None and price.complete:
            text += f" · {format_amount(price.total, self._unit)}"
        self.submit.setText(text)

    # -- pricing -------------------------------------------------------------------------------

    def _start_pricing(self) -> None:
        plan, quote = self._plan, self._quote
        if plan is None or quote is None:
            return
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self._task = asyncio.ensure_future(self._price(plan, quote, self._token))

    async def _price(self, plan: SweepPlan, quote: AsyncQuote, token: int) -> None:
        try:
            priced = await price_sweep(plan, quote)
        except Exception:  # a broken quote must not leave the dialog stuck on "pricing…"
            log.exception("sweep pricing failed")
            priced = plan
        if token != self._token:
            return  # the entries changed while this was priced
        self._priced = priced
        price = priced.quoted
        if price.priced == 0:
            self.price.setText("Price unknown: the service did not quote it.")
        elif price.complete:
            self.price.setText(f"≈ {format_amount(price.total, self._unit)} in total")
        else:
            self.price.setText(
                f"≈ {format_amount(price.total, self._unit)} for {price.priced} takes; "
                f"{price.unpriced} could not be priced."
            )
        self._update_submit()

    # -- closing -------------------------------------------------------------------------------

    def _on_submit(self) -> None:
        plan = self.plan()
        if plan is None or self.is_pricing():
            return
        self.sig_submit_requested.emit(plan)
        self.accept()

    def done(self, result: int) -> None:
        self._timer.stop()
        if self._task is not None and not self._task.done():
            self._task.cancel()  # its answer would land on a closed dialog
        self._task = None
        super().done(result)


def _default_row_field(specs: Sequence[FieldSpec]) -> str | None:
    """A setting worth exploring first: a number that does not change the price, if any."""
    fields = [s for s in sweepable_fields(specs) if s.kind is not FieldKind.SEED]
    for spec in fields:
        if spec.is_numeric and not spec.cost_impact:
            return spec.name
    return fields[0].name if fields else None


def _shape_text(plan: SweepPlan) -> str:
    rows, columns = plan.shape
    takes = f"{plan.size} take{'s' if plan.size != 1 else ''}"
    return takes if columns == 1 else f"{rows} × {columns} = {takes}"


def _cells_text(plan: SweepPlan) -> str:
    """Cells are labelled by what differs: show the first and the last as a sample."""
    first, last = plan.cells[0].label, plan.cells[-1].label
    return f"Cells: {first}" if plan.size == 1 else f"Cells: {first}  …  {last}"


def _strong(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(theme.scaled(label.font(), 1.0, bold=True))
    return label
