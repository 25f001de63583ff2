"""Accessibility: axe-core (through Playwright) on the pages goldenthread generates.

The example wiki is built once (see :func:`site_helpers.example_site`) and served locally. The
home dashboard, a campaign's page, the traceability matrices and the FAQ are pages goldenthread
generates, so axe runs over their whole article: goldenthread's markup (cards, matrices,
backlinks, FAQ entries, dashboards: every ``gt-…`` element) and the prose around it. Material's
own chrome (header, tabs, navigation, search) is not ours and is left out. No serious or
critical violation is allowed.

axe-core comes from PyPI: ``axe-playwright-python`` bundles ``axe.min.js`` (the ``test`` extra).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from hardening_helpers import launch_chromium
from site_helpers import Site, example_site, serve_directory

pytestmark = pytest.mark.browser

PAGES = {
    "home dashboard": "dashboard/",
    "campaign": "items/campaigns/cmp-webinar-close-clinic/",
    "traceability matrix": "traceability/",
    "FAQ": "faq/",
    "owner page": "owners/dana/",
    "budget dashboard": "budget/",
    "KPI dashboard": "kpis/",
    "objective with target status": "strategy/objectives/pipeline/",
    "KPI page with its series": "items/kpis/kpi-pipeline/",
    "campaigns index": "items/campaigns/",
    "strategy map": "graph/",
    "an objective's strategy map": "maps/obj-pipeline/",
}
#: goldenthread's markup on the page (counted, so the test knows it looked at something).
OURS = """() => document.querySelectorAll('article.md-content__inner [class*="gt-"]').length"""
#: The axe context: the page's article, without Material's chrome.
CONTEXT = {"include": [["article.md-content__inner"]]}
SERIOUS = ("serious", "critical")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


@pytest.fixture(scope="module")
def axe() -> Any:
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:  # pragma: no cover - the test extra installs it
        pytest.fail("axe-playwright-python is not installed: pip install -e '.[test]'", pytrace=False)
    return Axe()


@pytest.fixture(scope="module")
def browser_page(site: Site) -> Iterator[tuple[Any, str]]:
    with launch_chromium() as browser, serve_directory(site.site_dir) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        page = context.new_page()
        try:
            yield page, base
        finally:
            context.close()


def _violations(axe: Any, page: Any) -> tuple[int, list[dict[str, Any]]]:
    count = page.evaluate(OURS)
    if not count:
        return 0, []
    results = axe.run(page, context=CONTEXT, options={"resultTypes": ["violations"]})
    return count, [v for v in results.response["violations"] if v.get("impact") in SERIOUS]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_violations_in_goldenthread_markup(name: str, browser_page: tuple[Any, str], axe: Any) -> None:
    page, base = browser_page
    response = page.goto(base + PAGES[name])
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    count, violations = _violations(axe, page)
    assert count > 0, f"no goldenthread markup found on {PAGES[name]}"
    report = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["html"][:160] + " — " + (n.get("failureSummary") or "")[:200] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert not violations, json.dumps(report, indent=2)
