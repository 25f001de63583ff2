"""The dashboard, budget, KPI and signal pages of the example wiki in headless Chromium.

Each page must render its charts (inline SVG with a size on screen) next to their tables, make
no request to another host, and log no console error or uncaught exception. Skipped when
``/usr/bin/chromium`` is missing, except under ``CI=true``, where that is a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import launch_chromium
from site_helpers import Site, example_site, serve_directory

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    with serve_directory(site.site_dir) as url:
        yield url


def open_page(browser: Any, base_url: str, path: str) -> tuple[Any, Any, list[str], list[str]]:
    """A loaded page, with the console errors and third-party requests it made."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    errors: list[str] = []
    outside: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(base_url):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: errors.append(f"console.{m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    response = page.goto(base_url + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: HTTP {response.status if response else '?'}"
    page.wait_for_timeout(200)
    return context, page, errors, outside


def visible_charts(page: Any) -> list[dict[str, Any]]:
    """Every chart SVG in the article, with its rendered size and whether a table is beside it."""
    result: list[dict[str, Any]] = page.eval_on_selector_all(
        "article svg.gt-chart",
        """els => els.map(el => {
            const box = el.getBoundingClientRect();
            const holder = el.closest('section.card, .gt-kpi-trend, td');
            return {label: el.getAttribute('aria-label'), width: box.width, height: box.height,
                    decorative: el.getAttribute('aria-hidden') === 'true' && !!el.closest('td[title]'),
                    shapes: el.querySelectorAll('rect, polyline, circle, line').length,
                    table: !!(holder && (holder.tagName === 'TD' || holder.querySelector('table')))};
        })""",
    )
    return result


PAGES = [
    ("dashboard/", 5),  # coverage, budget, KPI status, signals, freshness
    ("kpis/", 13),  # status bar, 12 scorecard progress bars, one trend per KPI with actuals
    ("signals/", 0),
]


@pytest.mark.parametrize(("path", "min_charts"), PAGES)
def test_charts_render_without_errors(browser, base_url, path, min_charts):
    context, page, errors, outside = open_page(browser, base_url, path)
    try:
        charts = visible_charts(page)
        assert len(charts) >= min_charts, charts
        for chart in charts:
            assert chart["width"] > 0 and chart["height"] > 0, chart
            assert chart["shapes"] > 0, chart
            assert chart["table"], f"chart without a table beside it: {chart['label']}"
            assert chart["label"] or chart["decorative"], chart
        assert not errors, errors
        assert not outside, outside
    finally:
        context.close()


def test_kpi_trends_draw_every_actual(browser, base_url, site):
    context, page, errors, _ = open_page(browser, base_url, "kpis/")
    try:
        counts = page.eval_on_selector_all(
            ".gt-kpi-trend",
            """els => els.filter(el => el.querySelector('table.gt-trend')).map(el => [
                el.querySelectorAll('svg circle').length, el.querySelectorAll('table.gt-trend tbody tr').length])""",
        )
        assert counts and all(points == rows and rows > 0 for points, rows in counts), counts
        assert page.locator("svg.gt-line-chart").first.is_visible()
        assert not errors, errors
    finally:
        context.close()


def test_budget_page_renders(browser, base_url, site):
    if not site.exists("budget/"):
        pytest.skip("no budget page in this build")
    context, page, errors, outside = open_page(browser, base_url, "budget/")
    try:
        assert page.locator("article table").count() > 0
        svgs = page.eval_on_selector_all(
            "article svg", "els => els.map(el => el.getBoundingClientRect().width * el.getBoundingClientRect().height)"
        )
        assert svgs and all(area > 0 for area in svgs), svgs
        assert not errors, errors
        assert not outside, outside
    finally:
        context.close()


def test_dashboard_links_lead_to_the_detail_pages(browser, base_url):
    context, page, errors, _ = open_page(browser, base_url, "dashboard/")
    try:
        page.get_by_role("link", name="KPIs and actuals →").click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/kpis/#scorecards")
        assert page.locator("#scorecards").is_visible()
        assert not errors, errors
    finally:
        context.close()
