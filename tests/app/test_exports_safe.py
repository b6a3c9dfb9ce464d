"""CSV downloads never carry a cell that a spreadsheet would execute as a formula (CSV injection)."""

from __future__ import annotations

import csv
import io

import pandas as pd

from components.exports import spreadsheet_safe_csv


def test_formula_cells_are_neutralised_and_numbers_kept() -> None:
    rows = pd.DataFrame({"title": ["=HYPERLINK(\"http://x\")", "+1+2", "@SUM(A1)", "-cmd", "Khasan", "a=b"],
                         "km": [1.5, -2.0, 3.0, 4.0, 5.0, 6.0]})
    parsed = list(csv.DictReader(io.StringIO(spreadsheet_safe_csv(rows))))
    assert [r["title"] for r in parsed] == ["'=HYPERLINK(\"http://x\")", "'+1+2", "'@SUM(A1)", "'-cmd", "Khasan", "a=b"]
    assert [float(r["km"]) for r in parsed] == [1.5, -2.0, 3.0, 4.0, 5.0, 6.0]
