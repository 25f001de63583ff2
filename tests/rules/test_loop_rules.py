"""Rules of the strategy <-> plan loop, each at its exact file:line:column.

GT170/GT171 review cadence, GT172 unmeasured value proposition, GT173 positioning without an
alternative, GT180–GT185 feedback signals as info diagnostics (promotable per rule).
"""

from __future__ import annotations

from textwrap import dedent

import pytest
import yaml

from goldenthread.core.config import ConfigError, parse_settings
from goldenthread.core.diagnostics import RULES, Severity

C = "content/"

PLAN = """\
plans:
  - id: PLAN-2027
    title: Plan 2027
    owner: "@dana"
    period: {start: 2027-01-01, end: 2027-12-31}
    currency: USD
    budget: 100000
campaigns:
  - id: CMP-ONE
    title: Campaign one
    plan: PLAN-2027
    supports: [OBJ-GROW]
    start: 2027-02-01
    end: 2027-09-30
"""


def reviews(*entries: tuple[str, str, str, str]) -> str:
    """A reviews file: (id, date, kind, covers)."""
    out = "reviews:\n"
    for ident, day, kind, covers in entries:
        out += f"  - id: {ident}\n    title: r\n    date: {day}\n    kind: {kind}\n    covers: [{covers}]\n"
    return out


def where(result, code: str) -> list[tuple[str, int, int]]:
    return [(d.file, d.line, d.column) for d in result.of(code)]


# -- GT170: monthly plan review ---------------------------------------------------------------
def test_gt170_plan_without_monthly_review_at_the_plan(write_content, check, valid_wiki):
    docs = write_content(
        {**valid_wiki, "plan.yml": PLAN, "reviews.yml": reviews(("REV-A", "2027-04-01", "monthly-plan", "CMP-ONE"))}
    )
    r = check(docs)  # today 2027-06-15: 75 days since the review that covered a campaign of the plan
    d = r.one("GT170")
    assert (d.file, d.line, d.column) == (C + "plan.yml", 2, 9)
    assert d.severity is Severity.WARNING
    assert d.item == "PLAN-2027"
    assert "since 2027-04-01" in d.message and "due by 2027-05-06" in d.message
    # the hint is a review entry that parses as YAML, for this plan, on today's date
    entry = yaml.safe_load(d.hint.split(":\n", 1)[1])
    assert entry == [
        {
            "id": "REV-2027-06-2027",
            "title": "June 2027 plan review: Plan 2027",
            "owner": "@dana",
            "date": __import__("datetime").date(2027, 6, 15),
            "kind": "monthly-plan",
            "covers": ["PLAN-2027"],
            "attendees": ["@dana"],
            "decisions": ["What was decided"],
        }
    ]


def test_gt170_clears_with_a_recent_review_and_honours_plan_review_days(write_content, check, valid_wiki):
    strategy = ("REV-S", "2027-05-01", "quarterly-strategy", "OBJ-GROW")
    recent = reviews(strategy, ("REV-A", "2027-05-20", "monthly-plan", "PLAN-2027"))
    docs = write_content({**valid_wiki, "plan.yml": PLAN, "reviews.yml": recent})
    assert not check(docs).of("GT170")  # 26 days ago: within 35, but not within 20
    assert where(check(docs, plan_review_days=20), "GT170") == [(C + "plan.yml", 2, 9)]
    assert not check(docs, rules={"plan-review-missed": "off"}, plan_review_days=20).of("GT170")


def test_gt170_only_for_plans_in_their_period_and_only_with_review_records(write_content, check, valid_wiki, tmp_path):
    later = PLAN.replace("2027-01-01, end: 2027-12-31", "2028-01-01, end: 2028-12-31").replace(
        "start: 2027-02-01\n    end: 2027-09-30", "start: 2028-02-01\n    end: 2028-09-30"
    )
    strategy = reviews(("REV-S", "2027-05-01", "quarterly-strategy", "OBJ-GROW"))
    assert not check(write_content({**valid_wiki, "plan.yml": later, "reviews.yml": strategy})).of("GT170")
    # no review records at all: the team does not keep them, nothing is checked
    r = check(write_content({**valid_wiki, "plan.yml": PLAN}, root=tmp_path / "none" / "content"))
    assert not r.of("GT170") and not r.of("GT171")


def test_gt170_grace_from_the_period_start(write_content, check, valid_wiki):
    june = PLAN.replace("2027-01-01, end: 2027-12-31", "2027-06-01, end: 2027-12-31").replace(
        "start: 2027-02-01", "start: 2027-06-02"
    )
    strategy = reviews(("REV-S", "2027-05-01", "quarterly-strategy", "OBJ-GROW"))
    docs = write_content({**valid_wiki, "plan.yml": june, "reviews.yml": strategy})
    assert not check(docs).of("GT170")  # started 14 days ago, first review due 2027-07-06
    assert where(check(docs, today="2027-07-07"), "GT170") == [(C + "plan.yml", 2, 9)]


