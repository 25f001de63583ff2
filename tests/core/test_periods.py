"""One period grammar (core/periods.py) for budget lines and actuals; each use admits some grains."""

from __future__ import annotations

import datetime as dt

import pytest

from goldenthread.core.bounds import DEFAULT_WINDOW
from goldenthread.core.periods import budget_period, read_period
from goldenthread.domain.actuals import parse_period
from goldenthread.domain.budget import period_range
from wikis import VALID_WIKI

D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "normal", "grain"),
    [
        ("2027", D(2027, 1, 1), D(2027, 12, 31), "2027", "year"),
        ("2027-q2", D(2027, 4, 1), D(2027, 6, 30), "2027-Q2", "quarter"),
        ("2028-02", D(2028, 2, 1), D(2028, 2, 29), "2028-02", "month"),
        (" 2027-12-31 ", D(2027, 12, 31), D(2027, 12, 31), "2027-12-31", "day"),
    ],
)
def test_read_period(text: str, start: dt.date, end: dt.date, normal: str, grain: str) -> None:
    period, problem = read_period(text)
    assert period is not None and problem == ""
    assert (period.start, period.end, period.text, period.grain) == (start, end, normal, grain)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2027-13", "the month must be 01 to 12"),
        ("2027-02-30", "2027-02-30 is not a real date: check the day"),
        ("0000", "the year must be between 1000 and 9000"),
        ("0000-Q1", "the year must be between 1000 and 9000"),
        ("9999-Q4", "the year must be between 1000 and 9000"),  # its end, 9999-12-31, is the last date
        ("0001-01", "the year must be between 1000 and 9000"),
        ("Q1 2027", ""),
        ("", ""),
    ],
)
def test_read_period_refuses(text: str, problem: str) -> None:
    assert read_period(text) == (None, problem)


def test_budget_periods_are_years_quarters_and_months_in_normal_form() -> None:
    assert [budget_period(t) is not None for t in ("2027", "2027-Q1", "2027-03", " 2027-03 ")] == [True] * 4
    assert [budget_period(t) for t in ("2027-q1", "2027-03-01", "2027-3", "0000", "0000-03")] == [None] * 5
    assert period_range("2027-Q1") == (D(2027, 1, 1), D(2027, 3, 31))


def test_actuals_take_quarters_months_and_days_not_years() -> None:
    assert [parse_period(t)[0] is not None for t in ("2027-q1", "2027-03", "2027-03-01")] == [True] * 3
    assert parse_period("2027")[0] is None
    assert parse_period("0000-03") == (None, DEFAULT_WINDOW.hint())  # outside the date window


def test_year_zero_is_a_diagnostic_not_a_crash(write_content, check) -> None:
    """Year 0000 passed the old budget and actuals patterns, then crashed building a date."""
    line = "      - {channel: email, amount: 10, period: '0000'}\n"
    plan = VALID_WIKI["plan.yml"].replace("    end: 2027-03-31\n", "    end: 2027-03-31\n    budget:\n" + line)
    docs = write_content({**VALID_WIKI, "plan.yml": plan, "actuals.csv": "kpi,KPI-SQL,0000-03,5\n"})
    r = check(docs)
    # outside the date window (core/bounds.py), reported as such, before any date is built
    assert r.where() == {("GT151", "content/plan.yml", 15, 46), ("GT151", "content/actuals.csv", 1, 13)}
    assert {d.message for d in r.of("GT151")} == {
        "budget period '0000': year 0 is outside 1900–2200",
        "period '0000-03': year 0 is outside 1900–2200",
    }
