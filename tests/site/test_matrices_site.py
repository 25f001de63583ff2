"""Matrices and dashboards that read: full width, headings with titles, grouped by plan, totals,
whole currency units, and plans inside plans (real strict builds, HTML assertions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_helpers import Node, Site, build_site, write_site
from wikis import MATRIX_WIKI, TODAY

OPTIONS = {"today": TODAY}


def _build(root: Path, options: dict[str, object] | None = None) -> Site:
    config = write_site(root, MATRIX_WIKI, {**OPTIONS, **(options or {})})
    return Site(root, config, build_site(config, root / "site"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory.mktemp("matrices"))


def _matrix(site: Site) -> Node:
    return site.article("traceability/").one("table", id="gt-matrix-plan-objectives")


def test_matrix_pages_are_full_width_without_sidebars(site: Site) -> None:
    for url in ("traceability/", "budget/", "kpis/", "timeline/", "raci/", "dashboard/", "signals/"):
        page = site.page(url)
        assert page.find("div", cls="gt-wide-page") is not None, url
        toc = page.one("div", cls="md-sidebar--secondary")
        nav = page.one("div", cls="md-sidebar--primary")
        assert "hidden" in toc.attrs and "hidden" in nav.attrs, url


def test_every_generated_table_scrolls_in_its_own_box(site: Site) -> None:
    for url in ("traceability/", "budget/", "kpis/", "owners/"):
        tables = site.article(url).find_all("table", cls="gt-table")
        assert tables, url
        for table in tables:
            box = next(table.ancestors())
            assert "gt-scroll" in box.classes, f"{url}: table {table.id} is not in a scroll box"


def test_objective_headings_show_short_titles_with_the_id_beneath(site: Site) -> None:
    heads = _matrix(site).one("thead").find_all("th")
    assert [h.text() for h in heads[:3]] == ["Plan item", "Type", "Budget"]
    first = heads[3]
    link = first.one("a")
    assert link.text() == "Objective number 1 about customer…"  # cut at a word, not inside one
    assert link.get("title") == "OBJ-1: Objective number 1 about customer acquisition and retention"
    assert first.one("span", cls="gt-id").text() == "OBJ-1"
    assert len(heads) == 3 + 8


def test_matrix_rows_are_grouped_by_plan_parents_first(site: Site) -> None:
    bodies = _matrix(site).find_all("tbody")
    assert [b.get("data-gt-group") for b in bodies] == ["PLAN-2027", "PLAN-2027-Q1"]
    assert bodies[1].get("data-gt-group-label") == "Annual plan 2027 › First quarter 2027"
    heading = bodies[1].one("tr", cls="gt-group").text()
    assert heading == "Annual plan 2027 PLAN-2027 › First quarter 2027 PLAN-2027-Q1"
    rows = [r.one("th").text() for r in bodies[0].find_all("tr") if "gt-group" not in r.classes]
    assert rows == ["Always-on search CMP-ANNUAL", "Brand programme CMP-BRAND"]


def test_matrix_totals_row(site: Site) -> None:
    foot = [c.text() for c in _matrix(site).one("tfoot").find_all("td")]
    assert foot[0] == "Total attributed"
    # one currency: named once in the caption, bare amounts in the cells
    assert _matrix(site).one("caption").text().endswith("(budget attributed to each objective, in USD)")
    assert foot[2] == "220,000"
    assert foot[3:] == ["33,333", "33,333", "33,333", "40,000"] + ["20,000"] * 4
    kpis = site.article("traceability/").one("table", id="gt-matrix-kpis")
    assert [c.text() for c in kpis.one("tfoot").find_all("td")][:4] == ["Targets", "", "1", "1"]


def test_budget_in_whole_units_with_totals(site: Site) -> None:
    html = site.html("budget/") + site.html("traceability/")
    assert "33,333.33" not in html and "33,333.34" not in html
    table = site.article("budget/").one("table", id="gt-budget-objective")
    rows = {r.one("th").text(): [c.text() for c in r.find_all("td")] for r in table.one("tbody").find_all("tr")}
    assert rows["Objective number 1 about customer acquisition and retention OBJ-1"][0] == "USD 33,333"
    foot = [c.text() for c in table.one("tfoot").find_all("td")]
    # the annual plan's column covers its quarter's campaign too (40,000): it is paid from its budget
    assert foot == ["Total", "USD 220,000", "USD 40,000"]


def test_cents_when_configured(tmp_path: Path) -> None:
    site = _build(tmp_path, {"money_cents": True})
    assert "33,333.33" in _matrix(site).text()
    assert "USD 33,333.33" in site.article("budget/").text()  # a no-break space, squashed


def test_total_plan_budget_does_not_add_a_sub_plan_to_its_parent(site: Site) -> None:
    coverage = site.article("traceability/").one("table", cls="gt-coverage")
    rows = {r.one("th").text(): r.one("td").text() for r in coverage.find_all("tr")}
    assert rows["Total plan budget"] == "USD 1,000,000"


def test_a_plan_page_lists_its_sub_plans(site: Site) -> None:
    text = site.article("items/plans/plan-2027/").text()
    assert "Sub-plans" in text and "First quarter 2027" in text
    assert "Part of plan" in site.article("items/plans/plan-2027-q1/").text()


def test_dashboards_list_a_parent_plan_before_the_plans_inside_it(site: Site) -> None:
    # the fixture writes the quarterly plan first
    summary = site.article("budget/").one("table", id="gt-budget-summary")
    assert [th.text() for th in summary.one("thead").find_all("th")][1:] == [
        "Annual plan 2027 PLAN-2027",
        "First quarter 2027 PLAN-2027-Q1",
    ]
    timeline = site.article("timeline/")
    titles = [h.text() for h in timeline.find_all("h2")]
    assert titles.index(next(t for t in titles if "Annual plan 2027" in t)) < titles.index(
        next(t for t in titles if "First quarter 2027" in t)
    )


def _summary(site: Site) -> dict[str, list[str]]:
    table = site.article("budget/").one("table", id="gt-budget-summary")
    return {r.one("th").text(): [c.text() for c in r.find_all("td")] for r in table.one("tbody").find_all("tr")}


def test_a_parent_plan_allocates_its_sub_plans_campaigns_once(site: Site) -> None:
    """PLAN-2027 has two campaigns (180,000); its quarter PLAN-2027-Q1 one more (40,000)."""
    summary = _summary(site)
    assert summary["Allocated to campaigns"] == ["USD 220,000", "USD 40,000"]
    assert summary["Of which in sub-plans"] == ["USD 40,000", "USD 0"]
    assert summary["Not yet allocated"] == ["USD 780,000", "USD 210,000"]
    # the parent's campaign table lists its own campaigns and the quarter as one row, not its campaign
    table = site.article("budget/").one("table", id="gt-budget-campaigns-plan-2027")
    rows = {r.one("th").text(): [c.text() for c in r.find_all("td")] for r in table.one("tbody").find_all("tr")}
    assert list(rows) == [
        "Always-on search CMP-ANNUAL",
        "Brand programme CMP-BRAND",
        "Sub-plan First quarter 2027 PLAN-2027-Q1",
    ]
    assert rows["Sub-plan First quarter 2027 PLAN-2027-Q1"][1] == "USD 40,000"
    foot = [c.text() for c in table.one("tfoot").find_all("td")]
    assert foot[:3] == ["Total (2 campaigns, 1 sub-plan)", "", "USD 220,000"]
    # the plan page and the home page say the same
    facts = site.article("items/plans/plan-2027/").text()
    assert re.search(r"Allocated to campaigns, its sub-plans' included\s*USD 220,000", facts), facts
    assert re.search(r"Of which in its sub-plans\s*USD 40,000", facts), facts
    assert re.search(r"Allocated to its campaigns\s*USD 40,000", site.article("items/plans/plan-2027-q1/").text())
    assert (
        "Annual plan 2027: Plan budget USD 1,000,000, Allocated to campaigns USD 220,000"
        in site.article("dashboard/").text()
    )
    # and the whole tree's money is still counted once on the traceability page
    coverage = site.article("traceability/").one("table", cls="gt-coverage")
    rows = {r.one("th").text(): r.one("td").text() for r in coverage.find_all("tr")}
    assert rows["Plan budget with a strategic link"].startswith("USD 220,000")


def test_audience_matrix_is_grouped_by_plan(site: Site) -> None:
    matrix = site.article("traceability/").one("table", id="gt-matrix-audiences")
    bodies = matrix.find_all("tbody")
    assert [b.get("data-gt-group") for b in bodies] == ["PLAN-2027", "PLAN-2027-Q1"]
    assert bodies[1].get("data-gt-group-label") == "Annual plan 2027 › First quarter 2027"
    rows = [
        [c.text() for c in r.child_elements()] for b in bodies for r in b.find_all("tr") if "gt-group" not in r.classes
    ]
    assert rows == [
        ["Always-on search CMP-ANNUAL", "", "✓"],
        ["Brand programme CMP-BRAND", "✓", "✓"],
        ["Launch webinar series CMP-QUARTER", "✓", ""],
    ]
    assert [c.text() for c in matrix.one("tfoot").find_all("td")] == ["Campaigns", "2", "2"]


def test_raci_matrix_is_grouped_by_plan(site: Site) -> None:
    matrix = site.article("raci/").one("table", id="gt-raci")
    bodies = matrix.find_all("tbody")
    assert [b.get("data-gt-group") for b in bodies] == ["PLAN-2027", "PLAN-2027-Q1"]
    rows = [[r.one("th").text() for r in b.find_all("tr") if "gt-group" not in r.classes] for b in bodies]
    assert rows == [["Always-on search CMP-ANNUAL", "Brand programme CMP-BRAND"], ["Launch webinar series CMP-QUARTER"]]
    # the group heading spans the campaign, people and check columns
    heading = bodies[1].one("tr", cls="gt-group").one("th")
    assert heading.get("colspan") == str(len(matrix.one("thead").find_all("th")))


def test_overview_lists_a_sub_plan_after_its_parent_and_says_so(site: Site) -> None:
    column = site.article("overview/").one("section", attrs={"aria-labelledby": "gt-col-plans"})
    assert [h.text() for h in column.find_all("h3")] == [
        "Annual plan 2027 PLAN-2027",
        "First quarter 2027 PLAN-2027-Q1",
    ]
    lines = [p.text() for p in column.find_all("p")]
    assert lines[1].endswith("· part of Annual plan 2027 PLAN-2027") and "part of" not in lines[0]
