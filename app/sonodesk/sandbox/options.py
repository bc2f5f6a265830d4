"""How a sandbox server is configured: one dataclass shared by tests, the app, CLI and benchmarks.

Data only. No I/O, no Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sonodesk.sandbox.faults import FaultConfig

FAULTS_ENV = "SONODESK_SANDBOX_FAULTS"
READY_PREFIX = "SONODESK_SANDBOX_READY"


@dataclass(frozen=True)
class SandboxOptions:
    host: str = "127.0.0.1"
    port: int = 0  # 0: the OS picks a free port
    state_dir: Path | None = None  # None: everything in memory
    time_scale: float = 1.0  # job and upload timelines are multiplied by this
    url_ttl: float = 3600.0  # lifetime of signed CDN and part-upload URLs, seconds
    # str: the SONODESK_SANDBOX_FAULTS syntax. None: no faults in a thread; a child process
    # (spawn_process, the CLI) then reads $SONODESK_SANDBOX_FAULTS instead.
    faults: FaultConfig | str | None = None
    max_concurrent_jobs: int | None = None  # per-team ceiling; None: unlimited
    require_credentials: str | None = None  # "key:secret"; None: any credentials pass
    empty_pages: bool = False  # every other GET /v1/jobs page comes back empty
    parent_pid: int | None = None  # exit when this process is gone (subprocess mode)
    render_workers: int = 2  # threads that synthesise audio outside the request loop
    max_body_bytes: int = 1024 * 1024  # JSON request bodies
    max_upload_bytes: int = 200 * 1024 * 1024  # one multipart upload, all parts together

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError("port must be between 0 and 65535")
        if self.time_scale <= 0:
            raise ValueError("time_scale must be positive")
        if self.url_ttl <= 0:
            raise ValueError("url_ttl must be positive")
        if self.max_concurrent_jobs is not None and self.max_concurrent_jobs < 1:
            raise ValueError("max_concurrent_jobs must be at least 1")
        if self.require_credentials is not None and ":" not in self.require_credentials:
            raise ValueError("require_credentials must look like key:secret")
        if self.render_workers < 1:
            raise ValueError("render_workers must be at least 1")

    def fault_config(self) -> FaultConfig:
        if isinstance(self.faults, FaultConfig):
            return self.faults
        return FaultConfig.parse(self.faults or "")
