"""Planned money per plan: by objective, channel, month, quarter and owner, and what is left.

The unit of money is the campaign budget line (``{channel, amount, period?}``); a plan item
with a plain ``budget: 40000`` counts as one line. Tactic budgets are a breakdown of their
campaign's budget, never extra money: they are only compared with it (see
:func:`tactic_overruns`). A line with a ``period`` (``YYYY-MM``, ``YYYY-Qn`` or ``YYYY``) lands
in that period; a line without one is pro-rated over the campaign's dates by days. Months are
split by days too, and quarters are the sum of their months, so every view adds up to the same
total. A campaign that serves several objectives is split by its per-link weights
(:func:`goldenthread.rollup.objective_weights`), so no money is counted twice.

Plans inside plans (``parent:``): a sub-plan's money is part of its parent's. A plan's figures
cover the campaigns of the plan and of every plan inside it, each campaign once
(:func:`tree_items`), so the annual plan's "allocated" includes its quarterly plans' campaigns.
"Over budget" for a plan then means two things, reported once each:

- the campaigns of the plan and of its sub-plans add up to more than its budget (GT104);
- otherwise, its own campaigns plus what it gave its sub-plans (each sub-plan's budget, or its
  campaigns when they exceed that budget or it has none) add up to more than its budget (GT108):
  the money is promised twice even though no campaign has it yet.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..core.graph import Graph
from ..core.model import Item, Model, Pos
from ..core.periods import budget_period, month_end
from .actuals import Actuals
from .plans import plan_tree, sub_plans
from .rollup import item_budget, objective_weights, plan_currency

#: Bucket for money that cannot be placed: no dates, or an unreadable period.
UNSCHEDULED = ""


# -- periods ---------------------------------------------------------------------------------
def month_key(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def quarter_key(day: dt.date) -> str:
    return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"


def quarter_of_month(month: str) -> str:
    """``2027-05`` -> ``2027-Q2`` (the unscheduled bucket stays unscheduled)."""
    if month == UNSCHEDULED:
        return UNSCHEDULED
    year, m = month.split("-")
    return f"{year}-Q{(int(m) - 1) // 3 + 1}"


def period_range(text: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a budget period (``2027``, ``2027-03``, ``2027-Q1``); None if unreadable."""
    period = budget_period(text)
    return None if period is None else (period.start, period.end)


def quarter_range(key: str) -> tuple[dt.date, dt.date]:
    found = period_range(key)
    assert found is not None, key
    return found


def months_between(start: dt.date, end: dt.date) -> list[str]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def spread_by_days(amount: float, start: dt.date, end: dt.date) -> dict[str, float]:
    """``amount`` spread over the days ``start``..``end`` (inclusive), summed per month."""
    if end < start:
        start, end = end, start
    total_days = (end - start).days + 1
    out: dict[str, float] = {}
    for key in months_between(start, end):
        year, month = int(key[:4]), int(key[5:])
        first = max(start, dt.date(year, month, 1))
        last = min(end, month_end(year, month))
        out[key] = amount * ((last - first).days + 1) / total_days
    return out


