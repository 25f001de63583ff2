"""The review freshness page: which living documents are due or overdue for review, and whose."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ...domain import freshness as fr
from ..page import GeneratedPage
from .base import Dashboard, badge


class FreshnessPage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("freshness.md")
        docs = self.shared.docs
        counts = {s: sum(1 for d in docs if d.status == s) for s in fr.STATUS_ORDER}
        rows = []
        by_owner: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for doc in docs:
            kind = self.model.schema.types[self.model.items[doc.item_id].type].label if doc.item_id else "Page"
            row = {
                "link": self.doc_link(src, doc),
                "kind": kind,
                "owner": self.owner_link(src, doc.owner),
                "doc": doc,
                "badge": badge(doc.status),
                "overdue_by": doc.overdue_by(self.today),
                "where": f"{doc.pos.file}:{doc.pos.line}",
            }
            rows.append(row)
            if doc.status == fr.OVERDUE:
                by_owner[doc.owner or ""].append(row)
        owners = [
            (self.owner_link(src, h), entries)
            for h, entries in sorted(by_owner.items(), key=lambda kv: (kv[0] == "", kv[0].lower()))
        ]
        fm = self.front("Review freshness", search={"exclude": True})
        page = self.page(
            src,
            "Review freshness",
            "dashboards/freshness.md.j2",
            front_matter=fm,
            rows=rows,
            counts=counts,
            owners=owners,
            today=self.today,
            due_days=self.settings.review_due_days,
            cadence_days=fr.CADENCE_DAYS,
            from_git=sum(1 for d in docs if d.from_git),
        )
        return [page]
