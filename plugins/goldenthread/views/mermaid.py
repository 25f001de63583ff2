"""Mermaid flowcharts from strategy down to plan, kept legible for large plans.

Labels are entity-encoded (:func:`.escape.mermaid_label`), node IDs are generated, so content
cannot inject Mermaid syntax.
"""

from __future__ import annotations

from ..core.model import Item
from .escape import mermaid_label
from .wiki import Wiki

#: Above this many campaigns in one diagram, campaigns are summarised per objective.
MAX_CAMPAIGN_NODES = 40
#: Per objective, at most this many tactics are drawn.
MAX_TACTIC_NODES = 25


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


def overall(wiki: Wiki) -> str:
    """Objectives (with parents) and the campaigns that support them; tactics as counts."""
    model, graph = wiki.analysis.model, wiki.analysis.graph
    chart = _Chart("LR")
    objectives = model.of_type("objective")
    for o in objectives:
        chart.node(o.id, _label(o), "objective", "hex")
    for o in objectives:
        for parent in graph.targets(o.id, "parent"):
            chart.edge(chart.ids[o.id], chart.ids[parent.id], "contributes to")
    campaigns = model.of_type("campaign")
    tactics_of: dict[str, int] = {}
    for t in model.of_type("tactic"):
        for c in graph.targets(t.id, "campaign"):
            tactics_of[c.id] = tactics_of.get(c.id, 0) + 1
    if len(campaigns) > MAX_CAMPAIGN_NODES:
        per_obj: dict[str, int] = {}
        for c in campaigns:
            for obj in graph.thread(c.id):
                per_obj[obj] = per_obj.get(obj, 0) + 1
        for o in objectives:
            n = per_obj.get(o.id, 0)
            node = chart.node(f"sum:{o.id}", f"{n} campaigns", "summary" if n else "broken", "stadium")
            chart.edge(node, chart.ids[o.id], "supports")
        return chart.text()
    for c in campaigns:
        extra = f" ({tactics_of[c.id]} tactics)" if tactics_of.get(c.id) else ""
        reached = graph.thread(c.id)
        node = chart.node(c.id, _label(c) + extra, "campaign" if reached else "broken", "round")
        for obj in sorted(reached):
            chart.edge(node, chart.ids[obj])
    return chart.text()


def for_objective(wiki: Wiki, obj: Item) -> str:
    """One objective: its parent chain, KPIs, and every plan item serving it."""
    model, graph = wiki.analysis.model, wiki.analysis.graph
    chart = _Chart("BT")
    top = chart.node(obj.id, _label(obj), "objective", "hex")
    prev = top
    for pid in graph.objective_ancestry(obj.id):
        node = chart.node(pid, _label(model.items[pid]), "objective", "hex")
        chart.edge(prev, node, "contributes to")
        prev = node
    for t in obj.get("targets") or []:
        kpi = model.items.get(str(t.get("kpi")))
        if kpi is not None:
            node = chart.node(kpi.id, _label(kpi), "kpi", "stadium")
            chart.edge(top, node, "measured by")
    supporters = [model.items[i] for i in graph.supported_objectives().get(obj.id, [])]
    campaigns = [s for s in supporters if s.type != "tactic"]
    tactics = [s for s in supporters if s.type == "tactic"]
    for c in campaigns[:MAX_CAMPAIGN_NODES]:
        node = chart.node(c.id, _label(c), "campaign", "round")
        path = graph.thread(c.id)
        target = top if obj.id in path else chart.ids.get(next(iter(sorted(path)), ""), top)
        chart.edge(node, target)
    if len(campaigns) > MAX_CAMPAIGN_NODES:
        node = chart.node("more-campaigns", f"+{len(campaigns) - MAX_CAMPAIGN_NODES} more", "summary", "stadium")
        chart.edge(node, top)
    drawn = 0
    for t in tactics:
        parents = [p for p in graph.targets(t.id, "campaign") if p.id in chart.ids]
        if not parents or drawn >= MAX_TACTIC_NODES:
            continue
        drawn += 1
        chart.edge(chart.node(t.id, _label(t), "tactic"), chart.ids[parents[0].id])
    if len(tactics) > drawn:
        chart.edge(chart.node("more-tactics", f"+{len(tactics) - drawn} more tactics", "summary", "stadium"), top)
    return chart.text()
