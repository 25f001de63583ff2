"""The competitive landscape: competitors side by side with how our strategy and plans answer them."""

from __future__ import annotations

from typing import Any

from ...core.model import Item
from ...domain.landscape import Answer, landscape, texts, unopposed
from ...domain.promises import measured
from ..page import GeneratedPage
from .base import Dashboard


class LandscapePage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("landscape.md")
        answers = landscape(self.graph)
        page = self.dashboard(
            src,
            "Competitive landscape",
            "dashboards/landscape.md.j2",
            hide=["navigation"],
            competitors=[self._competitor(src, a) for a in answers],
            ours=self._ours(src),
            unopposed=[self.link(src, p.id) for p in unopposed(self.graph)],
            misalignment_href=self.md(src, "misalignment.md"),
        )
        return [page]

    def _competitor(self, src: str, a: Answer) -> dict[str, Any]:
        comp = a.competitor
        return {
            "id": comp.id,
            "anchor": comp.id.lower(),
            "link": self.link(src, comp.id),
            "title": comp.title,
            "category": str(comp.get("category") or ""),
            "pricing": str(comp.get("pricing") or ""),
            "strengths": texts(comp.get("strengths")),
            "weaknesses": texts(comp.get("weaknesses")),
            "gaps": a.gaps,
            "positionings": [self._positioning(src, p) for p in a.positionings],
            "value_propositions": [self._promise(src, vp) for vp in a.value_propositions],
            "campaigns": [(self.link(src, c.id), why, c.status or "") for c, why in a.campaigns],
        }

    def _positioning(self, src: str, pos: Item) -> dict[str, Any]:
        return {
            "link": self.link(src, pos.id),
            "category": str(pos.get("category") or ""),
            "differentiator": str(pos.get("differentiator") or ""),
        }

    def _promise(self, src: str, vp: Item) -> dict[str, Any]:
        return {"link": self.link(src, vp.id), "benefit": str(vp.get("benefit") or ""), "measured": measured(vp)}

    def _ours(self, src: str) -> dict[str, Any]:
        """Us, as the strategy states it: the categories we claim and what sets us apart."""
        positionings = self.model.of_type("positioning")
        return {
            "categories": sorted({str(p.get("category")) for p in positionings if p.get("category")}),
            "positionings": [self._positioning(src, p) for p in positionings],
            "value_propositions": [self._promise(src, vp) for vp in self.model.of_type("value_proposition")],
        }


__all__ = ["LandscapePage"]