def by_quarter(months: dict[str, float]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for month, amount in months.items():
        out[quarter_of_month(month)] += amount
    return dict(out)


# -- budget lines ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Line:
    """One budget line of a plan item, placed in months."""

    item: str
    index: int  # position in the item's budget list (-1 for a plain number budget)
    channel: str
    amount: float
    period: str | None
    months: dict[str, float]
    #: "period" when the line names one, "dates" when pro-rated over the item's dates, "" if neither
    placed_by: str


def _item_channel(item: Item) -> str:
    channel = item.get("channel")
    if isinstance(channel, str) and channel:
        return channel
    channels = item.get("channels")
    if isinstance(channels, list) and channels:
        return str(channels[0])
    return ""


def _place(
    amount: float, period: str | None, start: dt.date | None, end: dt.date | None
) -> tuple[dict[str, float], str]:
    if period is not None:
        found = period_range(period)
        if found is not None:
            return spread_by_days(amount, *found), "period"
    if start is not None and end is not None:
        return spread_by_days(amount, start, end), "dates"
    return {UNSCHEDULED: amount}, ""


def budget_lines(item: Item) -> list[Line]:
    """The item's money as lines placed in months (empty when it has none)."""
    start, end = item.date("start"), item.date("end")
    budget = item.get("budget")
    out: list[Line] = []
    if isinstance(budget, list):
        for n, line in enumerate(budget):
            if not isinstance(line, dict):
                continue
            amount = float(line.get("amount") or 0)
            raw = line.get("period")
            period = str(raw).strip() if raw not in (None, "") else None
            months, how = _place(amount, period, start, end)
            out.append(Line(item.id, n, str(line.get("channel") or ""), amount, period, months, how))
    elif isinstance(budget, (int, float)) and not isinstance(budget, bool) and budget:
        months, how = _place(float(budget), None, start, end)
        out.append(Line(item.id, -1, _item_channel(item), float(budget), None, months, how))
    return out


# -- per plan --------------------------------------------------------------------------------
def plan_items(graph: Graph, plan: Item) -> list[Item]:
    """Items whose ``plan`` link names this plan (campaigns, and custom types with a plan link)."""
    model = graph.model
    seen: set[str] = set()
    out: list[Item] = []
    for link in graph.incoming.get(plan.id, ()):
        if link.spec_field == "plan" and not link.record and link.source not in seen:
            seen.add(link.source)
            out.append(model.items[link.source])
    return out


def tree_items(graph: Graph, plan: Item) -> list[Item]:
    """The items of the plan and of every plan inside it, each once: the money its budget covers."""
    seen: set[str] = set()
    out: list[Item] = []
    for member in plan_tree(graph, plan):
        for item in plan_items(graph, member):
            if item.id not in seen:
                seen.add(item.id)
                out.append(item)
    return out


def plan_allocated(graph: Graph) -> dict[str, float]:
    """Plan ID -> the money its items and its sub-plans' items allocate (tactics are inside those)."""
    out: dict[str, float] = defaultdict(float)
    for plan in graph.model.of_type("plan"):
        out[plan.id] = sum(item_budget(i) for i in tree_items(graph, plan))
    return dict(out)


def plan_budget(plan: Item) -> float | None:
    budget = plan.get("budget")
    if isinstance(budget, (int, float)) and not isinstance(budget, bool):
        return float(budget)
    return None


@dataclass(frozen=True)
class Overrun:
    """A plan over its budget, or a campaign whose tactics add up to more than it has."""

    item: Item
    budget: float
    allocated: float
    pos: Pos
    #: the items whose money is summed (campaigns of the plan and its sub-plans, sub-plans of a
    #: plan, tactics of the campaign)
    parts: tuple[Item, ...] = ()

    @property
    def excess(self) -> float:
        return self.allocated - self.budget


def over_budget_plans(graph: Graph) -> list[Overrun]:
    """Plans whose campaigns, their sub-plans' included, add up to more than the plan budget."""
    allocated = plan_allocated(graph)
    out = []
    for plan in graph.model.of_type("plan"):
        budget = plan_budget(plan)
        spent = allocated.get(plan.id, 0.0)
        if budget is not None and spent > budget + 0.005:
            out.append(Overrun(plan, budget, spent, plan.pos_of("budget"), tuple(tree_items(graph, plan))))
    return out


def committed(graph: Graph, plan: Item, allocated: dict[str, float]) -> float:
    """Money a plan has given away: its own campaigns, and each sub-plan's share of it.

    A sub-plan's share is its budget, or its campaigns' (its own sub-plans' included) when they
    are more or it has no budget: a sub-plan over its budget also eats its parent's money.
    """
    own = sum(item_budget(i) for i in plan_items(graph, plan))
    given = 0.0
    for child in sub_plans(graph, plan):
        budget = plan_budget(child)
        spent = allocated.get(child.id, 0.0)
        given += spent if budget is None else max(budget, spent)
    return own + given


def sub_plan_overruns(graph: Graph) -> list[Overrun]:
    """Parents whose own campaigns plus their sub-plans' budgets exceed the parent's budget.

    Only plans whose campaigns alone fit (else :func:`over_budget_plans` reports them): each
    overrun is reported once.
    """
    allocated = plan_allocated(graph)
    over = {o.item.id for o in over_budget_plans(graph)}
    out = []
    for plan in graph.model.of_type("plan"):
        budget = plan_budget(plan)
        children = sub_plans(graph, plan)
        if budget is None or not children or plan.id in over:
            continue
        total = committed(graph, plan, allocated)
        if total > budget + 0.005:
            out.append(Overrun(plan, budget, total, plan.pos_of("budget"), tuple(children)))
    return out


def tactic_overruns(graph: Graph) -> list[Overrun]:
    """Campaigns whose tactics' budgets add up to more than the campaign's own budget."""
    model = graph.model
    children: dict[str, list[Item]] = defaultdict(list)
    for item in model.items.values():
        if item_budget(item) <= 0:
            continue
        for link in graph.outgoing.get(item.id, ()):
            if link.spec_field == "campaign" and not link.record:
                children[link.target].append(item)
                break
    out = []
    for parent_id, tactics in children.items():
        parent = model.items[parent_id]
        budget = item_budget(parent)
        total = sum(item_budget(t) for t in tactics)
        if total > budget + 0.005:
            where = parent.pos_of("budget") if "budget" in parent.positions else parent.pos
            out.append(Overrun(parent, budget, total, where, tuple(tactics)))
    return out


# -- actual spend ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spend:
    """Money actually spent on an item over a period (from the actuals: CSV or YAML)."""

    item: str
    start: dt.date
    end: dt.date
    amount: float

    @property
    def months(self) -> dict[str, float]:
        return spread_by_days(self.amount, self.start, self.end)


def actual_spend(actuals: Actuals) -> dict[str, list[Spend]]:
    """Item ID -> its spend rows, in period order (a quarter's spend is spread over its months by days)."""
    out: dict[str, list[Spend]] = defaultdict(list)
    for row in actuals.rows:
        if row.kind == "spend":
            out[row.id].append(Spend(row.id, row.period.start, row.period.end, float(row.value)))
    for rows in out.values():
        rows.sort(key=lambda r: (r.start, r.end))
    return dict(out)


@dataclass
class PlanBudget:
    plan: Item
    currency: str
    budget: float | None
    #: the items its budget covers: its own, and its sub-plans' (at any depth)
    items: list[Item]
    lines: list[Line]
    #: the plans directly inside it, and the items that name it as their plan
    sub_plans: list[Item] = field(default_factory=list)
    own: list[Item] = field(default_factory=list)
    #: item ID -> its total planned money
    by_item: dict[str, float] = field(default_factory=dict)
    #: objective ID -> money ("" for items that reach no objective)
    by_objective: dict[str, float] = field(default_factory=dict)
    by_channel: dict[str, float] = field(default_factory=dict)
    #: "YYYY-MM" -> money ("" for unscheduled)
    by_month: dict[str, float] = field(default_factory=dict)
    #: "YYYY-Qn" -> money ("" for unscheduled)
    by_quarter: dict[str, float] = field(default_factory=dict)
    #: owner handle -> money ("" when the item has no owner)
    by_owner: dict[str, float] = field(default_factory=dict)
    #: the same views of money actually spent on the plan's items (empty without actuals)
    actual_by_item: dict[str, float] = field(default_factory=dict)
    actual_by_objective: dict[str, float] = field(default_factory=dict)
    actual_by_month: dict[str, float] = field(default_factory=dict)
    actual_by_quarter: dict[str, float] = field(default_factory=dict)
    actual_by_owner: dict[str, float] = field(default_factory=dict)

    @property
    def actual(self) -> float:
        return sum(self.actual_by_item.values())

    @property
    def in_sub_plans(self) -> float:
        """Of the allocated money, what its sub-plans' items have."""
        own = {i.id for i in self.own}
        return sum(v for k, v in self.by_item.items() if k not in own)

    @property
    def allocated(self) -> float:
        return sum(self.by_item.values())

    @property
    def unallocated(self) -> float | None:
        """Plan budget not yet given to any campaign (0 when over-allocated)."""
        return None if self.budget is None else max(self.budget - self.allocated, 0.0)

    @property
    def over_allocated(self) -> float:
        return 0.0 if self.budget is None else max(self.allocated - self.budget, 0.0)


def _by_start(items: list[Item]) -> list[Item]:
    return sorted(items, key=lambda i: (i.date("start") or dt.date.max, i.id))


def plan_budget_view(graph: Graph, plan: Item, spend: dict[str, list[Spend]] | None = None) -> PlanBudget:
    """The plan's money: its own items' and its sub-plans' (a sub-plan's budget is part of its parent's)."""
    items = _by_start(tree_items(graph, plan))
    pb = PlanBudget(plan, plan_currency(graph, plan), plan_budget(plan), items, [])
    pb.sub_plans = sub_plans(graph, plan)
    pb.own = _by_start(plan_items(graph, plan))
    by_objective: dict[str, float] = defaultdict(float)
    by_channel: dict[str, float] = defaultdict(float)
    by_month: dict[str, float] = defaultdict(float)
    by_owner: dict[str, float] = defaultdict(float)
    for item in items:
        lines = budget_lines(item)
        pb.lines.extend(lines)
        total = sum(line.amount for line in lines)
        pb.by_item[item.id] = total
        if not total:
            continue
        _split_by_objective(graph, item, total, by_objective)
        by_owner[item.owner or ""] += total
        for line in lines:
            by_channel[line.channel] += line.amount
            for month, amount in line.months.items():
                by_month[month] += amount
    pb.by_objective = dict(by_objective)
    pb.by_channel = dict(by_channel)
    pb.by_month = dict(sorted(by_month.items()))
    pb.by_quarter = dict(sorted(by_quarter(pb.by_month).items()))
    pb.by_owner = dict(by_owner)
    if spend:
        _add_actuals(graph, pb, spend)
    return pb


def _split_by_objective(graph: Graph, item: Item, total: float, by_objective: dict[str, float]) -> None:
    """Add ``total`` to the objectives the item serves, by link weight ("" when it serves none)."""
    weights = objective_weights(graph, item)
    if weights:
        for obj, share in weights.items():
            by_objective[obj] += total * share
    else:
        by_objective[""] += total


def _add_actuals(graph: Graph, pb: PlanBudget, spend: dict[str, list[Spend]]) -> None:
    by_objective: dict[str, float] = defaultdict(float)
    by_month: dict[str, float] = defaultdict(float)
    by_owner: dict[str, float] = defaultdict(float)
    for item in pb.items:
        rows = spend.get(item.id)
        if not rows:
            continue
        total = sum(r.amount for r in rows)
        pb.actual_by_item[item.id] = total
        _split_by_objective(graph, item, total, by_objective)
        by_owner[item.owner or ""] += total
        for r in rows:
            for month, amount in r.months.items():
                by_month[month] += amount
    pb.actual_by_objective = dict(by_objective)
    pb.actual_by_month = dict(sorted(by_month.items()))
    pb.actual_by_quarter = dict(sorted(by_quarter(pb.actual_by_month).items()))
    pb.actual_by_owner = dict(by_owner)


def plan_budgets(graph: Graph, spend: dict[str, list[Spend]] | None = None) -> list[PlanBudget]:
    """Every plan's planned (and, given ``spend``, actual) money, plans ordered by their start."""
    plans = graph.model.of_type("plan")

    def start(plan: Item) -> tuple[dt.date, str]:
        period = plan.get("period") or {}
        s = period.get("start") if isinstance(period, dict) else None
        return (s if isinstance(s, dt.date) else dt.date.max, plan.id)

    return [plan_budget_view(graph, p, spend) for p in sorted(plans, key=start)]


def unplanned_items(model: Model, graph: Graph) -> list[Item]:
    """Items with money that no plan claims (a campaign whose plan link is missing or broken)."""
    claimed = {i.id for p in model.of_type("plan") for i in plan_items(graph, p)}
    return [
        i
        for i in model.items.values()
        if "plan" in model.schema.types[i.type].fields and i.id not in claimed and item_budget(i)
    ]
