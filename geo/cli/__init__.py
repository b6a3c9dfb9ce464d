"""The ``atlas`` command line (also ``python -m geo``): one module per group of sub-commands, assembled in
:mod:`geo.cli.main`. The top layer: it may import every other ``geo`` package, and none imports it."""

from geo.cli.main import build_parser, main

__all__ = ["build_parser", "main"]
