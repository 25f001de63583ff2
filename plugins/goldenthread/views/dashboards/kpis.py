"""The KPI page: scorecards of every objective's targets against actuals, trends and the catalog.

The figures come from :mod:`goldenthread.domain.kpis` and :mod:`goldenthread.domain.actuals`;
the charts are inline SVG (:mod:`..kpicharts`).
"""

from __future__ import annotations

from collections import defaultdict
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ...core.model import Item
from ...domain.kpis import STATUS_LABELS, STATUSES, Scorecard, change
from ...domain.kpis import status_counts as count_statuses
from .. import kpicharts as charts
from ..kpistatus import signed_percent, status_badge
from ..page import GeneratedPage
from ..render import fmt_value, number, percent
from ..wiki import slug
from .base import Dashboard

#: A trend shows at most this many of a KPI's latest values (chart and table alike).
TREND_LIMIT = 60


def trend_anchor(kpi_id: str) -> str:
    return f"trend-{slug(kpi_id)}"


def status_chart(counts: dict[str, int]) -> Markup:
    """KPI targets by status as one stacked bar."""
    label = ", ".join(f"{STATUS_LABELS[s]} {counts[s]}" for s in STATUSES)
    return charts.stacked_bar(
        [charts.Segment(STATUS_LABELS[s], counts[s], charts.STATUS_COLOURS[s]) for s in STATUSES],
        label=f"KPI targets by status: {label}",
    )


class KpisPage(Dashboard):
    @cached_property
    def objective_kpis(self) -> dict[str, set[str]]:
        return self.graph.objective_kpis()

    def pages(self) -> list[GeneratedPage]:
        src = self.src("kpis.md")
        counts = count_statuses(self.shared.cards)
        by_objective: dict[str, list[Scorecard]] = defaultdict(list)
        for card in self.shared.cards:
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
        page = self.dashboard(
            src,
            "KPIs and actuals",
            "dashboards/kpis.md.j2",
            today=self.today,
            counts=counts,
            labels=STATUS_LABELS,
            badges={s: status_badge(s) for s in STATUSES},
            summary_chart=status_chart(counts),
            objectives=objectives,
            trends=trends,
            without_actuals=without,
            catalog=[self._catalog_row(src, k) for k in kpis],
            files=sorted(self.actuals.files.items()),
            yaml_rows=yaml_rows,
            on_track=self.settings.kpi_on_track,
            at_risk=self.settings.kpi_at_risk,
            signals_href=self.md(src, "signals.md"),
        )
        return [page]

    def _card_row(self, src: str, card: Scorecard) -> dict[str, Any]:
        unit = card.unit
        latest = card.latest
        return {
            "kpi": self.link(src, card.kpi_id) if card.kpi_id in self.model.items else Markup(card.kpi_id),
            "trend_href": f"#{trend_anchor(card.kpi_id)}" if latest else "",
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
            "progress_text": charts.progress_text(card.progress, card.expected),
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
            for c in self.shared.cards
            if c.kpi_id == kpi.id
        ]
        return {
            "title": f"{kpi.title} ({kpi.id})",
            "anchor": trend_anchor(kpi.id),
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
            "trend_href": f"#{trend_anchor(kpi.id)}" if rows else "",
        }
