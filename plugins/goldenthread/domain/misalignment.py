"""Where plan and strategy do not meet, computed from the link graph.

The same functions back the content rules (GT101, GT102, GT104, GT106, GT108 in :mod:`.validate`) and
the misalignment report, so a problem reads the same on the health page and in the report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.graph import Graph
from ..core.model import Item, Link, Pos
from .budget import Overrun, over_budget_plans, sub_plan_overruns

#: Objectives in these states need no plan coverage.
INACTIVE = ("retired", "cancelled", "done", "draft")


def unsupported_objectives(graph: Graph) -> list[Item]:
    """Active objectives no plan item supports (directly, or through a child objective)."""
    supported = graph.supported_objectives()
    return [o for o in graph.model.of_type("objective") if o.status not in INACTIVE and not supported.get(o.id)]


def objectives_in_plans(graph: Graph) -> dict[str, list[Item]]:
    """Objective ID -> plans whose ``objectives`` list names it."""
    out: dict[str, list[Item]] = {}
    for plan in graph.model.of_type("plan"):
        for obj in graph.targets(plan.id, "objectives"):
            out.setdefault(obj.id, []).append(plan)
    return out


@dataclass(frozen=True)
class Uncovered:
    objective: Item
    #: plan items that support it (empty when none does)
    supported_by: tuple[str, ...]
    #: plans whose ``objectives`` name it (empty when none does)
    in_plans: tuple[str, ...]


def uncovered_objectives(graph: Graph) -> list[Uncovered]:
    """Active objectives that no plan item supports or that no plan names (when plans name any)."""
    supported = graph.supported_objectives()
    named = objectives_in_plans(graph)
    plans_name_objectives = bool(named)
    out = []
    for o in graph.model.of_type("objective"):
        if o.status in INACTIVE:
            continue
        by = tuple(supported.get(o.id, ()))
        plans = tuple(p.id for p in named.get(o.id, ()))
        if not by or (plans_name_objectives and not plans):
            out.append(Uncovered(o, by, plans))
    return out


def _plan_layer_sources(graph: Graph, item_id: str) -> list[Item]:
    model = graph.model
    out = []
    for link in graph.incoming.get(item_id, ()):
        source = model.items[link.source]
        if model.schema.types[source.type].layer == "plan" and source not in out:
            out.append(source)
    return out


def untargeted_audiences(graph: Graph) -> list[Item]:
    """Audiences no plan item (campaign) links to."""
    return [
        a for a in graph.model.of_type("audience") if a.status not in INACTIVE and not _plan_layer_sources(graph, a.id)
    ]


def unused_items(graph: Graph, type_name: str) -> list[Item]:
    """Items of ``type_name`` (value propositions, positionings) nothing in the plan uses.

    A value proposition also counts as used when a used positioning names it.
    """
    model = graph.model
    used_positionings = {p.id for p in model.of_type("positioning") if _plan_layer_sources(graph, p.id)}
    out = []
    for item in model.of_type(type_name):
        if item.status in INACTIVE:
            continue
        if _plan_layer_sources(graph, item.id):
            continue
        via = [ln.source for ln in graph.incoming.get(item.id, ()) if ln.source in used_positionings]
        if not via:
            out.append(item)
    return out


def off_thread_kpi_targets(graph: Graph) -> list[tuple[Item, Link]]:
    """KPI targets of plan items whose KPI is no objective's KPI and leads to none."""
    model = graph.model
    objective_kpis = graph.objective_kpis()
    if not objective_kpis:
        return []
    out = []
    for item in model.items.values():
        for link in item.links:
            if link.record != "kpi_targets" or link.target not in model.items:
                continue
            if not graph.kpi_downstream(link.target) & objective_kpis.keys():
                out.append((item, link))
    return out


@dataclass(frozen=True)
class OutsidePeriod:
    item: Item
    plan: Item
    field: str  # "start" or "end"
    value: dt.date
    period_start: dt.date
    period_end: dt.date
    pos: Pos


def outside_plan_period(graph: Graph) -> list[OutsidePeriod]:
    """Campaign start or end dates outside their plan's period."""
    out = []
    for cmp in graph.model.of_type("campaign"):
        start, end = cmp.date("start"), cmp.date("end")
        for plan in graph.targets(cmp.id, "plan"):
            ps, pe = plan.span("period")
            if ps is None or pe is None:
                continue
            for name, value in (("start", start), ("end", end)):
                if value and not ps <= value <= pe:
                    out.append(OutsidePeriod(cmp, plan, name, value, ps, pe, cmp.pos_of(name)))
    return out


def plans_over_budget(graph: Graph) -> list[Overrun]:
    """GT104 and GT108: a plan's campaigns (its sub-plans' too), or what it gave out, above its budget."""
    return [*over_budget_plans(graph), *sub_plan_overruns(graph)]
