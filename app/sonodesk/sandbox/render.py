"""Turn a job's params into encoded audio outputs; runs on a worker thread, never on the loop.

Reads input audio through the store's blob accessor and returns bytes plus properties; the
engine turns them into asset records. Deterministic for a given job. No Qt.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from sonodesk.sandbox.catalog import MUSIC_MODEL_ID, SFX_MODEL_ID, TOOLS_MODEL_ID
from sonodesk.sandbox.synth import codec, tools
from sonodesk.sandbox.synth.sfx import render_sfx, resolve_preset

MUSIC_SAMPLE_RATE = 44100
BlobReader = Callable[[str], bytes | None]


class RenderError(RuntimeError):
    """The job cannot produce audio; ``str(exc)`` is safe to show to the user."""


@dataclass(frozen=True)
class RenderRequest:
    model_id: str
    params: Mapping[str, Any]
    seed: int
    outputs: int
    input_format: str = ""  # tools: the source asset's stored format


@dataclass(frozen=True)
class RenderedOutput:
    index: int
    data: bytes
    file_format: str
    properties: dict[str, Any]
    sha256: str
    extra_metadata: dict[str, Any]


def render(request: RenderRequest, read_blob: BlobReader) -> list[RenderedOutput]:
    if request.model_id == SFX_MODEL_ID:
        return _render_sfx(request)
    if request.model_id == MUSIC_MODEL_ID:
        return _render_music(request)
    if request.model_id == TOOLS_MODEL_ID:
        return _render_tools(request, read_blob)
    raise RenderError(f"The sandbox cannot run {request.model_id}.")


def _package(
    index: int,
    samples: np.ndarray,
    sample_rate: int,
    file_format: str,
    classification: str,
    extra: dict[str, Any],
) -> RenderedOutput:
    if samples.ndim != 2 or samples.shape[0] == 0:
        raise RenderError("The model produced no audio.")
    data = codec.encode(samples, sample_rate, file_format)
    subtype = {"wav": "PCM_16", "flac": "PCM_16", "mp3": "MPEG_LAYER_III", "ogg": "VORBIS"}
    decoded = codec.Decoded(samples, sample_rate, file_format, subtype[file_format])
    properties = codec.describe(data, decoded, classification)
    digest = hashlib.sha256(data).hexdigest()
    return RenderedOutput(index, data, file_format, properties, digest, extra)


def _render_sfx(request: RenderRequest) -> list[RenderedOutput]:
    file_format = str(request.params.get("outputFormat") or "wav")
    preset = resolve_preset(request.params)
    outputs = []
    for index in range(request.outputs):
        samples = render_sfx(request.params, seed=request.seed + index)
        extra = {"preset": preset}
        outputs.append(_package(index, samples, 44100, file_format, "effect", extra))
    return outputs


def _render_music(request: RenderRequest) -> list[RenderedOutput]:
    try:
        from sonodesk.sandbox.synth.music import render_music
    except ImportError as exc:
        raise RenderError("The music sketch model is not available in this build.") from exc
    file_format = str(request.params.get("outputFormat") or "mp3")
    outputs = []
    for index in range(request.outputs):
        samples = render_music(
            request.params,
            seed=request.seed + index,
            output_index=index,
            sample_rate=MUSIC_SAMPLE_RATE,
        )
        array = np.asarray(samples, dtype=np.float32)
        outputs.append(_package(index, array, MUSIC_SAMPLE_RATE, file_format, "music", {}))
    return outputs


def _decode_asset(asset_id: str, read_blob: BlobReader) -> codec.Decoded:
    data = read_blob(asset_id)
    if data is None:
        raise RenderError(f"The input audio {asset_id} is no longer available.")
    try:
        return codec.decode(data)
    except codec.AudioDecodeError as exc:
        raise RenderError(f"The input audio {asset_id} could not be decoded.") from exc


def _render_tools(request: RenderRequest, read_blob: BlobReader) -> list[RenderedOutput]:
    source = _decode_asset(str(request.params["audio"]), read_blob)
    layers = [
        (decoded.samples, decoded.sample_rate)
        for decoded in (
            _decode_asset(str(a), read_blob) for a in request.params.get("extraLayers") or []
        )
    ]
    segments = tools.process(request.params, source.samples, source.sample_rate, layers)
    file_format = codec.output_format_for(
        str(request.params.get("outputFormat") or ""), request.input_format or source.file_format
    )
    return [
        _package(index, segment, source.sample_rate, file_format, "sound", {})
        for index, segment in enumerate(segments)
    ]
