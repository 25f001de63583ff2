"""The strategy map stays light at any plan size; each objective has its own map, capped with "n more".

A real strict build of a wiki with more campaigns and tactics than an objective's map draws.
"""

from __future__ import annotations

import re

import pytest

from goldenthread.views.mermaid import MAX_CAMPAIGN_NODES, MAX_TACTIC_NODES
from site_helpers import Site, build_site, write_site
from wikis import TODAY, VALID_WIKI

CAMPAIGNS = MAX_CAMPAIGN_NODES + 15
TACTICS = MAX_TACTIC_NODES + 5

#: OBJ-CHILD contributes to OBJ-GROW (the clean wiki's objective); the campaigns serve the child.
FILES = {
    "child.yml": "objectives:\n  - id: OBJ-CHILD\n    title: Win mid-market\n    parent: OBJ-GROW\n"
    "    targets:\n      - {kpi: KPI-SQL, target: 10}\n"
    + "campaigns:\n"
    + "".join(
        f"  - id: CMP-{n:03d}\n    title: Campaign {n}\n    plan: PLAN-2027\n    supports: [OBJ-CHILD]\n"
        f"    start: 2027-02-01\n    end: 2027-03-01\n    budget: [{{channel: ads, amount: {n * 40}}}]\n"
        for n in range(1, CAMPAIGNS + 1)
    )
    + "tactics:\n"
    + "".join(
        f"  - id: TAC-{n:03d}\n    title: Tactic {n}\n    campaign: CMP-{CAMPAIGNS:03d}\n    channel: ads\n"
        for n in range(1, TACTICS + 1)
    ),
}

NODE = re.compile(r"^\s+(n\d+)[\[({]+\"([^\"]*)\"", re.M)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("maps")
    config = write_site(root, {**VALID_WIKI, **FILES}, {"today": TODAY})
    return Site(root, config, build_site(config, root / "site"))


def _nodes(site: Site, url: str) -> list[str]:
    """The labels of the nodes of the page's one diagram (entity-encoded as Mermaid reads them)."""
    (block,) = site.article(url).find_all("pre", cls="mermaid")
    return [label for _, label in NODE.findall(block.text(squash=False))]


def test_the_overall_map_has_two_nodes_per_objective_whatever_the_plan(site: Site) -> None:
    labels = _nodes(site, "graph/")
    assert len(labels) == 2 * 2  # OBJ-GROW and OBJ-CHILD, each with its count
    assert f"{CAMPAIGNS} campaigns, {TACTICS} tactics" in labels
    assert "1 campaign, 1 tactic" in labels  # the clean wiki's CMP-ONE and TAC-ONE serve OBJ-GROW directly
    counts = {
        row.one("th").text(): row.find_all("td")[0].text()
        for row in site.article("graph/").one("table", id="gt-maps").one("tbody").find_all("tr")
    }
    assert counts["Win mid-market OBJ-CHILD"] == f"{CAMPAIGNS} campaigns, {TACTICS} tactics"


def test_an_objective_map_draws_the_largest_campaigns_and_counts_the_rest(site: Site) -> None:
    labels = _nodes(site, "maps/obj-child/")
    campaigns = [label for label in labels if label.startswith("CMP-")]
    # the largest budgets first: CMP-045 … CMP-016
    assert campaigns == [f"CMP-{n:03d}#58; Campaign {n}" for n in range(CAMPAIGNS, CAMPAIGNS - MAX_CAMPAIGN_NODES, -1)]
    assert len([label for label in labels if label.startswith("TAC-")]) == MAX_TACTIC_NODES
    assert "15 more campaigns" in labels and "5 more tactics" in labels
    assert "KPI-SQL#58; Sales-qualified leads" in labels and "OBJ-GROW#58; Grow pipeline" in labels
    text = site.article("maps/obj-child/").text()
    shown, total = MAX_CAMPAIGN_NODES + MAX_TACTIC_NODES, CAMPAIGNS + TACTICS
    assert f"largest budgets first: {shown} of {total} are drawn" in text


def test_a_parent_objective_map_draws_its_child_objective_between(site: Site) -> None:
    (block,) = site.article("maps/obj-grow/").find_all("pre", cls="mermaid")
    chart = block.text(squash=False)
    ids = {label.split("#58;")[0]: nid for nid, label in NODE.findall(chart)}
    assert f'{ids["OBJ-CHILD"]} -->|"contributes to"| {ids["OBJ-GROW"]}' in chart
    assert f"{ids['CMP-045']} --> {ids['OBJ-CHILD']}" in chart
    # it is served by the child's campaigns and its own CMP-ONE, which has no budget: among the rest
    assert "CMP-ONE" not in ids and f"{ids['16 more campaigns']} --> {ids['OBJ-GROW']}" in chart


def test_the_objective_page_links_to_its_map_and_the_map_back(site: Site) -> None:
    page = "items/objectives/obj-child/"
    (link,) = site.article(page).find_all("a", where=lambda a: a.text() == "Its campaigns and tactics as a diagram")
    assert site.resolve(page, link.get("href") or "")[0] == "maps/obj-child/"
    back = site.article("maps/obj-child/").find_all("a", where=lambda a: a.text() == "overall strategy map")
    assert [site.resolve("maps/obj-child/", a.get("href") or "") for a in back] == [("graph/", "overall")]
