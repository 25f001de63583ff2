"""The competitive landscape: each competitor, and how the strategy and the plans answer it.

A positioning answers a competitor when it names it under ``alternatives``; the value
propositions of those positionings answer it too. A campaign targets a competitor's customers
when it uses such a positioning, or when either page names the other in prose (``[[COMP-…]]``
on the campaign's page, ``[[CMP-…]]`` on the competitor's). Using a value proposition alone does
not count: one promise is usually made against several competitors at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.graph import Graph
from ..core.model import Item


@dataclass
class Answer:
    competitor: Item
    positionings: list[Item] = field(default_factory=list)
    value_propositions: list[Item] = field(default_factory=list)
    #: (campaign, why it targets the competitor's customers)
    campaigns: list[tuple[Item, str]] = field(default_factory=list)

    @property
    def gaps(self) -> list[str]:
        """The gaps we exploit: the competitor's unmet needs, then its pricing gaps."""
        return [*texts(self.competitor.get("unmet_needs")), *texts(self.competitor.get("pricing_gaps"))]


def texts(value: object) -> list[str]:
    """A list field's entries as text (nothing for a missing or malformed value)."""
    return [str(v) for v in value] if isinstance(value, list) else []


def _sources(graph: Graph, target: str, spec_field: str, source_type: str) -> list[Item]:
    model = graph.model
    found = {
        ln.source: model.items[ln.source]
        for ln in graph.incoming.get(target, ())
        if ln.spec_field == spec_field and not ln.record and model.items[ln.source].type == source_type
    }
    return list(found.values())


def landscape(graph: Graph) -> list[Answer]:
    """Every competitor, in content order, with what answers it."""
    model = graph.model
    mentions: dict[str, set[str]] = {}
    for item in model.items.values():
        for ref in item.references:
            mentions.setdefault(item.id, set()).add(ref.target)
    out = []
    for comp in model.of_type("competitor"):
        answer = Answer(comp, positionings=_sources(graph, comp.id, "alternatives", "positioning"))
        vps: dict[str, Item] = {}
        for pos in answer.positionings:
            for vp in graph.targets(pos.id, "value_proposition"):
                vps.setdefault(vp.id, vp)
        answer.value_propositions = list(vps.values())
        why: dict[str, list[str]] = {}
        for pos in answer.positionings:
            for cmp in _sources(graph, pos.id, "positioning", "campaign"):
                why.setdefault(cmp.id, []).append(f"uses {pos.id}")
        for cmp in model.of_type("campaign"):
            if comp.id in mentions.get(cmp.id, ()):
                why.setdefault(cmp.id, []).append(f"names {comp.id}")
            if cmp.id in mentions.get(comp.id, ()):
                why.setdefault(cmp.id, []).append(f"named on {comp.id}'s page")
        answer.campaigns = [(model.items[c], ", ".join(reasons)) for c, reasons in why.items()]
        answer.campaigns.sort(key=lambda pair: pair[0].id)
        out.append(answer)
    return out


def unopposed(graph: Graph) -> list[Item]:
    """Positionings set against no competitor or alternative (GT173)."""
    return [p for p in graph.model.of_type("positioning") if not p.get("alternatives")]
