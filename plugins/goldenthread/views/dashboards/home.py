"""The home dashboard: coverage, budget, KPI status, signals and review freshness on one page."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...domain import budget as bud
from ...domain import freshness as fr
from ...domain.kpis import AT_RISK, OFF_TRACK, STATUS_LABELS, STATUSES
from ...domain.kpis import status_counts as count_statuses
from ...domain.plans import ordered_plans
from ...domain.rollup import item_budget
from ...domain.signals import KINDS as SIGNAL_KINDS
from .. import kpicharts as charts
from ..kpistatus import status_badge
from ..page import GeneratedPage
from ..render import fmt_value, percent
from ..trace import coverage
from .base import Dashboard
from .kpis import status_chart

FRESHNESS_COLOURS = {fr.OVERDUE: "#b91c1c", fr.DUE: "#b45309", fr.FRESH: "#15803d", fr.NO_CADENCE: "#9ca3af"}
SIGNAL_COLOUR = "#b45309"


class HomePage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("dashboard.md")
        page = self.dashboard(
            src,
            "Dashboard",
            "dashboards/home.md.j2",
            today=self.today,
            coverage=self._coverage_card(src),
            budget=self._budget_card(src),
            kpis=self._kpi_card(src),
            signals=self._signals_card(src),
            freshness=self._freshness_card(src),
        )
        return [page]

    def _coverage_card(self, src: str) -> dict[str, Any]:
        cov = coverage(self.wiki)
        share = cov.linked_share
        chart = charts.stacked_bar(
            [
                charts.Segment("With a golden thread", cov.linked_budget, "#b8860b"),
                charts.Segment("Without", cov.unlinked_budget, "#b91c1c"),
            ],
            label=f"Campaign budget with a golden thread: {percent(share) or 'no budget'}",
        )
        return {
            "cov": cov,
            "share": percent(share) if share is not None else "—",
            "chart": chart,
            "uncovered": [self.link(src, o.id) for o in cov.uncovered],
            "href": self.href(src, "traceability.md", "coverage"),
        }

    def _budget_card(self, src: str) -> dict[str, Any]:
        plans = []
        for plan in ordered_plans(self.graph):
            items = bud.tree_items(self.graph, plan)  # its sub-plans' campaigns are paid from its budget too
            budget = bud.plan_budget(plan)
            allocated = sum(item_budget(i) for i in items)
            spent = sum(self.actuals.spend_total(i.id) for i in items)
            currency = self.currency(plan)
            rows: list[tuple[str, float | None]] = [
                ("Plan budget", budget),
                ("Allocated to campaigns", allocated),
                ("Not yet allocated", None if budget is None else max(budget - allocated, 0.0)),
                ("Spent so far (actuals)", spent),
            ]
            if budget is not None and allocated > budget:
                rows.insert(2, ("Over-allocated", allocated - budget))
            colours = {
                "Plan budget": "#3f51b5",
                "Allocated to campaigns": "#b8860b",
                "Not yet allocated": "#9ca3af",
                "Spent so far (actuals)": "#047857",
                "Over-allocated": "#b91c1c",
            }
            chart = charts.bars(
                [charts.Segment(name, value or 0.0, colours[name]) for name, value in rows],
                label=f"{plan.title}: "
                + ", ".join(f"{name} {self.wiki.money(value or 0, currency)}" for name, value in rows),
            )
            plans.append(
                {
                    "link": self.link(src, plan.id),
                    "chart": chart,
                    "currency": currency,
                    "rows": [
                        (name, self.wiki.money(value, currency) if value is not None else "not set")
                        for name, value in rows
                    ],
                    "allocated_share": percent(allocated / budget) if budget else "",
                }
            )
        return {"plans": plans, "href": self.href(src, "budget.md")}

    def _kpi_card(self, src: str) -> dict[str, Any]:
        counts = count_statuses(self.shared.cards)
        attention = [c for c in self.shared.cards if c.status in (OFF_TRACK, AT_RISK)]
        attention.sort(key=lambda c: (c.status != OFF_TRACK, c.objective.id, c.index))
        return {
            "counts": [(STATUS_LABELS[s], counts[s], status_badge(s)) for s in STATUSES],
            "total": len(self.shared.cards),
            "chart": status_chart(counts),
            "attention": [
                (
                    self.link(src, c.kpi_id) if c.kpi_id in self.model.items else Markup(c.kpi_id),
                    self.link(src, c.objective.id),
                    status_badge(c.status),
                    fmt_value(c.target, c.unit),
                    c.by.isoformat() if c.by else "",
                )
                for c in attention[:5]
            ],
            "more": max(len(attention) - 5, 0),
            "href": self.href(src, "kpis.md", "scorecards"),
        }

    def _signals_card(self, src: str) -> dict[str, Any]:
        rows = []
        for kind, (label, _) in SIGNAL_KINDS.items():
            n = sum(1 for s in self.shared.signals if s.kind == kind)
            rows.append((label, n, self.href(src, "signals.md", kind)))
        chart = charts.bars(
            [charts.Segment(label, n, SIGNAL_COLOUR) for label, n, _ in rows],
            label="Feedback signals by kind: " + ", ".join(f"{label} {n}" for label, n, _ in rows),
        )
        return {"total": len(self.shared.signals), "rows": rows, "chart": chart, "href": self.href(src, "signals.md")}

    def _freshness_card(self, src: str) -> dict[str, Any]:
        docs = self.shared.docs
        counts = {s: sum(1 for d in docs if d.status == s) for s in fr.STATUS_ORDER}
        chart = charts.stacked_bar(
            [charts.Segment(s, counts[s], FRESHNESS_COLOURS[s]) for s in fr.STATUS_ORDER],
            label="Living documents by review status: " + ", ".join(f"{s} {counts[s]}" for s in fr.STATUS_ORDER),
        )
        return {
            "counts": list(counts.items()),
            "total": len(docs),
            "chart": chart,
            "overdue": counts.get(fr.OVERDUE, 0),
            "href": self.href(src, "freshness.md"),
        }
