"""The link graph: resolved links, backlinks, and the golden thread from work up to strategy."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .config import Settings
from .model import Item, Link, Model


@dataclass
class Graph:
    model: Model
    settings: Settings
    #: links whose target exists, by source and by target
    outgoing: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[str, list[Link]] = field(default_factory=lambda: defaultdict(list))
    _thread: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    _supported: dict[str, list[str]] | None = None

    @classmethod
    def build(cls, model: Model, settings: Settings) -> Graph:
        graph = cls(model, settings)
        items = model.items
        for item in items.values():
            for link in item.links:
                if link.target in items and link.target != item.id:
                    graph.outgoing[item.id].append(link)
                    graph.incoming[link.target].append(link)
        return graph

    def targets(self, item_id: str, field_name: str) -> list[Item]:
        return [
            self.model.items[ln.target]
            for ln in self.outgoing.get(item_id, ())
            if ln.spec_field == field_name and not ln.record
        ]

    # -- the golden thread -------------------------------------------------------------------
    def in_thread(self, item: Item) -> bool:
        """Whether the item's type must reach an objective."""
        return bool(self.settings.thread.get(item.type))

    def thread(self, item_id: str) -> dict[str, list[str]]:
        """Objectives the item reaches through thread links, each with the path of IDs to it."""
        memo = self._thread
        if item_id in memo:
            return memo[item_id]
        memo[item_id] = {}  # guards against cycles among thread links
        item = self.model.items[item_id]
        reached: dict[str, list[str]] = {}
        for fname in self.settings.thread.get(item.type, ()):
            for target in self.targets(item_id, fname):
                if target.type == "objective":
                    reached.setdefault(target.id, [item_id, target.id])
                elif target.id != item_id:
                    for obj, path in self.thread(target.id).items():
                        reached.setdefault(obj, [item_id, *path])
        memo[item_id] = reached
        return reached

    def objective_ancestry(self, obj_id: str) -> list[str]:
        """The objective's parent chain, nearest first (cycle-safe)."""
        chain: list[str] = []
        seen = {obj_id}
        current = obj_id
        while True:
            parents = self.targets(current, "parent")
            if not parents or parents[0].id in seen:
                return chain
            current = parents[0].id
            seen.add(current)
            chain.append(current)

    def supported_objectives(self) -> dict[str, list[str]]:
        """Objective ID -> plan items whose thread reaches it (directly or through a child objective)."""
        if self._supported is not None:
            return self._supported
        out: dict[str, list[str]] = defaultdict(list)
        for item in self.model.items.values():
            if not self.in_thread(item):
                continue
            served: set[str] = set()
            for obj in self.thread(item.id):
                served.add(obj)
                served.update(self.objective_ancestry(obj))
            for obj in sorted(served):
                out[obj].append(item.id)
        self._supported = out
        return out

    # -- KPIs ------------------------------------------------------------------------------
    def kpi_downstream(self, kpi_id: str) -> set[str]:
        """KPIs reachable through ``leads_to`` (leading -> lagging), including the KPI itself."""
        seen = {kpi_id}
        stack = [kpi_id]
        while stack:
            for target in self.targets(stack.pop(), "leads_to"):
                if target.id not in seen:
                    seen.add(target.id)
                    stack.append(target.id)
        return seen

    def objective_kpis(self) -> dict[str, set[str]]:
        """KPI ID -> objectives that target it."""
        out: dict[str, set[str]] = defaultdict(set)
        for obj in self.model.of_type("objective"):
            for link in self.outgoing.get(obj.id, ()):
                if link.record == "targets" and link.spec_field == "kpi":
                    out[link.target].add(obj.id)
        return out


def find_cycles(model: Model) -> list[list[Link]]:
    """Cycles among links between items of the same type (objective parents, KPI leads_to…).

    Each cycle is returned once, as the links that form it, starting from its smallest ID.
    """
    items = model.items
    edges: dict[str, list[Link]] = defaultdict(list)
    for item in items.values():
        for link in item.links:
            target = items.get(link.target)
            if target is not None and target.type == item.type and target.id != item.id and not link.record:
                edges[item.id].append(link)
    cycles: list[list[Link]] = []
    seen_cycles: set[frozenset[str]] = set()
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    for start in sorted(edges):
        if state.get(start):
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[Link] = []
        state[start] = 1
        while stack:
            node, idx = stack[-1]
            out = edges.get(node, [])
            if idx < len(out):
                stack[-1] = (node, idx + 1)
                link = out[idx]
                nxt = link.target
                if state.get(nxt) == 1:
                    # cycle: from nxt's position on the path to here
                    ids = [lk.source for lk in path] + [node]
                    begin = ids.index(nxt) if nxt in ids else 0
                    cyc = [*path[begin:], link]
                    key = frozenset(lk.source for lk in cyc)
                    if key not in seen_cycles:
                        seen_cycles.add(key)
                        first = min(range(len(cyc)), key=lambda i: cyc[i].source)
                        cycles.append(cyc[first:] + cyc[:first])
                elif not state.get(nxt):
                    state[nxt] = 1
                    path.append(link)
                    stack.append((nxt, 0))
            else:
                state[node] = 2
                stack.pop()
                if path:
                    path.pop()
    return cycles
