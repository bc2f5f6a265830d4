"""8. Export: a 3-minute take to FLAC 24-bit, to MP3 320 and loudness-normalised, against
Debian's ffmpeg doing the same conversion from the same file, as a ratio (ours / ffmpeg).

The take is the sandbox music model's 180 s MP3 (44.1 kHz stereo). Ours is
``export_takes([take], ExportSettings(...))``, the call the export dialog makes, with its
defaults (metadata embedded, the written file verified by reading it back). ffmpeg:

* FLAC 24: ``-c:a flac -sample_fmt s32 -bits_per_raw_sample 24``
* MP3 320: ``-c:a libmp3lame -b:a 320k``
* Loudness -14 LUFS, true peak -1 dBTP, to 24-bit WAV: two-pass ``loudnorm`` (measure with
  ``print_format=json``, then apply with the measured values, ``linear=true``), ``-ar 44100``;
  both passes are timed.

Runs alternate (ours first on even rounds, ffmpeg first on odd ones). Integrated loudness of
both normalised files is measured with pyloudnorm when it is installed, as a sanity check.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from common import Config, Metric

FFMPEG = shutil.which("ffmpeg")
CASES = {
    "FLAC 24-bit": {"format": "flac24"},
    "MP3 320": {"format": "mp3-320"},
    "loudness -14 LUFS / -1 dBTP, WAV 24": {"format": "wav24", "loudness_target": -14.0},
}


def take_record(path: Path) -> Any:
    import soundfile as sf

    from sonodesk.core.jobs.records import TakeRecord

    info = sf.info(str(path))
    return TakeRecord(
        id="take_bench",
        job_id="job_bench",
        output_index=0,
        provider="sandbox",
        model_id="model_sonodesk-music-sketch",
        model_name="Music Sketch",
        params={"prompt": "upbeat house groove", "duration": 180, "seed": 4242},
        file_path=str(path),
        created_at=time.time(),
        file_format="mp3",
        duration=info.duration,
        sample_rate=info.samplerate,
        channels=info.channels,
        seed=4242,
        title="upbeat house groove",
        prompt="upbeat house groove",
    )


def ours(take: Any, options: dict[str, Any], folder: Path) -> tuple[float, Path]:
    from sonodesk.core.export import ExportSettings, export_takes

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    settings = ExportSettings(folder=str(folder), overwrite="replace", **options)
    started = time.perf_counter()
    report = export_takes([take], settings)
    elapsed = time.perf_counter() - started
    result = report.results[0]
    if result.status != "written" or result.path is None:
        raise RuntimeError(f"our export failed: {result.status} {result.message}")
    return elapsed, result.path


def ffmpeg(source: Path, name: str, folder: Path) -> tuple[float, Path]:
    assert FFMPEG is not None
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    base = [FFMPEG, "-nostdin", "-hide_banner", "-y", "-i", str(source)]
    started = time.perf_counter()
    if name == "FLAC 24-bit":
        out = folder / "out.flac"
        cmd = [*base, "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24", str(out)]
        subprocess.run(cmd, check=True, capture_output=True)
    elif name == "MP3 320":
        out = folder / "out.mp3"
        subprocess.run(
            [*base, "-c:a", "libmp3lame", "-b:a", "320k", str(out)], check=True, capture_output=True
        )
    else:
        out = folder / "out.wav"
        target = "I=-14:TP=-1:LRA=11"
        first = subprocess.run(
            [*base, "-af", f"loudnorm={target}:print_format=json", "-f", "null", "-"],
            check=True,
            capture_output=True,
            text=True,
        )
        found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", first.stderr)
        if not found:
            raise RuntimeError("ffmpeg loudnorm printed no measurement")
        m = json.loads(found.group(0))
        second = (
            f"loudnorm={target}:measured_I={m['input_i']}:measured_TP={m['input_tp']}:"
            f"measured_LRA={m['input_lra']}:measured_thresh={m['input_thresh']}:"
            f"offset={m['target_offset']}:linear=true"
        )
        subprocess.run(
            [*base, "-af", second, "-ar", "44100", "-c:a", "pcm_s24le", str(out)],
            check=True,
            capture_output=True,
        )
    return time.perf_counter() - started, out


def lufs(path: Path) -> float | None:
    try:
        import pyloudnorm
        import soundfile as sf
    except ImportError:
        return None
    data, rate = sf.read(str(path), dtype="float64")
    return float(pyloudnorm.Meter(rate).integrated_loudness(data))


def run(cfg: Config) -> list[Metric]:
    if FFMPEG is None:
        raise common.Skipped("ffmpeg missing (sudo apt-get install -y ffmpeg)")
    source = common.sandbox_take(180, "mp3")
    take = take_record(source)
    rounds = cfg.repeats(4, 2)
    work = common.fresh_dir("export")
    times: dict[str, dict[str, list[float]]] = {n: {"ours": [], "ffmpeg": []} for n in CASES}
    outputs: dict[str, dict[str, Path]] = {n: {} for n in CASES}
    for rnd in range(rounds):
        for name, options in CASES.items():
            order = ("ours", "ffmpeg") if rnd % 2 == 0 else ("ffmpeg", "ours")
            for who in order:
                folder = work / f"{who}-{list(CASES).index(name)}"
                if who == "ours":
                    elapsed, path = ours(take, options, folder)
                else:
                    elapsed, path = ffmpeg(source, name, folder)
                times[name][who].append(elapsed)
                outputs[name][who] = path
        common.log(
            f"export round {rnd + 1}/{rounds}: "
            + ", ".join(
                f"{n}: {times[n]['ours'][-1]:.2f} s vs ffmpeg {times[n]['ffmpeg'][-1]:.2f} s"
                for n in CASES
            )
        )
    metrics: list[Metric] = []
    for name in CASES:
        ours_s, ff_s = times[name]["ours"], times[name]["ffmpeg"]
        ratios = [a / b for a, b in zip(ours_s, ff_s, strict=True)]
        note = ""
        if name.startswith("loudness"):
            levels = {who: lufs(path) for who, path in outputs[name].items()}
            if None not in levels.values():
                note = (
                    f"integrated loudness (pyloudnorm): ours {levels['ours']:.2f} LUFS, "
                    f"ffmpeg {levels['ffmpeg']:.2f} LUFS"
                )
        metrics.append(
            Metric(
                "export",
                f"{name}: ours / ffmpeg",
                "x",
                ratios,
                "ratio (reported)",
                None,
                value=common.median(ours_s) / common.median(ff_s),
                note=note,
            )
        )
        metrics.append(Metric("export", f"  {name}: ours", "s", ours_s))
        metrics.append(Metric("export", f"  {name}: ffmpeg", "s", ff_s))
    return metrics


if __name__ == "__main__":
    common.child_main(run)
