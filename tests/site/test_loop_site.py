"""The strategy <-> plan loop in real builds: the example wiki built strict, HTML checked.

The review calendar on the freshness page, signals on item and owner pages, a review's "what
moved", a value proposition's measure, and the competitive landscape page. A small wiki built
inside a git repository checks that "what moved" comes from git history when it reaches back.
"""

from __future__ import annotations

import pytest

from git_helpers import git_repo, needs_git
from site_helpers import Node, Site, build_site, example_site, site_config

CAL = "freshness/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def calendar_row(site: Site, key: str) -> Node:
    table = site.article(CAL).one("table", id="gt-review-calendar")
    return next(tr for tr in table.one("tbody").find_all("tr") if tr.get("data-cadence") == key)


def slots(row: Node) -> list[tuple[str, str]]:
    return [
        (li.one("span", cls="gt-cal-label").text(), li.get("data-state") or "")
        for li in row.one("ol", cls="gt-calendar").find_all("li")
    ]


def test_review_calendar_shows_the_missed_bridge_plan_review(site: Site) -> None:
    row = calendar_row(site, "PLAN-2026-Q4")
    assert row.get("data-status") == "missed"
    assert "2 days late" in row.text()  # October review 2026-10-20 + 35 days = 2026-11-24; today 2026-11-26
    assert slots(row) == [("Oct 2026", "held"), ("Nov 2026", "missed"), ("Dec 2026", "upcoming")]
    assert "REV-2026-10-PLAN" in row.text()


def test_review_calendar_for_the_strategy_and_a_plan_not_started(site: Site) -> None:
    strategy = calendar_row(site, "strategy")
    assert strategy.get("data-status") == "on schedule"
    assert "2027-01-10" in strategy.text()  # 2026-10-02 + 100 days
    assert slots(strategy) == [("2026-Q4", "held"), ("2027-Q1", "upcoming")]
    plan = calendar_row(site, "PLAN-2027")
    assert plan.get("data-status") == "not started"
    assert slots(plan)[:3] == [("Oct 2026", "held"), ("Nov 2026", "held"), ("Jan 2027", "upcoming")]


def test_a_signal_shows_on_its_campaign_and_owner_page(site: Site) -> None:
    card = site.article("items/campaigns/cmp-webinar-close-clinic/").one("div", cls="gt-signal-callout")
    assert "Campaign spending ahead of plan" in card.text()
    assert "6,000 spent through 2026-11" in card.text()
    link = card.one("a")
    assert site.resolve("items/campaigns/cmp-webinar-close-clinic/", link.get("href") or "") == (
        "signals/",
        "spending-ahead-of-plan",
    )
    owner = site.article("owners/sam/").one("div", id="gt-owner-signals")
    assert "CMP-WEBINAR-CLOSE-CLINIC" in owner.text() and "Campaign spending ahead of plan" in owner.text()
    # a related item shows the signal too, naming its subject
    related = site.article("items/kpis/kpi-pipeline/").one("div", cls="gt-signal-callout")
    assert "Leading KPI moving the wrong way on" in related.text() and "KPI-CTR" in related.text()
    # an item no signal concerns has no callout
    assert site.article("items/campaigns/cmp-linkedin-cfo/").find("div", cls="gt-signal-callout") is None


def test_a_review_page_starts_from_what_moved(site: Site) -> None:
    moved = site.article("items/reviews/rev-2026-11-plan/").one("div", cls="gt-moved")
    text = moved.text()
    assert "Since October 2026 plan review" in text and "2026-10-20" in text
    assert "last_reviewed" in text  # the copied example is not a git work tree
    rows = {tr.one("th").text(): tr.find_all("td")[-1].text() for tr in moved.one("tbody").find_all("tr")}
    assert rows["Q4 2026 bridge plan PLAN-2026-Q4"] == "2026-11-17"
    first = site.article("items/reviews/rev-2026-10-plan/").one("div", cls="gt-moved")
    assert "first monthly-plan review recorded" in first.text()


