"""Dashboards and matrices at phone, laptop and desktop widths: nothing overflows the page.

At 390, 1280 and 1920 px, every element of a dashboard or matrix page lies inside the content
column, except tables inside their own scroll box (``.gt-scroll``), whose first column is sticky
and which show the "scroll sideways" cue when they do scroll. Eight objectives fit at 1280 px
without scrolling; twelve scroll inside the matrix's box, not the page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_helpers import launch_chromium
from site_helpers import Site, build_site, example_site, serve_directory, write_site
from wikis import MATRIX_WIKI, TODAY, edit

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280, 1920)
PAGES = [
    "dashboard/",
    "traceability/",
    "budget/",
    "timeline/",
    "raci/",
    "kpis/",
    "signals/",
    "freshness/",
    "misalignment/",
    "owners/",
    "items/campaigns/",
    "strategy/objectives/pipeline/",
]
#: What overflows the content column outside a scroll box, and how every scroll box behaves.
LAYOUT = """() => {
  const art = document.querySelector('article.md-content__inner');
  const limit = Math.min(art.getBoundingClientRect().right, document.documentElement.clientWidth) + 1;
  const outside = [];
  for (const el of art.querySelectorAll('*')) {
    if (el.closest('.gt-scroll')) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > limit) {
      const name = el.tagName.toLowerCase() + '.' + String(el.className.baseVal ?? el.className);
      outside.push(name + ' ends at ' + Math.round(r.right));
    }
  }
  const boxes = [];
  for (const box of art.querySelectorAll('.gt-scroll')) {
    const r = box.getBoundingClientRect();
    const table = box.querySelector('table');
    const first = table.querySelector('tbody tr > :first-child');
    boxes.push({
      table: table.id || table.className,
      inside: r.right <= limit,
      scrolls: box.scrollWidth > box.clientWidth + 1,
      sticky: first ? getComputedStyle(first).position : 'sticky',
      cue: box.hasAttribute('data-gt-overflow'),
    });
  }
  return {outside, boxes, page: document.documentElement.scrollWidth - document.documentElement.clientWidth};
}"""


def _layout(page: Any, url: str) -> dict[str, Any]:
    response = page.goto(url)
    assert response is not None and response.ok, url
    page.wait_for_load_state("load")
    return page.evaluate(LAYOUT)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def _build(root: Path, files: dict[str, str]) -> Site:
    config = write_site(root, files, {"today": TODAY})
    return Site(root, config, build_site(config, root / "site"))


@pytest.fixture(scope="module")
def matrices(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _build(tmp_path_factory.mktemp("matrices8"), MATRIX_WIKI)


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """Twelve objectives: more than fit at 1280 px."""
    extra = "".join(
        f"  - id: OBJ-{n}\n    title: Objective number {n} about expansion\n"
        f"    targets:\n      - {{kpi: KPI-SQL, target: {n}}}\n"
        for n in range(9, 13)
    )
    files = edit(MATRIX_WIKI, "strategy/strategy.yml", "kpis:\n", extra + "kpis:\n")
    files = edit(
        files,
        "plans/plan.yml",
        "supports: [OBJ-5, OBJ-6, OBJ-7, OBJ-8]",
        "supports: [OBJ-5, OBJ-6, OBJ-7, OBJ-8, OBJ-9, OBJ-10, OBJ-11, OBJ-12]",
    )
    return _build(tmp_path_factory.mktemp("matrices12"), files)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


def _pages(browser: Any, width: int) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_dashboard_or_matrix_page_overflows(example: Site, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        with serve_directory(example.site_dir) as base:
            context.route(lambda url: not url.startswith(base), lambda route: route.abort())
            for url in PAGES:
                found = _layout(page, base + url)
                assert found["page"] <= 0, f"{url} at {width} px: the page scrolls sideways by {found['page']} px"
                assert found["outside"] == [], f"{url} at {width} px: {found['outside'][:5]}"
                for box in found["boxes"]:
                    assert box["inside"], f"{url} at {width} px: {box}"
                    if box["scrolls"]:
                        assert box["sticky"] == "sticky" and box["cue"], f"{url} at {width} px: {box}"
    finally:
        context.close()


def test_eight_objectives_fit_at_1280(matrices: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        with serve_directory(matrices.site_dir) as base:
            found = _layout(page, base + "traceability/")
        (box,) = [b for b in found["boxes"] if b["table"] == "gt-matrix-plan-objectives"]
        assert not box["scrolls"], box
        assert found["page"] <= 0 and found["outside"] == []
    finally:
        context.close()


def test_twelve_objectives_scroll_inside_the_matrix_with_a_sticky_first_column(wide: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        with serve_directory(wide.site_dir) as base:
            found = _layout(page, base + "traceability/")
            (box,) = [b for b in found["boxes"] if b["table"] == "gt-matrix-plan-objectives"]
            assert box["scrolls"] and box["sticky"] == "sticky" and box["cue"], box
            assert found["page"] <= 0 and found["outside"] == []
            # scrolled to the end, the first column is still where it was
            scroll = page.locator("div.gt-scroll:has(#gt-matrix-plan-objectives)")
            cell = page.locator("#gt-matrix-plan-objectives tbody tr:not(.gt-group) th").first
            before = cell.bounding_box()
            scroll.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
            after = cell.bounding_box()
            assert before is not None and after is not None and abs(before["x"] - after["x"]) < 1
    finally:
        context.close()


def test_the_plan_filter_shows_one_plan(matrices: Site, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        with serve_directory(matrices.site_dir) as base:
            page.goto(base + "traceability/")
            select = page.locator("select.gt-plan-filter").first
            assert select.locator("option").all_text_contents() == [
                "All plans",
                "Annual plan 2027",
                "Annual plan 2027 › First quarter 2027",
            ]
            select.select_option("PLAN-2027-Q1")
            visible = page.locator("#gt-matrix-plan-objectives tbody:visible tr:not(.gt-group) th")
            assert [t.split("\n")[0] for t in visible.all_inner_texts()] == ["Launch webinar series CMP-QUARTER"]
            select.select_option("")
            assert page.locator("#gt-matrix-plan-objectives tbody:visible").count() == 2
    finally:
        context.close()
