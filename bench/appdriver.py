"""Drive the real app in-process for benchmarks 2, 3 and 7: the QApplication with the app's
theme, a session with the embedded sandbox child (as the app opens it, in a fresh
SONODESK_HOME), the real main window offscreen, and Generate pressed the way a click does.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import common

T = TypeVar("T")


def run_qt(main: Callable[[], Awaitable[T]]) -> T:
    """Run ``main()`` on a qasync loop over the app's QApplication (as ui.app does)."""
    import qasync

    from sonodesk.ui.app import create_application

    app = create_application("dark")
    app.setQuitOnLastWindowClosed(False)
    with asyncio.Runner(loop_factory=qasync.QEventLoop) as runner:
        return runner.run(main())


@dataclass
class AppUnderTest:
    session: Any
    window: Any
    output: common.FirstSoundOutput

    @property
    def player(self) -> Any:
        return self.window.player

    @property
    def controller(self) -> Any:
        return self.window.controller

    async def close(self) -> None:
        self.window.close()
        await asyncio.sleep(0.05)
        await self.session.aclose()


async def open_app(
    home: Path, *, time_scale: float, max_concurrent: int | None = None
) -> AppUnderTest:
    """A session on the embedded sandbox and the full main window, shown offscreen."""
    from sonodesk.core.session import open_session
    from sonodesk.ui.compose import build_main_window

    os.environ["SONODESK_HOME"] = str(home)
    session = await open_session(force_sandbox=True, sandbox_time_scale=time_scale)
    if max_concurrent:
        session.engine.set_max_concurrent(max_concurrent)
    output = common.FirstSoundOutput()
    window = await build_main_window(session, output=output)
    output.position = lambda: window.player.core.position_frames
    window.resize(1280, 800)
    window.show()
    await asyncio.sleep(0.2)
    return AppUnderTest(session, window, output)


async def choose_music(app: AppUnderTest, *, duration: int, fmt: str = "mp3") -> None:
    """Pick the sandbox music model and fill the form as a user would."""
    from sonodesk.sandbox.catalog import MUSIC_MODEL_ID
    from sonodesk.ui.form.params_panel import ParamsPanel
    from sonodesk.ui.widgets.model_picker import ModelPicker

    picker = app.window.findChild(ModelPicker)
    panel = app.window.findChild(ParamsPanel)
    if not picker.select_model(MUSIC_MODEL_ID):
        raise RuntimeError(f"{MUSIC_MODEL_ID} is not in the model list")
    await app.controller.show_model(MUSIC_MODEL_ID)
    values = {"prompt": "upbeat house groove at 124 bpm with warm chords", "duration": duration}
    values["outputFormat"] = fmt
    for name, value in values.items():
        editor = panel.form.editor(name)
        if editor is None:
            raise RuntimeError(f"the music form has no field {name!r}")
        editor.set_value(value)
    await asyncio.sleep(0.1)


def press_generate(app: AppUnderTest, takes: int = 1) -> list[str]:
    """Set the Takes box and click Generate; returns the job ids the controller submitted."""
    from sonodesk.ui.form.params_panel import ParamsPanel

    panel = app.window.findChild(ParamsPanel)
    panel.set_takes(takes)
    submitted: list[str] = []
    app.controller.sig_jobs_submitted.connect(submitted.extend)
    try:
        panel.generate_button.click()
    finally:
        app.controller.sig_jobs_submitted.disconnect(submitted.extend)
    if not submitted:
        raise RuntimeError("Generate did not submit a job (form invalid?)")
    return submitted


async def wait_first_sound(app: AppUnderTest, job_id: str, timeout: float = 180.0) -> float:
    """Wait until the output has been handed audio of the new take; returns that moment."""
    from sonodesk.core.jobs.records import JobState

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if app.output.first_sound is not None:
            return app.output.first_sound
        job = app.session.store.get_job(job_id)
        if job.state in (JobState.FAILED, JobState.STOPPED):
            raise RuntimeError(f"job {job_id} {job.state.value}: {job.error}")
        await asyncio.sleep(0.005)
    raise TimeoutError(f"no sound within {timeout:.0f} s for job {job_id}")


def server_history(app: AppUnderTest, remote_id: str) -> dict[str, float]:
    """The server's statusHistory of a job, as {status: epoch seconds}."""
    import httpx

    from sonodesk.sandbox.ids import parse_iso

    account = app.session.account
    response = httpx.get(
        f"{account.base_url}/jobs/{remote_id}",
        auth=(account.api_key, account.api_secret),
        timeout=10.0,
    )
    response.raise_for_status()
    return {e["status"]: parse_iso(e["date"]) for e in response.json()["job"]["statusHistory"]}
