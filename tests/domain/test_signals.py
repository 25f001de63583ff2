"""Feedback signals on a fixed "today", each kind with its near misses.

The wiki is :data:`wikis.KPI_WIKI`, read on :data:`wikis.KPI_TODAY` (2026-07-15); every expected
signal below is worked out by hand in its comment.
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenthread.domain.kpis import scorecards
from goldenthread.domain.signals import (
    ENDED_WITHOUT_ACTUALS,
    KPI_OFF_TRACK,
    LEADING_WRONG_WAY,
    NO_ACTIVE_CAMPAIGN,
    OVER_BUDGET,
    SPENDING_AHEAD,
    Signal,
    feedback_signals,
    quarter_of,
)
from wikis import KPI_TODAY, KPI_WIKI, edit


def signals_for(result) -> list[Signal]:
    a = result.analysis
    return feedback_signals(a.graph, a.actuals, scorecards(a.model, a.actuals, a.settings), a.settings)


@pytest.fixture
def found(write_content, check) -> list[Signal]:
    result = check(write_content(KPI_WIKI), today=KPI_TODAY)
    assert not result.diagnostics, result.dump()
    return signals_for(result)


def edited(name: str, old: str, new: str) -> dict[str, str]:
    """:data:`KPI_WIKI` with one change to one file (which must contain ``old`` once)."""
    return edit(KPI_WIKI, name, old, new)


def by_kind(signals: list[Signal], kind: str) -> list[Signal]:
    return [s for s in signals if s.kind == kind]


def test_every_signal_in_order(found):
    assert [(s.kind, s.subject) for s in found] == [
        (KPI_OFF_TRACK, "OBJ-COST"),
        (OVER_BUDGET, "CMP-C"),  # spend without a planned budget sorts first
        (OVER_BUDGET, "CMP-A"),
        (SPENDING_AHEAD, "CMP-B"),
        (ENDED_WITHOUT_ACTUALS, "CMP-D"),
        (NO_ACTIVE_CAMPAIGN, "OBJ-COST"),
        (LEADING_WRONG_WAY, "KPI-VISITS"),
    ]


def test_kpi_off_track_two_periods_running(found):
    # KPI-COST for OBJ-COST: May progress (99-100)/(80-100) = 5%, June (101-100)/(80-100) = -5%,
    # both below 0.4 x expected (41% and 49% of the year gone); OBJ-LEADS was off track in Q1 only.
    (signal,) = by_kind(found, KPI_OFF_TRACK)
    assert signal.related == ("KPI-COST",)
    assert signal.message == (
        "KPI-COST is off track for the target 80 by 2026-12-31: progress 5% in 2026-05 "
        "and -5% in 2026-06, against 49% expected by then."
    )


def test_over_budget_above_the_share_only(found):
    over = {s.subject: s for s in by_kind(found, OVER_BUDGET)}
    # CMP-A: 5,000 + 6,200 = 11,200 against 10,000 planned: 12% over (> 10%).
    # CMP-B: 5,000 + 6,000 = 11,000 against 10,000: exactly 10%, not more: no signal.
    # CMP-C: 500 spent, no budget planned.
    assert set(over) == {"CMP-A", "CMP-C"}
    assert over["CMP-A"].message == "11,200 spent against a planned 10,000: 12% over (the allowed share is 10%)."
    assert over["CMP-A"].weight == pytest.approx(0.12)
    assert over["CMP-C"].message == "500 spent with no planned budget."


def test_over_budget_share_is_configurable(write_content, check):
    result = check(write_content(KPI_WIKI), today=KPI_TODAY, over_budget_share=0.05)
    assert {s.subject for s in by_kind(signals_for(result), OVER_BUDGET)} == {"CMP-A", "CMP-B", "CMP-C"}
    result = check(write_content(KPI_WIKI), today=KPI_TODAY, over_budget_share=0.15)
    assert {s.subject for s in by_kind(signals_for(result), OVER_BUDGET)} == {"CMP-C"}


def test_spending_ahead_of_plan(found):
    # CMP-B: 10,000 spread over 2026 by days; through July (212 of 365 days) 5,808 is planned,
    # and 11,000 is spent (Q1 5,000 + Q2 6,000): 89% ahead, though only 10% over the whole budget.
    # Not CMP-A: 12% over its whole budget, which the over-budget signal reports.
    (signal,) = by_kind(found, SPENDING_AHEAD)
    assert signal.subject == "CMP-B"
    assert signal.message == (
        "11,000 spent through 2026-07 against 5,808 planned by then: 89% ahead of plan, 110% of its whole budget."
    )
    assert signal.weight == pytest.approx(11000 / (10000 * 212 / 365) - 1)


def test_spending_ahead_only_where_the_budget_has_a_pace(write_content, check):
    # within the share of what is planned by now: no signal
    on_pace = edited("actuals/2026.csv", "spend,CMP-B,2026-Q2,6000,", "spend,CMP-B,2026-Q2,1000,")
    assert not by_kind(signals_for(check(write_content(on_pace), today=KPI_TODAY)), SPENDING_AHEAD)
    # money with neither a period nor dates cannot be placed in time, so it has no pace
    result = check(write_content(KPI_WIKI), today="2026-02-15")
    assert not [s for s in by_kind(signals_for(result), SPENDING_AHEAD) if s.subject == "CMP-C"]
    # spend before the first planned month
    early = edited("actuals/2026.csv", "spend,CMP-B,2026-Q1,5000,", "spend,CMP-B,2025-12,500,")
    result = check(write_content(early), today="2025-12-20")
    (signal,) = by_kind(signals_for(result), SPENDING_AHEAD)
    assert (
        signal.message == "500 spent through 2025-12, before any of its budget is planned "
        "(the first planned month is 2026-01)."
    )


def test_campaign_ended_without_actuals(found):
    # CMP-D ended 2026-06-30 with no spend. Not: CMP-A (ended, has spend), CMP-E (cancelled),
    # CMP-F (ends today), CMP-C (ends in August).
    (signal,) = by_kind(found, ENDED_WITHOUT_ACTUALS)
    assert signal.subject == "CMP-D"
    assert signal.message == "Ended 2026-06-30 (15 days ago); no spend is recorded against a planned 5,000."


def test_objective_with_no_active_campaign_this_quarter(found):
    # 2026-Q3: OBJ-COST's campaigns ended (A in May, D in June) or were cancelled (E).
    # OBJ-LEADS has CMP-B (active); OBJ-FUTURE's horizon starts in 2027, so it is not in force yet.
    (signal,) = by_kind(found, NO_ACTIVE_CAMPAIGN)
    assert signal.subject == "OBJ-COST"
    assert signal.message == "No campaign serves it in 2026-Q3 (3 campaigns in all)."


def test_a_planned_campaign_starting_this_quarter_counts(write_content, check):
    # Without CMP-B, OBJ-LEADS still has CMP-G (planned, starts 2026-07-01) and CMP-C (ends 08-31).
    files = edited("plan.yml", "    status: active\n", "    status: paused\n")
    found = signals_for(check(write_content(files), today=KPI_TODAY))
    assert [s.subject for s in by_kind(found, NO_ACTIVE_CAMPAIGN)] == ["OBJ-COST"]


def test_no_active_campaign_names_the_next_one(write_content, check):
    files = edited(
        "plan.yml",
        "    supports: [OBJ-COST]\n    start: 2026-03-01\n    end: 2026-06-30\n",
        "    supports: [OBJ-COST]\n    start: 2026-10-05\n    end: 2026-12-20\n",
    )
    result = check(write_content(files), today=KPI_TODAY)
    (signal,) = by_kind(signals_for(result), NO_ACTIVE_CAMPAIGN)
    assert signal.related == ("CMP-D",)
    assert signal.message == (
        "No campaign serves it in 2026-Q3 (3 campaigns in all; the next, CMP-D, starts 2026-10-05)."
    )


def test_leading_kpi_moving_the_wrong_way(found):
    # KPI-VISITS (up) went 500 -> 480 -> 450 and leads to KPI-LEADS (OBJ-LEADS, OBJ-FUTURE).
    # KPI-CTR went 2.7 -> 3.0 -> 2.8: one step the wrong way only.
    (signal,) = by_kind(found, LEADING_WRONG_WAY)
    assert signal.subject == "KPI-VISITS"
    assert signal.related == ("KPI-LEADS", "OBJ-FUTURE", "OBJ-LEADS")
    assert signal.message == (
        "Should rise, but moved the other way twice: 500 (2026-04) → 480 (2026-05) → "
        "450 (2026-06). It leads to KPI-LEADS (OBJ-FUTURE, OBJ-LEADS)."
    )


def test_a_falling_kpi_going_up_is_the_wrong_way(write_content, check):
    files = edited(
        "strategy.yml",
        "    title: Cost per lead\n    unit: USD\n    direction: down\n",
        "    title: Cost per lead\n    unit: USD\n    direction: down\n    leads_to: [KPI-LEADS]\n",
    )
    found = signals_for(check(write_content(files), today=KPI_TODAY))
    # 97 -> 99 -> 101 (April to June): up twice, and lower is better.
    assert {s.subject for s in by_kind(found, LEADING_WRONG_WAY)} == {"KPI-VISITS", "KPI-COST"}
    cost = next(s for s in found if s.subject == "KPI-COST")
    assert cost.message.startswith("Should fall, but moved the other way twice: 97 (2026-04) → 99 (2026-05)")


def test_nothing_to_signal_without_actuals(write_content, check):
    files = {**KPI_WIKI, "actuals/2026.csv": "kind,id,period,value\n"}
    found = signals_for(check(write_content(files), today=KPI_TODAY))
    # Only the content-based signals remain: CMP-D ended without spend, and now CMP-A too.
    assert [(s.kind, s.subject) for s in found] == [
        (ENDED_WITHOUT_ACTUALS, "CMP-A"),
        (ENDED_WITHOUT_ACTUALS, "CMP-D"),
        (NO_ACTIVE_CAMPAIGN, "OBJ-COST"),
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 26), (dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4")),
        (dt.date(2026, 1, 1), (dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-Q1")),
        (dt.date(2028, 2, 29), (dt.date(2028, 1, 1), dt.date(2028, 3, 31), "2028-Q1")),
        (dt.date(2026, 9, 30), (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "2026-Q3")),
    ],
)
def test_quarter_of(day, expected):
    assert quarter_of(day) == expected
