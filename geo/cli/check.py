"""``atlas check``: validate the data directory, print a summary or every problem; never writes anything."""

from __future__ import annotations

import argparse
import json
import sys

from geo.core.errors import DatasetError
from geo.dataset import load_dataset, resolve_data_dir
from geo.store.corrections import long_tail_problems

__all__ = ["add_data_dir_argument", "register"]


def add_data_dir_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--data-dir`` option every data-reading command shares."""
    parser.add_argument("--data-dir", metavar="DIR", default=None,
                        help="data directory (default: $ATLAS_DATA_DIR, else the bundled data/)")


def register(sub) -> None:
    """Add ``check`` to the ``atlas`` parser."""
    parser = sub.add_parser("check", help="validate the dataset (exit 0 valid, 1 invalid)",
                            description="Validate every table of the data directory and report every problem, each "
                            "naming file, line, field, bad value and the likely fix. Never writes anything.")
    add_data_dir_argument(parser)
    parser.add_argument("--json", action="store_true", help="print a JSON summary instead of text")
    parser.set_defaults(func=run_check)


def run_check(args: argparse.Namespace) -> int:
    """Handler of ``atlas check``."""
    root = resolve_data_dir(args.data_dir)
    try:
        dataset = load_dataset(root)
        long_tail = long_tail_problems(dataset)  # corrections naming GeoNames ids (needs the GeoNames index)
        if long_tail:
            raise DatasetError(long_tail)
    except DatasetError as exc:
        if args.json:
            print(json.dumps({"valid": False, "data_dir": str(root),
                              "problems": [p.to_dict() for p in exc.problems]}, ensure_ascii=False, indent=2))
        else:
            print(f"{root}: {len(exc.problems)} problem(s)", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
        return 1
    counts = dataset.counts()
    if args.json:
        print(json.dumps({"valid": True, "data_dir": str(root), **counts,
                          "warnings": [w.to_dict() for w in dataset.warnings]}, ensure_ascii=False, indent=2))
    else:
        print(f"{root}: valid — " + ", ".join(f"{n} {name.replace('_', ' ')}" for name, n in counts.items()))
        for warning in dataset.warnings:
            print(f"  warning: {warning}")
    return 0
