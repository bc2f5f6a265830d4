"""SpendView: totals per unit, breakdown tables, the cap meter and its edits, screenshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from sonodesk.core.spend import BudgetPolicy
from sonodesk.ui.spend import SpendView
from sonodesk.ui.spend.day_chart import nice_step
from sonodesk.ui.theme import apply_theme
from ui.spend.spend_sample import sample_snapshot, sample_store

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"


@pytest.fixture
def view(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    store = sample_store(tmp_path)
    widget = SpendView()
    qtbot.addWidget(widget)
    widget.set_snapshot(sample_snapshot(store), current_provider="scenario")
    yield widget
    store.close()


def test_totals_tables_and_units_stay_apart(view: SpendView) -> None:
    assert view.objectName() == "spendView"
    assert view.today.figure.text() == "33 CU"
    assert view.today.detail.text() == "15 jobs · 5 CU running · 1 refund"
    assert view.cap.amount.text() == "50 CU"
    assert "credits" in view.week.figure.text() and "CU" in view.week.figure.text()
    assert view.unit_choice.isVisible() or view.unit_choice.count() == 2
    assert [view.unit_choice.itemText(i) for i in range(view.unit_choice.count())] == [
        "CU",
        "credits",
    ]
    models = [view.by_model.item(r, 0).text() for r in range(view.by_model.rowCount())]
    assert "Lyria 2" in models and "ElevenLabs Music v2" in models
    providers = {
        view.by_provider.item(r, 0).text(): view.by_provider.item(r, 3).text()
        for r in range(view.by_provider.rowCount())
    }
    assert providers["AI/ML API"].endswith("credits") and providers["Scenario"].endswith("CU")
    assert len(view.chart.days()) == 30 and view.chart.days()[-1].spent == 33.0


def test_cap_meter_levels_and_edits(view: SpendView, qtbot) -> None:  # type: ignore[no-untyped-def]
    status = view.cap.status()
    assert status is not None and status.provider == "scenario"
    assert status.used == 38.0 and status.level == "ok"
    assert view.cap.usage.text() == "38 of 50 CU used today"
    assert view.cap.left.text() == "12 CU left today · 5 CU of it still running."

    with qtbot.waitSignal(view.sig_cap_changed) as caught:
        view.cap.amount.setValue(40.0)
        view.cap.amount.editingFinished.emit()
    policy = caught.args[0]
    assert isinstance(policy, BudgetPolicy) and policy.caps == {"scenario": 40.0}
    assert view.cap.status().level == "near"  # type: ignore[union-attr]
    assert view.cap.left.text().startswith("2 CU left today")

    with qtbot.waitSignal(view.sig_cap_changed) as caught:
        view.cap.amount.setValue(35.0)
        view.cap.amount.editingFinished.emit()
    assert view.cap.status().level == "over"  # type: ignore[union-attr]
    assert view.cap.left.text().startswith("Cap reached: new Scenario jobs are refused")

    with qtbot.waitSignal(view.sig_cap_changed) as caught:
        view.cap.amount.setValue(0.0)
        view.cap.amount.editingFinished.emit()
    assert caught.args[0].caps == {}
    assert view.cap.amount.text() == "No cap"

    with qtbot.waitSignal(view.sig_cap_changed) as caught:
        view.cap.period.setCurrentIndex(view.cap.period.findData("month"))
        view.cap.period.activated.emit(view.cap.period.currentIndex())
    assert caught.args[0].period == "month"


def test_switching_the_chart_unit(view: SpendView) -> None:
    assert view.chart_unit() == "CU"
    view.unit_choice.setCurrentIndex(view.unit_choice.findData("credits"))
    assert view.chart_unit() == "credits"
    assert [d.spent for d in view.chart.days()][-3:] == [630.0, 630.0, 0.0]


def test_nice_steps() -> None:
    assert [nice_step(v) for v in (0, 3.2, 10, 47, 630)] == [1.0, 1.0, 2.5, 20, 200]


@pytest.mark.parametrize("theme_name", ["dark", "light"])
def test_spend_screenshot(qtbot, tmp_path: Path, theme_name: str) -> None:  # type: ignore[no-untyped-def]
    app = QApplication.instance()
    palette, sheet = app.palette(), app.styleSheet()  # type: ignore[union-attr]
    apply_theme(app, theme_name)  # type: ignore[arg-type]
    store = sample_store(tmp_path)
    try:
        view = SpendView()
        qtbot.addWidget(view)
        view.set_snapshot(sample_snapshot(store, cap=40.0), current_provider="scenario")
        view.resize(900, 720)
        view.show()
        qtbot.waitExposed(view)
        qtbot.wait(30)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        assert view.grab().save(str(ARTIFACTS / f"spend_{theme_name}.png"))
    finally:
        store.close()
        app.setStyleSheet(sheet)  # type: ignore[union-attr]
        app.setPalette(palette)  # type: ignore[union-attr]


def test_empty_history(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from core.test_spend_data import NOW, TZ, open_store
    from sonodesk.core.spend import spend_snapshot

    store = open_store(tmp_path)
    view = SpendView()
    qtbot.addWidget(view)
    view.set_snapshot(spend_snapshot(store, BudgetPolicy(), providers=["scenario"], now=NOW, tz=TZ))
    assert view.today.figure.text() == "0 CU"
    assert view.cap.left.text() == "No cap: Scenario jobs are never held back."
    assert view.by_model.rowCount() == 0
    assert view.unit_choice.count() == 1
    store.close()
