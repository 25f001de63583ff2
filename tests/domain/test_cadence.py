"""Review cadence (domain/cadence.py): where each plan's and the strategy's reviews stand, the
calendar's months and quarters, and what moved between two reviews (git or last_reviewed)."""

from __future__ import annotations

import datetime as dt

from goldenthread.core.git import parse_commits
from goldenthread.domain import cadence as cd

D = dt.date

PLAN = """\
plans:
  - id: PLAN-A
    title: Plan A
    period: {start: 2027-01-01, end: 2027-06-30}
    currency: USD
    budget: 100
campaigns:
  - id: CMP-A
    title: A
    plan: PLAN-A
    supports: [OBJ-GROW]
    start: 2027-01-01
    end: 2027-06-30
    last_reviewed: 2027-02-20
tactics:
  - id: TAC-A
    title: T
    campaign: CMP-A
    channel: email
reviews:
  - id: REV-1
    title: One
    date: 2027-01-20
    kind: monthly-plan
    covers: [TAC-A]
  - id: REV-2
    title: Two
    date: 2027-03-01
    kind: monthly-plan
    covers: [OBJ-GROW]
  - id: REV-3
    title: Three
    date: 2027-03-10
    kind: monthly-plan
    covers: [CMP-A]
"""


def model_of(write_content, check, valid_wiki):
    return check(write_content({"strategy.yml": valid_wiki["strategy.yml"], "plan.yml": PLAN})).analysis.model


def test_a_review_counts_for_the_plan_of_what_it_covers(write_content, check, valid_wiki):
    model = model_of(write_content, check, valid_wiki)
    assert cd.plans_of(model, "TAC-A") == {"PLAN-A"}
    assert cd.plans_of(model, "OBJ-GROW") == set()
    [c] = cd.plan_cadences(model, D(2027, 3, 20))
    assert [r.id for r in c.reviews] == ["REV-1", "REV-3"]  # REV-2 covers only an objective
    assert (c.last, c.next_due, c.status) == (D(2027, 3, 10), D(2027, 4, 14), cd.ON_SCHEDULE)
    assert [(s.label, s.state) for s in c.slots] == [
        ("Jan 2027", "held"),
        ("Feb 2027", "missed"),
        ("Mar 2027", "held"),
        ("Apr 2027", "upcoming"),
        ("May 2027", "upcoming"),
        ("Jun 2027", "upcoming"),
    ]
    assert cd.plan_cadences(model, D(2027, 4, 10))[0].status == cd.DUE
    late = cd.plan_cadences(model, D(2027, 4, 20))[0]
    assert (late.status, late.late_by(D(2027, 4, 20))) == (cd.MISSED, 6)
    assert cd.plan_cadences(model, D(2027, 7, 1))[0].status == cd.ENDED
    early = cd.plan_cadences(model, D(2026, 12, 1))[0]
    assert (early.status, early.next_due) == (cd.NOT_STARTED, D(2027, 2, 5))


def test_what_moved_from_last_reviewed_and_from_git(write_content, check, valid_wiki):
    model = model_of(write_content, check, valid_wiki)
    three = model.items["REV-3"]
    assert cd.previous_review(model, three).id == "REV-2"
    moved = cd.moved_since(model, three)
    assert (moved.source, moved.items) == ("last_reviewed", ())  # CMP-A was reviewed 2027-02-20, before REV-2
    moved = cd.moved_since(model, model.items["REV-2"])
    assert [(i.id, d) for i, d in moved.items] == [("CMP-A", D(2027, 2, 20))]
    # git history that reaches back to the previous review wins; only plan-layer items count
    log = "\x002027-03-05\nplan.yml\n\n\x002027-02-01\nstrategy.yml\n\n\x002027-01-01\nplan.yml\n"
    commits = parse_commits(log)
    assert commits == [
        (D(2027, 3, 5), ("plan.yml",)),
        (D(2027, 2, 1), ("strategy.yml",)),
        (D(2027, 1, 1), ("plan.yml",)),
    ]
    moved = cd.moved_since(model, three, commits)
    assert moved.source == "git" and moved.commits == 1
    assert [(i.id, d) for i, d in moved.items] == [
        ("CMP-A", D(2027, 3, 5)),
        ("PLAN-A", D(2027, 3, 5)),
        ("TAC-A", D(2027, 3, 5)),
    ]
    # history that starts after the previous review cannot say what moved: back to last_reviewed
    assert cd.moved_since(model, three, commits[:1]).source == "last_reviewed"
    assert cd.moved_since(model, model.items["REV-1"]).source == ""  # the first of its kind


def test_review_entry_ids_never_clash(write_content, check, valid_wiki):
    model = model_of(write_content, check, valid_wiki)
    entry = cd.review_entry(model, cd.MONTHLY_PLAN, D(2027, 1, 20), model.items["PLAN-A"], indent="")
    assert entry.splitlines()[0] == "- id: REV-2027-01-A"
    model.items["REV-2027-01-A"] = model.items["REV-1"]
    entry = cd.review_entry(model, cd.MONTHLY_PLAN, D(2027, 1, 20), model.items["PLAN-A"], indent="")
    assert entry.splitlines()[0] == "- id: REV-2027-01-A-2"
