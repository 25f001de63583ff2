"""The loop pages of the example wiki in headless Chromium, at phone and desktop widths.

The review calendar, a campaign's signal callout, an owner's signals and the landscape page:
visible, readable (no horizontal overflow of the page itself at 390 px; wide tables scroll in
their own box), and free of console errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from browser_helpers import launch_chromium, require_chromium
from site_helpers import example_site, serve_directory

pytestmark = pytest.mark.browser

PAGES = {
    "freshness/": "#gt-review-calendar",
    "items/campaigns/cmp-webinar-close-clinic/": ".gt-signal-callout",
    "owners/sam/": "#gt-owner-signals",
    "landscape/": "#gt-landscape",
    "items/reviews/rev-2026-11-plan/": ".gt-moved",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    require_chromium()
    site = example_site(tmp_path_factory)
    with serve_directory(site.site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    with launch_chromium() as b:
        yield b


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", list(PAGES))
def test_loop_pages_render_readably(browser: Any, base_url: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(lambda url: not url.startswith(base_url), lambda route: route.abort())
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    tab.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and base_url in (m.location or {}).get("url", base_url) else None
        ),
    )
    try:
        tab.goto(base_url + path)
        target = tab.locator(PAGES[path]).first
        target.scroll_into_view_if_needed()
        assert target.is_visible()
        box = target.bounding_box()
        assert box is not None and box["height"] > 20
        # the page itself never scrolls sideways; wide tables scroll inside their own wrapper
        overflow = tab.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} overflows by {overflow}px at {width}px"
        assert errors == []
    finally:
        context.close()


def test_calendar_marks_read_without_colour(browser: Any, base_url: str) -> None:
    """Held / missed / due are words beside the colour (not colour alone), and the missed month is red."""
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        tab.goto(base_url + "freshness/")
        missed = tab.locator('tr[data-cadence="PLAN-2026-Q4"] li[data-state="missed"]').first
        assert "missed" in missed.inner_text()
        colour = missed.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(254, 226, 226)"
        held = tab.locator('tr[data-cadence="PLAN-2026-Q4"] li[data-state="held"]').first
        assert "held" in held.inner_text() and "REV-2026-10-PLAN" in held.inner_text()
    finally:
        tab.close()


def test_signal_callout_sits_at_the_top_of_the_campaign(browser: Any, base_url: str) -> None:
    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        tab.goto(base_url + "items/campaigns/cmp-webinar-close-clinic/")
        callout = tab.locator(".gt-signal-callout").first
        box = callout.bounding_box()
        assert box is not None and box["y"] < 900, "the signal must be visible without scrolling"
        assert "Campaign spending ahead of plan" in callout.inner_text()
    finally:
        tab.close()