def test_value_propositions_show_their_measure(site: Site) -> None:
    facts = site.article("items/value-propositions/vp-faster-close/").one("table", cls="gt-facts")
    labels = [th.text() for th in facts.find_all("th")]
    assert labels[labels.index("Benefit") + 1] == "Latest actual"
    assert "19% in 2026-Q3" in facts.text() and "KPI-WIN-RATE" in facts.text()
    bare = site.article("items/value-propositions/vp-partner-led/").one("table", cls="gt-facts")
    assert "no measure" in bare.text()


def test_landscape_page_sets_competitors_against_us(site: Site) -> None:
    page = site.article("landscape/")
    summary = page.one("table", id="gt-landscape")
    rows = {tr.get("data-competitor"): tr for tr in summary.one("tbody").find_all("tr")}
    assert set(rows) == {"COMP-LEDGERSTACK", "COMP-TICKMARK", "COMP-SPREADSHEETS"}
    tick = rows["COMP-TICKMARK"].text()
    assert "Close checklist and task management" in tick and "$1,500 per user" in tick
    assert "POS-NETSUITE-MIDMARKET" in tick and "VP-FASTER-CLOSE" in tick
    side = next(d for d in page.find_all("div", cls="gt-landscape") if d.get("data-competitor") == "COMP-TICKMARK")
    us = side.one("section", cls="gt-us").text()
    assert "Customers outgrow it after the second or third acquisition" in us  # a gap we exploit
    assert "CMP-ABM-MFG-TOP200" in us and "named on COMP-TICKMARK's page" in us
    assert "CMP-LINKEDIN-CFO" not in us  # it uses POS-CFO-CONTROL, which is not set against Tickmark
    them = side.one("section", cls="gt-them").text()
    assert "Tracks the close rather than automating it" in them
    # in the nav, under Dashboards
    nav = site.page("landscape/").one("nav", cls="md-nav--primary").text()
    assert "Competitive landscape" in nav


def test_health_page_lists_the_loop_as_notes(site: Site) -> None:
    text = site.article("health/").text()
    for code in ("GT170", "GT172", "GT182", "GT185"):
        assert code in text


@needs_git
def test_what_moved_comes_from_git_history(tmp_path) -> None:
    plan = (
        "plans:\n  - id: PLAN-A\n    title: Plan A\n    period: {start: 2027-01-01, end: 2027-12-31}\n"
        "    currency: USD\n    budget: 1000\n"
    )
    objectives = "objectives:\n  - id: OBJ-A\n    title: Grow\n    status: retired\n"
    reviews = (
        "reviews:\n"
        "  - id: REV-1\n    title: First\n    date: 2027-02-01\n    kind: monthly-plan\n    covers: [PLAN-A]\n"
        "  - id: REV-2\n    title: Second\n    date: 2027-03-01\n    kind: monthly-plan\n    covers: [PLAN-A]\n"
    )
    git_repo(
        tmp_path,
        {
            "content/index.md": ("# Wiki\n", "2027-01-05"),
            "content/strategy.yml": (objectives, "2027-01-05"),
            "content/plan.yml": (plan, "2027-02-10"),
            "content/reviews.yml": (reviews, "2027-01-06"),
        },
    )
    (tmp_path / "mkdocs.yml").write_text(
        site_config({"today": "2027-03-05", "rules": {"GT170": "off", "GT171": "off"}}), encoding="utf-8"
    )
    built = Site(tmp_path, tmp_path / "mkdocs.yml", build_site(tmp_path / "mkdocs.yml", tmp_path / "site"))
    moved = built.article("items/reviews/rev-2/").one("div", cls="gt-moved")
    assert "1 commit changed the content (from git history)" in moved.text()
    rows = [[c.text() for c in tr.child_elements()] for tr in moved.one("tbody").find_all("tr")]
    assert rows == [["Plan A PLAN-A", "Plan", "2027-02-10"]]
