"""Plan dashboards (issue 4): budget, timeline, RACI and owners, review freshness, misalignment.

Figures come from the core (:mod:`goldenthread.budget`, :mod:`~goldenthread.timeline`,
:mod:`~goldenthread.freshness`, :mod:`~goldenthread.raci`, :mod:`~goldenthread.misalignment`);
this module only arranges them into tables, charts and links.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..core.model import Item
from ..domain import budget as bud
from ..domain import freshness as fr
from ..domain import misalignment as mis
from ..domain import raci as rc
from ..domain import timeline as tl
from ..domain.owners import Person
from ..domain.rollup import objective_weights
from .escape import mermaid_label
from .itemview import currency_of
from .pages import GeneratedPage, Pages, front_matter
from .render import money
from .urls import relative_src

#: Above this many campaigns, a Gantt chart draws the earliest ones and the table lists all.
MAX_GANTT_BARS = 60
#: Bar colours of plan series in charts (one per plan, repeating).
SERIES_COLOURS = ("#3f51b5", "#b8860b", "#047857", "#7e22ce", "#b91c1c")
#: Actual spend beside each plan's planned bars: a lighter tone of the plan's colour.
ACTUAL_COLOURS = ("#9fa8da", "#e0c97a", "#6ee7b7", "#c4b5fd", "#fca5a5")

STATUS_BADGE = {
    fr.FRESH: "gt-status-active",
    fr.DUE: "gt-status-paused",
    fr.OVERDUE: "gt-overdue",
    fr.NO_CADENCE: "gt-status-done",
}


def dashboard_pages(pages: Pages) -> list[GeneratedPage]:
    d = Dashboards(pages)
    return [d.budget(), d.timeline(), d.raci(), d.owners_index(), *d.owner_pages(), d.freshness(), d.misalignment()]


# -- small HTML helpers ------------------------------------------------------------------------
@functools.cache
def badge(status: str) -> Markup:
    return Markup('<span class="gt-badge {}">{}</span>').format(STATUS_BADGE.get(status, ""), status)


def _quarter_label(key: str) -> str:
    return key.replace("-", " ") if key else "Unscheduled"


def _month_label(key: str) -> str:
    if not key:
        return "Unscheduled"
    return dt.date(int(key[:4]), int(key[5:]), 1).strftime("%b %Y")


@dataclass
class Series:
    name: str
    values: list[float]
    colour: str


def bar_chart(
    title: str, labels: Sequence[str], series: Sequence[Series], fmt: Callable[[float], str], ident: str
) -> Markup:
    """A grouped bar chart as inline SVG (no script, no external service); values in ``<title>`` tooltips."""
    width, height, left, bottom, top = 560, 280, 64, 50, 14
    n = max(len(labels), 1)
    peak = max([v for s in series for v in s.values] + [0.0])
    scale = (height - bottom - top) / peak if peak > 0 else 0.0
    slot = (width - left - 10) / n
    bar_w = max(slot * 0.8 / max(len(series), 1), 1.0)
    parts = [
        f'<svg class="gt-chart" id="{escape(ident)}" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="{escape(ident)}-title" preserveAspectRatio="xMinYMin meet" '
        f'style="width:100%;max-width:{width}px;height:auto">',
        f'<title id="{escape(ident)}-title">{escape(title)}</title>',
    ]
    base = height - bottom
    for frac in (0.0, 0.5, 1.0):
        y = base - (height - bottom - top) * frac
        parts.append(
            f'<line x1="{left}" x2="{width - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ccc" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="12" '
            f'fill="currentColor">{escape(fmt(peak * frac))}</text>'
        )
    every = max(1, (n + 11) // 12)
    for i, label in enumerate(labels):
        x0 = left + slot * i + slot * 0.1
        for j, s in enumerate(series):
            value = s.values[i] if i < len(s.values) else 0.0
            h = value * scale
            x = x0 + bar_w * j
            parts.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{s.colour}"><title>{escape(s.name)}, {escape(label)}: '
                f"{escape(fmt(value))}</title></rect>"
            )
        if i % every == 0:
            cx = left + slot * i + slot / 2
            parts.append(
                f'<text x="{cx:.1f}" y="{base + 14}" text-anchor="middle" font-size="12" '
                f'fill="currentColor">{escape(label)}</text>'
            )
    for j, s in enumerate(series):
        x = left + 160 * j
        parts.append(
            f'<rect x="{x}" y="{height - 16}" width="10" height="10" fill="{s.colour}"/>'
            f'<text x="{x + 14}" y="{height - 7}" font-size="12" fill="currentColor">'
            f"{escape(s.name)}</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


# -- Gantt -------------------------------------------------------------------------------------
_GANTT_KEYWORD_RE = re.compile(
    r"^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|"
    r"todaymarker|weekday|weekend|title|accdescription|acctitle|accdescr|section|click|vert)\b"
    r"|^\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)


def gantt_label(text: str, limit: int = 60) -> str:
    """A Gantt task or section name that cannot be read as syntax.

    :func:`mermaid_label` entity-encodes every character that could end the name (``:``), start
    task data or a comment (``#``, ``;``, ``%``); Mermaid turns ``#NN;`` back into the character
    after parsing. A name starting with a Gantt keyword (``section``, ``title``…) or a date would
    be read as that statement, so it gets an invisible zero-width space first.
    """
    label = mermaid_label(text, limit).strip() or "untitled"
    if _GANTT_KEYWORD_RE.match(label):
        label = "#8203;" + label
    return label


@dataclass
class Gantt:
    title: str
    #: drawn as a vertical line when given
    today: dt.date | None
    #: days the chart spans: short charts label days, long ones months
    span_days: int = 365
    lines: list[str] = field(default_factory=list)
    tasks: int = 0

    def section(self, name: str) -> None:
        self.lines.append(f"    section {gantt_label(name)}")

    def task(self, name: str, start: dt.date, end: dt.date, tags: Sequence[str] = ()) -> None:
        self.tasks += 1
        data = [*tags, f"t{self.tasks}", start.isoformat(), end.isoformat()]
        self.lines.append(f"    {gantt_label(name)} :{', '.join(data)}")

    def milestone(self, name: str, day: dt.date, crit: bool = False, done: bool = False) -> None:
        self.tasks += 1
        tags = [t for t, on in (("crit", crit), ("done", done)) if on]
        data = [*tags, "milestone", f"t{self.tasks}", day.isoformat(), "0d"]
        self.lines.append(f"    {gantt_label(name)} :{', '.join(data)}")

    def text(self) -> str:
        head = [
            "gantt",
            f"    title {gantt_label(self.title, 80)}",
            "    dateFormat YYYY-MM-DD",
            "    axisFormat " + ("%d %b" if self.span_days <= 100 else "%b %Y"),
            "    tickInterval "
            + ("1week" if self.span_days <= 100 else "1month" if self.span_days <= 730 else "3month"),
            "    inclusiveEndDates",
            # Mermaid's own marker shows the reader's clock; the build's "today" is drawn instead,
            # so the chart agrees with the tables (and with the configured today in tests).
            "    todayMarker off",
        ]
        if self.today is not None:
            head.append(f"    Today {self.today.isoformat()} :vert, today, {self.today.isoformat()}, 0d")
        return "\n".join(head + self.lines)


# -- the pages -------------------------------------------------------------------------------
class Dashboards:
    def __init__(self, pages: Pages) -> None:
        self.pages = pages
        self.wiki = pages.wiki
        self.analysis = pages.analysis
        self.model = pages.model
        self.graph = pages.analysis.graph
        self.settings = pages.analysis.settings
        self.today = self.settings.effective_today()
        self.options = pages.options
        self._docs: list[fr.Doc] | None = None
        self._assignments = rc.assignments(self.model)
        self._spend = bud.actual_spend(self.analysis.actuals)
        self._plan_budgets = bud.plan_budgets(self.graph, self._spend)
        self._slugs: dict[str, str] | None = None
        self._owner_cache: dict[str, dict[str, Any]] | None = None
        self._owner_links: dict[tuple[str, str], Markup] = {}
        self._links: dict[tuple[str, str], Markup] = {}
        self._milestone_rows: dict[tuple[str, str, int], dict[str, Any]] = {}

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
        found = self._links.get(key)
        if found is None:
            found = self._links[key] = self.wiki.link(from_src, item_id, show_id=True)
        return found

    def owner_link(self, from_src: str, handle: str | None) -> Markup:
        key = (from_src, handle or "")
        found = self._owner_links.get(key)
        if found is None:
            found = self._owner_links[key] = self._owner_link(from_src, handle)
        return found

    def _owner_link(self, from_src: str, handle: str | None) -> Markup:
        if not handle:
            return Markup('<span class="gt-missing-owner">no owner</span>')
        person = self.person(handle)
        title = (
            Markup(' title="{}"').format(" — ".join(x for x in (person.name, person.role) if x))
            if person is not None and (person.name or person.role)
            else Markup("")
        )
        slug = self.slugs.get(handle)
        if slug is None:
            return Markup('<span class="gt-owner" style="white-space:nowrap"{}>{}</span>').format(title, handle)
        return Markup('<a class="gt-owner" style="white-space:nowrap" href="{}"{}>{}</a>').format(
            self.href(from_src, f"owners/{slug}.md"), title, handle
        )

    def person(self, handle: str) -> Person | None:
        """Who a handle is, from the people file (``people_file``) when there is one."""
        people = self.analysis.people
        return people.entries.get(handle) if people is not None else None

    def doc_link(self, from_src: str, doc: fr.Doc) -> Markup:
        if doc.item_id is not None:
            return self.link(from_src, doc.item_id)
        return Markup('<a href="{}">{}</a>').format(self.wiki.page_href(from_src, doc.src), doc.title)

    def front(self, title: str, **extra: Any) -> str:
        return front_matter(title, **extra)

    def page(self, src: str, title: str, template: str, **context: Any) -> GeneratedPage:
        return GeneratedPage(src, self.pages._render(template, **context), title)

    # -- shared data ---------------------------------------------------------------------------
    @property
    def docs(self) -> list[fr.Doc]:
        """Living documents, with git dates where the content gives no last_reviewed."""
        if self._docs is None:
            self._docs = fr.documents(self.model, self.today, self.settings.review_due_days, self.settings.date_window)
        return self._docs

    @property
    def slugs(self) -> dict[str, str]:
        if self._slugs is None:
            self._slugs = rc.handle_slugs(self.handles())
        return self._slugs

    def handles(self) -> list[str]:
        """Everyone who owns an item or a page, or holds a RACI role."""
        found = {i.owner for i in self.model.items.values() if i.owner}
        found.update(h for a in self._assignments for h in a.roles)
        found.update(d.owner for d in self.docs if d.owner)
        return sorted(found, key=lambda h: ("/" in h, h.lower()))

    def currency(self, item: Item) -> str:
        return currency_of(self.wiki, item)

    # -- budget --------------------------------------------------------------------------------
    def budget(self) -> GeneratedPage:
        src = self.src("budget.md")
        plans = self._plan_budgets
        spend = self._spend
        has_actual = any(pb.actual_by_item for pb in plans)
        kinds = ["planned", "actual"] if has_actual else ["planned"]
        columns = [
            Markup("{} {}").format(self.id_link(src, pb.plan.id), kind) if has_actual else self.link(src, pb.plan.id)
            for pb in plans
            for kind in kinds
        ]
        planned_columns = [
            Markup("{} planned").format(self.id_link(src, pb.plan.id)) if has_actual else self.link(src, pb.plan.id)
            for pb in plans
        ]

        def fmt(pb: bud.PlanBudget, value: float | None) -> str:
            return "" if value is None else money(value, pb.currency).replace(" ", "\u00a0")

        Values = Callable[[bud.PlanBudget], dict[str, float]]

        def table(
            keys: list[str], planned: Values, actual: Values | None, label: Callable[[str], Markup | str]
        ) -> list[tuple[Markup | str, list[str]]]:
            rows = []
            for k in keys:
                cells = []
                for pb in plans:
                    cells.append(fmt(pb, planned(pb).get(k)) if k in planned(pb) else "")
                    if has_actual and actual is not None:
                        got = actual(pb)
                        cells.append(fmt(pb, got.get(k)) if k in got else "")
                rows.append((label(k), cells))
            return rows

        def keys_of(*maps: Values, order: Callable[[str], Any]) -> list[str]:
            return sorted({k for pb in plans for m in maps for k in m(pb)}, key=order)

        def per_plan(
            values: Callable[[bud.PlanBudget], str], actual: Callable[[bud.PlanBudget], str] | None = None
        ) -> list[str]:
            out = []
            for pb in plans:
                out.append(values(pb))
                if has_actual:
                    out.append(actual(pb) if actual else "")
            return out

        summary: list[tuple[str, list[str]]] = [
            ("Period", per_plan(lambda pb: _period_text(pb.plan))),
            ("Plan budget", per_plan(lambda pb: fmt(pb, pb.budget))),
            ("Allocated to campaigns", per_plan(lambda pb: fmt(pb, pb.allocated), lambda pb: fmt(pb, pb.actual))),
            ("Not yet allocated", per_plan(lambda pb: fmt(pb, pb.unallocated))),
            ("Over-allocated", per_plan(lambda pb: fmt(pb, pb.over_allocated))),
            (
                "Share allocated",
                per_plan(
                    lambda pb: f"{pb.allocated / pb.budget:.0%}" if pb.budget else "",
                    lambda pb: f"{pb.actual / pb.budget:.1%} spent" if pb.budget else "",
                ),
            ),
            (
                "Campaigns with money",
                per_plan(
                    lambda pb: str(sum(1 for v in pb.by_item.values() if v)), lambda pb: str(len(pb.actual_by_item))
                ),
            ),
        ]

        objectives = [o.id for o in self.model.of_type("objective")]
        present = set(keys_of(lambda pb: pb.by_objective, lambda pb: pb.actual_by_objective, order=str))
        obj_keys = [o for o in objectives if o in present] + ([""] if "" in present else [])
        by_objective = table(
            obj_keys,
            lambda pb: pb.by_objective,
            lambda pb: pb.actual_by_objective,
            lambda k: self.link(src, k) if k else Markup("<em>No objective</em>"),
        )
        channels = keys_of(lambda pb: pb.by_channel, order=lambda c: (c == "", c.lower()))
        by_channel = table(channels, lambda pb: pb.by_channel, None, lambda k: k or "(no channel)")
        owners = keys_of(lambda pb: pb.by_owner, lambda pb: pb.actual_by_owner, order=lambda h: (h == "", h.lower()))
        by_owner = table(
            owners, lambda pb: pb.by_owner, lambda pb: pb.actual_by_owner, lambda k: self.owner_link(src, k)
        )
        quarters = keys_of(lambda pb: pb.by_quarter, lambda pb: pb.actual_by_quarter, order=lambda q: (q == "", q))
        by_quarter = table(quarters, lambda pb: pb.by_quarter, lambda pb: pb.actual_by_quarter, _quarter_label)
        months = keys_of(lambda pb: pb.by_month, lambda pb: pb.actual_by_month, order=lambda m: (m == "", m))
        by_month = table(months, lambda pb: pb.by_month, lambda pb: pb.actual_by_month, _month_label)

        def chart(
            keys: list[str], planned: Values, actual: Values, labeller: Callable[[str], str], ident: str, title: str
        ) -> Markup:
            series = []
            for n, pb in enumerate(plans):
                unit = f" ({pb.currency})" if pb.currency else ""
                series.append(
                    Series(
                        f"{pb.plan.id} planned{unit}",
                        [planned(pb).get(k, 0.0) for k in keys],
                        SERIES_COLOURS[n % len(SERIES_COLOURS)],
                    )
                )
                if has_actual:
                    series.append(
                        Series(
                            f"{pb.plan.id} actual{unit}",
                            [actual(pb).get(k, 0.0) for k in keys],
                            ACTUAL_COLOURS[n % len(ACTUAL_COLOURS)],
                        )
                    )
            return bar_chart(title, [labeller(k) for k in keys], series, lambda v: _short_money(v, ""), ident)

        scheduled_q = [q for q in quarters if q]
        scheduled_m = [m for m in months if m]
        named_objectives = [k for k in obj_keys if k]
        overruns = {o.item.id: o for o in bud.tactic_overruns(self.graph)}
        campaigns = []
        for pb in plans:
            rows = []
            prorated_by_item: dict[str, float] = defaultdict(float)
            for ln in pb.lines:
                if ln.placed_by == "dates":
                    prorated_by_item[ln.item] += ln.amount
            for item in pb.items:
                total = pb.by_item.get(item.id, 0.0)
                weights = objective_weights(self.graph, item)
                split = ", ".join(f"{o} {share:.0%}" for o, share in sorted(weights.items())) or "none"
                prorated = prorated_by_item.get(item.id, 0.0)
                over = overruns.get(item.id)
                spent = pb.actual_by_item.get(item.id)
                rows.append(
                    {
                        "link": self.link(src, item.id),
                        "owner": self.owner_link(src, item.owner),
                        "budget": money(total, pb.currency),
                        "sort": f"{total:.2f}",
                        "share": f"{total / pb.budget:.1%}" if pb.budget else "",
                        "split": split,
                        "prorated": money(prorated, pb.currency) if prorated else "",
                        "tactics": money(over.allocated, pb.currency) if over else "",
                        "over": over is not None,
                        "actual": money(spent, pb.currency) if spent is not None else "",
                        "overspent": spent is not None and spent > total,
                    }
                )
            campaigns.append((self.link(src, pb.plan.id), pb, rows))

        over_plans = [
            (
                self.link(src, o.item.id),
                money(o.budget, self.currency(o.item)),
                money(o.allocated, self.currency(o.item)),
                money(o.excess, self.currency(o.item)),
            )
            for o in bud.over_budget_plans(self.graph)
        ]
        over_campaigns = [
            (
                self.link(src, o.item.id),
                money(o.budget, self.currency(o.item)),
                money(o.allocated, self.currency(o.item)),
                money(o.excess, self.currency(o.item)),
                [self.link(src, t.id) for t in o.parts],
            )
            for o in bud.tactic_overruns(self.graph)
        ]
        unplanned = [self.link(src, i.id) for i in bud.unplanned_items(self.model, self.graph)]
        direct = [
            (self.link(src, item_id), money(sum(r.amount for r in rows)), len(rows))
            for item_id, rows in sorted(spend.items())
            if item_id in self.model.items and self.model.items[item_id].type == "objective"
        ]
        fm = self.front("Budget", hide=["navigation"], search={"exclude": True})
        return self.page(
            src,
            "Budget",
            "dashboard_budget.md.j2",
            front_matter=fm,
            plans=plans,
            columns=columns,
            planned_columns=planned_columns,
            summary=summary,
            by_objective=by_objective,
            by_channel=by_channel,
            by_owner=by_owner,
            by_quarter=by_quarter,
            by_month=by_month,
            campaigns=campaigns,
            over_plans=over_plans,
            over_campaigns=over_campaigns,
            unplanned=unplanned,
            has_actual=has_actual,
            direct_spend=direct,
            quarter_chart=chart(
                scheduled_q,
                lambda pb: pb.by_quarter,
                lambda pb: pb.actual_by_quarter,
                _quarter_label,
                "gt-chart-budget-quarter",
                "Budget by quarter",
            )
            if scheduled_q
            else None,
            month_chart=chart(
                scheduled_m,
                lambda pb: pb.by_month,
                lambda pb: pb.actual_by_month,
                lambda m: _month_label(m)[:3] + m[2:4],
                "gt-chart-budget-month",
                "Budget by month",
            )
            if scheduled_m
            else None,
            objective_chart=chart(
                named_objectives,
                lambda pb: pb.by_objective,
                lambda pb: pb.actual_by_objective,
                lambda k: k,
                "gt-chart-budget-objective",
                "Budget by objective",
            )
            if named_objectives
            else None,
            timeline_href=self.md(src, "timeline.md"),
            misalignment_href=self.md(src, "misalignment.md"),
        )

    # -- timeline ------------------------------------------------------------------------------
    def timeline(self) -> GeneratedPage:
        src = self.src("timeline.md")
        today = self.today
        overdue = [self._milestone_row(src, m) for m in tl.overdue_milestones(self.graph, today)]
        plans = []
        for t in tl.plan_timelines(self.graph):
            chart = self._gantt(t.plan.title, t.bars, margin=dt.timedelta(days=31))
            rows = [self._bar_row(src, b) for b in t.bars]
            quarters = []
            for key in t.quarters():
                bars, milestones = t.in_quarter(key)
                if not bars:
                    continue
                quarters.append(
                    {
                        "key": key,
                        "label": _quarter_label(key),
                        "anchor": f"{t.plan.id.lower()}-{key.lower()}",
                        "chart": self._gantt(
                            f"{t.plan.title}, {_quarter_label(key)}", bars, window=bud.quarter_range(key)
                        ),
                        "bars": [self._bar_row(src, b) for b in bars],
                        "milestones": [self._milestone_row(src, m) for m in milestones],
                    }
                )
            plans.append(
                {
                    "link": self.link(src, t.plan.id),
                    "title": t.plan.title,
                    "anchor": t.plan.id.lower(),
                    "period": _period_text(t.plan),
                    "chart": chart,
                    "bars": rows,
                    "milestones": [self._milestone_row(src, m) for m in t.milestones],
                    "undated": [self.link(src, i.id) for i in t.undated],
                    "quarters": quarters,
                    "capped": max(0, len(t.bars) - MAX_GANTT_BARS),
                }
            )
        fm = self.front("Timeline", hide=["navigation"], search={"exclude": True})
        return self.page(
            src,
            "Timeline",
            "dashboard_timeline.md.j2",
            front_matter=fm,
            today=today,
            overdue=overdue,
            plans=plans,
            max_bars=MAX_GANTT_BARS,
        )

    def _gantt(
        self,
        title: str,
        bars: list[tl.Bar],
        *,
        window: tuple[dt.date, dt.date] | None = None,
        margin: dt.timedelta = dt.timedelta(0),
    ) -> str:
        """A Gantt of the bars; today is drawn when it falls in ``window`` (default: the bars' span ± margin).

        The today line widens the time axis to reach it, so a chart of another year leaves it out.
        """
        drawn = bars[:MAX_GANTT_BARS]
        if window is None and drawn:
            ends = [d for b in drawn for d in (b.end, *(m.date for m in b.milestones))]
            starts = [d for b in drawn for d in (b.start, *(m.date for m in b.milestones))]
            window = (min(starts) - margin, max(ends) + margin)
        show_today = window is not None and window[0] <= self.today <= window[1]
        span = 365
        if drawn:
            span = (max(b.end for b in drawn) - min(b.start for b in drawn)).days
        g = Gantt(title, self.today if show_today else None, span)
        for bar in drawn:
            g.section(bar.item.id)
            state = bar.state(self.today)
            g.task(bar.item.title, bar.start, bar.end, [state] if state in ("active", "done") else [])
            for m in bar.milestones:
                overdue = m.overdue(self.today)
                g.milestone(("Overdue: " if overdue else "") + m.title, m.date, crit=overdue, done=m.done)
        return g.text()

    def _bar_row(self, src: str, bar: tl.Bar) -> dict[str, Any]:
        late = sum(1 for m in bar.milestones if m.overdue(self.today))
        return {
            "link": self.link(src, bar.item.id),
            "owner": self.owner_link(src, bar.item.owner),
            "start": bar.start,
            "end": bar.end,
            "state": bar.state(self.today),
            "days": (bar.end - bar.start).days + 1,
            "milestones": len(bar.milestones),
            "overdue": late,
        }

    def _milestone_row(self, src: str, m: tl.Milestone) -> dict[str, Any]:
        key = (src, m.item.id, m.index)
        row = self._milestone_rows.get(key)
        if row is None:
            row = self._milestone_rows[key] = self._new_milestone_row(src, m)
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

    # -- RACI ----------------------------------------------------------------------------------
    def raci(self) -> GeneratedPage:
        src = self.src("raci.md")
        rows = self._assignments
        people = rc.people(rows)
        head = [self.owner_link(src, h) for h in people]
        problems = {p.item.id: p for p in rc.accountable_problems(self.model)}
        body = []
        for a in rows:
            cells = [", ".join(a.roles.get(h, [])) for h in people]
            problem = problems.get(a.item.id)
            if problem is not None:
                note = f"{len(problem.accountable)} accountable" if problem.accountable else "no accountable"
            elif not a.declared:
                note = "owner taken as accountable" if a.roles else "no RACI and no owner"
            else:
                note = ""
            body.append(
                {
                    "link": self.link(src, a.item.id),
                    "cells": cells,
                    "note": note,
                    "problem": problem is not None or not a.roles,
                }
            )
        accountable = [sum(1 for a in rows if "A" in a.roles.get(h, [])) for h in people]
        involved = [sum(1 for a in rows if h in a.roles) for h in people]
        problem_rows = [
            (self.link(src, p.item.id), ", ".join(p.accountable) or "none", f"{p.pos.file}:{p.pos.line}")
            for p in problems.values()
        ]
        fm = self.front("RACI", hide=["navigation", "toc"], search={"exclude": True})
        return self.page(
            src,
            "RACI",
            "dashboard_raci.md.j2",
            front_matter=fm,
            head=head,
            body=body,
            accountable=accountable,
            involved=involved,
            problems=problem_rows,
            owners_href=self.md(src, "owners/index.md"),
        )

    # -- owners --------------------------------------------------------------------------------
    def _owner_data(self) -> dict[str, dict[str, Any]]:
        """Per handle: items owned, RACI roles, documents to review, milestones, budget owned."""
        data: dict[str, dict[str, Any]] = {
            h: {"items": [], "roles": [], "docs": [], "milestones": [], "budget": defaultdict(float)}
            for h in self.handles()
        }
        for item in self.model.items.values():
            if item.owner in data:
                data[item.owner]["items"].append(item)
        for handle, entries in rc.roles_by_handle(self._assignments).items():
            data[handle]["roles"] = entries
        for doc in self.docs:
            if doc.owner in data:
                data[doc.owner]["docs"].append(doc)
        # milestones of work a handle owns, is accountable for or responsible for
        leads: dict[str, set[str]] = defaultdict(set)
        for a in self._assignments:
            for handle, letters in a.roles.items():
                if "A" in letters or "R" in letters:
                    leads[a.item.id].add(handle)
        for item in self.model.items.values():
            if item.owner:
                leads[item.id].add(item.owner)
        horizon = self.today + dt.timedelta(days=tl.UPCOMING_DAYS)
        for m in tl.all_milestones(self.graph):
            if m.done or m.date > horizon:
                continue
            for handle in leads.get(m.item.id, ()):
                if handle in data:
                    data[handle]["milestones"].append(m)
        for pb in self._plan_budgets:
            for item in pb.items:
                if item.owner in data and pb.by_item.get(item.id):
                    data[item.owner]["budget"][pb.plan.id] += pb.by_item[item.id]
        return data

    def owners_index(self) -> GeneratedPage:
        src = self.src("owners/index.md")
        rows = []
        for handle, d in self._owner_data_cached().items():
            person = self.person(handle)
            rows.append(
                {
                    "link": self.owner_link(src, handle),
                    "name": person.name if person else "",
                    "owned": len(d["items"]),
                    "accountable": sum(1 for _, letters in d["roles"] if "A" in letters),
                    "roles": len(d["roles"]),
                    "overdue": sum(1 for doc in d["docs"] if doc.status == fr.OVERDUE),
                    "due": sum(1 for doc in d["docs"] if doc.status == fr.DUE),
                    "late": sum(1 for m in d["milestones"] if m.overdue(self.today)),
                    "upcoming": sum(1 for m in d["milestones"] if not m.overdue(self.today)),
                }
            )
        fm = self.front("Owners", search={"exclude": True})
        return self.page(
            src,
            "Owners",
            "dashboard_owners.md.j2",
            front_matter=fm,
            rows=rows,
            today=self.today,
            with_names=any(r["name"] for r in rows),
            upcoming_days=tl.UPCOMING_DAYS,
            raci_href=self.md(src, "raci.md"),
            freshness_href=self.md(src, "freshness.md"),
        )

    def _owner_data_cached(self) -> dict[str, dict[str, Any]]:
        if self._owner_cache is None:
            self._owner_cache = self._owner_data()
        return self._owner_cache

    def owner_pages(self) -> list[GeneratedPage]:
        out = []
        plans = {p.id: p for p in self.model.of_type("plan")}
        for handle, d in self._owner_data_cached().items():
            src = self.src(f"owners/{self.slugs[handle]}.md")
            items = sorted(d["items"], key=lambda i: (self.model.schema.types[i.type].layer, i.type, i.id))
            docs_by_item = {doc.item_id: doc for doc in d["docs"] if doc.item_id}
            owned = []
            for item in items:
                doc = docs_by_item.get(item.id)
                owned.append(
                    {
                        "link": self.link(src, item.id),
                        "type": self.model.schema.types[item.type].label,
                        "status": item.status or "",
                        "review": doc.status if doc else "",
                        "due": doc.next_due if doc else None,
                    }
                )
            pages_owned = [(self.doc_link(src, doc), doc) for doc in d["docs"] if doc.item_id is None]
            to_review = [(self.doc_link(src, doc), doc) for doc in d["docs"] if doc.status in (fr.OVERDUE, fr.DUE)]
            roles = [
                (self.link(src, item.id), ", ".join(rc.ROLE_NAMES[x] for x in letters)) for item, letters in d["roles"]
            ]
            milestones = [self._milestone_row(src, m) for m in d["milestones"]]
            money_owned = [
                (self.link(src, pid), money(total, str(plans[pid].get("currency") or "")))
                for pid, total in d["budget"].items()
            ]
            person = self.person(handle)
            title = f"{person.name} ({handle})" if person is not None and person.name else handle
            fm = self.front(title, description=f"What {handle} owns and what is due")
            members = [self.owner_link(src, m) for m in (person.members if person else ())]
            out.append(
                self.page(
                    src,
                    title,
                    "dashboard_owner.md.j2",
                    front_matter=fm,
                    handle=handle,
                    person=person,
                    members=members,
                    owned=owned,
                    pages_owned=pages_owned,
                    to_review=to_review,
                    roles=roles,
                    milestones=milestones,
                    money_owned=money_owned,
                    today=self.today,
                    upcoming_days=tl.UPCOMING_DAYS,
                    index_href=self.md(src, "owners/index.md"),
                    raci_href=self.md(src, "raci.md"),
                    freshness_href=self.md(src, "freshness.md"),
                    timeline_href=self.md(src, "timeline.md"),
                )
            )
        return out

    # -- freshness -----------------------------------------------------------------------------
    def freshness(self) -> GeneratedPage:
        src = self.src("freshness.md")
        docs = self.docs
        counts = {s: sum(1 for d in docs if d.status == s) for s in fr.STATUS_ORDER}
        rows = []
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in docs:
            kind = self.model.schema.types[self.model.items[doc.item_id].type].label if doc.item_id else "Page"
            row = {
                "link": self.doc_link(src, doc),
                "kind": kind,
                "owner": self.owner_link(src, doc.owner),
                "doc": doc,
                "badge": badge(doc.status),
                "overdue_by": doc.overdue_by(self.today),
                "where": f"{doc.pos.file}:{doc.pos.line}",
            }
            rows.append(row)
            if doc.status == fr.OVERDUE:
                by_owner[doc.owner or ""].append(row)
        owners = [
            (self.owner_link(src, h), entries)
            for h, entries in sorted(by_owner.items(), key=lambda kv: (kv[0] == "", kv[0].lower()))
        ]
        fm = self.front("Review freshness", hide=["navigation"], search={"exclude": True})
        return self.page(
            src,
            "Review freshness",
            "dashboard_freshness.md.j2",
            front_matter=fm,
            rows=rows,
            counts=counts,
            owners=owners,
            today=self.today,
            due_days=self.settings.review_due_days,
            cadence_days=fr.CADENCE_DAYS,
            from_git=sum(1 for d in docs if d.from_git),
        )

    # -- misalignment --------------------------------------------------------------------------
    def misalignment(self) -> GeneratedPage:
        src = self.src("misalignment.md")
        g = self.graph
        link = self.link
        plans = {p.id: p for p in self.model.of_type("plan")}

        def links(ids: Sequence[str], limit: int = 8) -> Markup:
            if not ids:
                return Markup("none")
            shown = Markup(", ").join(link(src, i) for i in ids[:limit])
            more = len(ids) - limit
            return shown + Markup(" and {} more").format(more) if more > 0 else shown

        sections = [
            {
                "anchor": "objectives",
                "title": "Objectives without plan coverage",
                "lead": "Active objectives that no campaign or tactic supports (directly or through a child "
                "objective), or that no plan names in its objectives.",
                "columns": ["Objective", "Status", "Supported by", "Named by plans"],
                "rows": [
                    [
                        link(src, u.objective.id),
                        escape(u.objective.status or ""),
                        links(u.supported_by),
                        links(u.in_plans),
                    ]
                    for u in mis.uncovered_objectives(g)
                ],
            },
            {
                "anchor": "audiences",
                "title": "Audiences no campaign targets",
                "lead": "Audiences that no plan item lists under audiences.",
                "columns": ["Audience", "Owner", "Value propositions for it"],
                "rows": [
                    [
                        link(src, a.id),
                        self.owner_link(src, a.owner),
                        links(
                            [
                                ln.source
                                for ln in g.incoming.get(a.id, ())
                                if self.model.items[ln.source].type == "value_proposition"
                            ]
                        ),
                    ]
                    for a in mis.untargeted_audiences(g)
                ],
            },
            {
                "anchor": "value-propositions",
                "title": "Value propositions nothing uses",
                "lead": "No campaign uses them, and no positioning a campaign uses names them.",
                "columns": ["Value proposition", "Owner", "For audience"],
                "rows": [
                    [link(src, v.id), self.owner_link(src, v.owner), links([t.id for t in g.targets(v.id, "audience")])]
                    for v in mis.unused_items(g, "value_proposition")
                ],
            },
            {
                "anchor": "positionings",
                "title": "Positionings nothing uses",
                "lead": "No campaign names them as its positioning.",
                "columns": ["Positioning", "Owner", "For audience"],
                "rows": [
                    [link(src, p.id), self.owner_link(src, p.owner), links([t.id for t in g.targets(p.id, "audience")])]
                    for p in mis.unused_items(g, "positioning")
                ],
            },
            {
                "anchor": "kpi-targets",
                "title": "KPI targets that reach no objective KPI",
                "lead": "Plan items targeting a KPI that no objective measures and that leads to none (GT106).",
                "columns": ["Plan item", "KPI", "Where"],
                "rows": [
                    [
                        link(src, item.id),
                        link(src, ln.target),
                        Markup("<code>{}:{}</code>").format(ln.pos.file, ln.pos.line),
                    ]
                    for item, ln in mis.off_thread_kpi_targets(g)
                ],
            },
            {
                "anchor": "outside-plan-period",
                "title": "Campaigns outside their plan period",
                "lead": "Campaign dates that fall outside the period of the plan they belong to (GT102).",
                "columns": ["Campaign", "Plan", "Date", "Plan period"],
                "rows": [
                    [
                        link(src, o.item.id),
                        link(src, o.plan.id),
                        escape(f"{o.field} {o.value}"),
                        escape(f"{o.period_start} to {o.period_end}"),
                    ]
                    for o in mis.outside_plan_period(g)
                ],
            },
            {
                "anchor": "plans-over-budget",
                "title": "Plans over budget",
                "lead": "Campaign budgets adding up to more than the plan budget (GT104).",
                "columns": ["Plan", "Plan budget", "Campaign budgets", "Over by"],
                "rows": [
                    [
                        link(src, o.item.id),
                        escape(money(o.budget, _cur(plans, o.item.id))),
                        escape(money(o.allocated, _cur(plans, o.item.id))),
                        escape(money(o.excess, _cur(plans, o.item.id))),
                    ]
                    for o in mis.plans_over_budget(g)
                ],
            },
            {
                "anchor": "tactics-over-campaign",
                "title": "Campaigns whose tactics exceed their budget",
                "lead": "Tactic budgets are a breakdown of the campaign's budget; here they add up to more (GT111).",
                "columns": ["Campaign", "Campaign budget", "Tactic budgets", "Tactics"],
                "rows": [
                    [
                        link(src, o.item.id),
                        escape(money(o.budget, self.currency(o.item))),
                        escape(money(o.allocated, self.currency(o.item))),
                        links([t.id for t in o.parts]),
                    ]
                    for o in bud.tactic_overruns(g)
                ],
            },
        ]
        fm = self.front("Misalignment report", search={"exclude": True})
        return self.page(
            src,
            "Misalignment report",
            "dashboard_misalignment.md.j2",
            front_matter=fm,
            sections=sections,
            total=sum(len(s["rows"]) for s in sections),
            traceability_href=self.md(src, "traceability.md"),
            budget_href=self.md(src, "budget.md"),
        )


def _cur(plans: dict[str, Item], plan_id: str) -> str:
    plan = plans.get(plan_id)
    return str(plan.get("currency") or "") if plan else ""


def _period_text(plan: Item) -> str:
    period = plan.get("period") or {}
    if isinstance(period, dict) and period.get("start") and period.get("end"):
        return f"{period['start']} to {period['end']}"
    return ""


def _short_money(value: float, currency: str) -> str:
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            text = f"{value / limit:.1f}".rstrip("0").rstrip(".") + suffix
            break
    else:
        text = f"{value:.0f}"
    return f"{currency} {text}".strip()
