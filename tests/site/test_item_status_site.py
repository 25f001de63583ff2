"""Item pages and indexes for people: target status where people look, owners by name, lists as
lists, per-type index columns, milestones by date, tags once (real strict builds, HTML checks)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from site_helpers import REPO_ROOT, Node, Site, build_site, example_site, write_site
from wikis import TODAY, VALID_WIKI

TARGET_HEADS = ["Target", "Latest actual", "Progress", "Expected", "Status", "Trend"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def _section(site: Site, url: str, title: str) -> Node:
    """The table under the item page's ``<h3>`` titled ``title``."""
    article = site.article(url)
    heads = [h for h in article.find_all("h3") if h.text() == title]
    assert heads, f"{url}: no section {title!r} in {[h.text() for h in article.find_all('h3')]}"
    found = False
    for node in article.iter():
        if node is heads[0]:
            found = True
        elif found and node.tag == "table":
            return node
    raise AssertionError(f"{url}: no table after {title!r}")


def _rows(table: Node) -> list[list[str]]:
    return [[c.text() for c in r.find_all("td")] for r in table.one("tbody").find_all("tr")]


def test_an_objective_page_shows_each_targets_status(site: Site) -> None:
    table = _section(site, "strategy/objectives/pipeline/", "Status of its targets")
    assert [h.text() for h in table.one("thead").find_all("th")] == ["KPI", *TARGET_HEADS]
    rows = table.one("tbody").find_all("tr")
    assert len(rows) == 3
    for row in rows:
        assert row.find("span", cls="gt-kpi-status") is not None
        assert row.find("svg", cls="gt-sparkline") is not None
        progress = row.one("span", cls="gt-progress-value").text()
        assert re.fullmatch(r"−?\d+%|—", progress), progress
    # the same status as the KPI dashboard's scorecard of this objective (one source)
    scorecard = site.article("kpis/").one("table", id="gt-scorecard-obj-pipeline")
    dashboard = [r.one("span", cls="gt-kpi-status").text() for r in scorecard.one("tbody").find_all("tr")]
    assert [r.one("span", cls="gt-kpi-status").text() for r in rows] == dashboard
    first = [c.text() for c in rows[0].find_all("td")]
    assert first[0] == "Marketing-sourced qualified pipeline KPI-PIPELINE"
    assert first[2] == "USD 13,900,000 (2026-10)"


def test_a_kpi_page_shows_the_targets_on_it_and_its_series(site: Site) -> None:
    url = "items/kpis/kpi-pipeline/"
    targets = _section(site, url, "Status of the targets on it")
    assert [h.text() for h in targets.one("thead").find_all("th")] == ["Objective", *TARGET_HEADS]
    objective = "Grow marketing-sourced qualified pipeline from $14M to $36M a year OBJ-PIPELINE"
    assert {r[0] for r in _rows(targets)} == {objective}
    values = _section(site, url, "Values")
    assert site.article(url).find("svg", cls="gt-line-chart") is not None
    rows = _rows(values)
    assert rows[0][:2] == ["2026-10", "USD 13,900,000"]  # latest first
    assert len(rows) >= 2


def test_campaign_kpi_targets_show_the_latest_actual_against_the_target(site: Site) -> None:
    table = _section(site, "items/campaigns/cmp-q4-year-end-webinars/", "KPI targets")
    assert [h.text() for h in table.one("thead").find_all("th")] == ["KPI", *TARGET_HEADS]
    (row,) = _rows(table)
    assert row[0].startswith("Marketing-qualified leads")
    assert row[1] == "450 by 2026-12-31"
    assert row[2] != "none yet" and re.match(r"[\d,]+ \(", row[2]), row[2]
    assert table.one("tbody").find("span", cls="gt-kpi-status") is not None


def test_a_plan_page_shows_spent_against_planned(site: Site) -> None:
    card = site.article("items/plans/plan-2026-q4/").one("table", cls="gt-facts")
    facts = {r.one("th").text(): r.one("td").text() for r in card.find_all("tr")}
    assert facts["Allocated to its campaigns"] == "USD 190,000"
    assert re.fullmatch(r"USD [\d,]+ \(\d+% of the plan budget\)", facts["Spent so far (actuals)"]), facts


