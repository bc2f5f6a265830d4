"""The seed editor: a whole number with Randomize (dice), Lock, and the seed the last take used.

Locked means "send this seed" (takes use seed, seed+1, ...); unlocked shows "Random" and the
controller draws a fresh seed per Generate. Draws seeds only within core's ``seed_range``.
"""

from __future__ import annotations

import random
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QSizePolicy, QToolButton

from sonodesk.core.schema import seed_range
from sonodesk.ui.form import style
from sonodesk.ui.form.base import FieldEditor
from sonodesk.ui.form.spin import NumberSpin

RANDOM_TEXT = "Random"
_rng = random.Random()


class SeedEditor(FieldEditor):
    """SEED fields. ``value()`` is None while unlocked (a new seed for every take)."""

    sig_lock_changed = Signal(bool)

    def _build(self) -> None:
        self._range = seed_range(self.spec)
        self._last_used: int | None = None
        self.spin = NumberSpin(
            self._range[0], self._range[1], decimals=0, unset_text=RANDOM_TEXT, parent=self
        )
        self.spin.setSingleStep(1)
        self.spin.setAccessibleName(self.spec.label)
        self.spin.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("2147483647") + 40)
        style.guard_wheel(self.spin)
        self.body.addWidget(self.spin)
        self.setFocusProxy(self.spin)

        self.dice_button = QToolButton(self)
        self.dice_button.setObjectName("seedRandomize")
        self.dice_button.setIcon(style.icon("dice"))
        self.dice_button.setToolTip("Pick a random seed and lock it")
        self.dice_button.setAccessibleName("Randomize seed")
        self.dice_button.clicked.connect(self.randomize)
        self.body.addWidget(self.dice_button)

        self.lock_button = QToolButton(self)
        self.lock_button.setObjectName("seedLock")
        self.lock_button.setCheckable(True)
        self.lock_button.setAccessibleName("Lock seed")
        self.lock_button.toggled.connect(self._on_lock_toggled)
        self.body.addWidget(self.lock_button)
        self.body.addStretch(1)

        self.reuse_button = QToolButton(self)
        self.reuse_button.setObjectName("seedReuse")
        self.reuse_button.setIcon(style.icon("retry"))
        self.reuse_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.reuse_button.setAutoRaise(True)
        self.reuse_button.setToolTip("Reuse the seed of the last take (and lock it)")
        self.reuse_button.clicked.connect(self._on_reuse_clicked)
        self.reuse_button.hide()
        self.body.addWidget(self.reuse_button)

        self.spin.valueChanged.connect(self._on_spin_changed)
        self._sync_lock()

    def help_text(self) -> str:
        if self.spec.hint:
            return self.spec.hint
        if self.seed_locked():
            return "Locked: takes use this seed, then the next ones up."
        return "A new random seed for every take."

    # -- value -------------------------------------------------------------------------------

    def value(self) -> int | None:
        return None if self.spin.is_unset() else round(self.spin.value())

    def _apply(self, value: Any) -> None:
        if isinstance(value, int | float) and not isinstance(value, bool):
            self.spin.setValue(float(value))
        else:
            self.spin.set_unset()
        self._sync_lock()

    def seed_locked(self) -> bool:
        return not self.spin.is_unset()

    def set_locked(self, locked: bool) -> None:
        """Lock (keeping the shown seed, else the last one used, else a random one) or unlock."""
        if locked == self.seed_locked():
            return
        if locked:
            seed = self._last_used if self._last_used is not None else self._draw()
            self.spin.setValue(float(seed))
        else:
            self.spin.set_unset()

    def randomize(self) -> None:
        """A fresh random seed within range, locked so the next takes use it."""
        current = self.value()
        seed = self._draw()
        while seed == current and self._range[0] < self._range[1]:
            seed = self._draw()
        self.spin.setValue(float(seed))

    def set_last_used_seed(self, seed: int | None) -> None:
        """Show the seed the last take used, with a button to reuse it."""
        self._last_used = seed
        self.reuse_button.setVisible(seed is not None)
        if seed is not None:
            self.reuse_button.setText(f"Last: {seed}")
            self.reuse_button.setAccessibleName(f"Reuse last seed {seed}")

    def last_used_seed(self) -> int | None:
        return self._last_used

    # -- internals ---------------------------------------------------------------------------

    def _draw(self) -> int:
        return _rng.randint(*self._range)

    def _sync_lock(self) -> None:
        locked = self.seed_locked()
        self.lock_button.blockSignals(True)
        self.lock_button.setChecked(locked)
        self.lock_button.blockSignals(False)
        self.lock_button.setIcon(style.icon("lock" if locked else "unlock"))
        self.lock_button.setToolTip(
            "Locked: every Generate uses this seed. Click to use a random seed per take."
            if locked
            else "Unlocked: every take gets a new seed. Click to keep one."
        )
        self.set_help(self.help_text())

    def _on_spin_changed(self, _value: float) -> None:
        was = bool(self.lock_button.isChecked())
        self._sync_lock()
        if was != self.seed_locked() and not self._quiet:
            self.sig_lock_changed.emit(self.seed_locked())
        self._user_changed()

    def _on_lock_toggled(self, checked: bool) -> None:
        self.set_locked(checked)

    def _on_reuse_clicked(self) -> None:
        if self._last_used is not None:
            self.spin.setValue(float(self._last_used))