# -- GT171: quarterly strategy review --------------------------------------------------------
def test_gt171_strategy_review_missed_at_the_strategy_page(write_content, check, valid_wiki):
    files = {
        **valid_wiki,
        "plan.yml": PLAN,
        "strategy/index.md": '---\nowner: "@dana"\n---\n# Strategy\n',
        "reviews.yml": reviews(
            ("REV-S", "2027-02-01", "quarterly-strategy", "OBJ-GROW"),
            ("REV-A", "2027-06-01", "monthly-plan", "PLAN-2027"),
        ),
    }
    r = check(write_content(files))
    d = r.one("GT171")
    assert (d.file, d.line, d.column) == (C + "strategy/index.md", 1, 1)
    assert "the last was held 2027-02-01, and the next was due by 2027-05-12" in d.message
    entry = yaml.safe_load(d.hint.split(":\n", 1)[1])
    assert entry[0]["kind"] == "quarterly-strategy" and entry[0]["covers"] == ["OBJ-GROW"]
    assert not check(write_content(files), strategy_review_days=200).of("GT171")


def test_gt171_without_a_strategy_page_points_at_the_first_objective(write_content, check, valid_wiki):
    files = {
        **valid_wiki,
        "plan.yml": PLAN,
        "reviews.yml": reviews(("REV-A", "2027-06-01", "monthly-plan", "PLAN-2027")),
    }
    r = check(write_content(files))
    assert where(r, "GT171") == [(C + "strategy.yml", 2, 9)]
    assert "none is recorded" in r.one("GT171").message


def test_review_days_must_be_whole_positive_numbers():
    for bad in (0, -1, 1.5, "35", True):
        with pytest.raises(ConfigError, match="plan_review_days"):
            parse_settings({"plan_review_days": bad})
    with pytest.raises(ConfigError, match="strategy_page"):
        parse_settings({"strategy_page": ""})
    s = parse_settings({"plan_review_days": 10, "strategy_review_days": 95, "strategy_page": "/why.md"})
    assert (s.plan_review_days, s.strategy_review_days, s.strategy_page) == (10, 95, "why.md")


# -- GT172: value proposition with no measure ------------------------------------------------
VPS = """\
audiences:
  - id: AUD-A
    title: A
value_propositions:
  - id: VP-VAGUE
    title: Vague
    audience: AUD-A
    benefit: A better close
    proof:
      - Customers love it
  - id: VP-BARE
    title: Bare
    audience: AUD-A
    benefit: Less stress
  - id: VP-KPI
    title: Measured
    audience: AUD-A
    benefit: Close faster
    kpi: KPI-SQL
  - id: VP-PROVEN
    title: Proven
    audience: AUD-A
    benefit: Close faster
    proof: ["112 customers: 8.7 to 4.1 days"]
"""


def test_gt172_value_proposition_without_kpi_or_quantified_proof(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "vps.yml": VPS}))
    assert where(r, "GT172") == [(C + "vps.yml", 10, 7), (C + "vps.yml", 14, 14)]
    vague, bare = r.of("GT172")
    assert (vague.item, bare.item) == ("VP-VAGUE", "VP-BARE")
    assert (
        vague.message == "value proposition VP-VAGUE is a promise with no measure: no kpi, and no proof states a number"
    )
    assert bare.message == "value proposition VP-BARE is a promise with no measure: no kpi and no proof"
    assert vague.severity is Severity.WARNING
    assert [
        d.severity for d in check(write_content({**valid_wiki, "vps.yml": VPS}), rules={"GT172": "info"}).of("GT172")
    ] == [Severity.INFO] * 2


# -- GT173: positioning without an alternative ----------------------------------------------
POSITIONING = """\
audiences:
  - id: AUD-A
    title: A
competitors:
  - id: COMP-X
    title: X
positionings:
  - id: POS-ALONE
    title: Alone
    audience: AUD-A
    category: Close software
    differentiator: Fast
  - id: POS-EMPTY
    title: Empty
    audience: AUD-A
    category: Close software
    differentiator: Fast
    alternatives: []
  - id: POS-AGAINST
    title: Against
    audience: AUD-A
    category: Close software
    differentiator: Fast
    alternatives: [COMP-X]
"""


def test_gt173_positioning_names_no_alternative(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "pos.yml": POSITIONING}))
    assert where(r, "GT173") == [(C + "pos.yml", 12, 21), (C + "pos.yml", 18, 19)]
    assert [d.item for d in r.of("GT173")] == ["POS-ALONE", "POS-EMPTY"]
    assert r.of("GT173")[0].severity is Severity.WARNING
    assert "alternatives: [COMP-…]" in r.of("GT173")[0].hint


# -- GT180–GT185: signals as info diagnostics -------------------------------------------------
SIGNALS = {"GT180", "GT181", "GT182", "GT183", "GT184", "GT185"}


