"""The ranges every number, date, ID and period from content or configuration must fall in.

Content comes from pull requests, so a value that YAML reads happily (a budget of 10^400, a
campaign starting in year 1, an ID of 10,000 characters) must not reach date arithmetic, money
formatting or the file system. Each range is checked where the value is read (coerce, actuals,
freshness, config) and a value outside it is a diagnostic at its file:line:column, never an
exception. The rules reference prints these numbers (see :func:`limits`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

#: Largest magnitude of a money amount, a link weight, a KPI value or target: 10^15 (a thousand
#: trillion) is beyond any marketing budget and far inside a float's exact integers (2^53).
MAX_NUMBER = 10**15
#: Longest ID, in characters: an ID becomes a file name and a URL (file systems allow 255 bytes).
MAX_ID_CHARS = 100
#: Default window of years for every date and period (campaign dates, milestones, plan periods,
#: budget and actuals periods, last_reviewed, the ``today`` option); ``date_window`` changes it.
DEFAULT_FIRST_YEAR = 1900
DEFAULT_LAST_YEAR = 2200
#: The widest window configuration may set: date arithmetic (a year ahead, a quarter's end,
#: a review cadence) must stay inside Python's years 1–9999.
MIN_YEAR = 1000
MAX_YEAR = 9000


@dataclass(frozen=True, slots=True)
class DateWindow:
    """The years dates and periods may fall in, both inclusive."""

    first: int = DEFAULT_FIRST_YEAR
    last: int = DEFAULT_LAST_YEAR

    def __str__(self) -> str:
        return f"{self.first}–{self.last}"

    def has_year(self, year: int) -> bool:
        return self.first <= year <= self.last

    def has(self, day: dt.date) -> bool:
        return self.first <= day.year <= self.last

    def problem(self, day: dt.date) -> str | None:
        """Why ``day`` is refused ("year 9999 is outside 1900–2200"), or None."""
        return None if self.has(day) else f"year {day.year} is outside {self}"

    def hint(self) -> str:
        return (
            f"dates are between {self.first}-01-01 and {self.last}-12-31 (a typo in the year?); "
            "the plugin option date_window changes the range"
        )


DEFAULT_WINDOW = DateWindow()


def number_problem(value: float) -> str | None:
    """Why a number is refused (not finite, or beyond ±10^15), or None."""
    if not math.isfinite(value):
        return "is not a finite number"
    if abs(value) > MAX_NUMBER:
        return f"is larger than {MAX_NUMBER:,}" if value > 0 else f"is below -{MAX_NUMBER:,}"
    return None


NUMBER_HINT = f"numbers are at most {MAX_NUMBER:,} (10^15) in size: check for extra digits"


def limits(window: DateWindow = DEFAULT_WINDOW) -> list[tuple[str, str, str]]:
    """(what, range, rule code) of every bound, for the rules reference."""
    return [
        ("Money, link weights, KPI values and targets", f"finite, at most {MAX_NUMBER:,} (10^15) in size", "GT150"),
        ("Dates and periods", f"years {window} (plugin option date_window; default {DEFAULT_WINDOW})", "GT151"),
        ("IDs", f"at most {MAX_ID_CHARS} characters", "GT013"),
    ]
