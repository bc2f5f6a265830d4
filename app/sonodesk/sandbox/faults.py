"""Fault injection: which misbehaviour to apply to a request, random (seeded) or scripted.

Parses the ``SONODESK_SANDBOX_FAULTS`` syntax and the control-route JSON. Decides only;
the middleware and handlers carry the faults out. No I/O, no Qt.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, replace
from typing import Any

KINDS = (
    "rate_limit",  # 429 with remainingSeconds (sometimes Retry-After too)
    "server_error",  # 500, 502 or 503
    "slow",  # answer after slow_seconds
    "drop_before",  # close the connection before doing anything
    "drop_after",  # do the work (e.g. create the job), then close without answering
    "truncate",  # CDN: declare the full Content-Length, send part, close
    "expired_url",  # CDN and part uploads: 403 as if the signed URL had expired
    "job_failure",  # the job being created ends in `failure` with metadata.error and hint
)
ROUTE_GROUPS = ("generate", "jobs", "job_action", "assets", "uploads", "models", "cdn", "parts")
# The AI/ML API-compatible routes: POST (create) and GET (fetch) /v2/generate/audio.
AIMLAPI_GROUPS = ("aimlapi_generate", "aimlapi_fetch")
ROUTE_GROUPS += AIMLAPI_GROUPS
_API = frozenset({"generate", "jobs", "job_action", "assets", "uploads", "models"})
_API |= frozenset(AIMLAPI_GROUPS)
_ALL = frozenset(ROUTE_GROUPS)
APPLIES_TO: dict[str, frozenset[str]] = {
    "rate_limit": _API,
    "server_error": _ALL,
    "slow": _ALL,
    "drop_before": _ALL,
    "drop_after": _API | {"parts"},
    "truncate": frozenset({"cdn"}),
    "expired_url": frozenset({"cdn", "parts"}),
    "job_failure": frozenset({"generate", "aimlapi_generate"}),
}
SERVER_ERROR_STATUSES = (500, 502, 503)


@dataclass(frozen=True)
class ScriptedFault:
    """Fire ``kind`` on the next ``count`` matching requests (``route`` None: any group)."""

    kind: str
    route: str | None = None
    count: int = 1
    status: int | None = None  # server_error only

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; known: {', '.join(KINDS)}")
        if self.route is not None and self.route not in ROUTE_GROUPS:
            raise ValueError(
                f"unknown route group {self.route!r}; known: {', '.join(ROUTE_GROUPS)}"
            )
        if self.count < 1:
            raise ValueError("count must be at least 1")
        if self.status is not None and not 500 <= self.status <= 599:
            raise ValueError("status must be a 5xx code")

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "route": self.route, "count": self.count, "status": self.status}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ScriptedFault:
        status = data.get("status")
        return cls(
            kind=str(data["kind"]),
            route=None if data.get("route") in (None, "") else str(data["route"]),
            count=int(data.get("count", 1)),
            status=None if status is None else int(status),
        )


@dataclass(frozen=True)
class FaultConfig:
    rate: float = 0.0  # probability that an eligible request gets a random fault
    kinds: tuple[str, ...] = ()  # random faults draw from these; empty: every kind
    seed: int = 0
    routes: tuple[str, ...] = ()  # random faults only hit these groups; empty: all
    slow_seconds: float = 2.0
    remaining_seconds: float = 2.0  # what a rate_limit 429 tells the client to wait
    script: tuple[ScriptedFault, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if not 0.0 <= self.rate <= 1.0:
            raise ValueError("rate must be between 0 and 1")
        for kind in self.kinds:
            if kind not in KINDS:
                raise ValueError(f"unknown fault kind {kind!r}; known: {', '.join(KINDS)}")
        for route in self.routes:
            if route not in ROUTE_GROUPS:
                raise ValueError(f"unknown route group {route!r}; known: {', '.join(ROUTE_GROUPS)}")
        if self.slow_seconds < 0 or self.remaining_seconds < 0:
            raise ValueError("slow_seconds and remaining_seconds must not be negative")

    @classmethod
    def parse(cls, text: str) -> FaultConfig:
        """``rate=0.2,kinds=rate_limit+server_error,seed=7,routes=generate+jobs,slow=1.5,
        remaining=2,script=drop_after@generate+server_error@jobs*2``; empty text: no faults."""
        values: dict[str, Any] = {}
        for item in filter(None, (part.strip() for part in text.split(","))):
            key, sep, value = item.partition("=")
            if not sep:
                raise ValueError(f"expected key=value, got {item!r}")
            key, value = key.strip(), value.strip()
            if key == "rate":
                values["rate"] = float(value)
            elif key == "kinds":
                values["kinds"] = tuple(filter(None, value.split("+")))
            elif key == "seed":
                values["seed"] = int(value)
            elif key == "routes":
                values["routes"] = tuple(filter(None, value.split("+")))
            elif key in ("slow", "slow_seconds"):
                values["slow_seconds"] = float(value)
            elif key in ("remaining", "remaining_seconds"):
                values["remaining_seconds"] = float(value)
            elif key == "script":
                values["script"] = tuple(_parse_script_item(s) for s in value.split("+") if s)
            else:
                raise ValueError(f"unknown fault setting {key!r}")
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rate": self.rate,
            "kinds": list(self.kinds),
            "seed": self.seed,
            "routes": list(self.routes),
            "slowSeconds": self.slow_seconds,
            "remainingSeconds": self.remaining_seconds,
            "script": [s.to_dict() for s in self.script],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultConfig:
        return cls(
            rate=float(data.get("rate", 0.0)),
            kinds=tuple(str(k) for k in data.get("kinds") or ()),
            seed=int(data.get("seed", 0)),
            routes=tuple(str(r) for r in data.get("routes") or ()),
            slow_seconds=float(data.get("slowSeconds", 2.0)),
            remaining_seconds=float(data.get("remainingSeconds", 2.0)),
            script=tuple(ScriptedFault.from_dict(s) for s in data.get("script") or ()),
        )


def _parse_script_item(text: str) -> ScriptedFault:
    body, _, count = text.partition("*")
    kind, _, route = body.partition("@")
    return ScriptedFault(kind=kind.strip(), route=route.strip() or None, count=int(count or 1))


@dataclass(frozen=True)
class Fault:
    """A decision for one request."""

    kind: str
    status: int | None = None
    retry_after: bool = False
    seconds: float = 0.0
    fraction: float = 0.5  # truncate: share of the body sent before closing


class FaultInjector:
    """Thread-safe: the control route and the request handlers may run on different threads."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self._lock = threading.Lock()
        self._config = FaultConfig()
        self._script: list[ScriptedFault] = []
        self._rng = random.Random(0)
        self.configure(config or FaultConfig())

    @property
    def config(self) -> FaultConfig:
        with self._lock:
            return replace(self._config, script=tuple(self._script))

    def configure(self, config: FaultConfig) -> None:
        with self._lock:
            self._config = config
            self._script = list(config.script)
            self._rng = random.Random(config.seed)

    def add_script(self, items: list[ScriptedFault]) -> None:
        with self._lock:
            self._script.extend(items)

    def pick(self, group: str, *, allow_job_failure: bool = True) -> Fault | None:
        with self._lock:
            allowed = {k for k, groups in APPLIES_TO.items() if group in groups}
            if not allow_job_failure:
                allowed.discard("job_failure")
            for index, item in enumerate(self._script):
                if item.kind in allowed and item.route in (None, group):
                    if item.count <= 1:
                        del self._script[index]
                    else:
                        self._script[index] = replace(item, count=item.count - 1)
                    return self._decide(item.kind, item.status)
            config = self._config
            if config.rate <= 0 or (config.routes and group not in config.routes):
                return None
            candidates = sorted(allowed & set(config.kinds or KINDS))
            if not candidates or self._rng.random() >= config.rate:
                return None
            return self._decide(self._rng.choice(candidates), None)

    def _decide(self, kind: str, status: int | None) -> Fault:
        config = self._config
        if kind == "server_error":
            return Fault(kind, status=status or self._rng.choice(SERVER_ERROR_STATUSES))
        if kind == "rate_limit":
            return Fault(
                kind, retry_after=self._rng.random() < 0.5, seconds=config.remaining_seconds
            )
        if kind == "slow":
            return Fault(kind, seconds=config.slow_seconds)
        if kind == "truncate":
            return Fault(kind, fraction=self._rng.uniform(0.2, 0.8))
        return Fault(kind)
