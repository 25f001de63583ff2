"""The arithmetic behind the plan dashboards, against figures worked out by hand.

:data:`wikis.PLANS` (``tests/fixtures/wikis/dashboards/``) is a small wiki with two plans (EUR 2026
and USD 2027), a campaign split 2:1 between two objectives, budget lines with and without a period,
tactics that overrun their campaign, milestones, RACI mistakes, review dates and deliberate
misalignments, read on :data:`wikis.PLANS_TODAY`. The site tests (``test_dashboards_site.py``)
build the same wiki with MkDocs. Every expected number below is computed in the comment beside
it, not read from the output.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from git_helpers import git, git_repo, needs_git
from goldenthread.core.diagnostics import RULES, Severity
from goldenthread.domain import budget as bud
from goldenthread.domain import freshness as fr
from goldenthread.domain import misalignment as mis
from goldenthread.domain import raci as rc
from goldenthread.domain import timeline as tl
from goldenthread.views.dashboards import gantt_label
from wikis import PLANS, PLANS_TODAY, QUIET_RULES

D = dt.date
#: :data:`wikis.PLANS_TODAY` as a date.
PLANS_DAY = D.fromisoformat(PLANS_TODAY)


@pytest.fixture
def plans(write_content, check):
    return check(write_content(PLANS), today=PLANS_TODAY, rules=QUIET_RULES).analysis


# -- periods and pro-rating ---------------------------------------------------------------------
def test_period_ranges() -> None:
    assert bud.period_range("2027") == (D(2027, 1, 1), D(2027, 12, 31))
    assert bud.period_range("2027-Q1") == (D(2027, 1, 1), D(2027, 3, 31))
    assert bud.period_range("2027-Q4") == (D(2027, 10, 1), D(2027, 12, 31))
    assert bud.period_range("2028-02") == (D(2028, 2, 1), D(2028, 2, 29))
    assert bud.period_range("2027-12") == (D(2027, 12, 1), D(2027, 12, 31))
    assert bud.period_range("2027-13") is None
    assert bud.period_range("Q1") is None


def test_spread_by_days_pro_rates_across_months_and_quarters() -> None:
    # 2027-02-15..2027-05-14 is 14 + 31 + 30 + 14 = 89 days: 100 a day for 8,900
    months = bud.spread_by_days(8900, D(2027, 2, 15), D(2027, 5, 14))
    assert months == pytest.approx({"2027-02": 1400, "2027-03": 3100, "2027-04": 3000, "2027-05": 1400})
    assert bud.by_quarter(months) == pytest.approx({"2027-Q1": 4500, "2027-Q2": 4400})
    # Q4 is 31 + 30 + 31 = 92 days: 100 a day for 9,200
    q4 = bud.spread_by_days(9200, *bud.quarter_range("2027-Q4"))
    assert q4 == pytest.approx({"2027-10": 3100, "2027-11": 3000, "2027-12": 3100})
    # across a year end: 123 days from 2026-10-01 to 2027-01-31
    over_year = bud.spread_by_days(12300, D(2026, 10, 1), D(2027, 1, 31))
    assert bud.by_quarter(over_year) == pytest.approx({"2026-Q4": 9200, "2027-Q1": 3100})
    assert sum(bud.spread_by_days(1000, D(2027, 1, 1), D(2027, 1, 1)).values()) == 1000


def test_budget_lines_use_their_period_or_the_item_dates(plans) -> None:
    lines = bud.budget_lines(plans.model.items["CMP-SPREAD"])
    assert [(ln.amount, ln.period, ln.placed_by) for ln in lines] == [
        (8900, None, "dates"),
        (6000, "2027-07", "period"),
        (9200, "2027-Q4", "period"),
    ]
    assert lines[1].months == {"2027-07": 6000}


# -- budget per plan ------------------------------------------------------------------------------
def test_two_plans_side_by_side(plans) -> None:
    views = bud.plan_budgets(plans.graph)
    assert [pb.plan.id for pb in views] == ["PLAN-2026", "PLAN-2027"]  # by period start
    old, new = views
    assert (old.currency, old.budget, old.allocated, old.unallocated, old.over_allocated) == (
        "EUR",
        50000,
        12300,
        37700,
        0,
    )
    # 90,000 + 8,900 + 6,000 + 9,200 = 114,100 against 100,000
    assert (new.currency, new.budget, new.allocated, new.unallocated, new.over_allocated) == (
        "USD",
        100000,
        114100,
        0,
        14100,
    )


def test_campaign_split_two_to_one_is_never_counted_twice(plans) -> None:
    pb = bud.plan_budgets(plans.graph)[1]
    # CMP-SPLIT 90,000 at 2:1 -> 60,000 / 30,000; CMP-SPREAD 24,100 all to OBJ-KEEP
    assert pb.by_objective == pytest.approx({"OBJ-GROW": 60000, "OBJ-KEEP": 54100})
    assert sum(pb.by_objective.values()) == pytest.approx(pb.allocated)
    # tactic budgets (60,000 + 40,000) are a breakdown of CMP-SPLIT, not extra money
    assert pb.by_item == {"CMP-SPLIT": 90000, "CMP-SPREAD": 24100}


def test_budget_by_channel_owner_month_and_quarter(plans) -> None:
    old, new = bud.plan_budgets(plans.graph)
    assert new.by_channel == {"search": 90000, "email": 24100}
    assert new.by_owner == {"@priya": 90000, "@sam": 24100}
    # CMP-SPLIT 90,000 over 2027-01-01..03-31 (90 days): 31,000 / 28,000 / 31,000
    assert new.by_month == pytest.approx(
        {
            "2027-01": 31000,
            "2027-02": 28000 + 1400,
            "2027-03": 31000 + 3100,
            "2027-04": 3000,
            "2027-05": 1400,
            "2027-07": 6000,
            "2027-10": 3100,
            "2027-11": 3000,
            "2027-12": 3100,
        }
    )
    assert new.by_quarter == pytest.approx({"2027-Q1": 94500, "2027-Q2": 4400, "2027-Q3": 6000, "2027-Q4": 9200})
    assert old.by_quarter == pytest.approx({"2026-Q4": 9200, "2027-Q1": 3100})


def test_actual_spend_is_placed_like_the_plan(plans) -> None:
    spend = {
        "CMP-SPLIT": [
            bud.Spend("CMP-SPLIT", D(2027, 1, 1), D(2027, 1, 31), 20000),
            bud.Spend("CMP-SPLIT", D(2027, 2, 1), D(2027, 2, 28), 25000),
        ],
        "CMP-SPREAD": [bud.Spend("CMP-SPREAD", D(2027, 4, 1), D(2027, 6, 30), 9100)],
    }
    pb = bud.plan_budgets(plans.graph, spend)[1]
    assert pb.actual == 54100
    # 45,000 at 2:1 -> 30,000 / 15,000, plus 9,100 on OBJ-KEEP
    assert pb.actual_by_objective == pytest.approx({"OBJ-GROW": 30000, "OBJ-KEEP": 24100})
    # Q2 is 91 days: 100 a day for 9,100
    assert pb.actual_by_month == pytest.approx(
        {"2027-01": 20000, "2027-02": 25000, "2027-04": 3000, "2027-05": 3100, "2027-06": 3000}
    )
    assert pb.actual_by_quarter == pytest.approx({"2027-Q1": 45000, "2027-Q2": 9100})
    assert pb.actual_by_owner == {"@priya": 45000, "@sam": 9100}


def test_over_allocation_rules(plans) -> None:
    over = bud.over_budget_plans(plans.graph)
    assert [(o.item.id, o.budget, o.allocated, o.excess) for o in over] == [("PLAN-2027", 100000, 114100, 14100)]
    tactics = bud.tactic_overruns(plans.graph)
    assert [(o.item.id, o.budget, o.allocated, [t.id for t in o.parts]) for o in tactics] == [
        ("CMP-SPLIT", 90000, 100000, ["TAC-A", "TAC-B"])
    ]
    d = next(d for d in plans.diagnostics if d.code == "GT111")
    assert (d.file, d.line, d.column) == ("content/plans.yml", 32, 7)  # CMP-SPLIT's first budget line
    assert d.message == "tactic budgets of CMP-SPLIT add up to 100,000, above its own budget 90,000"
    assert len(d.related) == 2


# -- timeline -------------------------------------------------------------------------------------
def test_milestones_overdue_on_a_fixed_today(plans) -> None:
    today = PLANS_DAY
    overdue = tl.overdue_milestones(plans.graph, today)
    assert [(m.item.id, m.title, m.days_overdue(today)) for m in overdue] == [
        ("CMP-SPLIT", "Section readout", 61)
    ]  # 2027-03-20 + 61 days = 2027-05-20; the done one is not late
    upcoming = tl.upcoming_milestones(plans.graph, today, days=7)
    assert [m.title for m in upcoming] == ["Spring send"]


def test_plan_timelines_and_quarters(plans) -> None:
    timelines = {t.plan.id: t for t in tl.plan_timelines(plans.graph)}
    t = timelines["PLAN-2027"]
    assert [b.item.id for b in t.bars] == ["CMP-SPLIT", "CMP-SPREAD"]
    assert t.quarters() == ["2027-Q1", "2027-Q2", "2027-Q3", "2027-Q4"]
    bars, milestones = t.in_quarter("2027-Q2")
    assert [(b.item.id, b.start, b.end) for b in bars] == [("CMP-SPREAD", D(2027, 4, 1), D(2027, 5, 14))]
    # "Spring send" (05-25) falls in Q2, after the campaign's end (GT103, quiet here)
    assert [m.title for m in milestones] == ["Spring send"]
    assert timelines["PLAN-2026"].quarters() == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4", "2027-Q1"]
    assert t.bars[0].state(PLANS_DAY) == "done" and t.bars[1].state(D(2027, 3, 1)) == "active"


def test_gantt_labels_cannot_be_read_as_syntax() -> None:
    assert ":" not in gantt_label("Kick-off: brief #1") and "#1" not in gantt_label("brief #1")
    assert gantt_label("Kick-off: brief") == "Kick-off#58; brief"
    assert gantt_label("Section readout").startswith("#8203;")
    assert gantt_label("title sponsor").startswith("#8203;")
    assert gantt_label("2027-03-01 launch").startswith("#8203;")
    assert gantt_label("Sections of the year") == "Sections of the year"
    assert "\n" not in gantt_label("two\nlines") and ";" not in gantt_label("a;b").replace("#59;", "")


# -- freshness ------------------------------------------------------------------------------------
def test_freshness_on_a_fixed_today(plans) -> None:
    docs = {d.item_id or d.src: d for d in fr.living_documents(plans.model, PLANS_DAY, 7)}
    # quarterly (92 days) after 2027-01-10 is 2027-04-12: 38 days overdue
    grow = docs["OBJ-GROW"]
    assert (grow.next_due, grow.status, grow.overdue_by(PLANS_DAY)) == (D(2027, 4, 12), fr.OVERDUE, 38)
    # monthly (31 days) after 2027-04-25 is 2027-05-26: due within 7 days
    assert (docs["OBJ-KEEP"].next_due, docs["OBJ-KEEP"].status) == (D(2027, 5, 26), fr.DUE)
    # weekly after 2027-05-15 is 2027-05-22
    assert (docs["CMP-SPLIT"].next_due, docs["CMP-SPLIT"].status) == (D(2027, 5, 22), fr.DUE)
    page = docs["notes/playbook.md"]
    assert (page.owner, page.cadence, page.last_reviewed, page.next_due, page.status) == (
        "@sam",
        "monthly",
        D(2027, 2, 1),
        D(2027, 3, 4),
        fr.OVERDUE,
    )
    assert docs["notes/owned.md"].status == fr.NO_CADENCE
    assert "CMP-SPREAD" not in docs and "OBJ-IDLE" not in docs  # neither cadence nor last review
    # most urgent first
    assert [d.status for d in fr.living_documents(plans.model, PLANS_DAY)][:2] == [fr.OVERDUE, fr.OVERDUE]
    # a shorter "due" window turns the due ones fresh
    assert {d.item_id: d.status for d in fr.living_documents(plans.model, PLANS_DAY, 1) if d.item_id}[
        "OBJ-KEEP"
    ] == fr.FRESH


def test_freshness_status_boundaries() -> None:
    today = D(2027, 5, 20)
    assert fr.status(D(2027, 5, 19), "weekly", today, 7) == fr.OVERDUE
    assert fr.status(today, "weekly", today, 7) == fr.DUE
    assert fr.status(D(2027, 5, 27), "weekly", today, 7) == fr.DUE
    assert fr.status(D(2027, 5, 28), "weekly", today, 7) == fr.FRESH
    assert fr.status(None, "weekly", today, 7) == fr.OVERDUE  # never reviewed
    assert fr.status(None, None, today, 7) == fr.NO_CADENCE


def test_page_review_front_matter_problems(write_content, check) -> None:
    r = check(
        write_content({"p.md": "---\nowner: <b>Sam</b>\nreview_cadence: fortnightly\nlast_reviewed: soon\n---\n# P\n"})
    )
    found = {(d.code, d.line, d.column, d.severity) for d in r.diagnostics}
    assert found == {
        ("GT112", 2, 8, Severity.WARNING),
        ("GT112", 3, 17, Severity.WARNING),
        ("GT112", 4, 16, Severity.WARNING),
    }
    review = fr.page_review(r.analysis.model.pages["content/p.md"])
    assert review is not None and (review.owner, review.cadence, review.last_reviewed) == (None, None, None)
    assert RULES["GT112"].severity is Severity.WARNING


def test_git_log_parsing() -> None:
    out = "\x002027-03-02\n\na.md\nplans/b.yml\n\x002027-01-05\n\na.md\nc.md\n"
    assert fr.parse_git_log(out) == {"a.md": D(2027, 3, 2), "plans/b.yml": D(2027, 3, 2), "c.md": D(2027, 1, 5)}


@needs_git
def test_last_reviewed_from_git_history(tmp_path: Path, check) -> None:
    git_repo(
        tmp_path,
        {
            "content/strategy.yml": (
                "objectives:\n  - id: OBJ-G\n    title: G\n    review_cadence: monthly\n    status: retired\n",
                "2027-03-02",
            ),
            "content/notes.md": ('---\nowner: "@sam"\nreview_cadence: quarterly\n---\n# Notes\n', "2027-01-05"),
            "content/dated.md": (
                "---\nreview_cadence: yearly\nlast_reviewed: 2026-12-01\n---\n# Dated\n",
                "2027-04-01",
            ),
        },
    )
    # a later commit touching only one file moves only that file's date
    (tmp_path / "content/notes.md").write_text('---\nowner: "@sam"\nreview_cadence: quarterly\n---\n# Notes!\n')
    git(tmp_path, "commit", "-qam", "edit notes", date="2027-04-20")
    dates = fr.git_last_changed(tmp_path / "content")
    assert dates == {"strategy.yml": D(2027, 3, 2), "notes.md": D(2027, 4, 20), "dated.md": D(2027, 4, 1)}
    model = check(tmp_path / "content", today=PLANS_TODAY).analysis.model
    docs = {d.src: d for d in fr.living_documents(model, PLANS_DAY, 7, dates)}
    assert (docs["strategy.yml"].last_reviewed, docs["strategy.yml"].from_git) == (D(2027, 3, 2), True)
    assert docs["strategy.yml"].next_due == D(2027, 4, 2) and docs["strategy.yml"].status == fr.OVERDUE
    assert (docs["notes.md"].last_reviewed, docs["notes.md"].from_git, docs["notes.md"].status) == (
        D(2027, 4, 20),
        True,
        fr.FRESH,
    )
    # a date in the content wins over git
    assert (docs["dated.md"].last_reviewed, docs["dated.md"].from_git) == (D(2026, 12, 1), False)


def test_no_git_history_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.md").write_text("# A\n")
    if shutil.which("git"):
        # not inside a work tree (GIT_CEILING_DIRECTORIES stops git looking above tmp_path)
        monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
        assert fr.git_last_changed(tmp_path) == {}
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))  # no git binary at all
    assert fr.git_last_changed(tmp_path) == {}
    assert fr.git_last_changed(tmp_path / "missing") == {}


# -- RACI -----------------------------------------------------------------------------------------
def test_exactly_one_accountable(plans) -> None:
    rows = {a.item.id: a for a in rc.assignments(plans.model)}
    assert rows["CMP-SPLIT"].roles == {"@sam": ["R"], "@priya": ["A"], "@dana": ["C"]}
    assert rows["CMP-SPREAD"].accountable == ["@sam", "@dana"]
    assert rows["CMP-SPREAD"].roles["@sam"] == ["R", "A"]
    # no raci: the owner is taken as accountable, and that is no problem
    assert (rows["CMP-OLD"].declared, rows["CMP-OLD"].roles) == (False, {"@dana": ["A"]})
    problems = rc.accountable_problems(plans.model)
    assert [(p.item.id, p.accountable) for p in problems] == [("CMP-SPREAD", ("@sam", "@dana"))]
    d = next(d for d in plans.diagnostics if d.code == "GT110")
    assert (d.file, d.line, d.column) == ("content/plans.yml", 45, 20)  # raci.accountable of CMP-SPREAD
    assert d.message == "campaign CMP-SPREAD has 2 accountable handles (@sam, @dana); RACI allows exactly one"


def test_raci_without_accountable_is_reported(write_content, check, valid_wiki) -> None:
    extra = (
        "campaigns:\n  - id: CMP-NOBODY\n    title: Nobody\n    plan: PLAN-2027\n    supports: [OBJ-GROW]\n"
        '    start: 2027-02-01\n    end: 2027-03-01\n    raci:\n      responsible: ["@sam"]\n'
    )
    r = check(write_content({**valid_wiki, "n.yml": extra}))
    assert {(d.code, d.file, d.line, d.column) for d in r.diagnostics} == {("GT110", "content/n.yml", 9, 7)}
    assert r.one("GT110").severity is Severity.WARNING
    assert r.one("GT110").message == "campaign CMP-NOBODY has a RACI but no accountable handle"


def test_handle_slugs_are_unique() -> None:
    assert rc.handle_slugs(["@marketing/demand-gen", "@marketing-demand-gen", "@Dana"]) == {
        "@Dana": "dana",
        "@marketing-demand-gen": "marketing-demand-gen",
        "@marketing/demand-gen": "marketing-demand-gen-2",
    }


# -- misalignment ---------------------------------------------------------------------------------
def test_misalignment_findings(plans) -> None:
    g = plans.graph
    assert [(u.objective.id, u.supported_by, u.in_plans) for u in mis.uncovered_objectives(g)] == [("OBJ-IDLE", (), ())]
    assert [a.id for a in mis.untargeted_audiences(g)] == ["AUD-NOBODY"]
    assert [v.id for v in mis.unused_items(g, "value_proposition")] == ["VP-SPARE"]
    assert [p.id for p in mis.unused_items(g, "positioning")] == ["POS-SPARE"]
    assert [(i.id, ln.target) for i, ln in mis.off_thread_kpi_targets(g)] == [("CMP-OLD", "KPI-LIKES")]
    assert [(o.item.id, o.plan.id, o.field, o.value) for o in mis.outside_plan_period(g)] == [
        ("CMP-OLD", "PLAN-2026", "end", D(2027, 1, 31))
    ]
    assert [o.item.id for o in mis.plans_over_budget(g)] == ["PLAN-2027"]
    # the content rules report the same findings
    codes = {(d.code, d.item) for d in plans.diagnostics}
    assert {("GT101", "OBJ-IDLE"), ("GT102", "CMP-OLD"), ("GT104", "PLAN-2027"), ("GT106", "CMP-OLD")} <= codes


def test_value_proposition_used_through_a_used_positioning(write_content, check, valid_wiki) -> None:
    extra = """\
