"""Dashboard pages, one module each, all on :class:`.base.Dashboard`.

A new dashboard is a module here with a :class:`~.base.Dashboard` subclass, listed in
:data:`DASHBOARDS`; its template goes in ``templates/dashboards/``.
"""

from __future__ import annotations

from ..page import GeneratedPage, View
from .base import Dashboard, Shared
from .budget import BudgetPage
from .freshness import FreshnessPage
from .gantt import gantt_label
from .home import HomePage
from .kpis import KpisPage
from .landscape import LandscapePage
from .misalignment import MisalignmentPage
from .owners import OwnerPages
from .raci import RaciPage
from .signals import SignalsPage
from .timeline import TimelinePage

#: Every dashboard, in the order its pages are published.
DASHBOARDS: tuple[type[Dashboard], ...] = (
    BudgetPage,
    TimelinePage,
    RaciPage,
    OwnerPages,
    FreshnessPage,
    MisalignmentPage,
    LandscapePage,
    KpisPage,
    SignalsPage,
    HomePage,
)


def dashboard_pages(view: View) -> list[GeneratedPage]:
    """The pages of every dashboard, sharing one set of figures computed for this build."""
    shared = Shared(view)
    return [page for dashboard in DASHBOARDS for page in dashboard(view, shared).pages()]


__all__ = ["DASHBOARDS", "Dashboard", "dashboard_pages", "gantt_label"]
