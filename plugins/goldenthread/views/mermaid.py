"""Mermaid flowcharts from strategy down to plan, kept legible for large plans.

Labels are entity-encoded (:func:`.escape.mermaid_label`), node IDs are generated, so content
cannot inject Mermaid syntax.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..core.model import Item
from ..domain.rollup import item_budget
from .escape import mermaid_label
from .wiki import Wiki

#: An objective's map draws at most this many campaigns (largest budgets first) ...
MAX_CAMPAIGN_NODES = 30
#: ... and this many of their tactics; a node counts the rest.
MAX_TACTIC_NODES = 20


class _Chart:
    def __init__(self, direction: str = "TB") -> None:
        self.lines = [f"flowchart {direction}"]
        self.ids: dict[str, str] = {}

    def node(self, key: str, label: str, css: str, shape: str = "rect") -> str:
        if key in self.ids:
            return self.ids[key]
        nid = f"n{len(self.ids)}"
        self.ids[key] = nid
        text = mermaid_label(label)
        opening, closing = {"rect": ("[", "]"), "round": ("(", ")"), "stadium": ("([", "])"), "hex": ("{{", "}}")}[
            shape
        ]
        self.lines.append(f'    {nid}{opening}"{text}"{closing}:::{css}')
        return nid

    def edge(self, a: str, b: str, label: str = "") -> None:
        self.lines.append(f'    {a} -->|"{mermaid_label(label, 30)}"| {b}' if label else f"    {a} --> {b}")

    def text(self) -> str:
        self.lines += [
            "    classDef objective fill:#fff3c4,stroke:#b8860b,color:#222",
            "    classDef campaign fill:#dbeafe,stroke:#1d4ed8,color:#222",
            "    classDef tactic fill:#ecfdf5,stroke:#047857,color:#222",
            "    classDef kpi fill:#f3e8ff,stroke:#7e22ce,color:#222",
            "    classDef summary fill:#f5f5f5,stroke:#888,color:#222,stroke-dasharray: 4 3",
            "    classDef broken fill:#fee2e2,stroke:#b91c1c,color:#222",
        ]
        return "\n".join(self.lines)


def _label(item: Item) -> str:
    return f"{item.id}: {item.title}"


def serving(wiki: Wiki) -> dict[str, dict[str, list[Item]]]:
    """Objective ID -> type -> the plan items whose golden thread reaches it directly (not via a child)."""
    model, graph = wiki.analysis.model, wiki.analysis.graph
    out: dict[str, dict[str, list[Item]]] = {o.id: {} for o in model.of_type("objective")}
    for item in model.items.values():
        if not graph.in_thread(item):
            continue
        for obj in graph.thread(item.id):
            out.setdefault(obj, {}).setdefault(item.type, []).append(item)
    return out


def count_text(wiki: Wiki, counts: dict[str, list[Item]]) -> str:
    """``12 campaigns, 3 tactics`` in schema order ("no plan items" when none)."""
    types = wiki.analysis.model.schema.types
    parts = [
        f"{len(items)} {types[name].label.lower()}{'' if len(items) == 1 else 's'}"
        for name in types
        if (items := counts.get(name))
    ]
    return ", ".join(parts) or "no plan items"


def overall(wiki: Wiki) -> str:
    """The strategy layer: objectives (with their parents), each with one node counting what serves it.

    Two nodes per objective whatever the size of the plan: one node per campaign made this the
    slowest page of a large wiki (Mermaid lays a diagram out in the browser). The plan items are
    drawn per objective, on its own map (:func:`for_objective`).
    """
    model, graph = wiki.analysis.model, wiki.analysis.graph
    chart = _Chart("LR")
    objectives = model.of_type("objective")
    for o in objectives:
        chart.node(o.id, _label(o), "objective", "hex")
    for o in objectives:
        for parent in graph.targets(o.id, "parent"):
            chart.edge(chart.ids[o.id], chart.ids[parent.id], "contributes to")
    served = serving(wiki)
    for o in objectives:
        counts = served.get(o.id, {})
        node = chart.node(f"sum:{o.id}", count_text(wiki, counts), "summary" if counts else "broken", "stadium")
        chart.edge(node, chart.ids[o.id], "supports")
    return chart.text()


def by_budget(items: list[Item]) -> list[Item]:
    """Largest budget first (the items a reader asks about first), then ID."""
    return sorted(items, key=lambda i: (-item_budget(i), i.id))


@dataclass(frozen=True)
class ObjectiveMap:
    """One objective's diagram, and what it left out."""

    chart: str
    #: plan items serving the objective, and how many of them the diagram draws
    items: int
    drawn: int


