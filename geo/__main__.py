"""``python -m geo`` is the ``atlas`` command."""

import sys

from geo.cli.main import main

sys.exit(main())
