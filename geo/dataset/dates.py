"""Dates at the precision the sources give: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["PRECISIONS", "UNKNOWN_DATE", "date_range", "parse_partial_date", "precision_of"]

PRECISIONS = ("year", "month", "day")
#: The ``published_precision`` of an article whose date is not known (its ``published`` is then empty): such an
#: article is kept and listed as undated, off the timeline.
UNKNOWN_DATE = "unknown"
_FORMS = {
    "year": re.compile(r"\d{4}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
}


def precision_of(value: str) -> str | None:
    """The precision a date string is written at (``"year"``, ``"month"``, ``"day"``), or None if it is none."""
    for precision, form in _FORMS.items():
        if form.fullmatch(value):
            return precision
    return None


def parse_partial_date(value: str) -> tuple[date, date]:
    """First and last day covered by a partial date: ``"1986-12"`` → (1986-12-01, 1986-12-31).

    Raises ValueError naming the value and the accepted forms.
    """
    precision = precision_of(value)
    if precision is None:
        raise ValueError(f"{value!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    parts = [int(p) for p in value.split("-")]
    year = parts[0]
    if not 1 <= year <= 9999:
        raise ValueError(f"{value!r}: year out of range")
    if precision == "year":
        return date(year, 1, 1), date(year, 12, 31)
    month = parts[1]
    if not 1 <= month <= 12:
        raise ValueError(f"{value!r}: month {month} does not exist")
    last = calendar.monthrange(year, month)[1]
    if precision == "month":
        return date(year, month, 1), date(year, month, last)
    day = parts[2]
    if not 1 <= day <= last:
        raise ValueError(f"{value!r}: day {day} does not exist in {year}-{month:02d}")
    return date(year, month, day), date(year, month, day)


def date_range(value: str, precision: str | None = None) -> tuple[date, date]:
    """Like :func:`parse_partial_date`, also checking that ``value`` is written at ``precision``."""
    first, last = parse_partial_date(value)
    if precision is not None and precision_of(value) != precision:
        raise ValueError(f"{value!r} is written at {precision_of(value)} precision, not {precision!r}")
    return first, last
