"""KPI views (issue 4): catalog, scorecards against actuals, feedback signals, home dashboard.

The figures come from the core (:mod:`goldenthread.actuals`, :mod:`goldenthread.kpis`,
:mod:`goldenthread.signals`, :mod:`goldenthread.budget`, :mod:`goldenthread.freshness`); this
module arranges them into tables, inline SVG charts (:mod:`.kpicharts`) and links.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..core.model import Item
from ..domain import budget as bud
from ..domain import freshness as fr
from ..domain.kpis import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, STATUS_LABELS, STATUSES, Scorecard, change
from ..domain.kpis import status_counts as count_statuses
from ..domain.rollup import item_budget
from ..domain.signals import KINDS as SIGNAL_KINDS
from ..domain.signals import Signal
from . import kpicharts as charts
from .render import money, number, percent
from .trace import coverage
from .urls import relative_src
from .wiki import slug


def _plan_start(plan: Item) -> tuple[dt.date, str]:
    period = plan.get("period")
    start = period.get("start") if isinstance(period, dict) else None
    return (start if isinstance(start, dt.date) else dt.date.max, plan.id)


if TYPE_CHECKING:
    from .pages import GeneratedPage, Pages

STATUS_BADGES = {
    ON_TRACK: "gt-status-active",
    AT_RISK: "gt-status-paused",
    OFF_TRACK: "gt-overdue",
    NO_DATA: "gt-status-done",
}
FRESHNESS_COLOURS = {fr.OVERDUE: "#b91c1c", fr.DUE: "#b45309", fr.FRESH: "#15803d", fr.NO_CADENCE: "#9ca3af"}
SIGNAL_COLOUR = "#b45309"
#: A trend shows at most this many of a KPI's latest values (chart and table alike).
TREND_LIMIT = 60


def kpi_pages(pages: Pages) -> list[GeneratedPage]:
    views = KpiViews(pages)
    return [views.kpis(), views.signals_page(), views.dashboard()]


def fmt_value(value: float | None, unit: str) -> str:
    """A KPI value with its unit: ``3.4%``, ``USD 14,000,000``, ``540``."""
    if value is None:
        return ""
    text = number(value)
    if unit == "%":
        return f"{text}%"
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return f"{unit} {text}"
    if unit in ("", "count"):
        return text
    return f"{text} {unit}"


def status_badge(status: str) -> Markup:
    return Markup('<span class="gt-badge gt-kpi-status {}" data-status="{}">{}</span>').format(
        STATUS_BADGES[status], status, STATUS_LABELS[status]
    )


def signed_percent(value: float | None) -> str:
    if value is None:
        return ""
    text = percent(value)
    return text.replace("-", "−") if value < 0 and text != "-0%" else text.lstrip("-")


class KpiViews:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.wiki = pages.wiki
        self.analysis = pages.analysis
        self.model = pages.model
        self.graph = pages.analysis.graph
        self.settings = pages.analysis.settings
        self.actuals = pages.analysis.actuals
        self.today = self.settings.effective_today()
        self.cards = self.analysis.cards
        self.signals = self.analysis.signals
        self.objective_kpis = self.graph.objective_kpis()

    # -- helpers -------------------------------------------------------------------------------
    def src(self, name: str) -> str:
        return self.pages.options.view_src(name)

    def href(self, from_src: str, name: str, anchor: str = "") -> str:
        return self.wiki.page_href(from_src, self.src(name), anchor)

    def md_href(self, from_src: str, name: str) -> str:
        """A Markdown link target (MkDocs resolves and checks it) to another view."""
        return relative_src(from_src, self.src(name))

    def link(self, from_src: str, item_id: str) -> Markup:
        return self.wiki.link(from_src, item_id, show_id=True)

    def page(self, src: str, title: str, template: str, **context: Any) -> GeneratedPage:
        from .pages import GeneratedPage

        return GeneratedPage(src, self.pages._render(template, **context), title)

    @staticmethod
    def front(title: str, **extra: Any) -> str:
        from .pages import front_matter

        return front_matter(title, **extra)

    @staticmethod
    def trend_anchor(kpi_id: str) -> str:
        return f"trend-{slug(kpi_id)}"

    def kpi_unit(self, kpi_id: str) -> str:
        kpi = self.model.items.get(kpi_id)
        unit = kpi.get("unit") if kpi is not None else None
        return unit if isinstance(unit, str) else ""

    # -- the KPI page --------------------------------------------------------------------------
    def kpis(self) -> GeneratedPage:
        src = self.src("kpis.md")
        counts = count_statuses(self.cards)
        by_objective: dict[str, list[Scorecard]] = defaultdict(list)
        for card in self.cards:
            by_objective[card.objective.id].append(card)
        objectives = []
        for obj in self.model.of_type("objective"):
            cards = by_objective.get(obj.id)
            if not cards:
                continue
            horizon = obj.get("horizon") if isinstance(obj.get("horizon"), dict) else {}
            objectives.append(
                {
                    "title": f"{obj.title} ({obj.id})",
                    "anchor": f"scorecard-{slug(obj.id)}",
                    "id": obj.id,
                    "href": self.wiki.href(src, obj.id),
                    "horizon": horizon,
                    "rows": [self._card_row(src, card) for card in cards],
                }
            )
        kpis = self.model.of_type("kpi")
        with_actuals = [k for k in kpis if self.actuals.kpi(k.id)]
        trends = [self._trend(src, k) for k in with_actuals]
        without = [self.link(src, k.id) for k in kpis if not self.actuals.kpi(k.id)]
        yaml_rows = sum(1 for r in self.actuals.rows if r.origin == "yaml")
        fm = self.front("KPIs and actuals", hide=["navigation"], search={"exclude": True})
        return self.page(
            src,
            "KPIs and actuals",
            "kpi_scorecards.md.j2",
            front_matter=fm,
            today=self.today,
            counts=counts,
            labels=STATUS_LABELS,
            badges={s: status_badge(s) for s in STATUSES},
            summary_chart=self._status_chart(counts),
            objectives=objectives,
            trends=trends,
            without_actuals=without,
            catalog=[self._catalog_row(src, k) for k in kpis],
            files=sorted(self.actuals.files.items()),
            yaml_rows=yaml_rows,
            on_track=self.settings.kpi_on_track,
            at_risk=self.settings.kpi_at_risk,
            signals_href=self.md_href(src, "signals.md"),
        )

    def _status_chart(self, counts: dict[str, int]) -> Markup:
        label = ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES)
        return charts.stacked_bar(
            [charts.Segment(STATUS_LABELS[s], counts[s], charts.STATUS_COLOURS[s]) for s in STATUSES],
            label=f"KPI targets by status: {label}",
        )

    def _card_row(self, src: str, card: Scorecard) -> dict[str, Any]:
        unit = card.unit
        latest = card.latest
        return {
            "kpi": self.link(src, card.kpi_id) if card.kpi_id in self.model.items else Markup(card.kpi_id),
            "trend_href": f"#{self.trend_anchor(card.kpi_id)}" if latest else "",
            "direction": card.direction,
            "baseline": fmt_value(card.baseline, unit),
            "baseline_from": card.baseline_from,
            "target": fmt_value(card.target, unit),
            "by": card.by.isoformat() if card.by else "",
            "latest": fmt_value(latest.actual.value, unit) if latest else "",
            "period": latest.actual.period.text if latest else "",
            "progress": signed_percent(card.progress),
            "expected": percent(card.expected) if card.expected is not None else "",
            "bar": charts.progress_bar(card.progress, card.expected, card.status),
            "status": card.status,
            "badge": status_badge(card.status),
            "sort": f"{card.progress:.4f}" if card.progress is not None else "",
        }

    def _trend(self, src: str, kpi: Item) -> dict[str, Any]:
        every = self.actuals.kpi(kpi.id)
        shown = every[-(TREND_LIMIT + 1) :]  # one more than shown, for the first shown change
        rows = shown[-TREND_LIMIT:]
        unit = kpi.get("unit") if isinstance(kpi.get("unit"), str) else ""
        direction = kpi.get("direction") if isinstance(kpi.get("direction"), str) else "up"
        table = []
        for n, row in enumerate(shown):
            if len(shown) > len(rows) and n == 0:
                continue
            delta = row.value - shown[n - 1].value if n else None
            moved = change([shown[n - 1].value, row.value], str(direction)) if n else ""
            table.append(
                {
                    "period": row.period.text,
                    "value": fmt_value(row.value, str(unit)),
                    "delta": ""
                    if delta is None
                    else ("+" if delta > 0 else "−" if delta < 0 else "±") + number(abs(delta)),
                    "moved": moved,
                    "note": row.note,
                    "where": f"{row.pos.file}:{row.pos.line}",
                    "short_where": f"{row.pos.file.rsplit('/', 1)[-1]}:{row.pos.line}",
                    "future": row.period.start > self.today,
                }
            )
        points = [(r.period.text, r.value) for r in rows]
        label = (
            f"{kpi.title}: {len(rows)} values from {rows[0].period.text} to {rows[-1].period.text}, "
            f"latest {fmt_value(rows[-1].value, str(unit))}"
        )
        targets = [
            (self.link(src, c.objective.id), fmt_value(c.target, str(unit)), c.by.isoformat() if c.by else "")
            for c in self.cards
            if c.kpi_id == kpi.id
        ]
        return {
            "title": f"{kpi.title} ({kpi.id})",
            "anchor": self.trend_anchor(kpi.id),
            "link": self.link(src, kpi.id),
            "unit": unit,
            "direction": direction,
            "frequency": kpi.get("frequency") or "",
            "chart": charts.line_chart(points, label=label),
            "rows": table,
            "last_change": change([r.value for r in rows], str(direction)),
            "targets": targets,
            "hidden": len(every) - len(rows),
        }

    def _catalog_row(self, src: str, kpi: Item) -> dict[str, Any]:
        leads = [self.link(src, t.id) for t in self.graph.targets(kpi.id, "leads_to")]
        led_by = [
            self.link(src, ln.source)
            for ln in self.graph.incoming.get(kpi.id, ())
            if ln.spec_field == "leads_to" and not ln.record
        ]
        objectives = sorted(self.objective_kpis.get(kpi.id, set()))
        rows = self.actuals.kpi(kpi.id)
        return {
            "link": self.link(src, kpi.id),
            "unit": kpi.get("unit") or "",
            "direction": kpi.get("direction") or "",
            "frequency": kpi.get("frequency") or "",
            "formula": kpi.get("formula") or "",
            "source": kpi.get("source") or "",
            "leads": leads,
            "led_by": led_by,
            "objectives": [self.link(src, o) for o in objectives],
            "actuals": len(rows),
            "trend_href": f"#{self.trend_anchor(kpi.id)}" if rows else "",
        }

    # -- feedback signals ----------------------------------------------------------------------
    def signals_page(self) -> GeneratedPage:
        src = self.src("signals.md")
        groups = []
        for kind, (label, description) in SIGNAL_KINDS.items():
            found = [s for s in self.signals if s.kind == kind]
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "description": description,
                    "anchor": kind,
                    "rows": [self._signal_row(src, s) for s in found],
                }
            )
        fm = self.front("Feedback signals", search={"exclude": True})
        return self.page(
            src,
            "Feedback signals",
            "signals.md.j2",
            front_matter=fm,
            groups=groups,
            total=len(self.signals),
            today=self.today,
            over_budget_share=self.settings.over_budget_share,
            kpis_href=self.md_href(src, "kpis.md"),
            budget_href=self.md_href(src, "budget.md"),
        )

    def _signal_row(self, src: str, signal: Signal) -> dict[str, Any]:
        def item(item_id: str, trend: bool = False) -> Markup:
            if item_id not in self.model.items:
                return Markup('<span class="gt-missing">{}</span>').format(item_id)
            link = self.link(src, item_id)
            if trend and self.model.items[item_id].type == "kpi" and self.actuals.kpi(item_id):
                href = self.href(src, "kpis.md", self.trend_anchor(item_id))
                link += Markup(' <a class="gt-trend-link" href="{}">trend</a>').format(href)
            return link

        return {
            "subject": item(signal.subject, trend=True),
            "related": [item(i) for i in signal.related],
            "message": signal.message,
        }

    # -- home dashboard ------------------------------------------------------------------------
    def dashboard(self) -> GeneratedPage:
        src = self.src("dashboard.md")
        fm = self.front("Dashboard", hide=["toc"], search={"exclude": True})
        return self.page(
            src,
            "Dashboard",
            "home_dashboard.md.j2",
            front_matter=fm,
            today=self.today,
            coverage=self._coverage_card(src),
            budget=self._budget_card(src),
            kpis=self._kpi_card(src),
            signals=self._signals_card(src),
            freshness=self._freshness_card(src),
        )

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
        for plan in sorted(self.model.of_type("plan"), key=_plan_start):
            items = bud.plan_items(self.graph, plan)
            budget = bud.plan_budget(plan)
            allocated = sum(item_budget(i) for i in items)
            spent = sum(self.actuals.spend_total(i.id) for i in items)
            currency = str(plan.get("currency") or "")
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
                label=f"{plan.title}: " + ", ".join(f"{name} {money(value or 0, currency)}" for name, value in rows),
            )
            plans.append(
                {
                    "link": self.link(src, plan.id),
                    "chart": chart,
                    "currency": currency,
                    "rows": [
                        (name, money(value, currency) if value is not None else "not set") for name, value in rows
                    ],
                    "allocated_share": percent(allocated / budget) if budget else "",
                }
            )
        return {"plans": plans, "href": self.href(src, "budget.md")}

    def _kpi_card(self, src: str) -> dict[str, Any]:
        counts = count_statuses(self.cards)
        attention = [c for c in self.cards if c.status in (OFF_TRACK, AT_RISK)]
        attention.sort(key=lambda c: (c.status != OFF_TRACK, c.objective.id, c.index))
        return {
            "counts": [(STATUS_LABELS[s], counts[s], status_badge(s)) for s in STATUSES],
            "total": len(self.cards),
            "chart": self._status_chart(counts),
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
            n = sum(1 for s in self.signals if s.kind == kind)
            rows.append((label, n, self.href(src, "signals.md", kind)))
        chart = charts.bars(
            [charts.Segment(label, n, SIGNAL_COLOUR) for label, n, _ in rows],
            label="Feedback signals by kind: " + ", ".join(f"{label} {n}" for label, n, _ in rows),
        )
        return {"total": len(self.signals), "rows": rows, "chart": chart, "href": self.href(src, "signals.md")}

    def _freshness_card(self, src: str) -> dict[str, Any]:
        docs = self._living_documents()
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

    def _living_documents(self) -> list[fr.Doc]:
        """The documents the freshness page lists, found by the same function, so both agree."""
        return fr.documents(self.model, self.today, self.settings.review_due_days)
