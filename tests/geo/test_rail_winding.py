"""Winding-factor calibration (geo/routing/winding.py): pooled factor, leave-one-out errors, stored estimates."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

from geo.core.errors import DatasetError
from geo.dataset import load_dataset
from geo.routing import format_km
from geo.routing.winding import (
    Run,
    calibrate,
    calibrate_data_dir,
    estimate_source,
    factor_of,
    is_calibrated_estimate,
    official_runs,
    rewrite_estimates,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"


def test_factor_is_pooled_over_the_runs():
    runs = [Run("A", "s1", 110.0, 100.0, 2), Run("B", "s2", 390.0, 300.0, 3)]
    assert factor_of(runs) == pytest.approx(500 / 400)  # not the mean of 1.1 and 1.3


def test_leave_one_out_calibrates_without_the_held_out_run():
    runs = [Run("A", "s1", 110.0, 100.0, 2), Run("B", "s2", 130.0, 100.0, 2), Run("C", "s3", 120.0, 100.0, 2)]
    calibration = calibrate(runs)
    first = calibration.held_out[0]
    assert first.factor == pytest.approx(250 / 200)
    assert first.estimate_km == pytest.approx(125.0)
    assert first.error == pytest.approx(125 / 110 - 1)
    assert calibration.factor == pytest.approx(360 / 300)
    errors = sorted(abs(h.error) for h in calibration.held_out)
    assert calibration.median_error == pytest.approx(errors[1])
    assert calibration.worst.run.line in {"A", "B"}


def test_calibration_needs_two_runs():
    with pytest.raises(ValueError, match="at least two"):
        calibrate([Run("A", "s", 1.0, 1.0, 1)])
    with pytest.raises(ValueError, match="no official run"):
        factor_of([])


def test_runs_group_official_and_prorata_segments_by_line_and_source():
    coords = {"a": (50.0, 30.0), "b": (50.0, 31.0), "c": (50.0, 32.0)}
    rows = [{"line": "L", "from_id": "a", "to_id": "b", "km": "80", "km_basis": "prorata", "km_source": "posts"},
            {"line": "L", "from_id": "b", "to_id": "c", "km": "90", "km_basis": "prorata", "km_source": "posts"},
            {"line": "M", "from_id": "a", "to_id": "c", "km": "160", "km_basis": "official", "km_source": "book"},
            {"line": "L", "from_id": "a", "to_id": "c", "km": "150", "km_basis": "estimate", "km_source": "x"}]
    (run_l, run_m) = official_runs(coords, rows)
    assert (run_l.km, run_l.segments, run_m.km, run_m.segments) == (170.0, 2, 160.0, 1)
    assert run_l.chord_km == pytest.approx(2 * 71.7, abs=0.5)  # a degree of longitude at 50°N is ~71.7 km


def test_stored_estimates_are_up_to_date(tmp_path):
    """Rewriting the estimates of a copy changes nothing: the data matches its own calibration."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("mentions", "articles"))
    _, changed = rewrite_estimates(copy)
    assert changed == 0
    assert (copy / "rail_segments.csv").read_bytes() == (DATA / "rail_segments.csv").read_bytes()


