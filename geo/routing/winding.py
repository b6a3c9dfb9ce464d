"""Winding factor: how much longer the track is than the straight chords between its shape stations.

A segment without a published length is estimated as its geodesic (straight-line) length times one winding factor.
The factor is calibrated on the *official runs* of ``rail_segments.csv``: every stretch whose total length is a
km-post difference or a published line length (its segments are ``official``, or ``prorata`` shares of the run
named by their common ``line`` and ``km_source``). The factor is the pooled ratio

    sum of the runs' official km / sum of the geodesic lengths of their segments,

so long runs weigh by their length and no constant is tuned by hand. Its error is measured by leave-one-out: each
run is held out, the factor recalibrated on the others, and the held-out run estimated from its chords.

``atlas route --calibration`` prints the calibration table (docs/railway.md shows it); ``--write-estimates`` also
rewrites the calibrated ``estimate`` rows of ``rail_segments.csv``, as needed after editing an official run.
Pure Python: the csv module and ``geographiclib`` only.
"""

from __future__ import annotations

import csv
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from geographiclib.geodesic import Geodesic

__all__ = ["GEODESIC_SOURCE", "RUN_BASES", "Calibration", "HeldOut", "Run", "calibrate", "calibrate_data_dir",
           "calibrated_km", "estimate_source", "factor_of", "is_calibrated_estimate", "official_runs",
           "rewrite_estimates"]

RUN_BASES = ("official", "prorata")  # km bases whose segments add up to a published figure
GEODESIC_SOURCE = "geodesic length"  # how km_source of a calibrated estimate begins
_WGS84 = Geodesic.WGS84


def _chord_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return _WGS84.Inverse(a[0], a[1], b[0], b[1])["s12"] / 1000.0


@dataclass(frozen=True)
class Run:
    """A stretch of line whose length is published: its segments' official km and their chords' geodesic km."""

    line: str
    source: str  # the km_source shared by its segments
    km: float  # official length (sum of its segments)
    chord_km: float  # sum of the geodesic lengths of its segments
    segments: int

    @property
    def ratio(self) -> float:
        """The run's own winding: official km per chord km."""
        return self.km / self.chord_km


@dataclass(frozen=True)
class HeldOut:
    """One run estimated by the factor calibrated on all the other runs."""

    run: Run
    factor: float  # calibrated without this run
    estimate_km: float

    @property
    def error(self) -> float:
        """Relative error of the estimate against the official length (signed: negative = short)."""
        return self.estimate_km / self.run.km - 1.0


@dataclass(frozen=True)
class Calibration:
    """The factor calibrated on every run, and its leave-one-out errors."""

    factor: float
    runs: tuple[Run, ...]
    held_out: tuple[HeldOut, ...]

    @property
    def median_error(self) -> float:
        """Median absolute relative error of the held-out estimates."""
        return statistics.median(abs(h.error) for h in self.held_out)

    @property
    def worst(self) -> HeldOut:
        """The held-out run with the largest absolute error."""
        return max(self.held_out, key=lambda h: abs(h.error))

    def table(self) -> str:
        """Markdown table of the held-out runs, then the median and worst error."""
        lines = ["| run (line: km source) | segments | official km | chord km | own ratio | factor without it "
                 "| estimate km | error |", "|---|---|---|---|---|---|---|---|"]
        for h in self.held_out:
            r = h.run
            lines.append(f"| {r.line}: {_short(r.source)} | {r.segments} | {r.km:,.0f} | {r.chord_km:,.0f} | "
                         f"{r.ratio:.3f} | {h.factor:.3f} | {h.estimate_km:,.0f} | {h.error:+.1%} |")
        lines.append("")
        lines.append(f"Factor on all {len(self.runs)} runs: **{self.factor:.3f}**. Held-out error: median "
                     f"**{self.median_error:.1%}**, worst **{abs(self.worst.error):.1%}** "
                     f"({self.worst.run.line}: {_short(self.worst.run.source)}).")
        return "\n".join(lines)


def _short(source: str) -> str:
    # the part after the citation's colon names the posts ("km posts Kirov 917 → Perm 1397")
    return source.rsplit(": ", 1)[-1].split(" derived as")[0]