def test_owners_are_linked_names_with_the_handle_on_hover(site: Site) -> None:
    url = "items/campaigns/cmp-webinar-close-clinic/"
    owner = site.article(url).one("div", cls="gt-card").one("a", cls="gt-owner")
    assert owner.text() == "Sam Whitaker"
    assert (owner.get("title") or "").startswith("@sam")
    target, _ = site.resolve(url, owner.get("href") or "")
    assert site.exists(target), target
    raci = _section(site, url, "RACI")
    cells = [c for r in raci.one("tbody").find_all("tr") for c in r.find_all("td")[1:]]
    assert cells and all(c.find("a", cls="gt-owner") is not None for c in cells)


def test_list_fields_are_bullet_lists(site: Site) -> None:
    reviews = yaml.safe_load((REPO_ROOT / "content/reviews/2026-reviews.yml").read_text(encoding="utf-8"))["reviews"]
    decisions = reviews[0]["decisions"]
    card = site.article(f"items/reviews/{reviews[0]['id'].lower()}/").one("table", cls="gt-facts")
    cell = next(r.one("td") for r in card.find_all("tr") if r.one("th").text() == "Decisions")
    assert len(cell.one("ul", cls="gt-list").find_all("li")) == len(decisions)


def test_tags_show_once_on_item_pages(site: Site) -> None:
    page = site.page("items/campaigns/cmp-webinar-close-clinic/")
    assert page.find_all(cls="gt-tag") == []
    assert page.find("nav", cls="md-tags") is not None


@pytest.mark.parametrize(
    "url, heads",
    [
        ("items/campaigns/", ["Campaign", "Plan", "Owner", "Status", "Dates", "Budget", "Serves objectives"]),
        ("items/tactics/", ["Tactic", "Campaign", "Channel", "Budget", "Serves objectives"]),
        ("items/objectives/", ["Objective", "Horizon", "Owner", "Status"]),
        ("items/reviews/", ["Review", "Date", "Kind", "Decisions"]),
        ("items/plans/", ["Plan", "Period", "Budget", "Part of", "Owner", "Status"]),
    ],
)
def test_type_indexes_show_the_columns_of_their_type(site: Site, url: str, heads: list[str]) -> None:
    table = site.article(url).one("table", cls="gt-index")
    assert [h.text() for h in table.one("thead").find_all("th")] == heads
    assert "Backlinks" not in heads


def test_campaign_index_cells(site: Site) -> None:
    table = site.article("items/campaigns/").one("table", cls="gt-index")
    rows = {r.one("th").text(): [c.text() for c in r.find_all("td")] for r in table.one("tbody").find_all("tr")}
    row = rows["Close Clinic: monthly CPE-eligible webinar series for controllers CMP-WEBINAR-CLOSE-CLINIC"]
    assert row[:5] == ["2027 marketing plan", "Sam Whitaker", "active", "2027-01-12 → 2027-12-14", "USD 60,000"]


def test_kpi_progress_cells_hold_one_figure(site: Site) -> None:
    for cell in site.article("kpis/").find_all("td", cls="gt-progress-cell"):
        assert re.fullmatch(r"−?\d+%|—", cell.text()), cell.text()
        assert cell.one("svg").get("aria-hidden") == "true"


def test_milestones_are_sorted_by_date(tmp_path: Path) -> None:
    plan = VALID_WIKI["plan.yml"].replace(
        "    end: 2027-03-31\n",
        "    end: 2027-03-31\n    milestones:\n"
        "      - {title: Third, date: 2027-03-20}\n"
        "      - {title: First, date: 2027-02-05}\n"
        "      - {title: Second, date: 2027-03-01}\n",
        1,
    )
    config = write_site(tmp_path, {**VALID_WIKI, "plan.yml": plan}, {"today": TODAY})
    site = Site(tmp_path, config, build_site(config, tmp_path / "site"))
    table = _section(site, "items/campaigns/cmp-one/", "Milestones")
    assert [r[0].split()[0] for r in _rows(table)] == ["First", "Second", "Third"]
