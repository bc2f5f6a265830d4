"""The ``sonodesk`` command: the window by default, or a subcommand (generate, models, ...)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile

from sonodesk import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sonodesk",
        description="Sonodesk: generate, audition and export AI audio. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"sonodesk {__version__}")
    parser.add_argument("--api-url", help="Scenario API base URL (default: settings or sandbox)")
    parser.add_argument("--verbose", action="store_true", help="log to stderr too")
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="open the window offscreen, generate once in the sandbox, play it, "
        "print a summary line and exit",
    )
    parser.add_argument("--screenshot", metavar="PATH", help="save a PNG of the window and exit")
    parser.add_argument(
        "--after-generate",
        action="store_true",
        help="with --screenshot: take it after one generation",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    gen = sub.add_parser("generate", help="run a model and download its takes")
    gen.add_argument("model", help="model id, e.g. model_sonodesk-music-sketch")
    gen.add_argument("--set", action="append", metavar="NAME=VALUE", help="a parameter value")
    gen.add_argument("--file", action="append", metavar="NAME=PATH", help="a file input")
    gen.add_argument("--wait", action="store_true", help="wait for the takes (with progress)")
    gen.add_argument("--out", metavar="DIR", help="also copy the takes into DIR")
    gen.add_argument("--play", action="store_true", help="play the first take when done")
    gen.add_argument("--json", action="store_true", help="print the result as JSON")

    models = sub.add_parser("models", help="list the models you can run")
    models.add_argument(
        "--all", dest="audio_only", action="store_false", help="include non-audio models"
    )
    models.add_argument("--json", action="store_true")

    jobs = sub.add_parser("jobs", help="list recent jobs; --resume finishes unfinished ones")
    jobs.add_argument("--resume", action="store_true", help="resume unfinished jobs and wait")
    jobs.add_argument("--limit", type=int, default=20)
    jobs.add_argument("--json", action="store_true")

    sandbox = sub.add_parser("sandbox", help="run the offline Scenario-compatible sandbox server")
    from sonodesk.sandbox.launcher import add_arguments

    add_arguments(sandbox)
    from sonodesk.cli.library_args import add_library_commands

    add_library_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None and args.smoke and not os.environ.get("SONODESK_HOME"):
        return _smoke_in_a_temp_home(args)
    return _run(args)


def _smoke_in_a_temp_home(args: argparse.Namespace) -> int:
    """A smoke run lives in a temp home from the start, so not even its log file touches the
    user's data dir."""
    with tempfile.TemporaryDirectory(prefix="sonodesk-smoke-") as home:
        os.environ["SONODESK_HOME"] = home
        try:
            return _run(args)
        finally:
            logging.shutdown()  # close the log file before its folder is removed
            os.environ.pop("SONODESK_HOME", None)


def _run(args: argparse.Namespace) -> int:
    from sonodesk.core.logsetup import configure_logging
    from sonodesk.core.paths import app_paths

    level = logging.DEBUG if args.verbose else logging.INFO
    if args.command == "sandbox":
        configure_logging(None, level=level, stderr=True)
        from sonodesk.sandbox.launcher import run_from_args

        return run_from_args(args)
    configure_logging(app_paths().log_file, level=level, stderr=args.verbose)
    if args.command in ("library", "export"):
        from sonodesk.cli import library_commands

        return library_commands.run(args)
    if args.command is None:
        from sonodesk.ui.app import run_app

        return run_app(args)
    from sonodesk.cli import commands

    handler = {"generate": commands.generate, "models": commands.models, "jobs": commands.jobs}
    return commands.run(handler[args.command], args)


if __name__ == "__main__":
    sys.exit(main())
