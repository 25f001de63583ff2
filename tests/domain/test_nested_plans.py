"""Plans inside plans: a parent's money covers its sub-plans' campaigns, each counted once.

The clean wiki's PLAN-2027 (budget 100,000, CMP-ONE without money) gets a half-year plan inside it
and a quarter inside that; the figures below are worked out in the comments.
"""

from __future__ import annotations

from textwrap import dedent

from goldenthread.domain import budget as bud
from goldenthread.domain import misalignment as mis
from goldenthread.domain.plans import plan_tree, sub_plans, total_budget

NESTED = dedent("""\
    plans:
      - id: PLAN-H1
        title: First half
        parent: PLAN-2027
        period: {start: 2027-01-01, end: 2027-06-30}
        currency: USD
        budget: %(h1)d
      - id: PLAN-Q1
        title: First quarter
        parent: PLAN-H1
        period: {start: 2027-01-01, end: 2027-03-31}
        currency: USD
        budget: 30000
    campaigns:
      - id: CMP-ANNUAL
        title: Annual
        plan: PLAN-2027
        supports: [OBJ-GROW]
        start: 2027-02-01
        end: 2027-03-01
        budget: [{channel: ads, amount: 40000}]
      - id: CMP-HALF
        title: Half
        plan: PLAN-H1
        supports: [OBJ-GROW]
        start: 2027-02-01
        end: 2027-03-01
        budget: [{channel: ads, amount: 10000}]
      - id: CMP-QUARTER
        title: Quarter
        plan: PLAN-Q1
        supports: [OBJ-GROW]
        start: 2027-02-01
        end: 2027-03-01
        budget: [{channel: ads, amount: 20000}]
    """)


def _graph(write_content, check, valid_wiki, h1: int):
    return check(write_content({**valid_wiki, "nested.yml": NESTED % {"h1": h1}})).analysis.graph


def test_a_plan_covers_the_campaigns_of_every_plan_inside_it(write_content, check, valid_wiki) -> None:
    g = _graph(write_content, check, valid_wiki, 50000)
    plan = g.model.items["PLAN-2027"]
    assert [p.id for p in plan_tree(g, plan)] == ["PLAN-2027", "PLAN-H1", "PLAN-Q1"]
    assert [p.id for p in sub_plans(g, plan)] == ["PLAN-H1"]
    assert sorted(i.id for i in bud.tree_items(g, plan)) == ["CMP-ANNUAL", "CMP-HALF", "CMP-ONE", "CMP-QUARTER"]
    # 40,000 + 10,000 + 20,000; the half year 10,000 + 20,000; the quarter 20,000
    assert bud.plan_allocated(g) == {"PLAN-2027": 70000, "PLAN-H1": 30000, "PLAN-Q1": 20000}
    view = bud.plan_budget_view(g, plan)
    assert view.allocated == 70000 and view.in_sub_plans == 30000 and view.unallocated == 30000
    assert [i.id for i in view.own] == ["CMP-ANNUAL", "CMP-ONE"]
    assert view.by_objective == {"OBJ-GROW": 70000}
    # a total over plans counts only the outermost plan's budget
    assert total_budget(g) == 100000
    # the parent's own 40,000, the half year's max(50,000 budget, 30,000 campaigns)
    assert bud.committed(g, plan, bud.plan_allocated(g)) == 90000
    assert bud.over_budget_plans(g) == [] and bud.sub_plan_overruns(g) == []


def test_sub_plan_budgets_beyond_the_parent_are_one_finding(write_content, check, valid_wiki) -> None:
    # the half year is promised 70,000: 40,000 + 70,000 = 110,000 > 100,000, though campaigns total 70,000
    g = _graph(write_content, check, valid_wiki, 70000)
    [over] = mis.plans_over_budget(g)
    assert (over.item.id, over.budget, over.allocated, [p.id for p in over.parts]) == (
        "PLAN-2027",
        100000,
        110000,
        ["PLAN-H1"],
    )
    assert bud.over_budget_plans(g) == []
