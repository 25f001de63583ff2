"""A plan may sit inside another plan (``parent:``): the parent must be a plan, and parents form no cycle."""

from __future__ import annotations

from textwrap import dedent

from goldenthread.core.diagnostics import RULES

PLANS = dedent("""\
    plans:
      - id: PLAN-A
        title: Annual
        period: {start: 2027-01-01, end: 2027-12-31}
        currency: USD
        budget: 1000
        parent: PLAN-B
      - id: PLAN-B
        title: Quarter
        period: {start: 2027-01-01, end: 2027-03-31}
        currency: USD
        budget: 100
        parent: PLAN-A
      - id: PLAN-C
        title: Wrong parent
        period: {start: 2027-01-01, end: 2027-03-31}
        currency: USD
        budget: 100
        parent: OBJ-GROW
      - id: PLAN-D
        title: Right parent
        period: {start: 2027-04-01, end: 2027-06-30}
        currency: USD
        budget: 100
        parent: PLAN-2027
    """)


def test_plan_parent_must_be_a_plan_and_parents_form_no_cycle(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "nested.yml": PLANS}))
    found = {(d.code, d.file, d.line, d.column) for d in r.diagnostics if d.code in ("GT003", "GT009")}
    assert found == {
        ("GT009", "content/nested.yml", 7, 13),
        ("GT003", "content/nested.yml", 19, 13),
    }, r.dump()
    for code in ("GT003", "GT009"):
        assert r.one(code).severity is RULES[code].severity
    assert "PLAN-A → PLAN-B → PLAN-A" in r.one("GT009").message
    # a plan inside an existing plan is fine
    assert not [d for d in r.diagnostics if d.item == "PLAN-D" and d.severity.name == "ERROR"], r.dump()


SUB_PLAN = dedent("""\
    plans:
      - id: PLAN-Q1
        title: First quarter
        parent: PLAN-2027
        period: {start: 2027-01-01, end: 2027-03-31}
        currency: USD
        budget: 70000
    campaigns:
      - id: CMP-Q
        title: Quarter campaign
        plan: PLAN-Q1
        supports: [OBJ-GROW]
        start: 2027-02-01
        end: 2027-03-01
        budget: [{channel: ads, amount: %(inner)d}]
      - id: CMP-D
        title: Annual campaign
        plan: PLAN-2027
        supports: [OBJ-GROW]
        start: 2027-02-01
        end: 2027-03-01
        budget: [{channel: events, amount: %(outer)d}]
    """)


def test_sub_plan_budgets_are_carved_out_of_the_parent(write_content, check, valid_wiki):
    """GT108: the annual plan (100,000) gave 70,000 to its quarter and 40,000 to its own campaign."""
    r = check(write_content({**valid_wiki, "q.yml": SUB_PLAN % {"inner": 10000, "outer": 40000}}))
    found = {(d.code, d.file, d.line, d.column) for d in r.diagnostics if d.code in ("GT104", "GT108")}
    assert found == {("GT108", "content/plan.yml", 6, 13)}, r.dump()
    d = r.one("GT108")
    assert d.severity is RULES["GT108"].severity
    assert "110,000" in d.message and "PLAN-Q1" in d.message, d.message
    assert d.related == (("content/q.yml", 7, 13),)


def test_parent_overrun_is_reported_once(write_content, check, valid_wiki):
    """A sub-plan over its own budget eats its parent's money: GT104 on both, and no GT108 besides."""
    r = check(write_content({**valid_wiki, "q.yml": SUB_PLAN % {"inner": 80000, "outer": 25000}}))
    found = {(d.code, d.file, d.line, d.column) for d in r.diagnostics if d.code in ("GT104", "GT108")}
    assert found == {("GT104", "content/plan.yml", 6, 13), ("GT104", "content/q.yml", 7, 13)}, r.dump()
    parent = next(d for d in r.of("GT104") if d.item == "PLAN-2027")
    assert "105,000" in parent.message and "sub-plans (PLAN-Q1)" in parent.message, parent.message


def test_sub_plans_within_budget_are_quiet(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "q.yml": SUB_PLAN % {"inner": 60000, "outer": 30000}}))
    assert not [d for d in r.diagnostics if d.code in ("GT104", "GT108")], r.dump()
