"""`python -m unclench` runs the same entry point as the `unclench` command."""

import sys

from unclench.cli.main import main

sys.exit(main())
