"""Long tables in the browser: 50 rows at a time with a pager, filter and sort over every row; a table
of more than 200 rows sent as its first 50 rows of HTML and every row as data (views/compact.py),
rows made from data identical to those the build wrote; long link lists behind a "show all"
button; the timeline of a large plan keeps one campaign table.

The wiki is bench/peer.py's workload (one plan, 20 objectives) at 320 campaigns, built once.
"""

from __future__ import annotations

import json
import re
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
    # one title with a character the HTML escapes, beyond the first page of every table
    plans = root / "content" / "plans"
    for path in plans.glob("campaigns-*.yml"):
        text = path.read_text(encoding="utf-8")
        if "id: CMP-00300\n" in text:
            at = text.index("id: CMP-00300\n")
            line_end = text.index("\n", text.index("title:", at))
            text = text[:at] + text[at:line_end].split("title:")[0] + 'title: "R&D push for Q4"' + text[line_end:]
            path.write_text(text, encoding="utf-8")
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


def _biggest(site: Site, url: str = INDEX) -> int:
    """The index of the biggest table among the article's tables (the campaigns, on the index)."""
    tables = site.article(url).find_all("table")
    return max(range(len(tables)), key=lambda k: len(tables[k].find_all("tr")))


def _row_data(site: Site, url: str, k: int) -> dict[str, Any]:
    """The row data after the ``k``-th table of a page."""
    table = site.article(url).find_all("table")[k]
    assert table.parent is not None
    script = table.parent.one("script", cls="gt-rows")
    return dict(json.loads(script.text(squash=False)))


def test_a_long_table_carries_every_row_as_data(site: Site) -> None:
    sel = _biggest(site)
    table = site.article(INDEX).find_all("table")[sel]
    assert "data-gt-sortable" in table.attrs
    assert sum(len(b.find_all("tr")) for b in table.find_all("tbody")) == 50
    data = _row_data(site, INDEX, sel)
    assert data["n"] == CAMPAIGNS == sum(len(g) for g in data["g"])
    ids = [re.search(r"<@(CMP-\d{5})>", json.dumps(row)) for g in data["g"] for row in g]
    assert all(ids) and len({m.group(1) for m in ids if m}) == CAMPAIGNS
    assert "</" not in site.html(INDEX).split('class="gt-rows">', 1)[1].split("</script>", 1)[0]


@pytest.mark.parametrize("url", [INDEX, "traceability/", "raci/"])
def test_rows_made_from_data_are_the_rows_the_build_wrote(browser: Any, base_url: str, site: Site, url: str) -> None:
    """Each server-written row against the same row made from its data: cells, attributes, links
    (the matrices: rows grouped by plan, runs of empty cells)."""
    sel = _biggest(site, url)
    context, page = _open(browser, base_url + url)
    try:
        same = page.evaluate(
            """k => {
              const table = document.querySelectorAll('article table')[k];
              const data = JSON.parse(table.parentElement.querySelector('script.gt-rows').textContent);
              const norm = tr => Array.from(tr.children).map(c => [c.tagName,
                Array.from(c.attributes).map(a => a.name + '=' + a.value).sort().join(' '), c.textContent,
                Array.from(c.querySelectorAll('a')).map(a => [a.href, a.title, a.className, a.textContent]).join('|')
              ].join('¦')).join('\\n');
              const rows = Array.from(table.tBodies[0].rows).filter(r => !r.classList.contains('gt-group'));
              return rows.map((tr, i) => {
                const box = document.createElement('tbody');
                box.innerHTML = window.goldenthreadRows.rowHtml(data.g[0][i], data.r, data.s);
                return norm(box.rows[0]) === norm(tr) ? '' : norm(box.rows[0]) + ' != ' + norm(tr);
              });
            }""",
            sel,
        )
        assert len(same) == 50 and [s for s in same if s] == []
        if url != INDEX:
            assert any(isinstance(c, int) for g in _row_data(site, url, sel)["g"] for r in g for c in r)
        assert page.errors == []
    finally:
        context.close()


def test_links_in_rows_made_from_data_lead_to_their_items(browser: Any, base_url: str, site: Site) -> None:
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX)
    try:
        page.locator(".gt-pager").first.get_by_role("button", name="Next ›").click()
        links = page.evaluate(
            """k => Array.from(document.querySelectorAll('article table')[k].querySelectorAll('tbody tr'))
              .map(r => Array.from(r.querySelectorAll('a')).map(a => [a.href, a.title, a.textContent]))""",
            sel,
        )
        assert len(links) == 50
        for row in links:
            assert row, "a row without links"
            href, title, text = row[0]
            ident = text.split()[-1]  # the campaign: its title and ID, no tooltip
            assert re.fullmatch(r"CMP-\d{5}", ident) and title == "" and ident.lower() in href
            path, _, anchor = href.partition("#")
            target = (site.site_dir / path.removeprefix(base_url) / "index.html").read_text(encoding="utf-8")
            assert f'id="{anchor}"' in target if anchor else f'data-gt-item="{ident}"' in target, href
        owners = [a for row in links for a in row if "/owners/" in a[0]]
        assert owners and all(a[2].startswith("@") for a in owners)
    finally:
        context.close()


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


def test_filter_reads_titles_as_shown(browser: Any, base_url: str, site: Site) -> None:
    """A title the HTML escapes (R&D) is found as it reads, in a row made from data."""
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX)
    try:
        page.locator("input.gt-filter").first.fill("r&d push")
        assert page.evaluate(ROWS_JS, sel) == ["CMP-00300"]
        assert page.errors == []
    finally:
        context.close()


def test_without_javascript_the_first_rows_show_with_a_note(browser: Any, base_url: str, site: Site) -> None:
    sel = _biggest(site)
    context, page = _open(browser, base_url + INDEX, javascript=False)
    try:
        assert len(page.evaluate(ROWS_JS, sel)) == 50
        assert "The first 50 of 320 rows" in page.locator("article").inner_text()
    finally:
        context.close()


def test_a_long_link_list_shows_all_on_demand(browser: Any, base_url: str, site: Site) -> None:
    plan = f"items/plans/{peer.workload(CAMPAIGNS).plan_id.lower()}/"
    doc = site.article(plan)
    assert len(doc.one("ul", cls="gt-more-list").find_all("li")) == 50
    context, page = _open(browser, base_url + plan)
    try:
        button = page.get_by_role("button", name=f"Show all {CAMPAIGNS} ({CAMPAIGNS - 50} more)")
        button.click()
        hrefs = page.evaluate("() => Array.from(document.querySelectorAll('ul.gt-more-list a')).map(a => a.href)")
        assert len(hrefs) == CAMPAIGNS == len(set(hrefs))
        assert all("/cmp-" in h for h in hrefs)
        assert page.errors == []
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
