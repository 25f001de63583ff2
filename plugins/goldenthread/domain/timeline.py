"""When plan work happens: campaign bars and milestones per plan and per quarter, against today.

A milestone is overdue when it is not marked ``done`` and its date is before today; it is
upcoming when it is not done and falls within the next few days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..core.graph import Graph
from ..core.model import Item, Pos
from .budget import plan_items, quarter_range

#: Owner pages list milestones due within this many days.
UPCOMING_DAYS = 30


@dataclass(frozen=True)
class Milestone:
    item: Item
    index: int
    title: str
    date: dt.date
    done: bool
    pos: Pos

    def overdue(self, today: dt.date) -> bool:
        return not self.done and self.date < today

    def days_overdue(self, today: dt.date) -> int:
        return (today - self.date).days


@dataclass
class Bar:
    """A dated plan item (campaign) with its milestones."""

    item: Item
    start: dt.date
    end: dt.date
    milestones: list[Milestone] = field(default_factory=list)

    def state(self, today: dt.date) -> str:
        """done (status done, or ended), active (running today) or planned."""
        if self.item.status in ("done", "cancelled", "retired") or self.end < today:
            return "done"
        if self.start <= today <= self.end:
            return "active"
        return "planned"


def milestones_of(item: Item) -> list[Milestone]:
    out = []
    for n, ms in enumerate(item.get("milestones") or []):
        if not isinstance(ms, dict) or not isinstance(ms.get("date"), dt.date):
            continue
        out.append(
            Milestone(
                item,
                n,
                str(ms.get("title") or ""),
                ms["date"],
                bool(ms.get("done")),
                item.pos_of(f"milestones[{n}].date"),
            )
        )
    return sorted(out, key=lambda m: (m.date, m.index))


def bar_of(item: Item) -> Bar | None:
    start, end = item.date("start"), item.date("end")
    if start is None or end is None:
        return None
    if end < start:
        start, end = end, start
    return Bar(item, start, end, milestones_of(item))


@dataclass
class PlanTimeline:
    plan: Item
    bars: list[Bar]
    #: plan items without start and end dates (not drawn)
    undated: list[Item]

    @property
    def milestones(self) -> list[Milestone]:
        return sorted((m for b in self.bars for m in b.milestones), key=lambda m: (m.date, m.item.id, m.index))

    def quarters(self) -> list[str]:
        """Quarters spanned by the plan's period and its campaigns, in order."""
        period = self.plan.get("period") or {}
        starts = [b.start for b in self.bars]
        ends = [b.end for b in self.bars]
        if isinstance(period, dict):
            if isinstance(period.get("start"), dt.date):
                starts.append(period["start"])
            if isinstance(period.get("end"), dt.date):
                ends.append(period["end"])
        if not starts or not ends:
            return []
        return quarters_between(min(starts), max(ends))

    def in_quarter(self, key: str) -> tuple[list[Bar], list[Milestone]]:
        """Bars clipped to the quarter, and the milestones that fall in it."""
        q_start, q_end = quarter_range(key)
        bars = []
        for b in self.bars:
            if b.end < q_start or b.start > q_end:
                continue
            ms = [m for m in b.milestones if q_start <= m.date <= q_end]
            bars.append(Bar(b.item, max(b.start, q_start), min(b.end, q_end), ms))
        return bars, [m for b in bars for m in b.milestones]


def quarters_between(start: dt.date, end: dt.date) -> list[str]:
    out = []
    year, q = start.year, (start.month - 1) // 3 + 1
    last = (end.year, (end.month - 1) // 3 + 1)
    while (year, q) <= last:
        out.append(f"{year:04d}-Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def plan_timelines(graph: Graph) -> list[PlanTimeline]:
    out = []
    for plan in graph.model.of_type("plan"):
        bars, undated = [], []
        for item in plan_items(graph, plan):
            bar = bar_of(item)
            if bar is None:
                undated.append(item)
            else:
                bars.append(bar)
        bars.sort(key=lambda b: (b.start, b.end, b.item.id))
        out.append(PlanTimeline(plan, bars, undated))

    def start(t: PlanTimeline) -> tuple[dt.date, str]:
        period = t.plan.get("period") or {}
        s = period.get("start") if isinstance(period, dict) else None
        return (s if isinstance(s, dt.date) else dt.date.max, t.plan.id)

    return sorted(out, key=start)


def all_milestones(graph: Graph) -> list[Milestone]:
    out = [m for item in graph.model.items.values() for m in milestones_of(item)]
    return sorted(out, key=lambda m: (m.date, m.item.id, m.index))


def overdue_milestones(graph: Graph, today: dt.date) -> list[Milestone]:
    return [m for m in all_milestones(graph) if m.overdue(today)]


def upcoming_milestones(graph: Graph, today: dt.date, days: int = UPCOMING_DAYS) -> list[Milestone]:
    horizon = today + dt.timedelta(days=days)
    return [m for m in all_milestones(graph) if not m.done and today <= m.date <= horizon]
