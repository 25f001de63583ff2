"""The review freshness page: which living documents are due or overdue for review, and whose."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from markupsafe import Markup

from ...domain import cadence as cd
from ...domain import freshness as fr
from ..page import GeneratedPage
from .base import Dashboard, badge

#: badge classes of where a plan's or the strategy's reviews stand
CADENCE_BADGE = {
    cd.ON_SCHEDULE: "gt-status-active",
    cd.DUE: "gt-status-paused",
    cd.MISSED: "gt-overdue",
    cd.NOT_STARTED: "gt-status-done",
    cd.ENDED: "gt-status-done",
}
KIND_LABEL = {cd.MONTHLY_PLAN: "Monthly plan review", cd.QUARTERLY_STRATEGY: "Quarterly strategy review"}
#: how a month or quarter of the calendar reads, beside its colour
SLOT_MARK = {cd.HELD: "✓ held", cd.MISSED: "✗ missed", cd.DUE: "due", cd.UPCOMING: "upcoming"}


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
        page = self.dashboard(
            src,
            "Review freshness",
            "dashboards/freshness.md.j2",
            rows=rows,
            counts=counts,
            owners=owners,
            today=self.today,
            due_days=self.settings.review_due_days,
            cadence_days=fr.CADENCE_DAYS,
            from_git=sum(1 for d in docs if d.from_git),
            calendar=self._calendar(src),
            keeps_records=cd.keeps_records(self.model),
            plan_review_days=self.settings.plan_review_days,
            strategy_review_days=self.settings.strategy_review_days,
        )
        return [page]

    # -- the review calendar (issue 14) ---------------------------------------------------------
    def _calendar(self, src: str) -> list[dict[str, Any]]:
        """Per plan and for the strategy: reviews held, when the next is due, months or quarters missed."""
        s = self.settings
        found = [
            c
            for c in [
                cd.strategy_cadence(self.model, self.today, s.strategy_review_days, s.review_due_days, s.strategy_page)
            ]
            if c
        ]
        found += cd.plan_cadences(self.model, self.today, s.plan_review_days, s.review_due_days)
        return [self._calendar_row(src, c) for c in found]

    def _calendar_row(self, src: str, c: cd.Cadence) -> dict[str, Any]:
        if c.plan is not None:
            subject = self.link(src, c.plan.id)
        else:
            page = self.settings.strategy_page
            known = any(self.model.src_path(p.path) == page for p in self.model.pages.values())
            subject = (
                Markup('<a href="{}">Strategy</a>').format(self.wiki.page_href(src, page))
                if known
                else Markup("Strategy")
            )
        last = c.reviews[-1] if c.reviews else None
        return {
            "key": c.key,
            "subject": subject,
            "kind": c.kind,
            "status": c.status,
            "badge": Markup('<span class="gt-badge {}">{}</span>').format(CADENCE_BADGE[c.status], c.status),
            "last": self.id_link(src, last.id) if last is not None else None,
            "kind_label": KIND_LABEL.get(c.kind, c.kind),
            "last_date": c.last,
            "next_due": c.next_due,
            "late_by": c.late_by(self.today),
            "every": c.every_days,
            "held": len(c.reviews),
            "where": f"{c.pos.file}:{c.pos.line}",
            "slots": [
                {
                    "label": slot.label,
                    "state": slot.state,
                    "mark": SLOT_MARK[slot.state],
                    "reviews": [self.id_link(src, r.id) for r in slot.reviews],
                }
                for slot in c.slots
            ],
        }
