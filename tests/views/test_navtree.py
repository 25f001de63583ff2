"""The navigation the plugin writes when mkdocs.yml has none (views/navtree.py)."""

from __future__ import annotations

import re
from pathlib import Path

from goldenthread.analysis import analyse
from goldenthread.core.config import parse_settings, read_project_config
from goldenthread.views.navtree import GROUPS, NAV_ITEM_LIMIT, auto_nav, dirname_to_title
from goldenthread.views.pages import Pages
from goldenthread.views.wiki import Options, Wiki

REPO = Path(__file__).resolve().parents[2]

GENERATED = {
    "items/campaigns/cmp-a.md": "A",
    "items/objectives/index.md": "Objectives",
    "items/campaigns/index.md": "Campaigns",
    "items/index.md": "All items",
    "overview.md": "Strategy and plan",
    "graph.md": "Strategy map",
    "maps/obj-a.md": "Strategy map: A",
    "traceability.md": "Traceability",
    "dashboard.md": "Dashboard",
    "owners/index.md": "Owners",
    "owners/dana.md": "Dana",
    "faq.md": "FAQ",
}


def test_team_pages_first_then_generated_groups_then_other_top_pages():
    user = ["tags.md", "index.md", "strategy/objectives/b.md", "strategy/index.md", "strategy/objectives/a.md"]
    nav = auto_nav(user, GENERATED, Options())
    assert nav[0] == {"Home": "index.md"}
    assert nav[1] == {
        "Strategy": ["strategy/index.md", {"Objectives": ["strategy/objectives/a.md", "strategy/objectives/b.md"]}]
    }
    # types in the order the pages were made; an item page under its type, an empty type as its index
    assert nav[2] == {
        "Items": [
            "items/index.md",
            "items/objectives/index.md",
            {"Campaigns": ["items/campaigns/index.md", "items/campaigns/cmp-a.md"]},
        ]
    }
    assert nav[3] == {"Strategy and plan": "overview.md"}
    # the per-objective maps follow the overall map, as a section
    assert nav[4] == {"Traceability": ["traceability.md", "graph.md", {"Maps per objective": ["maps/obj-a.md"]}]}
    # an index among other pages gets a section, else Material would make it the group's page
    assert nav[5] == {"Dashboards": ["dashboard.md", {"Owners": ["owners/index.md"]}]}
    assert nav[6] == {"FAQ": "faq.md"}
    assert nav[-1] == "tags.md"
    flat = str(nav)
    assert "owners/dana.md" not in flat  # reached from the owners index


def test_views_dir_and_generated_dir_are_followed():
    generated = {"wiki/items/index.md": "All items", "views/graph.md": "Strategy map", "views/health.md": "Health"}
    nav = auto_nav([], generated, Options(generated_dir="wiki/items", views_dir="views"))
    assert {"Traceability": ["views/graph.md", "views/health.md"]} in nav


def test_large_wikis_list_only_the_indexes():
    many = {f"items/campaigns/cmp-{n}.md": str(n) for n in range(NAV_ITEM_LIMIT + 1)}
    nav = auto_nav([], {"items/campaigns/index.md": "Campaigns", **many}, Options())
    assert nav == [{"Items": ["items/campaigns/index.md"]}]


def test_section_titles_as_mkdocs_makes_them():
    assert dirname_to_title("value-propositions") == "Value propositions"
    assert dirname_to_title("Q4_plans") == "Q4 plans"


def test_every_generated_view_has_a_place_in_the_nav():
    """A new generated page must be added to GROUPS, or a wiki without nav: never shows it."""
    project = read_project_config(REPO / "mkdocs.yml")
    settings = parse_settings(project.options, root=project.root)
    pages = Pages(Wiki.build(analyse(project.docs_dir, settings), Options()))
    grouped = {name for _, names in GROUPS for name in names}
    views = {p.src for p in pages.all() if not p.src.startswith("items/") and not re.match(r"owners/(?!index)", p.src)}
    # a folder in GROUPS (maps/) holds its pages
    assert {v for v in views if not any(v.startswith(g) for g in grouped if g.endswith("/"))} - grouped == set()
    nav = str(auto_nav([], {p.src: p.title for p in pages.all()}, Options()))
    assert "maps/obj-pipeline.md" in nav and "Maps per objective" in nav
