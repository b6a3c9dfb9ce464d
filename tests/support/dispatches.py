"""Invented dispatches naming real places of the gazetteer, for the batch-ingest tests: ``atlas ingest`` as a
subprocess (``tests/geo/test_batch_ingest.py``) and ``ingest_batch`` in process (``test_batch_in_process.py``)."""

from __future__ import annotations

from pathlib import Path

PLACES = ["Vladivostok", "Khasan", "Ussuriysk", "Khabarovsk", "Pyongyang", "Tumen River", "Skovorodino"]


def article(number: int, *, front: str | None = None) -> str:
    """An invented dispatch, different for every number, naming real places of the gazetteer."""
    a, b = PLACES[number % len(PLACES)], PLACES[(number * 3 + 1) % len(PLACES)]
    body = (f"Dispatch {number}. The armoured train left {a} at dawn and reached {b} by night. "
            f"Officials in {a} said the visit, number {number}, would last {number % 5 + 1} days.\n")
    if front is None:
        front = f"title: Dispatch {number}\noutlet: Test Wire\npublished: 2019-04-{number % 28 + 1:02d}\n"
    return f"---\n{front}---\n{body}"


def write_corpus(folder: Path, count: int, start: int = 0) -> list[Path]:
    """``count`` dispatches numbered from ``start``, one ``dispatch-NNNN.md`` each, in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(start, start + count):
        path = folder / f"dispatch-{number:04d}.md"
        path.write_text(article(number), encoding="utf-8")
        paths.append(path)
    return paths
