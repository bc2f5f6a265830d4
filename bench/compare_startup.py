"""Start-up A/B: source trees of the app, run in turn, same machine, same minutes.

    .venv/bin/python bench/compare_startup.py --base /tmp/base/app [--new app] [--runs 10]
    .venv/bin/python bench/compare_startup.py --base A/app --tree step1=B/app --new app

Each tree is run as ``python -m sonodesk.cli.main`` with PYTHONPATH pointing at it (the venv
is shared), a warm SONODESK_HOME of its own and SONODESK_STARTUP_PROBE=1, so both trees
need the probe (sonodesk/ui/startup_probe.py). To get a tree of an older commit:
``git archive COMMIT app | tar -x -C /tmp/base`` (then add the probe if it predates it).
Prints the median of each probe mark per tree and its ratio to the base.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common
from bench_startup import launch


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", type=Path, required=True, help="the base tree's app/ folder")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--new", type=Path, default=common.REPO / "app")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    trees = {"base": args.base.resolve()}
    for item in args.tree:
        name, path = item.split("=", 1)
        trees[name] = Path(path).resolve()
    trees["new"] = args.new.resolve()
    homes = {name: common.fresh_dir(f"compare-home-{name}") for name in trees}
    for tree in trees.values():
        common.compile_sources(tree)  # as installed (see bench_startup)
    marks: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for i in range(args.runs + 1):
        for name, tree in trees.items():
            result = launch_tree(tree, homes[name])
            if i == 0:
                continue  # the first run creates the home
            for key, value in result.items():
                marks[name].setdefault(key, []).append(value)
        if i:
            common.log(
                f"run {i}/{args.runs}: "
                + "  ".join(f"{n} {marks[n]['main_window'][-1]:.3f} s" for n in trees)
            )
    print(f"{'tree':<10}" + "".join(f"{key:>26}" for key in marks["base"]))
    for name in trees:
        cells = []
        for key, samples in marks[name].items():
            value, base = common.median(samples), common.median(marks["base"][key])
            cells.append(f"{value:>15.3f} s ({value / base:.2f}x)")
        print(f"{name:<10}" + "".join(cells))
    return 0


def launch_tree(tree: Path, home: Path) -> dict[str, float]:
    import os

    previous = os.environ.get("PYTHONPATH")
    os.environ["PYTHONPATH"] = str(tree)
    try:
        return launch([common.PYTHON, "-m", "sonodesk.cli.main"], home)
    finally:
        if previous is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = previous


if __name__ == "__main__":
    sys.exit(main())
