"""Long tables in the browser: 50 rows at a time with a pager, filter and sort over every row, all rows
without JavaScript; the timeline of a large plan keeps one campaign table.

The wiki is bench/peer.py's workload (one plan, 20 objectives) at 320 campaigns, built once.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import launch_chromium, require_chromium
from site_helpers import REPO_ROOT, Site, build_site, parse_html, serve_directory

sys.path.insert(0, str(REPO_ROOT / "bench"))
import peer  # bench/peer.py

pytestmark = pytest.mark.browser

CAMPAIGNS = 320
INDEX = "items/campaigns/"
SORT_KEYS_JS = """k => Array.from(document.querySelectorAll('article table')[k].querySelectorAll('tbody tr'))
  .map(r => r.children[0].getAttribute('data-sort') || r.children[0].textContent.trim())"""
ROWS_JS = """k => Array.from(document.querySelectorAll('article table')[k].querySelectorAll('tbody tr'))
  .filter(r => r.offsetParent !== null).map(r => (r.textContent.match(/CMP-\\d{5}/) || [''])[0])"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("paged")
    peer.write_goldenthread(root, peer.workload(CAMPAIGNS))
    config = root / "mkdocs.yml"
    return Site(root, config, build_site(config, root / "site"))


@pytest.fixture(scope="module")
def base_url(site: Site) -> Iterator[str]:
    require_chromium()
    with serve_directory(site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


def _open(browser: Any, url: str, *, javascript: bool = True) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    page.errors = errors
    return context, page


def _biggest(site: Site) -> int:
    """The index of the campaign table among the article's tables."""
    tables = site.article(INDEX).find_all("table")
    return max(range(len(tables)), key=lambda k: len(tables[k].find_all("tr")))


def test_every_row_is_in_the_html(site: Site) -> None:
    table = site.article(INDEX).find_all("table")[_biggest(site)]
    assert "data-gt-sortable" in table.attrs
    assert sum(len(b.find_all("tr")) for b in table.find_all("tbody")) >= CAMPAIGNS


def test_a_long_table_shows_fifty_rows_and_pages(browser: Any, base_url: str, site: Site) -> None:
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX)
    try:
        first = page.evaluate(ROWS_JS, sel)
        assert len(first) == 50
        pager = page.locator(".gt-pager").first
        assert "Rows 1–50 of 320" in pager.inner_text()
        pager.get_by_role("button", name="Next ›").click()
        second = page.evaluate(ROWS_JS, sel)
        assert len(second) == 50 and not set(first) & set(second)
        assert "Rows 51–100 of 320" in pager.inner_text()
        assert pager.get_by_role("button", name="‹ Previous").is_enabled()
        assert page.errors == []
    finally:
        context.close()


def test_filter_and_sort_work_on_every_row(browser: Any, base_url: str, site: Site) -> None:
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX)
    try:
        box = page.locator("input.gt-filter").first
        box.fill("cmp-0031")  # CMP-00310 … CMP-00319: all beyond the first page
        assert sorted(page.evaluate(ROWS_JS, sel)) == [f"CMP-{n:05d}" for n in range(310, 320)]
        assert "of 10 matching (320 in all)" in page.locator(".gt-pager").first.inner_text()
        box.fill("")
        page.locator("article table").nth(sel).locator("thead th").first.click()  # by title, then descending
        page.locator("article table").nth(sel).locator("thead th").first.click()
        titles = page.evaluate(SORT_KEYS_JS, sel)
        assert len(titles) == 50
        assert titles == sorted(titles, key=str.casefold, reverse=True)
    finally:
        context.close()


def test_without_javascript_every_row_shows(browser: Any, base_url: str, site: Site) -> None:
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX, javascript=False)
    try:
        assert len(page.evaluate(ROWS_JS, sel)) >= CAMPAIGNS
    finally:
        context.close()


def test_the_timeline_of_a_large_plan_has_one_campaign_table(site: Site) -> None:
    doc = site.article("timeline/")
    tables = [t.id for t in doc.find_all("table") if (t.id or "").startswith("gt-timeline-")]
    assert tables == ["gt-timeline-plan-2027"]
    text = doc.text()
    assert "campaigns run in 2027 Q1" in text
    links = [a.get("href") for a in doc.find_all("a") if a.get("href") == "#gt-timeline-plan-2027"]
    assert len(links) >= 2  # one per quarter


def test_only_pages_with_sortable_tables_carry_the_noscript_style(site: Site) -> None:
    for url in (INDEX, "timeline/", ""):
        html = site.html(url)
        head = html.split("</head>", 1)[0]
        assert ("<noscript><style>" in head) == ("data-gt-sortable" in html), url
    assert parse_html(site.html(INDEX)).find("noscript") is not None
