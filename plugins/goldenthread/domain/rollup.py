"""Budget roll-ups: a campaign's money, split across the objectives it supports.

A campaign that supports several objectives is split by per-link weight (equal by default),
so the plan's money is never counted twice. Tactic budgets are a breakdown of their
campaign's budget, not extra money.
"""

from __future__ import annotations

from ..core.graph import Graph
from ..core.model import Item


def item_budget(item: Item) -> float:
    """Total planned money of a plan item: campaign budget lines, or a tactic's budget."""
    budget = item.get("budget")
    if isinstance(budget, list):
        return float(sum(float(line.get("amount") or 0) for line in budget))
    if isinstance(budget, (int, float)) and not isinstance(budget, bool):
        return float(budget)
    return 0.0


def objective_weights(graph: Graph, item: Item) -> dict[str, float]:
    """Share (summing to 1) of the item's money attributed to each objective it reaches.

    Direct ``supports`` links carry their weights; objectives reached only through a parent
    (a tactic through its campaign) share the parent's split.
    """
    direct = [
        ln
        for ln in graph.outgoing.get(item.id, ())
        if ln.spec_field == "supports" and not ln.record and graph.model.items[ln.target].type == "objective"
    ]
    if direct:
        weights: dict[str, float] = {}
        for ln in direct:
            weights[ln.target] = weights.get(ln.target, 0.0) + (ln.weight if ln.weight is not None else 1.0)
        total = sum(weights.values())
        return {k: v / total for k, v in weights.items()}
    reached = graph.thread(item.id)
    if not reached:
        return {}
    # through parents: take the first hop's split
    parents = {path[1] for path in reached.values() if len(path) > 2}
    shares: dict[str, float] = {}
    for parent in sorted(parents):
        for obj, share in objective_weights(graph, graph.model.items[parent]).items():
            shares[obj] = shares.get(obj, 0.0) + share / len(parents)
    if shares:
        return shares
    return {obj: 1 / len(reached) for obj in reached}


def budget_by_objective(graph: Graph, item: Item) -> dict[str, float]:
    """The item's budget split across objectives (empty when it reaches none)."""
    amount = item_budget(item)
    return {obj: amount * share for obj, share in objective_weights(graph, item).items()}


def plan_currency(graph: Graph, item: Item) -> str:
    """The currency of the plan an item's money belongs to (a tactic through its campaign's plan)."""
    model = graph.model
    seen: set[str] = set()
    current: Item | None = item
    while current is not None and current.id not in seen:
        seen.add(current.id)
        if current.type == "plan":
            return str(current.get("currency") or "")
        parents = [
            ln for ln in graph.outgoing.get(current.id, ()) if ln.spec_field in ("plan", "campaign") and not ln.record
        ]
        current = model.items.get(parents[0].target) if parents else None
    return ""
