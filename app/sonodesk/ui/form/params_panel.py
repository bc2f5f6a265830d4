"""ParamsPanel: the window's centre column: model header, the scrolling form, the Generate bar.

Validates before asking for a generation and says how many takes and what they cost; the
request itself (and pricing) belongs to the window's controller. Never blocks the form.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sonodesk.core.schema import MAX_VARIATIONS, FieldSpec
from sonodesk.ui.form import style
from sonodesk.ui.form.base import ModelOptions
from sonodesk.ui.form.editor_registry import EditorRegistry
from sonodesk.ui.form.labels import ElidedLabel, MutedLabel
from sonodesk.ui.form.param_form import ParamForm

MARGIN = 16


def generate_label(takes: int, price: str | None) -> str:
    """ "Generate", "Generate · 2.5 CU", "Generate 4 takes · 10 CU"."""
    text = "Generate" if takes <= 1 else f"Generate {takes} takes"
    return f"{text} · {price}" if price else text


class Badge(QLabel):
    """A small outlined pill (the provider's name)."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setFont(style.scaled_font(self.font(), 0.8, bold=True))
        self.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.setContentsMargins(7, 1, 7, 1)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(style.border_color(self.palette()))
        pen.setWidthF(1.0)
        painter.setPen(pen)
        painter.setBrush(style.subtle_fill(self.palette()))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.end()
        super().paintEvent(event)


def _hairline(parent: QWidget) -> QFrame:
    line = QFrame(parent)
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    line.setForegroundRole(QPalette.ColorRole.Mid)
    line.setFixedHeight(1)
    return line


class ParamsPanel(QWidget):
    """``sig_generate_requested(values, takes)`` fires only for a valid form."""

    sig_generate_requested = Signal(dict, int)
    sig_preview_requested = Signal(str)
    sig_takes_changed = Signal(int)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        model_options: ModelOptions | None = None,
        registry: EditorRegistry | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paramsPanel")
        self._price: str | None = None
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._build_header())
        column.addWidget(_hairline(self))

        self.form = ParamForm(model_options=model_options, registry=registry)
        self.form.sig_preview_requested.connect(self.sig_preview_requested)
        holder = QWidget()
        holder.setObjectName("paramsHolder")
        inner = QVBoxLayout(holder)
        inner.setContentsMargins(MARGIN, 14, MARGIN, 18)
        inner.addWidget(self.form)
        self.scroll = QScrollArea(self)
        self.scroll.setObjectName("parametersScroll")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setWidget(holder)
        column.addWidget(self.scroll, 1)
        column.addWidget(_hairline(self))
        column.addWidget(self._build_generate_bar())

        self.generate_action = QAction(style.icon("generate"), "Generate", self)
        self.generate_action.setObjectName("generateAction")
        self.generate_action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        self.generate_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.generate_action.triggered.connect(self.request_generate)
        self.addAction(self.generate_action)
        self._set_enabled(False)

    # -- building ----------------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("paramsHeader")
        column = QVBoxLayout(header)
        column.setContentsMargins(MARGIN, 12, MARGIN - 6, 10)
        column.setSpacing(3)
        top = QHBoxLayout()
        top.setSpacing(style.SPACING)
        self.title_label = ElidedLabel("Choose a model", header, Qt.TextElideMode.ElideRight)
        self.title_label.setObjectName("modelTitle")
        self.title_label.setFont(style.scaled_font(self.title_label.font(), 1.2, bold=True))
        self.title_label.setMinimumWidth(80)
        top.addWidget(self.title_label, 1)
        self.badge = Badge("", header)
        self.badge.setObjectName("providerBadge")
        self.badge.hide()
        top.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignVCenter)
        self.reset_button = QToolButton(header)
        self.reset_button.setObjectName("resetButton")
        self.reset_button.setText("Reset")
        self.reset_button.setIcon(style.icon("retry"))
        self.reset_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reset_button.setAutoRaise(True)
        self.reset_button.setToolTip("Reset to defaults: every setting back to the model's default")
        self.reset_button.setAccessibleName("Reset to defaults")
        self.reset_button.clicked.connect(self._on_reset_clicked)
        top.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(top)
        self._header_top = top
        self._header_column = column
        self.description_label = MutedLabel("", header, scale=0.92)
        self.description_label.setObjectName("modelDescription")
        self.description_label.setWordWrap(True)
        self.description_label.hide()
        column.addWidget(self.description_label)
        return header

    def _build_generate_bar(self) -> QWidget:
        bar = QWidget(self)
        bar.setObjectName("generateBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(MARGIN, 10, MARGIN, 12)
        row.setSpacing(style.SPACING)
        takes_label = QLabel("Takes", bar)
        row.addWidget(takes_label)
        self._generate_row = row
        self.takes_spin = QSpinBox(bar)
        self.takes_spin.setObjectName("variationsSpin")
        self.takes_spin.setRange(1, MAX_VARIATIONS)
        self.takes_spin.setToolTip(
            f"How many takes to generate at once (1–{MAX_VARIATIONS}); each gets its own seed"
        )
        self.takes_spin.setAccessibleName("Takes")
        self.takes_spin.valueChanged.connect(self._on_takes_changed)
        style.guard_wheel(self.takes_spin)
        takes_label.setBuddy(self.takes_spin)
        row.addWidget(self.takes_spin)
        row.addStretch(1)
        self.pricing_label = MutedLabel("pricing…", bar)
        self.pricing_label.setObjectName("pricingLabel")
        self.pricing_label.hide()
        row.addWidget(self.pricing_label)
        self.generate_button = QPushButton(style.icon("generate"), "Generate", bar)
        self.generate_button.setObjectName("generateButton")
        self.generate_button.setDefault(False)
        self.generate_button.setAutoDefault(False)
        self.generate_button.setIconSize(QSize(16, 16))
        self.generate_button.setFont(style.scaled_font(self.generate_button.font(), 1.0, bold=True))
        self.generate_button.setMinimumHeight(34)
        self.generate_button.setMinimumWidth(132)
        self.generate_button.setToolTip("Generate (Ctrl+Enter)")
        self.generate_button.clicked.connect(self.request_generate)
        self._paint_accent()
        row.addWidget(self.generate_button)
        return bar

    def _paint_accent(self) -> None:
        palette = QPalette(self.generate_button.palette())
        accent = style.accent_color(self.palette())
        on_accent = style.on_accent_color(self.palette())
        # Active and inactive only: a disabled Generate keeps the theme's muted look.
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Button, accent)
            palette.setColor(group, QPalette.ColorRole.ButtonText, on_accent)
        self.generate_button.setPalette(palette)
        self.generate_button.setIcon(style.icon("generate", style.on_accent_color(self.palette())))

    def changeEvent(self, event: Any) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "generate_button"):
            self._paint_accent()

    # -- slots for the window's extras -------------------------------------------------------

    def add_header_widget(self, widget: QWidget) -> None:
        """Put a compact control (the presets bar) in the header row, before Reset."""
        self._header_top.insertWidget(self._header_top.indexOf(self.reset_button), widget)

    def add_header_row(self, widget: QWidget) -> None:
        """A full-width row under the description (e.g. a notice about presets)."""
        self._header_column.addWidget(widget)

    def add_generate_bar_widget(self, widget: QWidget) -> None:
        """A control beside Takes (e.g. the parameter sweep button)."""
        self._generate_row.insertWidget(self._generate_row.indexOf(self.takes_spin) + 1, widget)

    # -- model -------------------------------------------------------------------------------

    def set_model(
        self,
        name: str,
        specs: Sequence[FieldSpec],
        values: Mapping[str, Any] | None = None,
        *,
        provider: str = "",
        description: str = "",
    ) -> None:
        """Show a model: its header and a freshly built form (the price is cleared)."""
        self.title_label.setText(name)
        self.title_label.setToolTip(name)
        self.badge.setText(provider)
        self.badge.setVisible(bool(provider))
        self.description_label.setText(description)
        self.description_label.setVisible(bool(description))
        self.form.set_schema(specs, values)
        self.set_price(None)
        self.set_busy_quoting(False)
        self._set_enabled(True)
        self.scroll.verticalScrollBar().setValue(0)

    def _set_enabled(self, enabled: bool) -> None:
        self.generate_button.setEnabled(enabled)
        self.generate_action.setEnabled(enabled)
        self.reset_button.setEnabled(enabled)

    # -- generate bar ------------------------------------------------------------------------

    def takes(self) -> int:
        return self.takes_spin.value()

    def set_takes(self, takes: int) -> None:
        self.takes_spin.setValue(max(1, min(MAX_VARIATIONS, takes)))

    def set_price(self, text: str | None) -> None:
        """The price of the whole request at the current takes count ("10 CU"), or None."""
        self._price = text or None
        self._render_button()

    def set_busy_quoting(self, busy: bool) -> None:
        self.pricing_label.setVisible(busy)

    def button_text(self) -> str:
        return self.generate_button.text()

    def _render_button(self) -> None:
        self.generate_button.setText(generate_label(self.takes(), self._price))

    def _on_takes_changed(self, takes: int) -> None:
        self._render_button()
        self.sig_takes_changed.emit(takes)

    def request_generate(self) -> bool:
        """Validate and, if the form is valid, emit ``sig_generate_requested``."""
        if not self.form.specs() and not self.generate_button.isEnabled():
            return False
        if self.form.validate_all():
            return False
        self.sig_generate_requested.emit(self.form.values(), self.takes())
        return True

    def _on_reset_clicked(self) -> None:
        self.form.reset_to_defaults()