def for_objective(wiki: Wiki, obj: Item) -> ObjectiveMap:
    """One objective: its parent chain, KPIs, and the plan items serving it (at most a few dozen).

    Campaigns (and other plan items with no parent item) are drawn largest budget first, up to
    :data:`MAX_CAMPAIGN_NODES`, then the tactics of the drawn campaigns up to
    :data:`MAX_TACTIC_NODES`; a node says how many more there are.
    """
    model, graph = wiki.analysis.model, wiki.analysis.graph
    chart = _Chart("LR")  # work on the left, strategy on the right: tall, not too wide to read
    top = chart.node(obj.id, _label(obj), "objective", "hex")
    prev = top
    for pid in graph.objective_ancestry(obj.id):
        node = chart.node(pid, _label(model.items[pid]), "objective", "hex")
        chart.edge(prev, node, "contributes to")
        prev = node
    for t in obj.get("targets") or []:
        kpi = model.items.get(str(t.get("kpi")))
        if kpi is not None and kpi.id not in chart.ids:  # checkpoints and final target: one edge
            node = chart.node(kpi.id, _label(kpi), "kpi", "stadium")
            chart.edge(top, node, "measured by")

    linked: set[str] = set()

    def objective_node(oid: str) -> str:
        return top if oid == obj.id else chart.node(oid, _label(model.items[oid]), "objective", "hex")

    def via(path: dict[str, list[str]]) -> str:
        """The node an item's edge goes to: this objective, or the child objective it serves."""
        if obj.id in path:
            return top
        for reached in sorted(path):
            chain = [reached, *graph.objective_ancestry(reached)]
            if obj.id not in chain:
                continue
            for child, parent in itertools.pairwise(chain[: chain.index(obj.id) + 1]):
                if child in linked:
                    break
                linked.add(child)
                chart.edge(objective_node(child), objective_node(parent), "contributes to")
            return objective_node(reached)
        return top

    supporters = [model.items[i] for i in graph.supported_objectives().get(obj.id, [])]
    campaigns = by_budget([s for s in supporters if s.type != "tactic"])
    tactics = by_budget([s for s in supporters if s.type == "tactic"])
    for c in campaigns[:MAX_CAMPAIGN_NODES]:
        node = chart.node(c.id, _label(c), "campaign", "round")
        chart.edge(node, via(graph.thread(c.id)))
    if len(campaigns) > MAX_CAMPAIGN_NODES:
        more = len(campaigns) - MAX_CAMPAIGN_NODES
        chart.edge(chart.node("more-campaigns", f"{more} more campaigns", "summary", "stadium"), top)
    drawn = 0
    for t in tactics:
        parents = [p for p in graph.targets(t.id, "campaign") if p.id in chart.ids]
        if not parents or drawn >= MAX_TACTIC_NODES:
            continue
        drawn += 1
        chart.edge(chart.node(t.id, _label(t), "tactic"), chart.ids[parents[0].id])
    if len(tactics) > drawn:
        chart.edge(chart.node("more-tactics", f"{len(tactics) - drawn} more tactics", "summary", "stadium"), top)
    shown = min(len(campaigns), MAX_CAMPAIGN_NODES) + drawn
    return ObjectiveMap(chart.text(), len(supporters), shown)