audiences:
  - id: AUD-A
    title: A
value_propositions:
  - id: VP-VIA
    title: Via positioning
    audience: AUD-A
    benefit: b
positionings:
  - id: POS-USED
    title: Used
    audience: AUD-A
    category: c
    differentiator: d
    value_proposition: VP-VIA
campaigns:
  - id: CMP-P
    title: P
    plan: PLAN-2027
    supports: [OBJ-GROW]
    positioning: POS-USED
    audiences: [AUD-A]
    start: 2027-02-01
    end: 2027-03-01
"""
    g = check(write_content({**valid_wiki, "x.yml": extra})).analysis.graph
    assert mis.unused_items(g, "value_proposition") == []
    assert mis.unused_items(g, "positioning") == []
    assert mis.untargeted_audiences(g) == []


# -- one fixture per new rule, in the shape of test_rules.RULE_FIXTURES ------------------------------
#: (code, files added to conftest's valid wiki, the complete set of (code, file, line, column))
DASHBOARD_RULE_FIXTURES = [
    pytest.param(
        "GT110",
        {
            "r.yml": "campaigns:\n  - id: CMP-TWO-BOSSES\n    title: Two bosses\n    plan: PLAN-2027\n"
            "    supports: [OBJ-GROW]\n    start: 2027-02-01\n    end: 2027-03-01\n    raci:\n"
            '      accountable: ["@ana", "@ben"]\n'
        },
        {("GT110", "r.yml", 9, 20)},
        id="GT110",
    ),
    pytest.param(
        "GT111",
        {
            "t.yml": "campaigns:\n  - id: CMP-SMALL\n    title: Small\n    plan: PLAN-2027\n    supports: [OBJ-GROW]\n"
            "    start: 2027-02-01\n    end: 2027-03-01\n    budget:\n      - {channel: ads, amount: 1000}\n"
            "tactics:\n  - id: TAC-BIG\n    title: Big\n    campaign: CMP-SMALL\n    channel: ads\n"
            "    budget: 1500\n"
        },
        {("GT111", "t.yml", 9, 7)},
        id="GT111",
    ),
    pytest.param(
        "GT112",
        {"page.md": '---\nowner: "@ana"\nreview_cadence: fortnightly\n---\n# A page\n'},
        {("GT112", "page.md", 3, 17)},
        id="GT112",
    ),
]


@pytest.mark.parametrize("code, files, expected", DASHBOARD_RULE_FIXTURES)
def test_dashboard_rule_fixture(write_content, check, valid_wiki, code, files, expected) -> None:
    r = check(write_content({**valid_wiki, **files}))
    assert r.where() == {(c, "content/" + f, line, col) for c, f, line, col in expected}, r.dump()
    for d in r.of(code):
        assert d.severity is RULES[code].severity and d.message and d.hint
