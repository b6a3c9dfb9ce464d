"""cosmic-ray filter: skip the mutants that change only a type annotation, before they run.

Every module of ours starts with ``from __future__ import annotations``, so an annotation is a string that is never
evaluated: ``str | Path`` → ``str + Path`` cannot change behaviour. These mutants used to run (a few seconds of
tests each) and were then counted as equivalent by ``scripts/mutation_report.py``; on the larger modules they are
a third of all mutants. The filter finds every annotation's span with :mod:`ast` (parameters, return types and
annotated assignments) and marks a mutant inside one as skipped, with the reason as its output; the report counts
those as equivalent ("annotation").

With ``--sample N`` (``MUTATION_SAMPLE=N scripts/mutation.sh``) it then keeps a seeded random sample of N of the
mutants left and marks the others as skipped, "not sampled": the report counts them neither killed nor equivalent,
and gives the score of the sample with its 95% confidence interval. The sample depends only on the seed
(``--seed``, ``MUTATION_SEED``, default 18) and the mutants themselves (their file, position, operator and
occurrence, not cosmic-ray's random job ids), so the same seed draws the same mutants of the same source again.

Usage: ``.venv/bin/python scripts/mutation_filter.py SESSION.sqlite [--sample N [--seed S]]`` (run by
``scripts/mutation.sh`` after ``cosmic-ray init``).
"""

from __future__ import annotations

import ast
import random
from pathlib import Path

from cosmic_ray.tools.filters.filter_app import FilterApp
from cosmic_ray.work_item import WorkerOutcome, WorkResult

REASON = "annotation: never evaluated (from __future__ import annotations)"
NOT_SAMPLED = "not sampled: outside the seeded random sample (scripts/mutation_filter.py --sample)"
DEFAULT_SEED = 18

Span = tuple[tuple[int, int], tuple[int, int]]


def annotation_spans(source: str) -> list[Span]:
    """The (line, column) start and end of every annotation in ``source``: lines from 1, columns in characters
    from 0 (cosmic-ray's positions; ast gives UTF-8 byte offsets, converted here)."""
    lines = source.splitlines()

    def column(line: int, byte_offset: int) -> int:
        return len(lines[line - 1].encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))

    spans = []
    for node in ast.walk(ast.parse(source)):
        annotations = []
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            every = args.posonlyargs + args.args + args.kwonlyargs + [a for a in (args.vararg, args.kwarg) if a]
            annotations = [a.annotation for a in every if a.annotation] + ([node.returns] if node.returns else [])
        elif isinstance(node, ast.AnnAssign):
            annotations = [node.annotation]
        for a in annotations:
            spans.append(((a.lineno, column(a.lineno, a.col_offset)),
                          (a.end_lineno, column(a.end_lineno, a.end_col_offset))))
    return spans


def _inside(start: tuple[int, int], end: tuple[int, int], spans: list[Span]) -> bool:
    return any(lo <= tuple(start) and tuple(end) <= hi for lo, hi in spans)


def _identity(item) -> tuple:
    """What a mutant is, independent of cosmic-ray's job id (a random uuid drawn anew by each init)."""
    return tuple((str(m.module_path), tuple(m.start_pos), tuple(m.end_pos), m.operator_name, m.occurrence)
                 for m in item.mutations)


def sample(items, size: int, seed: int) -> list:
    """A seeded random sample of ``size`` of ``items`` (all of them when there are no more): the same seed draws
    the same mutants, whatever order the items come in."""
    ordered = sorted(items, key=_identity)
    if size >= len(ordered):
        return ordered
    return random.Random(seed).sample(ordered, size)


class AnnotationFilter(FilterApp):
    """Marks the mutants that lie inside a type annotation as skipped, then those outside the sample, if any."""

    def description(self) -> str:
        return __doc__

    def add_args(self, parser) -> None:
        parser.add_argument("--sample", type=int, default=0,
                            help="run only a seeded random sample of this many of the mutants left (0: all)")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the seed of the sample")

    def filter(self, work_db, args) -> None:
        spans: dict[str, list[Span]] = {}
        skipped = []
        for item in work_db.pending_work_items:
            for mutation in item.mutations:
                path = str(mutation.module_path)
                if path not in spans:
                    spans[path] = annotation_spans(Path(path).read_text(encoding="utf-8"))
                if _inside(mutation.start_pos, mutation.end_pos, spans[path]):
                    skipped.append(item.job_id)
        if skipped:
            work_db.set_multiple_results(skipped, WorkResult(output=REASON, worker_outcome=WorkerOutcome.SKIPPED))
        print(f"{len(skipped)} annotation mutant(s) skipped")
        if args.sample > 0:
            left = work_db.pending_work_items
            kept = {item.job_id for item in sample(left, args.sample, args.seed)}
            dropped = [item.job_id for item in left if item.job_id not in kept]
            if dropped:
                work_db.set_multiple_results(dropped, WorkResult(output=NOT_SAMPLED,
                                                                 worker_outcome=WorkerOutcome.SKIPPED))
            print(f"sampled {len(kept)} of {len(left)} mutant(s) (seed {args.seed})")


if __name__ == "__main__":
    AnnotationFilter().main()
