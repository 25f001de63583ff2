"""KPI scorecards: progress, expected progress, status and trend, pinned to hand-computed values.

:data:`wikis.KPI_WIKI` (``tests/fixtures/wikis/kpis/``) is a small 2026 wiki whose actuals exercise
every status and every feedback signal on :data:`wikis.KPI_TODAY` (2026-07-15);
``test_signals.py``, ``test_actuals.py`` and ``test_kpis_site.py`` use it too.
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenthread.core.config import ConfigError, parse_settings
from goldenthread.domain.kpis import (
    AT_RISK,
    NO_DATA,
    OFF_TRACK,
    ON_TRACK,
    change,
    expected_progress,
    moving_wrong_way,
    progress,
    scorecards,
    status,
    status_counts,
)
from wikis import KPI_TODAY, KPI_WIKI

D = dt.date

#: 2026-01-01 to 2026-12-31
WINDOW = 364


# -- progress ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("baseline", "target", "actual", "direction", "expected"),
    [
        (14, 20, 17, "up", 0.5),
        (14, 20, 20, "up", 1.0),
        (14, 20, 23, "up", 1.5),  # beyond the target
        (14, 20, 11, "up", -0.5),  # moved away
        (58000, 40000, 52000, "down", 1 / 3),  # lower is better: the same formula
        (58000, 40000, 58000, "down", 0.0),
        (58000, 40000, 61000, "down", -1 / 6),
        (200, 200, 230, "up", 1.0),  # hold a value: at or better than the target
        (200, 200, 199, "up", 0.0),
        (80, 80, 79, "down", 1.0),
        (80, 80, 81, "down", 0.0),
    ],
)
def test_progress(baseline, target, actual, direction, expected):
    assert progress(baseline, target, actual, direction) == pytest.approx(expected)


def test_progress_at_the_baseline_of_a_falling_kpi_is_not_negative_zero():
    assert str(progress(58000, 52000, 58000, "down")) == "0.0"


@pytest.mark.parametrize(
    ("start", "by", "asof", "expected"),
    [
        (D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 30), 180 / WINDOW),
        (D(2026, 1, 1), D(2026, 12, 31), D(2025, 12, 31), 0.0),  # before the window: clamped
        (D(2026, 1, 1), D(2026, 12, 31), D(2027, 3, 31), 1.0),  # after the target date: clamped
        (D(2026, 1, 1), D(2026, 1, 1), D(2026, 1, 1), 1.0),  # a window of no days
        (D(2026, 1, 1), D(2025, 6, 1), D(2025, 5, 1), 0.0),
        (None, D(2026, 12, 31), D(2026, 6, 30), None),
        (D(2026, 1, 1), None, D(2026, 6, 30), None),
    ],
)
def test_expected_progress(start, by, asof, expected):
    result = expected_progress(start, by, asof)
    assert result == (pytest.approx(expected) if expected is not None else None)


@pytest.mark.parametrize(
    ("value", "expected", "result"),
    [
        (0.35, 0.5, ON_TRACK),  # exactly 0.7 x 0.5
        (0.3499, 0.5, AT_RISK),
        (0.2, 0.5, AT_RISK),  # exactly 0.4 x 0.5
        (0.1999, 0.5, OFF_TRACK),
        (-0.1, 0.5, OFF_TRACK),
        (1.2, 1.0, ON_TRACK),
        (0.0, 0.0, ON_TRACK),  # nothing expected yet
        (-0.01, 0.0, AT_RISK),  # ...but moving away from the target
        (0.0, None, ON_TRACK),  # no date to reach it by
        (-0.5, None, AT_RISK),
        (None, 0.5, NO_DATA),
    ],
)
def test_status_thresholds(value, expected, result):
    assert status(value, expected) == result


def test_status_with_configured_thresholds():
    # on track from 0.9 x 0.5 = 0.45, at risk from 0.5 x 0.5 = 0.25
    assert status(0.46, 0.5, on_track=0.9, at_risk=0.5) == ON_TRACK
    assert status(0.44, 0.5, on_track=0.9, at_risk=0.5) == AT_RISK
    assert status(0.25, 0.5, on_track=0.9, at_risk=0.5) == AT_RISK
    assert status(0.24, 0.5, on_track=0.9, at_risk=0.5) == OFF_TRACK


@pytest.mark.parametrize(
    ("values", "direction", "moved", "wrong"),
    [
        ([500, 480, 450], "up", "worse", True),
        ([100, 103, 105], "down", "worse", True),
        ([2.7, 3.0, 2.8], "up", "worse", False),  # one step only
        ([101, 99, 97], "down", "better", False),
        ([5, 5, 5], "up", "flat", False),
        ([5], "up", "", False),
        ([480, 450], "up", "worse", False),  # too few values for two steps
    ],
)
def test_trend(values, direction, moved, wrong):
    assert change(values, direction) == moved
    assert moving_wrong_way(values, direction) is wrong


# -- scorecards on the fixture wiki ----------------------------------------------------------------
@pytest.fixture
def cards(write_content, check):
    result = check(write_content(KPI_WIKI), today=KPI_TODAY)
    assert not result.diagnostics, result.dump()
    settings = result.analysis.settings
    return {(c.objective.id, c.kpi_id): c for c in scorecards(result.analysis.model, result.analysis.actuals, settings)}


def test_direction_down_scorecard_history(cards):
    card = cards[("OBJ-COST", "KPI-COST")]
    assert (card.baseline, card.target, card.by, card.start) == (100, 80, D(2026, 12, 31), D(2026, 1, 1))
    assert card.baseline_from == "target"
    # (period end - 2026-01-01) / 364 days; progress = (value - 100) / (80 - 100)
    expected = [
        ("2026-01", 30, 0.0, OFF_TRACK),  # 0 < 0.4 x 0.082
        ("2026-02", 58, 0.1, AT_RISK),  # 0.4 x 0.159 = 0.064 <= 0.1 < 0.7 x 0.159 = 0.111
        ("2026-03", 89, 0.05, OFF_TRACK),  # 0.05 < 0.4 x 0.245 = 0.098
        ("2026-04", 119, 0.15, AT_RISK),  # 0.131 <= 0.15 < 0.229
        ("2026-05", 150, 0.05, OFF_TRACK),  # < 0.165
        ("2026-06", 180, -0.05, OFF_TRACK),
    ]
    assert len(card.history) == len(expected)
    for point, (period, days, prog, stat) in zip(card.history, expected, strict=True):
        assert point.actual.period.text == period
        assert point.expected == pytest.approx(days / WINDOW)
        assert point.progress == pytest.approx(prog)
        assert point.status == stat, period
    assert card.status == OFF_TRACK
    assert card.off_track_running(2)
    assert not card.off_track_running(4)


def test_baseline_from_first_actual_and_by_from_horizon(cards):
    card = cards[("OBJ-LEADS", "KPI-LEADS")]
    assert (card.baseline, card.baseline_from, card.by) == (200, "first actual", D(2026, 12, 31))
    assert card.progress == pytest.approx(0.3)  # (230 - 200) / (300 - 200)
    assert card.expected == pytest.approx(180 / WINDOW)  # Q2 measured on 2026-06-30
    assert card.status == AT_RISK  # 0.198 <= 0.3 < 0.346
    assert [p.status for p in card.history] == [OFF_TRACK, AT_RISK]
    assert not card.off_track_running(2)


def test_before_the_horizon_nothing_is_expected(cards):
    card = cards[("OBJ-FUTURE", "KPI-LEADS")]
    assert card.expected == 0.0
    assert card.progress == 1.0  # holding 200: 230 is at or above it
    assert card.status == ON_TRACK


def test_status_counts(cards):
    assert status_counts(list(cards.values())) == {ON_TRACK: 1, AT_RISK: 1, OFF_TRACK: 1, NO_DATA: 0}


def test_no_actuals_is_no_data(write_content, check):
    files = {**KPI_WIKI, "actuals/2026.csv": "kind,id,period,value\n"}
    result = check(write_content(files), today=KPI_TODAY)
    cards = scorecards(result.analysis.model, result.analysis.actuals, result.analysis.settings)
    assert {c.status for c in cards} == {NO_DATA}
    assert all(c.progress is None and c.latest is None for c in cards)


def test_thresholds_are_configurable(write_content, check):
    result = check(write_content(KPI_WIKI), today=KPI_TODAY, kpi_on_track=0.5, kpi_at_risk=0.1)
    a = result.analysis
    by = {(c.objective.id, c.kpi_id): c for c in scorecards(a.model, a.actuals, a.settings)}
    assert by[("OBJ-LEADS", "KPI-LEADS")].status == ON_TRACK  # 0.3 >= 0.5 x 0.495
    assert by[("OBJ-COST", "KPI-COST")].status == OFF_TRACK  # -0.05 < 0.1 x 0.495


def test_actuals_after_today_are_left_out_of_scorecards(write_content, check):
    files = dict(KPI_WIKI)
    files["actuals/later.csv"] = "kpi,KPI-COST,2026-08,70\n"
    result = check(write_content(files), today=KPI_TODAY)
    assert result.one("GT127").line == 1
    a = result.analysis
    card = next(c for c in scorecards(a.model, a.actuals, a.settings) if c.kpi_id == "KPI-COST")
    assert card.latest is not None and card.latest.actual.period.text == "2026-06"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kpi_on_track": 0.3, "kpi_at_risk": 0.5}, "kpi_at_risk (0.5) must not be above kpi_on_track (0.3)"),
        ({"kpi_on_track": 1.5}, "kpi_on_track: 1.5 must be between 0 and 1"),
        ({"kpi_at_risk": "high"}, "kpi_at_risk: expected a number such as 0.7, not 'high'"),
        ({"over_budget_share": -0.1}, "over_budget_share: -0.1 must be between 0 and 100"),
        ({"over_budget_share": float("inf")}, "over_budget_share: inf must be between 0 and 100"),
        ({"kpi_on_track": float("nan")}, "kpi_on_track: nan must be between 0 and 1"),
    ],
)
def test_bad_threshold_options(options, message):
    with pytest.raises(ConfigError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
        parse_settings(options)


def test_threshold_defaults():
    s = parse_settings({})
    assert (s.kpi_on_track, s.kpi_at_risk, s.over_budget_share) == (0.7, 0.4, 0.1)
