"""`python -m unclench` runs the same entry point as the `unclench` command."""

import sys

from .cli import main

sys.exit(main())
