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
