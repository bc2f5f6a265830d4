"""EngineBridge turns engine events into Qt signals and unsubscribes on close."""

from __future__ import annotations

from sonodesk.core.jobs.engine import JobChanged, Listener, TakeAdded
from sonodesk.core.jobs.records import JobState, TakeRecord
from sonodesk.ui.bridge import EngineBridge
from ui.shell.sample_data import NOW, job


class FakeEngine:
    def __init__(self) -> None:
        self.listeners: list[Listener] = []

    def subscribe(self, listener: Listener):  # type: ignore[no-untyped-def]
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener)

    def emit(self, event: object) -> None:
        for listener in list(self.listeners):
            listener(event)  # type: ignore[arg-type]


def test_events_become_signals(qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    bridge = EngineBridge(engine.subscribe)
    record = job(1, JobState.DONE, outputs=("a",))
    take = TakeRecord("take_1", record.id, 0, "sandbox", record.model_id, {}, "/x.wav", NOW)
    with qtbot.waitSignal(bridge.sig_job_changed, timeout=500) as changed:
        engine.emit(JobChanged(record))
    assert changed.args == [record]
    with qtbot.waitSignal(bridge.sig_take_added, timeout=500) as added:
        engine.emit(TakeAdded(take, record))
    assert added.args == [take, record]
    with qtbot.assertNotEmitted(bridge.sig_job_changed):
        engine.emit(object())  # unknown events are ignored


def test_close_unsubscribes(qtbot) -> None:  # type: ignore[no-untyped-def]
    engine = FakeEngine()
    bridge = EngineBridge(engine.subscribe)
    assert len(engine.listeners) == 1
    bridge.close()
    bridge.close()
    assert engine.listeners == []
