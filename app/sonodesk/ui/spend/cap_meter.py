"""CapMeter: how much of a provider's cap is used (a bar that turns amber near the cap and red
at it) and the fields to change the cap. Emits edits; stores nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QLabel,
    QSizePolicy,
    QWidget,
)

from sonodesk.core.spend import PERIODS, BudgetStatus, format_amount, period_words
from sonodesk.ui import theme
from sonodesk.ui.widgets.paint import with_alpha

MAX_CAP = 1_000_000.0
NO_CAP = "No cap"


def level_color(level: str) -> QColor:
    """The bar colour for a BudgetStatus.level: green, amber near the cap, red at it."""
    colors = theme.colors()
    return {"near": colors.warning, "over": colors.danger}.get(level, colors.success)


class UsageBar(QWidget):
    """A rounded bar: spent solid, in flight lighter, on a track that stands for the cap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendUsageBar")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._status: BudgetStatus | None = None

    def set_status(self, status: BudgetStatus | None) -> None:
        self._status = status
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(240, 10)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colors = theme.colors()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        radius = rect.height() / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colors.track)
        painter.drawRoundedRect(rect, radius, radius)
        status = self._status
        if status is not None and status.cap:
            color = level_color(status.level)
            used = min(1.0, status.used / status.cap)
            spent = min(1.0, status.spent / status.cap)
            painter.setBrush(with_alpha(color, 0.35))
            painter.drawRoundedRect(
                QRectF(rect.x(), rect.y(), rect.width() * used, rect.height()), radius, radius
            )
            painter.setBrush(color)
            painter.drawRoundedRect(
                QRectF(rect.x(), rect.y(), rect.width() * spent, rect.height()), radius, radius
            )
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(rect, radius, radius)
        painter.end()


class CapSpinBox(QDoubleSpinBox):
    """An amount box that reads "40 CU" or "2.5 CU" (no forced decimals), and "No cap" at 0."""

    def textFromValue(self, value: float) -> str:
        # No thousands separator: the spin box's own parser must read the text back.
        return f"{value:.2f}".rstrip("0").rstrip(".")


class CapMeter(QWidget):
    """Signals: sig_cap_edited(str provider, object amount or None, str period)."""

    sig_cap_edited = Signal(str, object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("spendCapMeter")
        self._status: BudgetStatus | None = None
        self.provider = QComboBox(objectName="spendCapProvider")
        self.provider.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.bar = UsageBar(self)
        self.bar.setFixedHeight(10)
        self.usage = QLabel(objectName="spendCapUsage")
        self.left = QLabel(objectName="spendCapLeft")
        self.left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.amount = CapSpinBox(objectName="spendCapAmount")
        self.amount.setRange(0.0, MAX_CAP)
        self.amount.setDecimals(2)
        # 0 reads "No cap": one field both sets and clears the cap.
        self.amount.setSpecialValueText(NO_CAP)
        self.amount.setKeyboardTracking(False)
        self.amount.setMinimumWidth(120)
        self.amount.setToolTip("Jobs that would go over this are refused before anything is sent.")
        self.period = QComboBox(objectName="spendCapPeriod")
        for period in PERIODS:
            self.period.addItem(period_words(period).label, period)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(theme.SPACING)
        grid.setVerticalSpacing(6)
        grid.addWidget(QLabel("Cap for"), 0, 0)
        grid.addWidget(self.provider, 0, 1)
        grid.addWidget(self.amount, 0, 2)
        grid.addWidget(self.period, 0, 3)
        grid.addWidget(self.usage, 0, 4, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.bar, 1, 0, 1, 5)
        grid.addWidget(self.left, 2, 0, 1, 5)
        grid.setColumnStretch(4, 1)

        self.amount.editingFinished.connect(self._emit)
        self.period.activated.connect(lambda _i: self._emit())
        self.provider.activated.connect(lambda _i: self._show_selected())
        self._statuses: tuple[BudgetStatus, ...] = ()

    def set_statuses(self, statuses: tuple[BudgetStatus, ...], current: str | None = None) -> None:
        """One entry per provider; keeps the selected provider when it is still listed."""
        wanted = current or self.provider.currentData()
        self._statuses = statuses
        self.provider.blockSignals(True)
        self.provider.clear()
        for status in statuses:
            self.provider.addItem(status.provider_name, status.provider)
        index = self.provider.findData(wanted)
        self.provider.setCurrentIndex(index if index >= 0 else 0)
        self.provider.blockSignals(False)
        self.provider.setEnabled(len(statuses) > 1)
        self._show_selected()

    def status(self) -> BudgetStatus | None:
        return self._status

    def _show_selected(self) -> None:
        provider = self.provider.currentData()
        status = next((s for s in self._statuses if s.provider == provider), None)
        self._status = status
        self.setEnabled(status is not None)
        self.bar.set_status(status)
        if status is None:
            self.usage.setText("")
            self.left.setText("")
            return
        self.amount.blockSignals(True)
        self.amount.setSuffix(f" {status.unit}" if status.cap else "")
        self.amount.setValue(status.cap or 0.0)
        self.amount.blockSignals(False)
        self.period.setCurrentIndex(max(0, self.period.findData(status.period)))
        self.usage.setText(status.describe())
        self.left.setText(_left_text(status))
        palette = self.left.palette()
        tint = level_color(status.level) if status.level in ("near", "over") else None
        role = QPalette.ColorRole.WindowText
        palette.setColor(role, tint or self.palette().color(QPalette.ColorRole.PlaceholderText))
        self.left.setPalette(palette)

    def _emit(self) -> None:
        status = self._status
        if status is None:
            return
        amount = self.amount.value() or None
        self.amount.setSuffix(f" {status.unit}" if amount else "")
        period = str(self.period.currentData())
        if amount == status.cap and period == status.period:
            return
        self.sig_cap_edited.emit(status.provider, amount, period)


def _left_text(status: BudgetStatus) -> str:
    words = period_words(status.period)
    pending = (
        f" · {format_amount(status.pending, status.unit)} of it still running"
        if status.pending
        else ""
    )
    if status.cap is None:
        return f"No cap: {status.provider_name} jobs are never held back{pending}."
    if status.level == "over":
        return (
            f"Cap reached: new {status.provider_name} jobs are refused until you raise it "
            f"or {words.wait.removeprefix('wait ')}{pending}."
        )
    remaining = format_amount(status.remaining or 0.0, status.unit)
    return f"{remaining} left {_until(status.period)}{pending}."


def _until(period: str) -> str:
    return {"day": "today", "month": "this month", "session": "this session"}.get(period, "")