def test_signal_rules_are_info_by_default():
    assert {c for c, r in RULES.items() if c.startswith("GT18")} == SIGNALS
    assert all(RULES[c].severity is Severity.INFO for c in SIGNALS)


def test_signals_are_info_diagnostics_at_their_subject(write_content, check, valid_wiki):
    ended = valid_wiki["plan.yml"]  # CMP-ONE ended 2027-03-31 with no spend; OBJ-GROW has no campaign in Q2
    r = check(write_content({**valid_wiki, "plan.yml": ended}), rules={c: "info" for c in SIGNALS})
    assert where(r, "GT183") == [(C + "plan.yml", 8, 9)]
    assert where(r, "GT184") == [(C + "strategy.yml", 2, 9)]
    d = r.one("GT183")
    assert d.severity is Severity.INFO and d.item == "CMP-ONE"
    assert d.message == "Campaign ended without actuals: CMP-ONE: Ended 2027-03-31 (76 days ago); no spend is recorded."
    assert r.analysis.counts() == (0, 0)


def test_a_signal_rule_is_promotable(write_content, check, valid_wiki):
    docs = write_content(dict(valid_wiki))
    r = check(docs, rules={"signal-ended-without-actuals": "error", "GT184": "warning"})
    assert r.one("GT183").severity is Severity.ERROR
    assert r.one("GT184").severity is Severity.WARNING
    assert r.analysis.counts() == (1, 1)


def test_over_budget_and_spending_ahead_and_leading_kpi(write_content, check, valid_wiki):
    plan = dedent("""\
        plans:
          - id: PLAN-2027
            title: Plan 2027
            period: {start: 2027-01-01, end: 2027-12-31}
            currency: USD
            budget: 100000
        campaigns:
          - id: CMP-OVER
            title: Over
            plan: PLAN-2027
            supports: [OBJ-GROW]
            start: 2027-01-01
            end: 2027-12-31
            budget: [{channel: ads, amount: 1000}]
            spend: [{period: 2027-03, amount: 5000}]
          - id: CMP-AHEAD
            title: Ahead
            plan: PLAN-2027
            supports: [OBJ-GROW]
            start: 2027-01-01
            end: 2027-12-31
            budget: [{channel: ads, amount: 12000, period: 2027}]
            spend: [{period: 2027-02, amount: 9000}]
        """)
    kpis = valid_wiki["strategy.yml"] + (
        "    actuals:\n      - {period: 2027-03, value: 30}\n      - {period: 2027-04, value: 20}\n"
        "      - {period: 2027-05, value: 10}\n"
    )
    r = check(write_content({**valid_wiki, "plan.yml": plan, "strategy.yml": kpis}), rules={c: "info" for c in SIGNALS})
    assert where(r, "GT181") == [(C + "plan.yml", 8, 9)]
    assert where(r, "GT182") == [(C + "plan.yml", 16, 9)]
    assert where(r, "GT185") == [(C + "strategy.yml", 11, 9)]
    assert r.one("GT185").related == ((C + "strategy.yml", 7, 9), (C + "strategy.yml", 2, 9))


@pytest.mark.parametrize(
    ("proof", "counts"),
    [
        ("8.7 to 4.1 days", True),
        ("$20,000 saved", True),
        ("40% fewer hours", True),
        ("the Q4 pilot", False),
        ("customers love it", False),
        ("H1 results", False),
    ],
)
def test_a_quantified_proof_states_a_number(proof, counts):
    from goldenthread.domain.promises import quantified

    assert quantified(proof) is counts


def test_gt180_kpi_off_track_at_the_objective(write_content, check, valid_wiki):
    strategy = valid_wiki["strategy.yml"].replace(
        "    targets:\n      - {kpi: KPI-SQL, target: 100}\n",
        "    horizon: {start: 2027-01-01, end: 2027-12-31}\n"
        "    targets:\n      - {kpi: KPI-SQL, baseline: 0, target: 100, by: 2027-12-31}\n",
    )
    strategy = strategy.replace(
        "    unit: count\n    direction: up\n  - id: KPI-MQL",
        "    unit: count\n    direction: up\n    actuals:\n      - {period: 2027-04, value: 1}\n"
        "      - {period: 2027-05, value: 2}\n  - id: KPI-MQL",
    )
    r = check(write_content({**valid_wiki, "strategy.yml": strategy}), rules={c: "info" for c in SIGNALS})
    assert where(r, "GT180") == [(C + "strategy.yml", 2, 9)]
    d = r.one("GT180")
    assert d.item == "OBJ-GROW" and d.severity is Severity.INFO
    assert d.message.startswith("KPI off track two periods running: OBJ-GROW: KPI-SQL is off track for the target 100")
    assert d.related == ((C + "strategy.yml", 8, 9),)  # KPI-SQL
