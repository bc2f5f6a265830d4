"""Counters the control route reports (requests per route, generates, jobs, faults) and the
settings a test may change while the server runs. Thread-safe; no I/O, no Qt.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from typing import Any


@dataclass
class RuntimeSettings:
    """What /_sandbox/settings can change without a restart."""

    time_scale: float
    url_ttl: float
    max_concurrent_jobs: int | None
    empty_pages: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "timeScale": self.time_scale,
            "urlTtl": self.url_ttl,
            "maxConcurrentJobs": self.max_concurrent_jobs,
            "emptyPages": self.empty_pages,
        }

    def update(self, changes: dict[str, Any]) -> None:
        """Apply camelCase keys from the control route; ValueError on a bad value."""
        unknown = set(changes) - {"timeScale", "urlTtl", "maxConcurrentJobs", "emptyPages"}
        if unknown:
            raise ValueError(f"unknown settings: {', '.join(sorted(unknown))}")
        time_scale = float(changes.get("timeScale", self.time_scale))
        url_ttl = float(changes.get("urlTtl", self.url_ttl))
        limit = changes.get("maxConcurrentJobs", self.max_concurrent_jobs)
        empty = changes.get("emptyPages", self.empty_pages)
        if time_scale <= 0 or url_ttl <= 0:
            raise ValueError("timeScale and urlTtl must be positive")
        if limit is not None and (isinstance(limit, bool) or int(limit) < 1):
            raise ValueError("maxConcurrentJobs must be null or at least 1")
        if not isinstance(empty, bool):
            raise ValueError("emptyPages must be a boolean")
        self.time_scale, self.url_ttl = time_scale, url_ttl
        self.max_concurrent_jobs = None if limit is None else int(limit)
        self.empty_pages = empty


class Stats:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._routes: Counter[str] = Counter()
            self._statuses: Counter[str] = Counter()
            self._faults: Counter[str] = Counter()
            self._counters: Counter[str] = Counter()

    def request(self, route: str) -> None:
        with self._lock:
            self._routes[route] += 1

    def response(self, status: int) -> None:
        with self._lock:
            self._statuses[str(status)] += 1

    def fault(self, kind: str) -> None:
        with self._lock:
            self._faults[kind] += 1

    def count(self, name: str, amount: int = 1) -> None:
        with self._lock:
            self._counters[name] += amount

    def get(self, name: str) -> int:
        with self._lock:
            return self._counters[name]

    def snapshot(self) -> dict[str, Any]:
        with self._lock:
            return {
                "requests": dict(self._routes),
                "totalRequests": sum(self._routes.values()),
                "statuses": dict(self._statuses),
                "generatePosts": self._counters["generate_posts"],
                "dryRuns": self._counters["dry_runs"],
                "jobsCreated": self._counters["jobs_created"],
                "jobsRejectedConcurrency": self._counters["jobs_rejected_concurrency"],
                "jobsCanceled": self._counters["jobs_canceled"],
                "rendersCompleted": self._counters["renders_completed"],
                "rendersFailed": self._counters["renders_failed"],
                "uploadsCreated": self._counters["uploads_created"],
                "uploadsImported": self._counters["uploads_imported"],
                "uploadsFailed": self._counters["uploads_failed"],
                "cdnBytesServed": self._counters["cdn_bytes"],
                "faults": dict(self._faults),
                "faultsTotal": sum(self._faults.values()),
            }
