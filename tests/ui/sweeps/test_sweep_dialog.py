"""SweepDialog: grid size, async total price (latest edit wins), value errors, submit."""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from sonodesk.core.sweeps import SweepPlan
from sonodesk.sandbox.catalog import SFX_MODEL_ID, price
from sonodesk.ui.sweeps import SweepDialog
from sonodesk.ui.sweeps.value_editors import NumberValues, SeedValues
from sonodesk.ui.theme import apply_theme
from ui.sweeps.sweep_rig import BASE, SPECS

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


class Quoter:
    """An async dry run at the sandbox's own prices; records what it was asked."""

    def __init__(self, delay: float = 0.0) -> None:
        self.asked: list[dict] = []
        self.delay = delay

    async def __call__(self, params: dict) -> float | None:
        self.asked.append(params)
        await asyncio.sleep(self.delay)
        return price(SFX_MODEL_ID, params)


def _dialog(qtbot, quote=None, **kwargs) -> SweepDialog:  # type: ignore[no-untyped-def]
    dialog = SweepDialog(
        SPECS,
        BASE,
        model_name="Sonodesk SFX",
        quote=quote,
        unit="CU",
        rng=random.Random(4),
        quote_delay_ms=1,
        **kwargs,
    )
    qtbot.addWidget(dialog)
    return dialog


def test_defaults_price_and_submit(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    quote = Quoter()
    dialog = _dialog(qtbot, quote)
    dialog.open()
    assert dialog.objectName() == "sweepDialog" and dialog.isVisible()
    assert dialog.rows.field_name() == "intensity" and dialog.columns.field_name() == "seed"
    assert dialog.summary.text() == "3 × 4 = 12 takes"
    assert dialog.cells_preview.text() == (
        "Cells: intensity 0.3 · seed 1234  …  intensity 0.9 · seed 1237"
    )
    assert dialog.price.text() == "pricing…" and not dialog.submit.isEnabled()
    qtbot.waitUntil(lambda: not dialog.is_pricing(), timeout=3000)
    assert len(quote.asked) == 1  # intensity and seeds leave the price alone: one dry run
    assert dialog.price.text() == "≈ 6 CU in total"
    assert dialog.submit.text() == "Queue 12 takes · 6 CU" and dialog.submit.isEnabled()
    with qtbot.waitSignal(dialog.sig_submit_requested) as caught:
        dialog.submit.click()
    plan = caught.args[0]
    assert isinstance(plan, SweepPlan) and plan.size == 12
    assert [c.quoted_cost for c in plan.cells] == [0.5] * 12
    assert plan.cell(0, 0).label == "intensity 0.3 · seed 1234"
    assert not dialog.isVisible()


def test_cost_axis_is_priced_per_value_and_latest_edit_wins(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    quote = Quoter(delay=0.05)
    dialog = _dialog(qtbot, quote)
    dialog.rows.set_field("duration")
    editor = dialog.rows.editor
    assert isinstance(editor, NumberValues)
    editor.mode.setCurrentIndex(1)
    editor.list.setText("5, 10")
    editor.list.setText("5, 10, 20")  # the earlier entry's quotes must not show
    qtbot.waitUntil(lambda: not dialog.is_pricing(), timeout=3000)
    assert dialog.summary.text() == "3 × 4 = 12 takes"
    assert dialog.price.text() == "≈ 14 CU in total"  # 4 × (0.5 + 1 + 2)
    assert sorted({p["duration"] for p in quote.asked[-3:]}) == [5, 10, 20]


def test_invalid_values_block_submit_with_the_message(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, Quoter())
    editor = dialog.rows.editor
    assert isinstance(editor, NumberValues)
    editor.mode.setCurrentIndex(1)
    editor.list.setText("0.2, 1.5")
    assert editor.preview.text() == "Intensity 1.5: must be between 0 and 1."
    assert dialog.plan() is None and not dialog.submit.isEnabled()
    assert dialog.error.isHidden() and dialog.summary.isHidden()  # said once, at the field
    editor.list.setText("0.2, 0.4")
    assert dialog.plan() is not None and dialog.error.isHidden()


def test_one_axis_shares_the_seed(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)  # no quote: the price is only known after the run
    dialog.columns.set_field(None)
    assert dialog.summary.text() == "3 takes"
    assert dialog.seed_note.text() == (
        "Every cell uses seed 1234, so only the swept settings differ."
    )
    assert dialog.price.text() == "The price is known once the takes have run."
    assert dialog.submit.isEnabled() and dialog.submit.text() == "Queue 3 takes"
    dialog.columns.set_field("loop")
    assert dialog.summary.text() == "3 × 2 = 6 takes"
    dialog.columns.set_field("seed")
    seeds = dialog.columns.editor
    assert isinstance(seeds, SeedValues)
    seeds.count.setValue(2)
    assert seeds.preview.text() == "1234, 1235"
    dialog.rows.set_field("seed")
    assert "chosen twice" in dialog.error.text()


def test_sweep_dialog_screenshot(qtbot, qloop) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    palette, sheet = app.palette(), app.styleSheet()  # type: ignore[union-attr]
    apply_theme(app, "dark")  # type: ignore[arg-type]
    try:
        dialog = _dialog(qtbot, Quoter())
        dialog.open()
        dialog.resize(600, dialog.sizeHint().height())
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: not dialog.is_pricing(), timeout=3000)
        qtbot.wait(30)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(ARTIFACTS / "sweep_dialog.png"))
        dialog.rows.set_field("duration")
        editor = dialog.rows.editor
        assert isinstance(editor, NumberValues)
        editor.mode.setCurrentIndex(1)
        editor.list.setText("5, 15, 45")
        dialog.adjustSize()
        dialog.resize(600, dialog.sizeHint().height())
        qtbot.wait(30)
        assert dialog.grab().save(str(ARTIFACTS / "sweep_dialog_error.png"))
    finally:
        app.setStyleSheet(sheet)  # type: ignore[union-attr]
        app.setPalette(palette)  # type: ignore[union-attr]


@pytest.mark.parametrize("text", ["", "x"])
def test_bad_seed_list(qtbot, qloop, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot)
    seeds = dialog.columns.editor
    assert isinstance(seeds, SeedValues)
    seeds.mode.setCurrentIndex(1)
    seeds.list.setText(text)
    assert dialog.plan() is None
    assert seeds.preview.text() in (
        "Enter at least one value for Seed.",
        'Seed "x": enter a number.',
    )
