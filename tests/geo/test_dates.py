"""Partial dates (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``): the span each covers, and the exact limits of what exists."""

from __future__ import annotations

import re
from datetime import date

import pytest

from geo.dataset.dates import date_range, parse_partial_date, precision_of


@pytest.mark.parametrize(("value", "precision"), [
    ("2019", "year"), ("2019-04", "month"), ("2019-04-24", "day"),
    ("19", None), ("2019-4", None), ("2019-04-2", None), ("2019/04/24", None), ("", None), ("24 April 2019", None),
])
def test_precision_is_read_from_the_form(value: str, precision: str | None) -> None:
    assert precision_of(value) == precision


@pytest.mark.parametrize(("value", "first", "last"), [
    ("2019", date(2019, 1, 1), date(2019, 12, 31)),
    ("1986-12", date(1986, 12, 1), date(1986, 12, 31)),
    ("2019-04", date(2019, 4, 1), date(2019, 4, 30)),
    ("2019-01", date(2019, 1, 1), date(2019, 1, 31)),
    ("2020-02", date(2020, 2, 1), date(2020, 2, 29)),
    ("2019-04-24", date(2019, 4, 24), date(2019, 4, 24)),
    ("2019-04-01", date(2019, 4, 1), date(2019, 4, 1)),
    ("2019-04-30", date(2019, 4, 30), date(2019, 4, 30)),
    ("2020-02-29", date(2020, 2, 29), date(2020, 2, 29)),
    ("0001", date(1, 1, 1), date(1, 12, 31)),
    ("9999-12-31", date(9999, 12, 31), date(9999, 12, 31)),
])
def test_a_partial_date_covers_its_first_to_last_day(value: str, first: date, last: date) -> None:
    assert parse_partial_date(value) == (first, last)
    assert date_range(value) == (first, last)


@pytest.mark.parametrize(("value", "message"), [
    ("24 April 2019", "'24 April 2019' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"),
    ("0000", "'0000': year out of range"),
    ("0000-01-01", "'0000-01-01': year out of range"),
    ("2019-00", "'2019-00': month 0 does not exist"),
    ("2019-13", "'2019-13': month 13 does not exist"),
    ("2019-13-01", "'2019-13-01': month 13 does not exist"),
    ("2019-04-00", "'2019-04-00': day 0 does not exist in 2019-04"),
    ("2019-04-31", "'2019-04-31': day 31 does not exist in 2019-04"),
    ("2019-02-29", "'2019-02-29': day 29 does not exist in 2019-02"),
])
def test_a_date_that_does_not_exist_is_refused_with_the_reason(value: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_partial_date(value)


@pytest.mark.parametrize("cells", ["2019,year", "2019-04,month", "2019-04-24,day"])
def test_a_date_written_at_its_stated_precision_is_accepted(cells: str) -> None:
    value, precision = cells.split(",")  # read from a file: equal to the names, not the same objects
    assert date_range(value, precision) == parse_partial_date(value)


@pytest.mark.parametrize(("value", "precision", "message"), [
    ("2019-04", "day", "'2019-04' is written at month precision, not 'day'"),
    ("2019-04-24", "month", "'2019-04-24' is written at day precision, not 'month'"),
    ("2019", "month", "'2019' is written at year precision, not 'month'"),
])
def test_a_date_written_at_another_precision_is_refused(value: str, precision: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        date_range(value, precision)
