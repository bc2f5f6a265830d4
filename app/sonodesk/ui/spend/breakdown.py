"""Read-only widgets for spend figures: a total card (today, 7 days, 30 days) and a breakdown
table per model or provider. They render what they are given; they compute nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.spend import SpendRow, Tally, format_amount
from sonodesk.ui import theme

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


def amount_text(amount: float, unit: str, *, estimated: bool = False) -> str:
    """'12.5 CU', or '≈ 12.5 CU' when part of it is a quote rather than the server's figure."""
    return f"{'≈ ' if estimated else ''}{format_amount(amount, unit)}"


class TotalCard(QFrame):
    """One period's spend: a big figure per unit and a muted line with what is in flight."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendCard")
        self.title = QLabel(title.upper())
        self.title.setFont(theme.scaled(self.font(), 0.78, bold=True))
        self.title.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.figure = QLabel(objectName="spendCardFigure")
        self.figure.setFont(theme.tabular(theme.scaled(self.font(), 1.45, bold=True)))
        self.detail = QLabel(objectName="spendCardDetail")
        self.detail.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.figure)
        layout.addWidget(self.detail)
        layout.addStretch(1)

    def set_tallies(self, tallies: Mapping[str, Tally], units: Sequence[str]) -> None:
        shown = [u for u in units if u in tallies] or list(units[:1])
        figures = [amount_text(tallies.get(u, Tally(u)).spent, u) for u in shown] or ["0"]
        self.figure.setText("  ·  ".join(figures))
        details = []
        refunds = estimated = 0
        for unit in shown:
            tally = tallies.get(unit, Tally(unit))
            if tally.pending:
                details.append(f"{format_amount(tally.pending, unit)} running")
            refunds += tally.refunds
            estimated += tally.estimated
        jobs = sum(tallies.get(u, Tally(u)).jobs for u in shown)
        details.insert(0, _count(jobs, "job"))
        if refunds:
            details.append(_count(refunds, "refund"))
        if estimated:
            details.append(f"{estimated} at quoted price")
        self.detail.setText(" · ".join(details))
        self.detail.setToolTip(
            "Running: jobs still in flight, at their quoted price. "
            "Refunds: failed jobs the provider gave back."
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


class BreakdownTable(QTableWidget):
    """Rows of a SpendSummary breakdown (per model or per provider)."""

    def __init__(self, first_column: str, *, with_provider: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self._with_provider = with_provider
        headers = [first_column] + (["Provider"] if with_provider else [])
        headers += ["Jobs", "Takes", "Spent", "Running", "Refunded"]
        self.setColumnCount(len(headers))
        self.setHorizontalHeaderLabels(headers)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(26)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setHighlightSections(False)
        for column in range(len(headers)):
            item = self.horizontalHeaderItem(column)
            if item is not None:
                numeric = column >= len(headers) - 5
                item.setTextAlignment(_RIGHT if numeric else _LEFT)

    def set_rows(self, rows: Sequence[SpendRow], provider_names: Mapping[str, str]) -> None:
        self.setRowCount(len(rows))
        for number, row in enumerate(rows):
            tally = row.tally
            cells = [row.label]
            if self._with_provider:
                cells.append(provider_names.get(row.provider, row.provider))
            cells += [
                str(tally.jobs),
                str(tally.takes),
                amount_text(tally.spent, tally.unit, estimated=tally.estimated > 0),
                format_amount(tally.pending, tally.unit) if tally.pending else "—",
                format_amount(tally.refunded, tally.unit) if tally.refunds else "—",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= len(cells) - 5:
                    item.setTextAlignment(_RIGHT)
                if column == 0:
                    item.setToolTip(row.key)
                self.setItem(number, column, item)
