"""The jobs panel: progress drawing, row actions, the cancel-refused flow, store and engine."""

from __future__ import annotations

import dataclasses

import httpx
import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QImage, QRegion

from sonodesk.core.jobs.engine import JobEngine
from sonodesk.core.jobs.records import JobRecord, JobState
from sonodesk.core.jobs.store import JobStore
from sonodesk.ui.bridge import EngineBridge
from sonodesk.ui.models.jobs_model import ACTION_ROLE
from sonodesk.ui.theme import colors
from sonodesk.ui.widgets import job_delegate
from sonodesk.ui.widgets.jobs_panel import JobsPanel
from ui.shell.sample_data import NOW, job, sample_jobs

REFUSED = "This job can't be cancelled, its credits are committed."


@pytest.fixture
def panel(qtbot, themed_app):  # type: ignore[no-untyped-def]
    widget = JobsPanel(clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(380, 900)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row_image(panel: JobsPanel, job_id: str) -> tuple[QImage, int]:
    rect = panel.list.visualRect(panel.model.index(panel.model.row_of(job_id)))
    image = panel.list.viewport().grab(rect).toImage()
    return image, rect.height()


def _near(a: QColor, b: QColor, tolerance: int = 14) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))


def _coloured_span(image: QImage, colour: QColor) -> tuple[int, int, int]:
    """(count, first x, last x) of ``colour`` on the image line where it is most frequent."""
    best = (0, 0, 0)
    for y in range(image.height()):
        xs = [x for x in range(image.width()) if _near(image.pixelColor(x, y), colour)]
        if len(xs) > best[0]:
            best = (len(xs), xs[0], xs[-1])
    return best


def _bar_width(image: QImage) -> int:
    return image.width() - 2 * 15  # card margin + padding on both sides


def test_object_name_and_empty_state(panel: JobsPanel) -> None:
    assert panel.objectName() == "jobsPanel"
    assert panel.empty_label.isVisible() and not panel.list.isVisible()
    panel.set_jobs(sample_jobs())
    assert panel.list.isVisible() and not panel.empty_label.isVisible()
    assert panel.count_label.text() == "3 active · 7 total"


def test_determinate_bar_is_filled_to_the_progress(panel: JobsPanel) -> None:
    running = job(1, JobState.RUNNING, progress=0.5, remote_id="r", remote_status="in-progress")
    panel.set_jobs([running])
    image, _ = _row_image(panel, running.id)
    count, _, _ = _coloured_span(image, colors().accent)
    assert count / _bar_width(image) == pytest.approx(0.5, abs=0.06)
    assert not panel.is_animating()


def test_indeterminate_bar_moves(panel: JobsPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    waiting = job(1, JobState.RUNNING, remote_id="r", remote_status="warming-up")
    panel.set_jobs([waiting])
    assert panel.is_animating()
    positions = []
    for moment in (0.1, 0.7):
        monkeypatch.setattr(job_delegate.time, "monotonic", lambda m=moment: m)
        image, _ = _row_image(panel, waiting.id)
        count, first, _ = _coloured_span(image, colors().accent)
        assert count > 10, "a busy segment is drawn"
        assert count < _bar_width(image) * 0.45  # a segment, not a measured fill
        positions.append(first)
    assert positions[1] > positions[0]


@pytest.mark.parametrize(
    ("state", "colour"), [(JobState.DONE, "success"), (JobState.FAILED, "danger")]
)
def test_finished_bars_are_full_and_coloured(
    panel: JobsPanel, state: JobState, colour: str
) -> None:
    finished = job(1, state, outputs=("a",), error="Boom." if state is JobState.FAILED else None)
    panel.set_jobs([finished])
    image, _ = _row_image(panel, finished.id)
    count, _, _ = _coloured_span(image, getattr(colors(), colour))
    assert count / _bar_width(image) > 0.95
    assert not panel.is_animating()


def test_failed_rows_are_taller_and_show_the_error(panel: JobsPanel) -> None:
    jobs = sample_jobs()
    panel.set_jobs(jobs)
    failed = next(j for j in jobs if j.state is JobState.FAILED)
    done = next(j for j in jobs if j.state is JobState.DONE)
    _, failed_height = _row_image(panel, failed.id)
    _, done_height = _row_image(panel, done.id)
    assert failed_height > done_height
    image, _ = _row_image(panel, failed.id)
    danger_pixels = sum(
        _near(image.pixelColor(x, y), colors().danger)
        for y in range(image.height() - 24, image.height())
        for x in range(image.width())
    )
    assert danger_pixels > 30  # the error line is drawn in the danger colour


def _click_action(panel: JobsPanel, qtbot, job_id: str) -> None:  # type: ignore[no-untyped-def]
    index = panel.model.index(panel.model.row_of(job_id))
    rect = panel.delegate.button_rect(
        panel.list.visualRect(index), index.data(ACTION_ROLE), panel.list.font()
    )
    assert not rect.isEmpty()
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center().toPoint())


