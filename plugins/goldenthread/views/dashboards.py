"""Plan dashboards (issue 4): budget, timeline, RACI and owners, review freshness, misalignment."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pages import GeneratedPage, Pages


def dashboard_pages(pages: Pages) -> list[GeneratedPage]:
    return []
