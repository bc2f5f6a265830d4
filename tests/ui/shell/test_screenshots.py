"""Screenshots of the shell at 1280×800 in both themes, for people to look at (tests/artifacts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from sonodesk.ui.app_info import AppInfo
from sonodesk.ui.main_window import MainWindow
from sonodesk.ui.theme import apply_theme
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from sonodesk.ui.widgets.model_picker import ModelPicker
from ui.shell.sample_data import NOW, sample_jobs
from ui.shell.standins import FormStandIn, PlayerStandIn

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
REFUSED = "This job can't be cancelled, its credits are committed."


def _cost_hint(model_id: str) -> str | None:
    if "sonodesk" in model_id:
        return "≈ 1 CU"
    if "tts" in model_id or "voice" in model_id:
        return "≈ 4 CU"
    return "≈ 8 CU"


def _shell(qtbot, name: str, models) -> MainWindow:  # type: ignore[no-untyped-def]
    apply_theme(QApplication.instance(), name)  # type: ignore[arg-type]
    picker = ModelPicker(cost_hint=_cost_hint)
    picker.set_models(models)
    picker.select_model("model_sonodesk-music-sketch")
    jobs = JobsPanel(clock=lambda: NOW)
    jobs.set_jobs(sample_jobs())
    window = MainWindow(
        model_picker=picker,
        parameters=FormStandIn(),
        jobs_panel=jobs,
        player=PlayerStandIn(),
        info=AppInfo(provider_badge="Sandbox · offline", theme=name),
    )
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.show_message("3 jobs running · takes are saved to your library")
    return window


@pytest.mark.parametrize("name", ["dark", "light"])
def test_shell_screenshot(qtbot, themed_app, models, name: str) -> None:  # type: ignore[no-untyped-def]
    window = _shell(qtbot, name, models)
    qtbot.wait(50)
    image = window.grab()
    assert (image.width(), image.height()) == (1280, 800)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert image.save(str(ARTIFACTS / f"shell_{name}.png"))


def test_cancel_refused_and_search_screenshot(qtbot, themed_app, models) -> None:  # type: ignore[no-untyped-def]
    window = _shell(qtbot, "dark", models)
    picker = window.model_picker
    assert isinstance(picker, ModelPicker)
    picker.search.setText("voice")
    jobs = window.jobs_panel
    assert isinstance(jobs, JobsPanel)
    jobs.show_cancel_refused("job_0005", REFUSED)
    qtbot.wait(50)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert window.grab().save(str(ARTIFACTS / "shell_dark_cancel_refused.png"))