def factor_of(runs: Iterable[Run]) -> float:
    """Pooled winding factor of ``runs``: their official km over their chord km (ValueError when empty)."""
    runs = list(runs)
    if not runs:
        raise ValueError("no official run to calibrate the winding factor on")
    return sum(r.km for r in runs) / sum(r.chord_km for r in runs)


def official_runs(coords: dict[str, tuple[float, float]], segments: Iterable[dict]) -> list[Run]:
    """Group the ``official`` and ``prorata`` segments into runs by (line, km_source), in file order.

    ``coords`` maps place ids to (lat, lon); ``segments`` are rows of ``rail_segments.csv`` as dicts.
    """
    totals: dict[tuple[str, str], list[float]] = {}
    for seg in segments:
        if seg["km_basis"] not in RUN_BASES:
            continue
        key = (str(seg["line"]), str(seg["km_source"] or ""))
        acc = totals.setdefault(key, [0.0, 0.0, 0])
        acc[0] += float(seg["km"])
        acc[1] += _chord_km(coords[seg["from_id"]], coords[seg["to_id"]])
        acc[2] += 1
    return [Run(line, source, km, chord, int(n)) for (line, source), (km, chord, n) in totals.items()]


def calibrate(runs: Sequence[Run]) -> Calibration:
    """The pooled factor on ``runs`` and each run's leave-one-out estimate (needs at least two runs)."""
    if len(runs) < 2:
        raise ValueError(f"leave-one-out needs at least two official runs, got {len(runs)}")
    held = []
    for i, run in enumerate(runs):
        factor = factor_of(runs[:i] + runs[i + 1:])
        held.append(HeldOut(run, factor, run.chord_km * factor))
    return Calibration(factor_of(runs), tuple(runs), tuple(held))


def is_calibrated_estimate(seg: dict) -> bool:
    """True for an ``estimate`` row whose km is geodesic × factor (not a sourced approximate length)."""
    return seg["km_basis"] == "estimate" and str(seg["km_source"] or "").startswith(GEODESIC_SOURCE)


def estimate_source(factor: float) -> str:
    """The ``km_source`` of a calibrated estimate."""
    return f"{GEODESIC_SOURCE} (WGS84) × winding factor {factor:.3f} calibrated on the official runs"


def calibrated_km(chord_km: float, factor: float) -> float:
    """A segment's estimated km: its chord lengthened by the factor, to 0.1 km as stored."""
    return round(chord_km * factor, 1)


def _read(data_dir: Path) -> tuple[dict[str, tuple[float, float]], list[str], list[dict]]:
    coords: dict[str, tuple[float, float]] = {}
    for name in ("places.csv", "rail_stations.csv"):
        with open(data_dir / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                coords[row["id"]] = (float(row["lat"]), float(row["lon"]))
    with open(data_dir / "rail_segments.csv", encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return coords, list(reader.fieldnames or ()), list(reader)


def calibrate_data_dir(data_dir: str | Path) -> Calibration:
    """Calibrate on the official runs of a data directory's ``rail_segments.csv``."""
    coords, _, rows = _read(Path(data_dir))
    return calibrate(official_runs(coords, rows))


def rewrite_estimates(data_dir: str | Path) -> tuple[Calibration, int]:
    """Rewrite every calibrated estimate of ``rail_segments.csv`` as chord × the calibrated factor.

    Sourced approximate lengths (an ``estimate`` whose km_source does not start with ``geodesic length``) are
    kept. Returns the calibration and the number of rows changed. Official runs are not touched, so running it
    twice changes nothing the second time.
    """
    path = Path(data_dir) / "rail_segments.csv"
    coords, fields, rows = _read(Path(data_dir))
    calibration = calibrate(official_runs(coords, rows))
    changed = 0
    for row in rows:
        if not is_calibrated_estimate(row):
            continue
        km = f"{calibrated_km(_chord_km(coords[row['from_id']], coords[row['to_id']]), calibration.factor):.1f}"
        source = estimate_source(calibration.factor)
        if (row["km"], row["km_source"]) != (km, source):
            row["km"], row["km_source"] = km, source
            changed += 1
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return calibration, changed
