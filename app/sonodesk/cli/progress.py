"""A live one-line job progress display for terminals (plain lines when not a terminal). No Qt."""

from __future__ import annotations

import shutil
import sys
import time
from typing import TextIO

from sonodesk.core.jobs.eta import ProgressKind, progress_view
from sonodesk.core.jobs.records import JobRecord, JobState


def bar(fraction: float | None, width: int = 24, *, tick: int = 0) -> str:
    """A text bar; an unknown fraction shows a moving block instead of a made-up number."""
    if fraction is None:
        pos = tick % (width - 4)
        return "[" + " " * pos + "####" + " " * (width - 4 - pos) + "]"
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "[" + "#" * filled + "-" * (width - filled) + "]"


def describe(job: JobRecord) -> str:
    """'In progress 42%' / 'Waiting' / 'Failed: reason'."""
    text = job.status_text
    view = progress_view(job)
    if view.kind is ProgressKind.DETERMINATE and view.fraction is not None:
        text += f" {round(view.fraction * 100)}%"
    if job.error and job.state in (JobState.FAILED, JobState.STOPPED):
        text += f": {job.error}"
    elif job.error:
        text += f" ({job.error})"
    return text


class ProgressLine:
    def __init__(self, stream: TextIO = sys.stderr) -> None:
        self.stream = stream
        self.live = stream.isatty()
        self._last_plain: str | None = None
        self._tick = 0
        self._start = time.monotonic()

    def update(self, job: JobRecord) -> None:
        self._tick += 1
        elapsed = time.monotonic() - self._start
        fraction = (
            job.progress
            if job.state is JobState.RUNNING
            else (1.0 if job.state is JobState.DONE else None)
        )
        text = f"{bar(fraction, tick=self._tick)} {describe(job)}  {elapsed:5.1f}s"
        if self.live:
            width = shutil.get_terminal_size((100, 20)).columns - 1
            self.stream.write("\r" + text[:width].ljust(width))
            self.stream.flush()
        else:
            plain = describe(job)
            if plain != self._last_plain:  # one line per change keeps logs readable
                self.stream.write(f"{elapsed:6.1f}s  {plain}\n")
                self._last_plain = plain

    def finish(self) -> None:
        if self.live:
            self.stream.write("\n")
            self.stream.flush()
