"""Plans inside plans: a quarterly plan may name its annual plan as ``parent``.

A sub-plan's budget is part of its parent's, so a total over plans counts only the plans whose
parent is not itself a plan of the wiki (:func:`total_budget`), and a plan's money covers the
campaigns of every plan inside it (:func:`plan_tree`; see :mod:`.budget` for what "over budget"
means for a parent). Pages list plans parents first,
each followed by its sub-plans, by start date (:func:`ordered_plans`). Cycles among parents are
reported by the link-cycle rule; here they are only walked safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..core.graph import Graph
from ..core.model import Item


def parent_plan(graph: Graph, plan: Item) -> Item | None:
    """The plan this one sits inside, when it names one that exists."""
    parents = [t for t in graph.targets(plan.id, "parent") if t.type == "plan"]
    return parents[0] if parents else None


def plan_chain(graph: Graph, plan: Item) -> list[Item]:
    """The plan and its ancestors, outermost first (cycle-safe)."""
    chain = [plan]
    seen = {plan.id}
    parent = parent_plan(graph, plan)
    while parent is not None and parent.id not in seen:
        chain.append(parent)
        seen.add(parent.id)
        parent = parent_plan(graph, parent)
    return chain[::-1]


def sub_plans(graph: Graph, plan: Item) -> list[Item]:
    """The plans that name this one as their ``parent``, by start date, then ID."""
    children = {
        ln.source
        for ln in graph.incoming.get(plan.id, ())
        if ln.spec_field == "parent" and not ln.record and graph.model.items[ln.source].type == "plan"
    }
    return sorted((graph.model.items[c] for c in children if c != plan.id), key=_start)


def plan_tree(graph: Graph, plan: Item) -> list[Item]:
    """The plan and every plan inside it, at any depth, each once (cycle-safe), parents first."""
    return _parents_first([plan], lambda p: sub_plans(graph, p))


def _parents_first(roots: list[Item], children: Callable[[Item], list[Item]]) -> list[Item]:
    """Each plan followed by its children, depth first, each plan once (a cycle stops there)."""
    out: list[Item] = []
    seen: set[str] = set()
    stack = list(reversed(roots))
    while stack:
        current = stack.pop()
        if current.id in seen:
            continue
        seen.add(current.id)
        out.append(current)
        stack.extend(reversed(children(current)))
    return out


def _start(plan: Item) -> tuple[dt.date, str]:
    period = plan.get("period")
    start = period.get("start") if isinstance(period, dict) else None
    return (start if isinstance(start, dt.date) else dt.date.max, plan.id)


def ordered_plans(graph: Graph) -> list[Item]:
    """Every plan, each followed by its sub-plans; siblings by start date, then ID."""
    plans = graph.model.of_type("plan")
    children: dict[str, list[Item]] = {}
    roots: list[Item] = []
    for plan in plans:
        parent = parent_plan(graph, plan)
        # a plan in a parent cycle has no root above it: it is listed as a root
        if parent is None or plan_chain(graph, plan)[0].id == plan.id:
            roots.append(plan)
        else:
            children.setdefault(parent.id, []).append(plan)
    # roots by start date, then any plan left in a parent cycle
    order = [*sorted(roots, key=_start), *plans]
    return _parents_first(order, lambda p: sorted(children.get(p.id, []), key=_start))


def top_level(graph: Graph) -> list[Item]:
    """Plans not inside another plan: their budgets add up without counting any money twice."""
    return [p for p in ordered_plans(graph) if plan_chain(graph, p)[0].id == p.id]


def total_budget(graph: Graph) -> float:
    """The money of all plans: a sub-plan's budget is part of its parent's, so it is not added."""
    return sum(float(p.get("budget") or 0) for p in top_level(graph))
