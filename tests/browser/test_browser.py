"""The built example wiki in headless Chromium: navigation, matrices, search, Mermaid, console.

The site is the session's example build (see :func:`site_helpers.example_site`), served by a
local ``http.server`` on 127.0.0.1. Requests to any other host are blocked and recorded, so the
tests never reach the network. Every test fails on a console error or an uncaught exception
from the site itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import launch_chromium
from site_helpers import Site, build_site, example_site, load_yaml, serve_directory, write_site
from wikis import VALID_WIKI

pytestmark = pytest.mark.browser

TIMEOUT_MS = 20_000
CONTENT = Path(__file__).resolve().parents[2] / "content"
WEBINAR = next(
    c for c in load_yaml(CONTENT / "plans/2027/campaigns.yml")["campaigns"] if c["id"] == "CMP-WEBINAR-CLOSE-CLINIC"
)
#: Material renders each diagram into a *closed* shadow root; open it so the test can look inside.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""


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


@dataclass
class Watch:
    """What a page did besides rendering: errors, requests to other hosts, dialogs."""

    base: str
    errors: list[str] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, context: Any, page: Any) -> None:
        def block(route: Any) -> None:
            self.third_party.append(route.request.url)
            route.abort()

        context.route(lambda url: not url.startswith(self.base), block)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def _console(self, msg: Any) -> None:
        if msg.type != "error":
            return
        where = (msg.location or {}).get("url", "")
        if where and not where.startswith(self.base):
            return  # a blocked request to another host: see test_no_requests_to_other_hosts
        self.errors.append(f"{msg.text} ({where})")


def _open(browser: Any, base: str) -> tuple[Any, Any, Watch]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    watch = Watch(base)
    watch.attach(context, page)
    return context, page, watch


@pytest.fixture
def tab(browser: Any, base_url: str) -> Iterator[tuple[Any, Watch]]:
    context, page, watch = _open(browser, base_url)
    try:
        yield page, watch
    finally:
        context.close()
    assert watch.errors == [], "console errors:\n" + "\n".join(watch.errors)


def _goto(page: Any, base: str, url: str, *, idle: bool = False) -> None:
    """Open a page; ``idle`` also waits for the network to settle (late errors, search index)."""
    response = page.goto(base + url)
    assert response is not None and response.ok, url
    if idle:
        page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)


def _card(page: Any) -> str:
    return str(page.locator("article .gt-card").first.get_attribute("data-gt-item"))


# -- navigation -----------------------------------------------------------------------------------
def test_open_items_from_the_nav(tab: tuple[Any, Watch], base_url: str) -> None:
    page, _ = tab
    _goto(page, base_url, "")
    page.locator("a.md-tabs__link", has_text="Strategy").click()
    objective = "Grow marketing-sourced qualified pipeline from $14M to $36M a year"
    page.locator(".md-sidebar--primary a.md-nav__link:visible", has_text=objective).click()
    page.wait_for_url("**/strategy/objectives/pipeline/")
    assert page.locator("article h1").inner_text() == objective
    assert _card(page) == "OBJ-PIPELINE"

    page.locator("a.md-tabs__link", has_text="Plans").click()
    page.locator(".md-sidebar--primary a.md-nav__link:visible", has_text="Campaigns").first.click()
    page.wait_for_url("**/items/campaigns/")
    page.locator("article table a.gt-ref", has_text=WEBINAR["title"]).click()
    page.wait_for_url("**/items/campaigns/cmp-webinar-close-clinic/")
    assert page.locator("article h1").inner_text() == WEBINAR["title"]
    assert _card(page) == "CMP-WEBINAR-CLOSE-CLINIC"


def test_open_item_from_the_matrix(tab: tuple[Any, Watch], base_url: str) -> None:
    page, _ = tab
    _goto(page, base_url, "traceability/")
    page.locator("#gt-matrix-plan-objectives tbody th a.gt-ref", has_text="CMP-WEBINAR-CLOSE-CLINIC").click()
    page.wait_for_url("**/items/campaigns/cmp-webinar-close-clinic/")
    assert _card(page) == "CMP-WEBINAR-CLOSE-CLINIC"
    # and on to the objective through the golden thread
    page.locator(".gt-thread a.gt-ref", has_text="OBJ-PIPELINE").first.click()
    page.wait_for_url("**/strategy/objectives/pipeline/")
    assert _card(page) == "OBJ-PIPELINE"


# -- matrix filter and sort -------------------------------------------------------------------------
ROWS_JS = """id => Array.from(document.querySelectorAll('#' + id + ' tbody tr:not(.gt-group)')).map(r => ({
  id: r.querySelector('th .gt-id').textContent, hidden: r.hidden, visible: r.offsetParent !== null,
  budget: parseFloat(r.children[2].getAttribute('data-sort')), text: r.textContent.toLowerCase()}))"""


def test_filter_hides_rows_that_do_not_match(tab: tuple[Any, Watch], base_url: str, site: Site) -> None:
    page, _ = tab
    _goto(page, base_url, "traceability/")
    matrix = "gt-matrix-plan-objectives"
    table = site.article("traceability/").one("table", id=matrix)
    # one tbody per plan, each under its heading row
    rows = [tr for body in table.find_all("tbody") for tr in body.find_all("tr") if "gt-group" not in tr.classes]
    needle = "webinar"
    expected = [
        r.child_elements()[0].one("span", cls="gt-id").text() for r in rows if needle in r.text(squash=False).lower()
    ]
    assert 0 < len(expected) < len(rows)

    box = page.locator(f"div.gt-matrix-wrap:has(#{matrix})").locator("xpath=preceding-sibling::input[1]")
    assert box.count() == 1
    assert box.get_attribute("class") == "gt-filter"
    box.fill(needle)
    state = page.evaluate(ROWS_JS, matrix)
    assert [r["id"] for r in state if not r["hidden"]] == expected
    assert [r["id"] for r in state if r["visible"]] == expected, "hidden rows must not be displayed"
    assert "CMP-WEBINAR-CLOSE-CLINIC" in expected

    box.fill("")
    state = page.evaluate(ROWS_JS, matrix)
    assert all(r["visible"] for r in state) and len(state) == len(rows)


def test_clicking_a_heading_sorts_the_matrix(tab: tuple[Any, Watch], base_url: str) -> None:
    page, _ = tab
    _goto(page, base_url, "traceability/")
    matrix = "gt-matrix-plan-objectives"
    before = page.evaluate(ROWS_JS, matrix)
    heading = page.locator(f"#{matrix} thead th", has_text="Budget")
    heading.click()
    ascending = page.evaluate(ROWS_JS, matrix)
    assert heading.get_attribute("aria-sort") == "ascending"
    # each plan's rows are sorted within the plan (its tbody); the example's plans, in turn
    groups = page.evaluate(
        f"""Array.from(document.querySelectorAll('#{matrix} tbody')).map(b =>
            Array.from(b.querySelectorAll('tr:not(.gt-group)'))
                 .map(r => parseFloat(r.children[2].getAttribute('data-sort'))))"""
    )
    assert len(groups) == 2 and all(g == sorted(g) for g in groups), groups
    budgets = [b for g in groups for b in g]
    assert [r["budget"] for r in ascending] == budgets
    assert [r["id"] for r in ascending] != [r["id"] for r in before]
    assert sorted(r["id"] for r in ascending) == sorted(r["id"] for r in before)

    heading.click()
    descending = page.evaluate(ROWS_JS, matrix)
    assert heading.get_attribute("aria-sort") == "descending"
    assert [r["budget"] for r in descending] == [b for g in groups for b in sorted(g, reverse=True)]

    # the keyboard works too, and text columns sort by title
    first = page.locator(f"#{matrix} thead th").first
    first.focus()
    page.keyboard.press("Enter")
    titles = page.evaluate(f"""Array.from(document.querySelectorAll('#{matrix} tbody')).map(b =>
                               Array.from(b.querySelectorAll('tr:not(.gt-group) th'))
                               .map(th => th.getAttribute('data-sort')))""")
    assert first.get_attribute("aria-sort") == "ascending"
    assert all(t == sorted(t, key=str.casefold) for t in titles), titles


# -- search ---------------------------------------------------------------------------------------
def test_search_finds_an_item_by_its_title(tab: tuple[Any, Watch], base_url: str) -> None:
    page, _ = tab
    _goto(page, base_url, "")
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Close Clinic", delay=20)
    result = page.locator(".md-search-result__item a[href*='items/campaigns/cmp-webinar-close-clinic/']").first
    result.wait_for(state="visible", timeout=TIMEOUT_MS)
    assert " ".join(result.locator("h1").inner_text().split()) == WEBINAR["title"]
    result.click()
    page.wait_for_url("**/items/campaigns/cmp-webinar-close-clinic/**")
    assert _card(page) == "CMP-WEBINAR-CLOSE-CLINIC"


# -- Mermaid --------------------------------------------------------------------------------------
DIAGRAMS_JS = """() => Array.from(document.querySelectorAll('div.mermaid')).map(d => {
  const svg = d.shadowRoot && d.shadowRoot.querySelector('svg');
  return svg ? {text: svg.textContent, width: svg.getBoundingClientRect().width} : null; })"""


def _drawn(page: Any, base_url: str, url: str, expected: int) -> list[Any]:
    page.add_init_script(OPEN_SHADOW_ROOTS)
    _goto(page, base_url, url)
    page.wait_for_function(
        f"""() => document.querySelectorAll('pre.mermaid').length === 0
               && document.querySelectorAll('div.mermaid').length === {expected}
               && Array.from(document.querySelectorAll('div.mermaid'))
                    .every(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))""",
        timeout=TIMEOUT_MS,
    )
    diagrams: list[Any] = page.evaluate(DIAGRAMS_JS)
    assert len(diagrams) == expected
    for d in diagrams:
        assert d is not None and d["width"] > 50
        assert "Syntax error" not in d["text"]
    return diagrams


def test_mermaid_diagrams_render(tab: tuple[Any, Watch], base_url: str, site: Site) -> None:
    page, _ = tab
    (overall,) = _drawn(page, base_url, "graph/", len(site.article("graph/").find_all("pre", cls="mermaid")))
    # entity-encoded labels come out as the characters they stand for
    assert "OBJ-CAC: Lower blended customer acquisition cost from $58k" in overall["text"]
    assert "CMP-WEBINAR-CLOSE-CLINIC" not in overall["text"]  # campaigns are on the objectives' maps
    (pipeline,) = _drawn(page, base_url, "maps/obj-pipeline/", 1)
    assert "CMP-WEBINAR-CLOSE-CLINIC" in pipeline["text"] and "OBJ-PENETRATION" in pipeline["text"]


# -- hygiene --------------------------------------------------------------------------------------
PAGES = [
    "",
    "strategy/objectives/pipeline/",
    "items/campaigns/cmp-webinar-close-clinic/",
    "items/tactics/tac-webinar-monthly-session/",
    "items/campaigns/",
    "items/",
    "traceability/",
    "graph/",
    "maps/obj-pipeline/",
    "faq/",
    "tags/",
    "overview/",
    "health/",
    "reference/item-types/",
    "reference/rules/",
]


@pytest.mark.parametrize("url", PAGES)
def test_page_has_no_console_errors(tab: tuple[Any, Watch], base_url: str, url: str) -> None:
    page, watch = tab
    _goto(page, base_url, url, idle=True)
    page.wait_for_function("() => document.querySelectorAll('pre.mermaid').length === 0", timeout=TIMEOUT_MS)
    assert page.locator("article h1").count() == 1
    assert watch.errors == []


def test_no_requests_to_other_hosts(browser: Any, base_url: str) -> None:
    """No web fonts, no CDN, no repository-stats API: the wiki works offline and leaks no visits."""
    context, page, watch = _open(browser, base_url)
    try:
        for url in ["", "items/campaigns/cmp-webinar-close-clinic/", "graph/", "traceability/"]:
            _goto(page, base_url, url, idle=True)
    finally:
        context.close()
    assert watch.third_party == []
    assert watch.errors == []


def test_content_cannot_run_script_in_the_browser(browser: Any, tmp_path: Path) -> None:
    files = {
        **VALID_WIKI,
        "xss.yml": """\
campaigns:
  - id: CMP-XSS
    title: "Launch <img src=x onerror=alert('title')>"
    plan: PLAN-2027
    supports: [OBJ-GROW]
    start: 2027-02-01
    end: 2027-03-31
    description: Look <img src=x onerror=alert('description')> here.
""",
    }
    site_dir = build_site(write_site(tmp_path, files), tmp_path / "site")
    with serve_directory(site_dir) as base:
        context, page, watch = _open(browser, base)
        try:
            _goto(page, base, "items/campaigns/cmp-xss/", idle=True)
            assert watch.dialogs == [], "script from an item title ran when the page loaded"
            search = page.locator("input.md-search__input")
            search.click()
            search.press_sequentially("Launch", delay=20)
            page.wait_for_function("() => document.querySelectorAll('.md-search-result__item').length > 0")
            assert watch.dialogs == [], "script from an item title ran in the search results"
            assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
        finally:
            context.close()