@pytest.mark.parametrize(
    ("state", "signal"),
    [
        (JobState.RUNNING, "sig_cancel_requested"),
        (JobState.QUEUED, "sig_cancel_requested"),
        (JobState.FAILED, "sig_retry_requested"),
        (JobState.STOPPED, "sig_retry_requested"),
        (JobState.DONE, "sig_open_take_requested"),
    ],
)
def test_row_action_buttons(panel: JobsPanel, qtbot, state: JobState, signal: str) -> None:  # type: ignore[no-untyped-def]
    record = job(5, state, outputs=("a",), remote_id="r")
    panel.set_jobs([job(1, JobState.DONE, outputs=("x",), age=900), record])
    with qtbot.waitSignal(getattr(panel, signal), timeout=1000) as blocker:
        _click_action(panel, qtbot, record.id)
    assert blocker.args == [record.id]


def test_clicking_beside_the_button_does_nothing(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    record = job(5, JobState.RUNNING, remote_id="r")
    panel.set_jobs([record])
    rect = panel.list.visualRect(panel.model.index(0))
    with qtbot.assertNotEmitted(panel.sig_cancel_requested):
        qtbot.mouseClick(
            panel.list.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(30, rect.center().y())
        )
    assert panel.current_job_id() == record.id  # the click selected the row instead


def test_enter_and_double_click_open_a_finished_take(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    done = job(1, JobState.DONE, outputs=("a",))
    running = job(2, JobState.RUNNING, remote_id="r", age=5)
    panel.set_jobs([done, running])
    assert panel.select_job(done.id)
    panel.list.setFocus()
    with qtbot.waitSignal(panel.sig_open_take_requested, timeout=1000) as blocker:
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    assert blocker.args == [done.id]
    panel.select_job(running.id)
    with qtbot.assertNotEmitted(panel.sig_open_take_requested):
        qtbot.keyClick(panel.list, Qt.Key.Key_Return)
    centre = panel.list.visualRect(panel.model.index(panel.model.row_of(done.id))).center()
    where = QPoint(30, centre.y())
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)
    with qtbot.waitSignal(panel.sig_open_take_requested, timeout=1000):
        qtbot.mouseDClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_cancel_refused_offers_stop_tracking(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    running = job(3, JobState.RUNNING, remote_id="r", progress=0.3)
    panel.set_jobs([running])
    panel.show_cancel_refused(running.id, REFUSED)
    assert panel.notice.isVisible()
    shown = panel.notice.text.text()
    assert "credits are committed" in shown and "<b>Sandbox Music Sketch</b>" in shown
    stop, keep = panel.notice.action_buttons()
    assert (stop.text(), keep.text()) == ("Stop tracking", "Keep waiting")
    with qtbot.waitSignal(panel.sig_stop_tracking_requested, timeout=1000) as blocker:
        qtbot.mouseClick(stop, Qt.MouseButton.LeftButton)
    assert blocker.args == [running.id]
    assert not panel.notice.isVisible()


def test_keep_waiting_just_closes_the_notice(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    running = job(3, JobState.RUNNING, remote_id="r")
    panel.set_jobs([running])
    panel.show_cancel_refused(running.id, REFUSED)
    _, keep = panel.notice.action_buttons()
    with qtbot.assertNotEmitted(panel.sig_stop_tracking_requested):
        qtbot.mouseClick(keep, Qt.MouseButton.LeftButton)
    assert not panel.notice.isVisible()


def test_notice_goes_away_when_the_job_finishes_anyway(panel: JobsPanel) -> None:
    running = job(3, JobState.RUNNING, remote_id="r")
    panel.set_jobs([running])
    panel.show_cancel_refused(running.id, REFUSED)
    panel.update_job(dataclasses.replace(running, state=JobState.DONE, outputs=("a",)))
    assert not panel.notice.isVisible()


def test_context_menu_matches_the_job(panel: JobsPanel) -> None:
    jobs = {j.state: j for j in sample_jobs()}
    panel.set_jobs(jobs.values())

    def texts(state: JobState) -> list[str]:
        menu = panel.context_menu(panel.model.index(panel.model.row_of(jobs[state].id)))
        assert menu is not None
        return [a.text() for a in menu.actions() if a.text()]

    assert texts(JobState.RUNNING)[:2] == ["Stop", "Stop tracking"]
    assert texts(JobState.DONE)[0] == "Open take"
    assert "Retry" in texts(JobState.FAILED) and "Copy error" in texts(JobState.FAILED)
    assert panel.context_menu(panel.model.index(99)) is None


def test_context_menu_stop_tracking_emits(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    running = job(3, JobState.RUNNING, remote_id="r")
    panel.set_jobs([running])
    menu = panel.context_menu(panel.model.index(0))
    assert menu is not None
    item = next(a for a in menu.actions() if a.text() == "Stop tracking")
    with qtbot.waitSignal(panel.sig_stop_tracking_requested, timeout=1000) as blocker:
        item.trigger()
    assert blocker.args == [running.id]


def test_clock_ticks_only_while_jobs_are_active(panel: JobsPanel) -> None:
    panel.set_jobs([job(1, JobState.DONE, outputs=("a",))])
    assert not panel._clock_timer.isActive()
    panel.update_job(job(2, JobState.RUNNING, remote_id="r", progress=0.1, age=1))
    assert panel._clock_timer.isActive()
    panel.update_job(job(2, JobState.DONE, outputs=("a",), age=1))
    assert not panel._clock_timer.isActive()


def test_filled_from_a_real_store_and_kept_current_by_the_engine(
    panel: JobsPanel, tmp_path, qloop, qtbot
) -> None:  # type: ignore[no-untyped-def]
    store = JobStore(tmp_path / "jobs.db")
    for record in sample_jobs():
        store.insert_job(record)
    http = httpx.AsyncClient()
    engine = JobEngine(store, {}, takes_dir=tmp_path / "takes", http=http)
    bridge = EngineBridge(engine.subscribe)
    bridge.sig_job_changed.connect(panel.update_job)
    try:
        panel.set_jobs(store.jobs(limit=100))
        assert panel.model.rowCount() == 7
        running = store.get_job("job_0006")
        assert panel.model.job("job_0006").progress == running.progress == 0.62
        engine.update_job("job_0006", progress=0.9)
        assert panel.model.job("job_0006").progress == 0.9
        engine.update_job("job_0006", state=JobState.DONE, outputs=("a",), finished_at=NOW)
        assert panel.model.job("job_0006").state is JobState.DONE
        assert panel.model.rowCount() == 7
    finally:
        bridge.close()
        store.close()
        closing = qloop.create_task(http.aclose())
        qtbot.waitUntil(closing.done, timeout=2000)


def test_hundreds_of_jobs_stay_light(panel: JobsPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    many: list[JobRecord] = [
        job(n, JobState.DONE if n % 3 else JobState.RUNNING, outputs=("a",), progress=0.5,
            remote_id=f"r{n}", age=float(n))
        for n in range(1, 501)
    ]  # fmt: skip
    panel.set_jobs(many)
    assert panel.model.rowCount() == 500
    with qtbot.assertNotEmitted(panel.model.modelReset):
        for n in range(3, 60, 3):
            panel.update_job(dataclasses.replace(many[n - 1], progress=0.7))
    # Only rows on screen are repainted by the clock.
    assert len(panel._visible_rows(panel.model.active_rows())) < 20


def test_the_busy_animation_repaints_only_the_bars_and_looks_the_same(
    panel: JobsPanel, monkeypatch: pytest.MonkeyPatch
) -> None:
    waiting = job(1, JobState.RUNNING, remote_id="r", remote_status="warming-up")
    panel.set_jobs([waiting, job(2, JobState.DONE, outputs=("a",))])
    viewport = panel.list.viewport()
    row_rect = panel.list.visualRect(panel.model.index(panel.model.row_of(waiting.id)))
    bar = panel.delegate.bar_rect(row_rect, panel.list.font()).toAlignedRect()

    def render(moment: float, image: QImage | None = None, region: QRegion | None = None) -> QImage:
        monkeypatch.setattr(job_delegate.time, "monotonic", lambda: moment)
        if image is None:
            image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
        region = region or QRegion(viewport.rect())
        # render() puts the region's top-left corner at the offset it is given.
        viewport.render(image, region.boundingRect().topLeft(), region)
        return image

    painted: list[QRect] = []
    monkeypatch.setattr(viewport, "update", lambda *args: painted.append(args[0]))
    panel._on_animation_timer_timeout()
    assert painted == [bar]  # the animation asks for the bar strip, not the card
    calls: list[str] = []
    real_draw = job_delegate.draw_elided
    monkeypatch.setattr(
        job_delegate, "draw_elided", lambda *a, **k: calls.append(a[2]) or real_draw(*a, **k)
    )
    before = render(0.1)
    assert waiting.prompt in calls  # a full frame draws the card's text
    calls.clear()
    stepped = render(0.7, before, QRegion(bar))
    assert calls == []  # the strip draws only the card's background and the bar
    full = render(0.7)
    assert stepped == full


def test_a_progress_update_repaints_its_row_and_a_failure_lays_the_list_out_again(
    panel: JobsPanel, qtbot
) -> None:  # type: ignore[no-untyped-def]
    jobs = [job(n, JobState.RUNNING, remote_id=f"r{n}", progress=0.3, age=n) for n in range(1, 9)]
    panel.set_jobs(jobs)
    qtbot.wait(50)
    painted: list[QRect] = []

    class Spy(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                painted.append(event.rect())  # type: ignore[attr-defined]
            return False

    spy = Spy()
    panel.list.viewport().installEventFilter(spy)
    panel._animation_timer.stop()
    panel._clock_timer.stop()
    row = panel.model.row_of(jobs[2].id)
    rect = panel.list.visualRect(panel.model.index(row))
    panel.update_job(dataclasses.replace(jobs[2], progress=0.8))
    qtbot.waitUntil(lambda: bool(painted))
    assert painted == [rect]  # one card, not the whole list
    height = rect.height()
    panel.update_job(dataclasses.replace(jobs[2], state=JobState.FAILED, error="Boom."))
    qtbot.waitUntil(
        lambda: panel.list.visualRect(panel.model.index(row + 1)).top() > rect.bottom() + 1
    )
    assert panel.list.visualRect(panel.model.index(row)).height() > height


def test_the_clock_repaints_only_the_status_lines_and_looks_the_same(
    qtbot, themed_app, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    now = [NOW]
    panel = JobsPanel(clock=lambda: now[0])
    qtbot.addWidget(panel)
    panel.resize(380, 900)
    panel.show()
    qtbot.waitExposed(panel)
    running = [
        job(n, JobState.RUNNING, remote_id=f"r{n}", remote_status="in-progress", progress=0.4)
        for n in (1, 2)
    ]
    panel.set_jobs(running)
    panel._clock_timer.stop()
    viewport = panel.list.viewport()

    def render(image: QImage | None = None, region: QRegion | None = None) -> QImage:
        if image is None:
            image = QImage(viewport.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(0)
        region = region or QRegion(viewport.rect())
        viewport.render(image, region.boundingRect().topLeft(), region)
        return image

    before = render()
    now[0] += 75  # the elapsed times move on
    asked: list[QRect] = []
    monkeypatch.setattr(viewport, "update", lambda rect: asked.append(rect))
    panel._on_clock_timer_timeout()
    font = panel.list.font()
    rows = [panel.list.visualRect(panel.model.index(r)) for r in range(2)]
    assert asked == [panel.delegate.status_rect(r, font).toAlignedRect() for r in rows]
    drawn: list[str] = []
    real_draw = job_delegate.draw_elided
    monkeypatch.setattr(
        job_delegate, "draw_elided", lambda *a, **k: drawn.append(a[2]) or real_draw(*a, **k)
    )
    stepped = before.copy()
    for rect in asked:
        stepped = render(stepped, QRegion(rect))
    assert running[0].prompt not in drawn and running[0].model_name not in drawn
    assert stepped == render()
    assert stepped != before
