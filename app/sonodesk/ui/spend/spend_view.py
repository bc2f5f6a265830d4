"""SpendView: what generations cost (today, 7 and 30 days, per day, per model, per provider) and
the budget cap with how much of it is used. Renders a core SpendSnapshot; reads no database.

A cap edit is emitted as a whole new BudgetPolicy (``sig_cap_changed``) for the owner to persist
and apply; the view then expects a fresh snapshot through ``set_snapshot``.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.spend import (
    HISTORY_DAYS,
    PERIODS,
    BudgetPolicy,
    Period,
    SpendSnapshot,
    period_words,
)
from sonodesk.core.spend.periods import day_of
from sonodesk.ui import theme
from sonodesk.ui.spend.breakdown import BreakdownTable, TotalCard
from sonodesk.ui.spend.cap_meter import CapMeter
from sonodesk.ui.spend.day_chart import DayChart

_STYLE = """
QFrame#spendCard {
    border: 1px solid palette(mid);
    border-radius: 6px;
    background-color: palette(alternate-base);
}
QFrame#spendSection {
    border: none;
}
"""


class SpendView(QWidget):
    """Signals: sig_cap_changed(object): the new BudgetPolicy after the user edited a cap."""

    sig_cap_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendView")
        self.setStyleSheet(_STYLE)
        self._snapshot: SpendSnapshot | None = None
        self._policy = BudgetPolicy()

        title = QLabel("Spend")
        title.setFont(theme.scaled(self.font(), 1.3, bold=True))
        self.subtitle = QLabel(objectName="spendSubtitle")
        self.subtitle.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        heading = QHBoxLayout()
        heading.setSpacing(theme.SPACING)
        heading.addWidget(title)
        heading.addWidget(self.subtitle, 1)

        self.today = TotalCard("Today")
        self.week = TotalCard("Last 7 days")
        self.month = TotalCard(f"Last {HISTORY_DAYS} days")
        cards = QHBoxLayout()
        cards.setSpacing(10)
        for card in (self.today, self.week, self.month):
            cards.addWidget(card, 1)

        self.chart = DayChart()
        self.unit_choice = QComboBox(objectName="spendUnitChoice")
        self.unit_choice.setToolTip("CU and credits are different currencies; one at a time.")
        self.unit_choice.currentIndexChanged.connect(lambda _i: self._show_chart())
        legend = QLabel("solid: spent · dashed: still running")
        legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        chart_head = QHBoxLayout()
        chart_head.setSpacing(theme.SPACING)
        chart_head.addWidget(_section_label(f"Per day, last {HISTORY_DAYS} days"))
        chart_head.addWidget(legend, 1)
        chart_head.addWidget(self.unit_choice)

        self.cap = CapMeter()
        self.cap.sig_cap_edited.connect(self._on_cap_edited)

        self.by_model = BreakdownTable("Model", with_provider=True)
        self.by_model.setObjectName("spendByModel")
        self.by_provider = BreakdownTable("Provider", with_provider=False)
        self.by_provider.setObjectName("spendByProvider")
        self.tabs = QTabWidget(objectName="spendTables")
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.by_model, "By model")
        self.tabs.addTab(self.by_provider, "By provider")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(theme.MARGIN + 4, theme.MARGIN, theme.MARGIN + 4, theme.MARGIN)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addLayout(cards)
        layout.addSpacing(4)
        layout.addLayout(chart_head)
        layout.addWidget(self.chart, 3)
        layout.addSpacing(4)
        layout.addWidget(_section_label("Budget"))
        layout.addWidget(self.cap)
        layout.addSpacing(4)
        layout.addWidget(self.tabs, 4)

    # -- data ----------------------------------------------------------------------------------

    def set_snapshot(self, snapshot: SpendSnapshot, *, current_provider: str | None = None) -> None:
        """Show ``snapshot``; ``current_provider`` picks whose cap is shown first."""
        self._snapshot = snapshot
        self._policy = snapshot.policy
        units = snapshot.units
        self.subtitle.setText(_subtitle(snapshot))
        for card, tallies in (
            (self.today, snapshot.today),
            (self.week, snapshot.week),
            (self.month, snapshot.month),
        ):
            card.set_tallies(tallies, units)
        self.cap.set_statuses(snapshot.budgets, current_provider)
        names = {b.provider: b.provider_name for b in snapshot.budgets}
        names.update({r.key: r.label for r in snapshot.summary.providers})
        self.by_model.set_rows(snapshot.summary.models, names)
        self.by_provider.set_rows(snapshot.summary.providers, names)
        wanted = self.unit_choice.currentData()
        status = self.cap.status()
        preferred = wanted if wanted in units else status.unit if status else None
        self.unit_choice.blockSignals(True)
        self.unit_choice.clear()
        for unit in units or ("CU",):
            self.unit_choice.addItem(unit, unit)
        self.unit_choice.setCurrentIndex(max(0, self.unit_choice.findData(preferred)))
        self.unit_choice.blockSignals(False)
        self.unit_choice.setVisible(len(units) > 1)
        self._show_chart()

    def snapshot(self) -> SpendSnapshot | None:
        return self._snapshot

    def policy(self) -> BudgetPolicy:
        return self._policy

    def chart_unit(self) -> str:
        return str(self.unit_choice.currentData() or "")

    # -- internals -----------------------------------------------------------------------------

    def _show_chart(self) -> None:
        snapshot = self._snapshot
        if snapshot is None:
            return
        unit = self.chart_unit()
        status = self.cap.status()
        daily_cap = (
            status.cap
            if status is not None and status.unit == unit and status.period == "day"
            else None
        )
        today = day_of(snapshot.now, snapshot.summary.tz)
        self.chart.set_series(snapshot.summary.daily(unit), unit, cap=daily_cap, today=today)

    def _on_cap_edited(self, provider: str, amount: object, period: str) -> None:
        cap = float(amount) if isinstance(amount, int | float) else None
        chosen: Period = next((p for p in PERIODS if p == period), "day")
        policy = self._policy.with_cap(provider, cap).with_period(chosen)
        self._policy = policy
        status = self.cap.status()
        if self._snapshot is not None and status is not None and period == status.period:
            # Same period, same spend: the new cap can be shown at once, without a refresh.
            budgets = tuple(
                replace(b, cap=policy.cap_for(b.provider)) for b in self._snapshot.budgets
            )
            self.set_snapshot(
                replace(self._snapshot, budgets=budgets, policy=policy), current_provider=provider
            )
        self.sig_cap_changed.emit(policy)


def _section_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setFont(theme.scaled(label.font(), 0.95, bold=True))
    return label


def _subtitle(snapshot: SpendSnapshot) -> str:
    policy = snapshot.policy
    capped = [b for b in snapshot.budgets if b.cap is not None]
    if not capped:
        cap_text = "no spending cap set"
    else:
        cap_text = f"caps are {period_words(policy.period).label}"
    return f"Amounts in each provider's own unit · refunded failures count 0 · {cap_text}"