def _with_prorata_scaled(tmp_path: Path, scale: float) -> tuple[Path, list[dict]]:
    """A copy of the data whose pro-rata shares are ``scale`` times as long, and its rail_segments rows."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("mentions", "articles"))
    path = copy / "rail_segments.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    for row in rows:
        if row["km_basis"] == "prorata":
            row["km"] = f"{float(row['km']) * scale:.1f}"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return copy, rows


def test_editing_an_official_run_changes_the_estimates(tmp_path):
    copy, rows = _with_prorata_scaled(tmp_path, 1.1)
    path = copy / "rail_segments.csv"
    sourced = [r for r in rows if r["km_basis"] == "estimate" and not r["km_source"].startswith("geodesic")]
    calibration, changed = rewrite_estimates(copy)
    assert changed > 100
    assert calibration.factor > calibrate_data_dir(DATA).factor
    after = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    assert [r for r in after if r["km_basis"] == "estimate" and not r["km_source"].startswith("geodesic")] == sourced


def test_docs_report_the_measured_calibration():
    """docs/railway.md shows the table the code measures (so the reported error cannot go stale)."""
    calibration = calibrate_data_dir(DATA)
    doc = (ROOT / "docs" / "railway.md").read_text(encoding="utf-8")
    assert calibration.table() in doc
    assert len(calibration.runs) >= 19


@pytest.mark.parametrize(("km_basis", "km_source", "message"), [
    ("prorata", "a source (https://example.org): line length 10 km", "single segment"),
    ("official", "", "cites no source"),
    ("measured", "x", "not one of the allowed values"),
])
def test_validator_checks_the_km_vocabulary(tmp_path, km_basis, km_source, message):
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy, ignore=shutil.ignore_patterns("mentions"))
    path = copy / "rail_segments.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8", newline="")))
    target = next(r for r in rows if r["line"] == "Pyongui line (Pyongyang–Sinuiju)")
    target["km_basis"], target["km_source"] = km_basis, km_source
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(DatasetError, match=message):
        load_dataset(copy)


@pytest.mark.parametrize(("km", "official", "decimals", "text"), [
    (766.0, True, 1, "766.0 km"), (1149.6, False, 0, "≈ 1,150 km"), (221.54, False, 1, "≈ 221.5 km")])
def test_format_km_marks_approximate_lengths(km, official, decimals, text):
    assert format_km(km, official, decimals) == text


def test_no_source_is_an_internal_key():
    """km_source cites the publication itself (title, URL), never a key of the curators' notes."""
    text = (DATA / "rail_segments.csv").read_text(encoding="utf-8")
    assert not re.search(r"\bS\d{2}\b", text)


def test_two_runs_are_enough_to_calibrate():
    runs = [Run("A", "s1", 110.0, 100.0, 2), Run("B", "s2", 130.0, 100.0, 2)]
    calibration = calibrate(runs)
    assert [h.factor for h in calibration.held_out] == [pytest.approx(1.3), pytest.approx(1.1)]
    assert calibration.factor == pytest.approx(1.2)


def test_runs_are_found_after_an_estimate_row():
    coords = {"a": (50.0, 30.0), "b": (50.0, 31.0), "c": (50.0, 32.0)}
    rows = [{"line": "L", "from_id": "a", "to_id": "b", "km": "75", "km_basis": "estimate", "km_source": "x"},
            {"line": "L", "from_id": "b", "to_id": "c", "km": "80", "km_basis": "official", "km_source": "book"}]
    (run,) = official_runs(coords, rows)
    assert (run.line, run.source, run.km, run.segments) == ("L", "book", 80.0, 1)


def test_only_an_estimate_row_with_a_geodesic_source_is_a_calibrated_estimate():
    """Rows as the csv module reads them (fresh strings): an official or an unset basis is never rewritten, even
    with a source that begins like a calibrated one."""
    source = estimate_source(1.2)
    text = "km_basis,km_source\n" + "".join(f"{basis},{source}\n" for basis in ("estimate", "official", "prorata", ""))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [is_calibrated_estimate(row) for row in rows] == [True, False, False, False]
    assert not is_calibrated_estimate({"km_basis": "estimate", "km_source": "a survey map (1998): 120 km"})


def test_shortening_an_official_run_rewrites_and_counts_every_estimate(tmp_path):
    copy, rows = _with_prorata_scaled(tmp_path, 0.9)
    calibration, changed = rewrite_estimates(copy)
    assert calibration.factor < calibrate_data_dir(DATA).factor
    after = list(csv.DictReader((copy / "rail_segments.csv").open(encoding="utf-8", newline="")))
    shorter = [(a, b) for a, b in zip(rows, after, strict=True) if a != b]
    assert changed == len(shorter) > 100
    assert all(float(b["km"]) <= float(a["km"]) for a, b in shorter)  # a lower factor shortens every estimate
    assert rewrite_estimates(copy)[1] == 0


def test_the_table_names_a_run_by_its_source_with_or_without_a_citation():
    runs = [Run("A", "Book (1990): km posts X 10 → Y 120", 110.0, 100.0, 2), Run("B", "line length", 130.0, 100.0, 2)]
    table = calibrate(runs).table()
    assert "| A: km posts X 10 → Y 120 |" in table
    assert "| B: line length |" in table
