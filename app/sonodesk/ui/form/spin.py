"""A number spin box that can be empty ("—" = unset), reads "0,5" as 0.5 and lets typing overshoot.

Out-of-range text stays editable (the editor shows why) and is clamped when the user leaves.
Knows nothing about specs or forms.
"""

from __future__ import annotations

import re
from typing import Final

from PySide6.QtCore import QSize
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QWidget

from sonodesk.core.schema.coerce import parse_number

UNSET_TEXT: Final = "—"
UNBOUNDED: Final = 1e12
STANDARD_WIDTH: Final = 120
_PARTIAL = re.compile(r"[+-]?\d*(?:[.,]\d*)?(?:[eE][+-]?\d*)?")

State = QValidator.State


class NumberSpin(QDoubleSpinBox):
    """``low``..``high`` with ``decimals``; ``unset_text`` (when given) is the empty state."""

    def __init__(
        self,
        low: float | None,
        high: float | None,
        *,
        decimals: int,
        unset_text: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._low = -UNBOUNDED if low is None else float(low)
        self._high = UNBOUNDED if high is None else float(high)
        self._unset_text = unset_text
        self.setDecimals(decimals)
        self.setKeyboardTracking(True)
        self.setAccelerated(True)
        self.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
        unit = 10.0**-decimals
        sentinel = self._low - unit if unset_text is not None else self._low
        self.setRange(sentinel, self._high)
        if unset_text is not None:
            self.setSpecialValueText(unset_text)

    # -- the empty state ---------------------------------------------------------------------

    @property
    def allows_unset(self) -> bool:
        return self._unset_text is not None

    def is_unset(self) -> bool:
        return self.allows_unset and self.value() <= self.minimum()

    def set_unset(self) -> None:
        if self.allows_unset:
            self.setValue(self.minimum())

    def bounds(self) -> tuple[float, float]:
        """The real range (without the empty-state sentinel)."""
        return self._low, self._high

    def typed_number(self) -> float | None:
        """What the text currently reads as (may be out of range while typing); None if blank."""
        body = self._strip(self.lineEdit().text())
        if not body or body == self._unset_text:
            return None
        try:
            return float(parse_number(body))
        except ValueError:
            return None

    # -- QDoubleSpinBox hooks ----------------------------------------------------------------

    def _strip(self, text: str) -> str:
        body = text
        if self.suffix() and body.endswith(self.suffix()):
            body = body[: -len(self.suffix())]
        if self.prefix() and body.startswith(self.prefix()):
            body = body[len(self.prefix()) :]
        return body.strip()

    def validate(self, text: str, pos: int) -> object:
        body = self._strip(text)
        if not body or body == self._unset_text:
            state = State.Acceptable if self.allows_unset else State.Intermediate
            return state, text, pos
        if not _PARTIAL.fullmatch(body):
            return State.Invalid, text, pos
        try:
            number = float(parse_number(body))
        except ValueError:
            return State.Intermediate, text, pos
        in_range = self._low <= number <= self._high
        return (State.Acceptable if in_range else State.Intermediate), text, pos

    def valueFromText(self, text: str) -> float:
        body = self._strip(text)
        if not body or body == self._unset_text:
            return self.minimum()
        try:
            number = float(parse_number(body))
        except ValueError:
            return self.value()
        return min(max(number, self._low), self._high)

    def textFromValue(self, value: float) -> str:
        if self.allows_unset and value <= self.minimum():
            return ""
        return f"{value:.{self.decimals()}f}"

    def fixup(self, text: str) -> str:
        body = self._strip(text)
        if not body:
            return text
        try:
            number = float(parse_number(body))
        except ValueError:
            return text
        clamped = min(max(number, self._low), self._high)
        return f"{self.prefix()}{self.textFromValue(clamped)}{self.suffix()}"

    def sizeHint(self) -> QSize:
        # Qt sizes from the min/max text, which is absurd for an unbounded range.
        hint = super().sizeHint()
        metrics = self.fontMetrics()
        samples = [self.textFromValue(v) for v in (self._low, self._high) if abs(v) < UNBOUNDED]
        samples.append("0" * 7 if not samples else "")
        text_width = max(metrics.horizontalAdvance(s + self.suffix()) for s in samples)
        # One width for every ordinary number (sliders then start on one line), wider
        # only when the text needs it; an empty-able box keeps room for its × button.
        room = 20 if self.allows_unset else 0
        width = max(STANDARD_WIDTH, min(172, text_width + 44 + room))
        return QSize(width, hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()
