"""``python -m geo`` is the ``atlas`` command."""

import sys

from geo.cli import main

sys.exit(main())
