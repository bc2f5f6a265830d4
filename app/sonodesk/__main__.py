"""python -m sonodesk: the same as the sonodesk command."""

import sys

from sonodesk.cli.main import main

sys.exit(main())
