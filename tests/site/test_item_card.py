"""An item's card says each thing once: a one-line budget is a fact (no table with a total row), and
the "Supports" fact is left out when the golden thread above it lists the same objectives."""

from __future__ import annotations

from pathlib import Path

from site_helpers import Site, build_site, write_site
from wikis import TODAY, VALID_WIKI

CARD = "items/campaigns/cmp-one/"


def _site(tmp_path: Path, campaign_lines: str) -> Site:
    plan = VALID_WIKI["plan.yml"].replace("    end: 2027-03-31\n", "    end: 2027-03-31\n" + campaign_lines, 1)
    assert plan != VALID_WIKI["plan.yml"]
    config = write_site(tmp_path, {**VALID_WIKI, "plan.yml": plan}, {"today": TODAY, "item_pages": "own"})
    return Site(tmp_path, config, build_site(config, tmp_path / "site"))


def _facts(site: Site) -> dict[str, str]:
    card = site.article(CARD).one("table", cls="gt-facts")
    return {tr.one("th").text(): tr.one("td").text() for tr in card.find_all("tr")}


def test_a_one_line_budget_is_a_fact_and_the_thread_replaces_supports(tmp_path: Path) -> None:
    site = _site(tmp_path, "    budget:\n      - {channel: email, amount: 42000}\n")
    facts = _facts(site)
    assert facts["Budget"] == "USD 42,000 · email"
    assert "Total budget" not in facts and "Supports" not in facts
    article = site.article(CARD)
    assert "Budget" not in [h.text() for h in article.find_all("h3")]
    (thread,) = article.find_all("p", cls="gt-thread-path")
    assert "OBJ-GROW" in thread.text()


def test_a_budget_of_several_lines_keeps_its_table_and_total(tmp_path: Path) -> None:
    site = _site(
        tmp_path,
        "    budget:\n      - {channel: email, amount: 42000}\n      - {channel: events, amount: 8000}\n",
    )
    assert _facts(site)["Total budget"] == "USD 50,000"
    assert "Budget" in [h.text() for h in site.article(CARD).find_all("h3")]


def test_a_weighted_link_keeps_the_supports_fact(tmp_path: Path) -> None:
    plan = "    budget:\n      - {channel: email, amount: 1000, period: 2027-Q1}\n"
    site = _site(tmp_path, plan)
    assert "Budget" in [h.text() for h in site.article(CARD).find_all("h3")]  # a period: not one simple line
    weighted = VALID_WIKI["plan.yml"].replace("supports: [OBJ-GROW]", "supports: [{id: OBJ-GROW, weight: 2}]")
    config = write_site(tmp_path / "w", {**VALID_WIKI, "plan.yml": weighted}, {"today": TODAY, "item_pages": "own"})
    facts = _facts(Site(tmp_path / "w", config, build_site(config, tmp_path / "w" / "site")))
    assert facts["Supports"].startswith("Grow")


def test_objectives_reached_directly_share_one_thread_line(tmp_path: Path) -> None:
    strategy = VALID_WIKI["strategy.yml"].replace("kpis:\n", "  - id: OBJ-KEEP\n    title: Keep customers\nkpis:\n", 1)
    plan = VALID_WIKI["plan.yml"].replace("supports: [OBJ-GROW]", "supports: [OBJ-GROW, OBJ-KEEP]")
    files = {**VALID_WIKI, "strategy.yml": strategy, "plan.yml": plan}
    config = write_site(tmp_path, files, {"today": TODAY, "item_pages": "own"})
    site = Site(tmp_path, config, build_site(config, tmp_path / "site"))
    (line,) = site.article(CARD).find_all("p", cls="gt-thread-path")
    assert line.text() == "Golden thread CMP-ONE → Grow pipeline OBJ-GROW, Keep customers OBJ-KEEP"
    assert "Supports" not in _facts(site)
    # the tactic's threads pass through its campaign: one line each, as before
    tactic = site.article("items/tactics/tac-one/").find_all("p", cls="gt-thread-path")
    assert len(tactic) == 2 and all("CMP-ONE" in p.text() for p in tactic)
