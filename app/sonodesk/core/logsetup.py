"""Logging to a rotating file in the log dir (and stderr when asked), always through redaction.

No Qt.
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from pathlib import Path

from sonodesk.core.redact import RedactingFormatter

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(
    log_file: Path | None, *, level: int = logging.INFO, stderr: bool = False
) -> None:
    """Install Sonodesk's handlers on the root logger (idempotent)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_sonodesk", False):
            root.removeHandler(handler)
            handler.close()
    formatter = RedactingFormatter(_FORMAT)
    handlers: list[logging.Handler] = []
    if log_file is not None:
        try:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            handlers.append(
                logging.handlers.RotatingFileHandler(
                    log_file, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
                )
            )
        except OSError:
            stderr = True  # a read-only log dir must not stop the app
    if stderr:
        handlers.append(logging.StreamHandler(sys.stderr))
    for handler in handlers:
        handler.setFormatter(formatter)
        handler._sonodesk = True  # type: ignore[attr-defined]
        root.addHandler(handler)
    root.setLevel(level)
    # httpx logs every request URL at INFO; signed URLs carry signatures we keep out of logs.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
