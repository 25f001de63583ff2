"""The budget page: planned (and actual) money per plan, split by objective, channel, time and owner.

:class:`BudgetView` is what the template reads, by name; the figures come from
:mod:`goldenthread.domain.budget`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from ...core.model import Item
from ...domain import budget as bud
from ...domain.rollup import objective_weights
from ..page import GeneratedPage
from ..render import money, short_money
from .base import Dashboard, month_label, period_text, quarter_label
from .charts import ACTUAL_COLOURS, SERIES_COLOURS, Series, bar_chart

#: One figure of each plan: by objective, channel, quarter…, keyed by what the row names.
Values = Callable[[bud.PlanBudget], dict[str, float]]


@dataclass(frozen=True)
class Row:
    """A row of a table with one column per plan (and per plan's actual spend, when there is any)."""

    label: Markup | str
    cells: list[str]


@dataclass(frozen=True)
class SplitTable:
    """Money of every plan split by one key (objective, channel, quarter, month, owner)."""

    id: str
    caption: str
    #: heading of the first column, which names the key
    first: str
    heads: list[Markup]
    rows: list[Row]
    #: a bar chart drawn beside the table, when the split has one
    chart: Markup | None = None
    #: the column sums (every amount is counted in exactly one row)
    total: list[str] | None = None


@dataclass(frozen=True)
class CampaignRow:
    link: Markup
    owner: Markup
    budget: str
    #: the budget as a sortable number
    sort: str
    share: str
    split: str
    prorated: str
    tactics: str
    over: bool
    actual: str
    overspent: bool


@dataclass(frozen=True)
class PlanCampaigns:
    """The campaigns of one plan with their budgets, and the plan's totals."""

    id: str
    plan_id: str
    rows: list[CampaignRow]
    #: what the rows are: "3 campaigns", or "3 campaigns, 1 sub-plan"
    count: str
    allocated: str
    allocated_share: str
    actual: str


@dataclass(frozen=True)
class Overrun:
    """A plan or campaign whose parts add up to more than its own budget."""

    link: Markup
    budget: str
    allocated: str
    excess: str
    parts: list[Markup]


@dataclass(frozen=True)
class DirectSpend:
    """Spend recorded against an objective itself, outside every plan."""

    link: Markup
    amount: str
    rows: int


@dataclass(frozen=True)
class BudgetView:
    has_plans: bool
    has_actual: bool
    #: one heading per plan (and per plan's actual spend)
    columns: list[Markup]
    summary: list[Row]
    by_objective: SplitTable
    by_channel: SplitTable
    by_quarter: SplitTable
    by_month: SplitTable
    by_owner: SplitTable
    campaigns: list[PlanCampaigns]
    over_plans: list[Overrun]
    over_campaigns: list[Overrun]
    unplanned: list[Markup]
    direct_spend: list[DirectSpend]
    timeline_href: str
    misalignment_href: str


class _Plans:
    """The plans as table columns: planned, and actual beside it when any spend is recorded."""

    def __init__(self, plans: list[bud.PlanBudget], cents: bool) -> None:
        self.plans = plans
        self.has_actual = any(pb.actual_by_item for pb in plans)
        self.cents = cents

    def cell(self, pb: bud.PlanBudget, value: float | None) -> str:
        """An amount in a plan's currency that does not break across lines."""
        return "" if value is None else money(value, pb.currency, self.cents).replace(" ", "\u00a0")

    def row(self, key: str, planned: Values, actual: Values | None) -> list[str]:
        cells = []
        for pb in self.plans:
            cells.append(self.cell(pb, planned(pb).get(key)) if key in planned(pb) else "")
            if self.has_actual and actual is not None:
                got = actual(pb)
                cells.append(self.cell(pb, got.get(key)) if key in got else "")
        return cells

    def total(self, planned: Values, actual: Values | None) -> list[str]:
        """Each column's sum over all keys: what the plan placed in the split, and what was spent."""
        cells = []
        for pb in self.plans:
            cells.append(self.cell(pb, sum(planned(pb).values())))
            if self.has_actual and actual is not None:
                cells.append(self.cell(pb, sum(actual(pb).values())))
        return cells

    def keys(self, *maps: Values, order: Callable[[str], Any]) -> list[str]:
        return sorted({k for pb in self.plans for m in maps for k in m(pb)}, key=order)

    def per_plan(
        self, values: Callable[[bud.PlanBudget], str], actual: Callable[[bud.PlanBudget], str] | None = None
    ) -> list[str]:
        out = []
        for pb in self.plans:
            out.append(values(pb))
            if self.has_actual:
                out.append(actual(pb) if actual else "")
        return out

    def charted(
        self,
        split: str,
        caption: str,
        first: str,
        heads: list[Markup],
        keys: list[str],
        label: Callable[[str], Markup | str],
        planned: Values,
        actual: Values,
        chart_label: Callable[[str], str],
    ) -> SplitTable:
        """A split (``objective``, ``quarter``…) with its rows, a bar chart of the keys set, and its sums."""
        return SplitTable(
            f"gt-budget-{split}",
            caption,
            first,
            heads,
            [Row(label(k), self.row(k, planned, actual)) for k in keys],
            self.chart([k for k in keys if k], planned, actual, chart_label, f"gt-chart-budget-{split}", caption),
            self.total(planned, actual),
        )

    def chart(
        self, keys: list[str], planned: Values, actual: Values, labeller: Callable[[str], str], ident: str, title: str
    ) -> Markup | None:
        if not keys:
            return None
        series = []
        for n, pb in enumerate(self.plans):
            unit = f" ({pb.currency})" if pb.currency else ""
            series.append(
                Series(
                    f"{pb.plan.id} planned{unit}",
                    [planned(pb).get(k, 0.0) for k in keys],
                    SERIES_COLOURS[n % len(SERIES_COLOURS)],
                )
            )
            if self.has_actual:
                series.append(
                    Series(
                        f"{pb.plan.id} actual{unit}",
                        [actual(pb).get(k, 0.0) for k in keys],
                        ACTUAL_COLOURS[n % len(ACTUAL_COLOURS)],
                    )
                )
        return bar_chart(title, [labeller(k) for k in keys], series, short_money, ident)


class BudgetPage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("budget.md")
        return [self.dashboard(src, "Budget", "dashboards/budget.md.j2", budget=self.view(src))]

    def view(self, src: str) -> BudgetView:
        cols = _Plans(self.shared.plan_budgets, self.settings.money_cents)
        plans, has_actual = cols.plans, cols.has_actual
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
        summary = [
            Row("Period", cols.per_plan(lambda pb: period_text(pb.plan))),
            Row("Plan budget", cols.per_plan(lambda pb: cols.cell(pb, pb.budget))),
            Row(
                "Allocated to campaigns",
                cols.per_plan(lambda pb: cols.cell(pb, pb.allocated), lambda pb: cols.cell(pb, pb.actual)),
            ),
            *(
                [Row("Of which in sub-plans", cols.per_plan(lambda pb: cols.cell(pb, pb.in_sub_plans)))]
                if any(pb.sub_plans for pb in plans)
                else []
            ),
            Row("Not yet allocated", cols.per_plan(lambda pb: cols.cell(pb, pb.unallocated))),
            Row("Over-allocated", cols.per_plan(lambda pb: cols.cell(pb, pb.over_allocated))),
            Row(
                "Share allocated",
                cols.per_plan(
                    lambda pb: f"{pb.allocated / pb.budget:.0%}" if pb.budget else "",
                    lambda pb: f"{pb.actual / pb.budget:.1%} spent" if pb.budget else "",
                ),
            ),
            Row(
                "Campaigns with money",
                cols.per_plan(
                    lambda pb: str(sum(1 for v in pb.by_item.values() if v)), lambda pb: str(len(pb.actual_by_item))
                ),
            ),
        ]

        def by_objective(pb: bud.PlanBudget) -> dict[str, float]:
            return pb.by_objective

        def actual_by_objective(pb: bud.PlanBudget) -> dict[str, float]:
            return pb.actual_by_objective

        objectives = [o.id for o in self.model.of_type("objective")]
        present = set(cols.keys(by_objective, actual_by_objective, order=str))
        obj_keys = [o for o in objectives if o in present] + ([""] if "" in present else [])
        channels = cols.keys(lambda pb: pb.by_channel, order=lambda c: (c == "", c.lower()))
        owners = cols.keys(lambda pb: pb.by_owner, lambda pb: pb.actual_by_owner, order=lambda h: (h == "", h.lower()))
        quarters = cols.keys(lambda pb: pb.by_quarter, lambda pb: pb.actual_by_quarter, order=lambda q: (q == "", q))
        months = cols.keys(lambda pb: pb.by_month, lambda pb: pb.actual_by_month, order=lambda m: (m == "", m))

        def objective_label(k: str) -> Markup:
            return self.link(src, k) if k else Markup("<em>No objective</em>")

        return BudgetView(
            has_plans=bool(plans),
            has_actual=has_actual,
            columns=columns,
            summary=summary,
            by_objective=cols.charted(
                "objective",
                "Budget by objective",
                "Objective",
                columns,
                obj_keys,
                objective_label,
                by_objective,
                actual_by_objective,
                lambda k: k,
            ),
            by_channel=SplitTable(
                "gt-budget-channel",
                "Planned budget by channel",
                "Channel",
                planned_columns,
                [Row(k or "(no channel)", cols.row(k, lambda pb: pb.by_channel, None)) for k in channels],
                total=cols.total(lambda pb: pb.by_channel, None),
            ),
            by_quarter=cols.charted(
                "quarter",
                "Budget by quarter",
                "Quarter",
                columns,
                quarters,
                quarter_label,
                lambda pb: pb.by_quarter,
                lambda pb: pb.actual_by_quarter,
                quarter_label,
            ),
            by_month=cols.charted(
                "month",
                "Budget by month",
                "Month",
                columns,
                months,
                month_label,
                lambda pb: pb.by_month,
                lambda pb: pb.actual_by_month,
                lambda m: month_label(m)[:3] + m[2:4],
            ),
            by_owner=SplitTable(
                "gt-budget-owner",
                "Budget by campaign owner",
                "Owner",
                columns,
                [
                    Row(self.owner_link(src, k), cols.row(k, lambda pb: pb.by_owner, lambda pb: pb.actual_by_owner))
                    for k in owners
                ],
                total=cols.total(lambda pb: pb.by_owner, lambda pb: pb.actual_by_owner),
            ),
            campaigns=[self._campaigns(src, pb) for pb in plans],
            over_plans=[
                Overrun(self.link(src, o.item.id), *self.overrun_money(o), [])
                for o in [*bud.over_budget_plans(self.graph), *bud.sub_plan_overruns(self.graph)]
            ],
            over_campaigns=[
                Overrun(self.link(src, o.item.id), *self.overrun_money(o), [self.link(src, t.id) for t in o.parts])
                for o in bud.tactic_overruns(self.graph)
            ],
            unplanned=[self.link(src, i.id) for i in bud.unplanned_items(self.model, self.graph)],
            direct_spend=[
                DirectSpend(self.link(src, item_id), self.wiki.money(sum(r.amount for r in rows)), len(rows))
                for item_id, rows in sorted(self.shared.spend.items())
                if item_id in self.model.items and self.model.items[item_id].type == "objective"
            ],
            timeline_href=self.md(src, "timeline.md"),
            misalignment_href=self.md(src, "misalignment.md"),
        )

    def _campaigns(self, src: str, pb: bud.PlanBudget) -> PlanCampaigns:
        overruns = {o.item.id: o for o in bud.tactic_overruns(self.graph)}
        prorated_by_item: dict[str, float] = defaultdict(float)
        for ln in pb.lines:
            if ln.placed_by == "dates":
                prorated_by_item[ln.item] += ln.amount
        rows = []
        for item in pb.own:
            total = pb.by_item.get(item.id, 0.0)
            weights = objective_weights(self.graph, item)
            split = ", ".join(f"{o} {share:.0%}" for o, share in sorted(weights.items())) or "none"
            prorated = prorated_by_item.get(item.id, 0.0)
            over = overruns.get(item.id)
            spent = pb.actual_by_item.get(item.id)
            rows.append(
                CampaignRow(
                    link=self.link(src, item.id),
                    owner=self.owner_link(src, item.owner),
                    budget=self.wiki.money(total, pb.currency),
                    sort=f"{total:.2f}",
                    share=f"{total / pb.budget:.1%}" if pb.budget else "",
                    split=split,
                    prorated=self.wiki.money(prorated, pb.currency) if prorated else "",
                    tactics=self.wiki.money(over.allocated, pb.currency) if over else "",
                    over=over is not None,
                    actual=self.wiki.money(spent, pb.currency) if spent is not None else "",
                    overspent=spent is not None and spent > total,
                )
            )
        rows.extend(self._sub_plan_row(src, pb, sub) for sub in pb.sub_plans)
        return PlanCampaigns(
            id=f"gt-budget-campaigns-{pb.plan.id.lower()}",
            plan_id=pb.plan.id,
            rows=rows,
            count=", ".join(
                f"{n} {word}{'' if n == 1 else 's'}"
                for n, word in ((len(pb.own), "campaign"), (len(pb.sub_plans), "sub-plan"))
                if n or word == "campaign"
            ),
            allocated=self.wiki.money(pb.allocated, pb.currency),
            allocated_share=f"{pb.allocated / pb.budget * 100:.1f}%" if pb.budget else "",
            actual=self.wiki.money(pb.actual, pb.currency),
        )

    def _sub_plan_row(self, src: str, pb: bud.PlanBudget, sub: Item) -> CampaignRow:
        """A plan inside this one, as one row: its campaigns' money, listed in full in its own table."""
        inner = {i.id for i in bud.tree_items(self.graph, sub)}
        total = sum(v for k, v in pb.by_item.items() if k in inner)
        spent = sum(v for k, v in pb.actual_by_item.items() if k in inner)
        return CampaignRow(
            link=Markup("Sub-plan {}").format(self.link(src, sub.id)),
            owner=self.owner_link(src, sub.owner),
            budget=self.wiki.money(total, pb.currency),
            sort=f"{total:.2f}",
            share=f"{total / pb.budget:.1%}" if pb.budget else "",
            split="see its own table",
            prorated="",
            tactics="",
            over=False,
            actual=self.wiki.money(spent, pb.currency) if spent else "",
            overspent=False,
        )
