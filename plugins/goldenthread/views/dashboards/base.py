"""The base every dashboard page builds on: the figures computed once per build, and shared links.

A dashboard module subclasses :class:`Dashboard` and implements :meth:`Dashboard.pages`; the
figures come from :mod:`goldenthread.domain` through :class:`Shared`, so two pages that show the
same fact compute it once and agree.
"""

from __future__ import annotations

import abc
import datetime as dt
import functools
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ...core.model import Item
from ...domain import budget as bud
from ...domain import freshness as fr
from ...domain import raci as rc
from ...domain import timeline as tl
from ...domain.kpis import Scorecard
from ...domain.owners import Person
from ...domain.plans import ordered_plans
from ...domain.signals import Signal
from ..itemview import currency_of
from ..page import WIDE_HIDE, GeneratedPage, View, front_matter
from ..urls import relative_src

STATUS_BADGE = {
    fr.FRESH: "gt-status-active",
    fr.DUE: "gt-status-paused",
    fr.OVERDUE: "gt-overdue",
    fr.NO_CADENCE: "gt-status-done",
}


@functools.cache
def badge(status: str) -> Markup:
    """A review-freshness status as a badge."""
    return Markup('<span class="gt-badge {}">{}</span>').format(STATUS_BADGE.get(status, ""), status)


def quarter_label(key: str) -> str:
    return key.replace("-", " ") if key else "Unscheduled"


def month_label(key: str) -> str:
    if not key:
        return "Unscheduled"
    return dt.date(int(key[:4]), int(key[5:]), 1).strftime("%b %Y")


def period_text(plan: Item) -> str:
    period = plan.get("period") or {}
    if isinstance(period, dict) and period.get("start") and period.get("end"):
        return f"{period['start']} to {period['end']}"
    return ""


class Shared:
    """Figures and links every dashboard page may need, computed at most once per build."""

    def __init__(self, view: View) -> None:
        analysis = view.analysis
        self.settings = analysis.settings
        self.today = self.settings.effective_today()
        self.assignments = rc.assignments(view.model)
        self._wiki = view.wiki
        self.spend = bud.actual_spend(analysis.actuals)
        #: plans in reading order: each followed by the plans inside it
        self.plan_order = {p.id: n for n, p in enumerate(ordered_plans(analysis.graph))}
        self.plan_budgets = sorted(
            bud.plan_budgets(analysis.graph, self.spend), key=lambda pb: self.plan_order.get(pb.plan.id, 0)
        )
        self._model = view.model
        self._actuals = analysis.actuals
        self._graph = analysis.graph
        self._analysis = analysis
        #: rendered links, by (page, item) or (page, handle): the same few links recur on every page
        self.links: dict[tuple[str, str], Markup] = {}
        self.milestone_rows: dict[tuple[str, str, int], dict[str, Any]] = {}

    @property
    def docs(self) -> list[fr.Doc]:
        """Living documents, with git dates where the content gives no last_reviewed."""
        return self._wiki.documents()

    @cached_property
    def handles(self) -> list[str]:
        """Everyone who owns an item or a page, or holds a RACI role."""
        return self._wiki.owner_handles()

    @property
    def slugs(self) -> dict[str, str]:
        return self._wiki.owner_slugs

    @property
    def cards(self) -> list[Scorecard]:
        return self._wiki.scorecards()

    @cached_property
    def signals(self) -> list[Signal]:
        return self._analysis.signals


class Dashboard(View, abc.ABC):
    """One dashboard page (or family of pages): links, owners and figures shared with the others."""

    def __init__(self, view: View, shared: Shared) -> None:
        super().__init__(view.wiki, view.blocks)
        self.shared = shared
        self.graph = self.analysis.graph
        self.settings = shared.settings
        self.actuals = self.analysis.actuals
        self.today = shared.today

    @abc.abstractmethod
    def pages(self) -> list[GeneratedPage]:
        """The pages this dashboard publishes."""

    # -- sources and links ---------------------------------------------------------------------
    def src(self, name: str) -> str:
        return self.options.view_src(name)

    def href(self, from_src: str, name: str, anchor: str = "") -> str:
        return self.wiki.page_href(from_src, self.src(name), anchor)

    def md(self, from_src: str, name: str) -> str:
        """A Markdown link path from one page to a view (MkDocs resolves and checks it)."""
        return relative_src(from_src, self.src(name))

    def id_link(self, from_src: str, item_id: str) -> Markup:
        """A compact link showing only the ID (the title in its tooltip), for column headings."""
        item = self.model.items[item_id]
        return Markup('<a class="gt-ref" href="{}" title="{}: {}">{}</a>').format(
            self.wiki.href(from_src, item_id), item.id, item.title, item.id
        )

    def link(self, from_src: str, item_id: str) -> Markup:
        key = (from_src, item_id)
        found = self.shared.links.get(key)
        if found is None:
            found = self.shared.links[key] = self.wiki.link(from_src, item_id, show_id=True)
        return found

    def owner_link(self, from_src: str, handle: str | None, *, by_name: bool = True) -> Markup:
        return self.wiki.owner_link(from_src, handle, by_name=by_name)

    def person(self, handle: str) -> Person | None:
        return self.wiki.person(handle)

    def doc_link(self, from_src: str, doc: fr.Doc) -> Markup:
        if doc.item_id is not None:
            return self.link(from_src, doc.item_id)
        return Markup('<a href="{}">{}</a>').format(self.wiki.page_href(from_src, doc.src), doc.title)

    @staticmethod
    def front(title: str, **extra: Any) -> str:
        """Front matter of a dashboard: the whole window, no sidebars (unless ``hide`` says otherwise)."""
        extra.setdefault("hide", WIDE_HIDE)
        return front_matter(title, **extra)

    def page(self, src: str, title: str, template: str, *, wide: bool = True, **context: Any) -> GeneratedPage:
        return super().page(src, title, template, wide=wide, **context)

    def dashboard(self, src: str, title: str, template: str, *, hide: Any = None, **context: Any) -> GeneratedPage:
        """A dashboard page: the whole window, out of the search index (its figures change with every build)."""
        extra: dict[str, Any] = {"search": {"exclude": True}}
        if hide is not None:
            extra["hide"] = hide
        return self.page(src, title, template, front_matter=self.front(title, **extra), **context)

    def currency(self, item: Item) -> str:
        return currency_of(self.wiki, item)

    def overrun_money(self, o: bud.Overrun) -> tuple[str, str, str]:
        """An overrun's budget, what its parts add up to, and the excess, in the item's currency."""
        currency = self.currency(o.item)
        return (
            self.wiki.money(o.budget, currency),
            self.wiki.money(o.allocated, currency),
            self.wiki.money(o.excess, currency),
        )

    # -- rows more than one page shows ---------------------------------------------------------
    def milestone_row(self, src: str, m: tl.Milestone) -> dict[str, Any]:
        key = (src, m.item.id, m.index)
        row = self.shared.milestone_rows.get(key)
        if row is None:
            row = self.shared.milestone_rows[key] = self._new_milestone_row(src, m)
        return row

    def _new_milestone_row(self, src: str, m: tl.Milestone) -> dict[str, Any]:
        overdue = m.overdue(self.today)
        state = "done" if m.done else "overdue" if overdue else "open"
        return {
            "link": self.link(src, m.item.id),
            "title": m.title,
            "date": m.date,
            "state": state,
            "days": m.days_overdue(self.today) if overdue else None,
            "owner": self.owner_link(src, m.item.owner),
            "where": f"{m.pos.file}:{m.pos.line}",
        }
