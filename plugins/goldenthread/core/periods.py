"""Periods: the one grammar for the years, quarters, months and days that content names.

A period is written ``YYYY``, ``YYYY-MM``, ``YYYY-Qn`` or ``YYYY-MM-DD``. Each use admits some
grains: a budget line a year, quarter or month (:func:`budget_period`); an actual a quarter,
month or day (``goldenthread.domain.actuals``, whose hints suit spreadsheet exports).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from .bounds import MAX_YEAR, MIN_YEAR

Grain = Literal["year", "quarter", "month", "day"]

_PERIOD_RE = re.compile(r"^(\d{4})(?:-(?:(\d{2})(?:-(\d{2}))?|[Qq]([1-4])))?$")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A year, quarter, month or day. Ordered by its end, then its start (so a month sorts
    before its quarter)."""

    end: dt.date
    start: dt.date
    #: normalised text: ``2026``, ``2026-Q1``, ``2026-03`` or ``2026-03-31``
    text: str

    @property
    def grain(self) -> Grain:
        if len(self.text) == 4:
            return "year"
        return "quarter" if "Q" in self.text else "day" if len(self.text) == 10 else "month"

    def overlaps(self, other: Period) -> bool:
        return self.start <= other.end and other.start <= self.end


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)


def period_year(text: str) -> int | None:
    """The year of a text written in the period grammar (whatever its month or day), else None."""
    m = _PERIOD_RE.match(text.strip())
    return int(m.group(1)) if m else None


def read_period(text: str) -> tuple[Period | None, str]:
    """(period, "") for a period in the grammar; (None, problem) when it has the shape but names
    no real month or day, or a year outside MIN_YEAR–MAX_YEAR (where date arithmetic is safe; the
    date window of core/bounds.py, checked by the callers, is narrower); (None, "") when it is not
    written as a period at all."""
    raw = text.strip()
    m = _PERIOD_RE.match(raw)
    if not m:
        return None, ""
    year = int(m.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None, f"the year must be between {MIN_YEAR} and {MAX_YEAR}"
    if m.group(4):
        q = int(m.group(4))
        return Period(month_end(year, 3 * q), dt.date(year, 3 * q - 2, 1), f"{year:04d}-Q{q}"), ""
    if m.group(2) is None:
        return Period(dt.date(year, 12, 31), dt.date(year, 1, 1), f"{year:04d}"), ""
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return None, "the month must be 01 to 12"
    if m.group(3) is None:
        return Period(month_end(year, month), dt.date(year, month, 1), f"{year:04d}-{month:02d}"), ""
    try:
        day = dt.date(year, month, int(m.group(3)))
    except ValueError:
        return None, f"{raw} is not a real date: check the day"
    return Period(day, day, day.isoformat()), ""


def budget_period(text: str) -> Period | None:
    """A budget line's period: a year, quarter or month, written in its normal form
    (``2027``, ``2027-Q1``, ``2027-03``); None otherwise."""
    period, _ = read_period(text)
    if period is None or period.grain == "day" or period.text != text.strip():
        return None
    return period
