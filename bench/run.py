"""Run Sonodesk's benchmarks, print a table, write bench/results.json.

    .venv/bin/python bench/run.py                       # everything (about 10 minutes)
    .venv/bin/python bench/run.py --only startup,envelope --quick

Each benchmark runs in its own interpreter (``bench/bench_<name>.py``) so that one benchmark's
imports, threads and memory never colour another's. Figures are medians of repeated runs;
comparisons (app vs bare Qt, our poller vs a fixed loop, our export vs ffmpeg) alternate their
runs inside one benchmark. ``make bench`` is the usual way in (ONLY=..., QUICK=1).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common

BENCHMARKS = [
    ("startup", "bench_startup.py", "1. Start-up"),
    ("responsiveness", "bench_responsiveness.py", "2. Responsiveness under load"),
    ("ttfs", "bench_ttfs.py", "3. Time to first sound"),
    ("envelope", "bench_envelope.py", "4. Envelope"),
    ("polling", "bench_polling.py", "5. Polling"),
    ("library", "bench_library.py", "6. Library scale"),
    ("memory", "bench_memory.py", "7. Memory"),
    ("export", "bench_export.py", "8. Export"),
]
TIMEOUT = 1800.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="", help="comma-separated: " + ", ".join(_names()))
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument("--runs", type=int, help="override every benchmark's repeat count")
    parser.add_argument("--out", type=Path, default=common.BENCH / "results.json")
    args = parser.parse_args(argv)
    wanted = [n.strip() for n in args.only.split(",") if n.strip()] or _names()
    unknown = sorted(set(wanted) - set(_names()))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; choose from {_names()}")
    common.WORK.mkdir(parents=True, exist_ok=True)

    results: dict[str, Any] = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": " ".join(["bench/run.py", *(argv or sys.argv[1:])]),
        "via_make": "MAKELEVEL" in os.environ,
        "quick": args.quick,
        "git": common.git_info(),
        "machine": common.machine_info(),
        "benchmarks": {},
    }
    started = time.monotonic()
    for name, script, title in BENCHMARKS:
        if name not in wanted:
            continue
        common.log(f"== {title} ==")
        results["benchmarks"][name] = _run_child(name, script, title, args)
    results["seconds"] = round(time.monotonic() - started, 1)
    results["machine"]["loadavg_at_end"] = Path("/proc/loadavg").read_text().split()[:3]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=1) + "\n")
    print(render_table(results))
    print(f"\nraw samples, machine and commit: {args.out}")
    failed = [
        m
        for b in results["benchmarks"].values()
        for m in b.get("metrics", [])
        if m.get("passed") is False
    ]
    errors = [n for n, b in results["benchmarks"].items() if b.get("error")]
    if errors:
        print(f"errors in: {', '.join(errors)}", file=sys.stderr)
    # Missed targets are results, not errors: the run still completed.
    print(f"{len(failed)} figure(s) miss their target", file=sys.stderr)
    return 1 if errors else 0


def _names() -> list[str]:
    return [name for name, _s, _t in BENCHMARKS]


def _run_child(name: str, script: str, title: str, args: argparse.Namespace) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile(suffix=f"-{name}.json", delete=False) as handle:
        out = Path(handle.name)
    argv = [common.PYTHON, str(common.BENCH / script), "--out", str(out)]
    if args.quick:
        argv.append("--quick")
    if args.runs:
        argv += ["--runs", str(args.runs)]
    begun = time.monotonic()
    try:
        proc = subprocess.run(argv, env=common.clean_env(), timeout=TIMEOUT, check=False)
        payload = json.loads(out.read_text() or "{}") if out.exists() else {}
        if not payload:
            payload = {"metrics": [], "error": f"the benchmark process exited {proc.returncode}"}
    except subprocess.TimeoutExpired:
        payload = {"metrics": [], "error": f"timed out after {TIMEOUT:.0f} s"}
    except json.JSONDecodeError as exc:
        payload = {"metrics": [], "error": f"unreadable result: {exc}"}
    finally:
        out.unlink(missing_ok=True)
    payload["title"] = title
    payload.setdefault("seconds", round(time.monotonic() - begun, 1))
    return payload


def _fmt(value: float | None, unit: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if unit == "s":
        return f"{value:.3f} s"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.2f} {unit}".strip()


def render_table(results: dict[str, Any]) -> str:
    header = ("Benchmark", "Metric", "Value", "p95", "p99", "n", "Target", "Result")
    rows: list[tuple[str, ...]] = []
    for bench in results["benchmarks"].values():
        title = bench.get("title", "")
        if bench.get("skipped"):
            rows.append((title, f"skipped: {bench['skipped']}", "", "", "", "", "", "skipped"))
            continue
        if bench.get("error"):
            rows.append((title, f"error: {bench['error']}"[:70], "", "", "", "", "", "ERROR"))
            continue
        for metric in bench.get("metrics", []):
            unit = metric["unit"]
            verdict = {True: "pass", False: "FAIL", None: "-"}[metric.get("passed")]
            shown = metric["median"]
            if metric.get("value") is not None and metric["value"] != metric["median"]:
                shown = metric["value"]
            rows.append(
                (
                    title,
                    metric["name"],
                    _fmt(shown, unit),
                    _fmt(metric["p95"], unit) if metric["n"] > 1 else "",
                    _fmt(metric["p99"], unit) if metric["n"] > 20 else "",
                    str(metric["n"]),
                    metric.get("target") or "",
                    verdict,
                )
            )
            title = ""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    line = "  ".join("-" * w for w in widths)
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    out += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    machine = results["machine"]
    notes = [
        f"  {m['name'].strip()}: {m['note']}"
        for b in results["benchmarks"].values()
        for m in b.get("metrics", [])
        if m.get("note") and m.get("target")
    ]
    if notes:
        out += [line, "notes:", *notes]
    out.append(line)
    out.append(
        f"{results['date']}  commit {results['git']['commit'][:10]}"
        f" (+{results['git']['dirty_files']} uncommitted files)  {machine.get('cpu', '?')},"
        f" {machine.get('cpus')} cores, {machine.get('memory_gb')} GB,"
        f" load {' '.join(machine.get('loadavg_at_start', []))}"
        f"  quick={results['quick']}  {results.get('seconds', 0):.0f} s"
    )
    return "\n".join(out)


if __name__ == "__main__":
    sys.exit(main())
