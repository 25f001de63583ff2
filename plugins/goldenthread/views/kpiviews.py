"""KPI views (issue 4): catalog, scorecards against actuals, feedback signals, home dashboard."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .pages import GeneratedPage, Pages


def kpi_pages(pages: Pages) -> list[GeneratedPage]:
    return []
