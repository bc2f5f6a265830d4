"""The sandbox's stored state: job, asset and upload records, and their JSON form on disk.

Records are plain mutable dataclasses owned by the server's event loop thread. No I/O, no Qt.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class JobRecord:
    job_id: str
    model_id: str
    input: dict[str, Any]  # the body exactly as the client sent it
    params: dict[str, Any]  # what the renderer uses: defaults filled in, seed chosen
    seed: int
    created_at: float  # epoch seconds
    time_scale: float  # the timeline speed in force when the job was created
    outputs: int
    asset_ids: list[str]  # minted up front so a re-render after a restart keeps them
    cost: float
    audio_seconds: float  # length of each output, as far as it is known at creation
    failure: dict[str, str] | None = None  # injected failure: {"error", "hint"}
    canceled_at: float | None = None
    rendered_at: float | None = None  # when rendering finished, successfully or not
    render_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> JobRecord:
        return _build(cls, data)


@dataclass
class AssetRecord:
    asset_id: str
    source: str  # txt2audio, audio2audio, uploaded-audio
    file_format: str  # wav, flac, mp3, ogg, aiff
    mime_type: str
    properties: dict[str, Any]
    metadata: dict[str, Any]
    sha256: str
    size: int
    created_at: float
    job_id: str | None = None
    upload_id: str | None = None
    output_index: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AssetRecord:
        return _build(cls, data)


@dataclass
class UploadRecord:
    upload_id: str
    file_name: str
    content_type: str
    kind: str
    file_size: int
    parts: int
    created_at: float
    updated_at: float
    time_scale: float
    status: str = "pending"  # pending, validating, validated, imported, failed
    entity_id: str | None = None
    error_message: str | None = None
    asset_options: dict[str, Any] | None = None
    received: dict[str, int] = field(default_factory=dict)  # part number -> bytes

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> UploadRecord:
        return _build(cls, data)


def _build(cls: type[T], data: dict[str, Any]) -> T:
    # Ignore keys a newer or older sandbox wrote, so a state dir survives upgrades.
    known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    return cls(**{k: v for k, v in data.items() if k in known})
