"""``python -m sonodesk.sandbox``: run the sandbox server from the command line. No Qt."""

from __future__ import annotations

import sys

from sonodesk.sandbox.cli import main

if __name__ == "__main__":
    sys.exit(main())
