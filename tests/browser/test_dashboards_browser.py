"""The plan dashboards in headless Chromium: Gantt charts render, SVG charts show, no console errors.

Builds the two-plan wiki of ``test_dashboards_core.py`` (which has campaign and milestone names
with ``:``, ``#`` and a leading Gantt keyword) and opens each dashboard page from a local server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import launch_chromium, require_chromium
from site_helpers import Site, build_site, serve_directory, write_site
from wikis import PLANS, PLANS_TODAY, QUIET_RULES

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
#: Material renders each diagram into a closed shadow root; open it so the test can look inside.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""
DIAGRAMS_JS = """() => Array.from(document.querySelectorAll('div.mermaid')).map(d => {
  const svg = d.shadowRoot && d.shadowRoot.querySelector('svg');
  return svg ? {text: svg.textContent, width: svg.getBoundingClientRect().width,
                verts: svg.querySelectorAll('.vert').length} : null; })"""
PAGES = ["budget/", "timeline/", "raci/", "owners/", "owners/sam/", "freshness/", "misalignment/"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    root = tmp_path_factory.mktemp("dashboards-browser")
    config = write_site(root, PLANS, {"today": PLANS_TODAY, "rules": QUIET_RULES})
    site = Site(root, config, build_site(config))
    with serve_directory(site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[tuple[Any, list[str]]]:
    with launch_chromium() as browser:
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        # no request leaves 127.0.0.1 (a blocked one, e.g. repository stats, is not a site error)
        context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
        tab = context.new_page()
        errors: list[str] = []

        def console(msg: Any) -> None:
            where = (msg.location or {}).get("url", "")
            if msg.type == "error" and not (where and not where.startswith(base_url)):
                errors.append(f"{msg.text} ({where})")

        tab.on("console", console)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        tab.add_init_script(OPEN_SHADOW_ROOTS)
        try:
            yield tab, errors
        finally:
            context.close()


def test_gantt_charts_render_with_today_and_overdue(page: tuple[Any, list[str]], base_url: str) -> None:
    tab, errors = page
    tab.goto(base_url + "timeline/")
    tab.wait_for_function(
        """() => document.querySelectorAll('pre.mermaid').length === 0
               && document.querySelectorAll('div.mermaid').length > 0
               && Array.from(document.querySelectorAll('div.mermaid'))
                    .every(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))""",
        timeout=TIMEOUT_MS,
    )
    diagrams = tab.evaluate(DIAGRAMS_JS)
    assert len(diagrams) == 6
    for d in diagrams:
        assert d is not None and d["width"] > 300 and "Syntax error" not in d["text"]
    # the today line, in the charts whose span includes today (PLAN-2027 and its Q2)
    assert sum(1 for d in diagrams if d["verts"] >= 1 and f"Today {PLANS_TODAY}" in d["text"]) == 2
    plan = next(d["text"] for d in diagrams if "Plan 2027" in d["text"] and "Q1" not in d["text"])
    # entity-encoded names come out as written; a name starting with a keyword stays a task
    assert "Overdue: Section readout" in plan and "Kick-off: brief #1" in plan
    assert "Section two: spread over spring" in plan
    crit = tab.evaluate("""() => Array.from(document.querySelectorAll('div.mermaid')).map(
        d => d.shadowRoot.querySelectorAll('[class*="crit"]').length)""")
    assert max(crit) >= 1
    assert errors == []


@pytest.mark.parametrize("url", PAGES)
def test_dashboard_pages_have_no_console_errors(page: tuple[Any, list[str]], base_url: str, url: str) -> None:
    tab, errors = page
    errors.clear()
    tab.goto(base_url + url)
    tab.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
    tab.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=TIMEOUT_MS)
    assert tab.locator("article h1").count() == 1
    if url == "budget/":
        box = tab.locator("#gt-chart-budget-month").bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 80
        assert tab.locator("#gt-chart-budget-month rect").count() > 12
    assert errors == []
