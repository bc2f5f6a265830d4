"""The frozen app's entry point: the ``sonodesk`` command, and ``-m sonodesk.sandbox``.

The app starts its sandbox as ``[sys.executable, "-m", "sonodesk.sandbox", ...]``. In a frozen
app ``sys.executable`` is this program, not Python, so it accepts that one form itself. Runs
nothing else: any other ``-m`` is an ordinary (rejected) command-line argument.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

# The modules a child process may be started as, and the function that runs each.
RUNNABLE_MODULES = {
    "sonodesk.sandbox": "sonodesk.sandbox.cli",
    "sonodesk": "sonodesk.cli.main",
}


def module_invocation(argv: Sequence[str]) -> tuple[str, list[str]] | None:
    """(module, its arguments) when ``argv`` is ``prog -m MODULE ...`` for a runnable module."""
    if len(argv) >= 3 and argv[1] == "-m" and argv[2] in RUNNABLE_MODULES:
        return argv[2], list(argv[3:])
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    invocation = module_invocation(argv)
    if invocation is None:
        from sonodesk.cli.main import main as cli_main

        return cli_main(argv[1:])
    module, arguments = invocation
    # Both entry modules define main(argv); import by name so each child pulls in only its own.
    import importlib

    runner = importlib.import_module(RUNNABLE_MODULES[module])
    sys.argv = [argv[0], *arguments]
    return int(runner.main(arguments) or 0)


if __name__ == "__main__":
    sys.exit(main())
