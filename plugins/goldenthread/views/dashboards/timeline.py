"""The timeline page: each plan's campaigns as a Gantt chart, per plan and per quarter, and milestones."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ...domain import budget as bud
from ...domain import timeline as tl
from ..page import GeneratedPage
from .base import Dashboard, period_text, quarter_label
from .gantt import MAX_GANTT_BARS, Gantt

#: A quarter repeats its campaigns in a table of its own while the plan has at most this many; in a
#: larger plan those tables would repeat the plan's table (10,000 campaigns made a 14 MB page), so
#: the quarter keeps its chart and its count, and the plan's table lists every campaign.
QUARTER_TABLES_UP_TO = 300


class TimelinePage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("timeline.md")
        today = self.today
        overdue = [self.milestone_row(src, m) for m in tl.overdue_milestones(self.graph, today)]
        plans = []
        order = self.shared.plan_order
        for t in sorted(tl.plan_timelines(self.graph), key=lambda t: order.get(t.plan.id, 0)):
            chart = self._gantt(t.plan.title, t.bars, margin=dt.timedelta(days=31))
            rows = [self._bar_row(src, b) for b in t.bars]
            quarter_tables = len(t.bars) <= QUARTER_TABLES_UP_TO
            quarters = []
            for key in t.quarters():
                bars, milestones = t.in_quarter(key)
                if not bars:
                    continue
                quarters.append(
                    {
                        "key": key,
                        "label": quarter_label(key),
                        "anchor": f"{t.plan.id.lower()}-{key.lower()}",
                        "chart": self._gantt(
                            f"{t.plan.title}, {quarter_label(key)}", bars, window=bud.quarter_range(key)
                        ),
                        "count": len(bars),
                        "bars": [self._bar_row(src, b) for b in bars] if quarter_tables else [],
                        "milestones": [self.milestone_row(src, m) for m in milestones] if quarter_tables else [],
                    }
                )
            plans.append(
                {
                    "link": self.link(src, t.plan.id),
                    "title": t.plan.title,
                    "anchor": t.plan.id.lower(),
                    "period": period_text(t.plan),
                    "chart": chart,
                    "bars": rows,
                    "milestones": [self.milestone_row(src, m) for m in t.milestones],
                    "undated": [self.link(src, i.id) for i in t.undated],
                    "quarters": quarters,
                    "capped": max(0, len(t.bars) - MAX_GANTT_BARS),
                }
            )
        page = self.dashboard(
            src,
            "Timeline",
            "dashboards/timeline.md.j2",
            today=today,
            overdue=overdue,
            plans=plans,
            max_bars=MAX_GANTT_BARS,
        )
        return [page]

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
