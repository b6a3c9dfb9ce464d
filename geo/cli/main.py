"""The ``atlas`` command line: ``check``, ``geocode``, ``geoparse``, ``ingest``, ``reindex``, ``correct``, ``route``.

Each sub-command lives in its own module exposing ``register(subparsers)``; this module only assembles them, and
validates the ``ATLAS_*`` settings (:mod:`geo.core.settings`) before any command runs: a bad or empty value prints
``atlas: error: <variable>=<value>: <fix>`` and exits 2, the usage-error code, because like a bad option it is a
mistake in how the program was invoked, found before any work starts (1 stays "the data is invalid or the command
failed"). ``--help`` and ``--version`` still work with a bad environment, so the help is there to fix it.
"""

from __future__ import annotations

import argparse
import os
import sys

from geo import __version__
from geo.cli import check as cli_check
from geo.cli import corpus as cli_corpus
from geo.cli import correct as cli_correct
from geo.cli import places as cli_places
from geo.cli import route as cli_route
from geo.core.errors import AtlasError, SettingsError
from geo.core.runtime import collector_paused
from geo.core.settings import settings

__all__ = ["build_parser", "main"]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used by the docs test that checks every command is documented)."""
    parser = argparse.ArgumentParser(
        prog="atlas", description="Russia–DPRK summit & train atlas: check, geocode, geoparse, ingest, correct, route.")
    parser.add_argument("--version", action="version", version=f"atlas {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (cli_check, cli_places, cli_corpus, cli_correct, cli_route):
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the process exit code (0 ok, 1 invalid data or failure, 2 usage or settings)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings()
    except SettingsError as exc:
        print(f"atlas: error: {exc}", file=sys.stderr)
        return 2
    try:
        # this process is ours: geoparsing runs without the cyclic collector (see geo.core.runtime)
        with collector_paused():
            return int(args.func(args) or 0)
    except AtlasError as exc:
        print(f"atlas {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`atlas geoparse --json f | head`): stop quietly, as the Python docs advise
        # (https://docs.python.org/3/library/signal.html#note-on-sigpipe), instead of a traceback at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
