"""The owners index and one page per owner: what each person owns, leads and must review."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from markupsafe import Markup

from ...core.model import Item
from ...domain import freshness as fr
from ...domain import raci as rc
from ...domain import timeline as tl
from ...domain.owners import Person
from ...domain.signals import KINDS as SIGNAL_KINDS
from ..page import GeneratedPage
from .base import Dashboard

#: The pages an owner page links to: its name in ``OwnerPage.links`` and the view it leads to.
OWNER_LINKS = (
    ("index", "owners/index"),
    ("raci", "raci"),
    ("freshness", "freshness"),
    ("timeline", "timeline"),
    ("signals", "signals"),
)


@dataclass
class OwnerPage:
    """What one owner's page shows, read by name in ``owner.md.j2`` (filled in as it is built)."""

    handle: str
    person: Person | None
    today: dt.date
    #: view name (OWNER_LINKS) -> Markdown link path
    links: dict[str, str]
    upcoming_days: int = tl.UPCOMING_DAYS
    members: list[Markup] = field(default_factory=list)
    owned: list[dict[str, Any]] = field(default_factory=list)
    pages_owned: list[tuple[Markup, fr.Doc]] = field(default_factory=list)
    to_review: list[tuple[Markup, fr.Doc]] = field(default_factory=list)
    signals: list[dict[str, Any]] = field(default_factory=list)
    roles: list[tuple[Markup, str]] = field(default_factory=list)
    milestones: list[Any] = field(default_factory=list)
    money_owned: list[tuple[Markup, str]] = field(default_factory=list)


class OwnerPages(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        return [self.owners_index(), *self.owner_pages()]

    # -- owners --------------------------------------------------------------------------------
    @cached_property
    def _owner_data(self) -> dict[str, dict[str, Any]]:
        """Per handle: items owned, RACI roles, documents to review, milestones, budget owned."""
        data: dict[str, dict[str, Any]] = {
            h: {"items": [], "roles": [], "docs": [], "milestones": [], "budget": defaultdict(float)}
            for h in self.shared.handles
        }
        for item in self.model.items.values():
            if item.owner in data:
                data[item.owner]["items"].append(item)
        for handle, entries in rc.roles_by_handle(self.shared.assignments).items():
            data[handle]["roles"] = entries
        for doc in self.shared.docs:
            if doc.owner in data:
                data[doc.owner]["docs"].append(doc)
        # milestones of work a handle owns, is accountable for or responsible for
        leads: dict[str, set[str]] = defaultdict(set)
        for a in self.shared.assignments:
            for handle, letters in a.roles.items():
                if "A" in letters or "R" in letters:
                    leads[a.item.id].add(handle)
        for item in self.model.items.values():
            if item.owner:
                leads[item.id].add(item.owner)
        horizon = self.today + dt.timedelta(days=tl.UPCOMING_DAYS)
        for m in tl.all_milestones(self.graph):
            if m.done or m.date > horizon:
                continue
            for handle in leads.get(m.item.id, ()):
                if handle in data:
                    data[handle]["milestones"].append(m)
        for pb in self.shared.plan_budgets:
            for item in pb.items:
                if item.owner in data and pb.by_item.get(item.id):
                    data[item.owner]["budget"][pb.plan.id] += pb.by_item[item.id]
        return data

    def owners_index(self) -> GeneratedPage:
        src = self.src("owners/index.md")
        rows = []
        for handle, d in self._owner_data.items():
            person = self.person(handle)
            rows.append(
                {
                    "link": self.owner_link(src, handle, by_name=False),
                    "name": person.name if person else "",
                    "owned": len(d["items"]),
                    "accountable": sum(1 for _, letters in d["roles"] if "A" in letters),
                    "roles": len(d["roles"]),
                    "overdue": sum(1 for doc in d["docs"] if doc.status == fr.OVERDUE),
                    "due": sum(1 for doc in d["docs"] if doc.status == fr.DUE),
                    "late": sum(1 for m in d["milestones"] if m.overdue(self.today)),
                    "upcoming": sum(1 for m in d["milestones"] if not m.overdue(self.today)),
                }
            )
        return self.dashboard(
            src,
            "Owners",
            "dashboards/owners.md.j2",
            rows=rows,
            today=self.today,
            with_names=any(r["name"] for r in rows),
            upcoming_days=tl.UPCOMING_DAYS,
            raci_href=self.md(src, "raci.md"),
            freshness_href=self.md(src, "freshness.md"),
        )

    def _signal_rows(self, src: str, items: list[Item]) -> list[dict[str, Any]]:
        """Feedback signals on the items a handle owns (each signal once, at the first such item)."""
        rows: list[dict[str, Any]] = []
        seen: set[int] = set()
        for item in items:
            for signal in self.analysis.signals_by_item.get(item.id, ()):
                if id(signal) in seen:
                    continue
                seen.add(id(signal))
                rows.append(
                    {
                        "item": self.link(src, item.id),
                        "subject": self.link(src, signal.subject) if signal.subject != item.id else None,
                        "label": SIGNAL_KINDS[signal.kind][0],
                        "message": signal.message,
                        "href": self.href(src, "signals.md", signal.kind),
                    }
                )
        return rows

    def owner_pages(self) -> list[GeneratedPage]:
        out = []
        plans = {p.id: p for p in self.model.of_type("plan")}
        for handle, d in self._owner_data.items():
            src = self.src(f"owners/{self.shared.slugs[handle]}.md")
            person = self.person(handle)
            o = OwnerPage(handle, person, self.today, {name: self.md(src, f"{page}.md") for name, page in OWNER_LINKS})
            items = sorted(d["items"], key=lambda i: (self.model.schema.types[i.type].layer, i.type, i.id))
            docs_by_item = {doc.item_id: doc for doc in d["docs"] if doc.item_id}
            for item in items:
                doc = docs_by_item.get(item.id)
                o.owned.append(
                    {
                        "link": self.link(src, item.id),
                        "type": self.model.schema.types[item.type].label,
                        "status": item.status or "",
                        "review": doc.status if doc else "",
                        "due": doc.next_due if doc else None,
                    }
                )
            o.pages_owned = [(self.doc_link(src, doc), doc) for doc in d["docs"] if doc.item_id is None]
            o.to_review = [(self.doc_link(src, doc), doc) for doc in d["docs"] if doc.status in (fr.OVERDUE, fr.DUE)]
            o.roles = [
                (self.link(src, item.id), ", ".join(rc.ROLE_NAMES[x] for x in letters)) for item, letters in d["roles"]
            ]
            o.milestones = [self.milestone_row(src, m) for m in d["milestones"]]
            o.signals = self._signal_rows(src, items)
            o.money_owned = [
                (self.link(src, pid), self.wiki.money(total, self.currency(plans[pid])))
                for pid, total in d["budget"].items()
            ]
            o.members = [self.owner_link(src, m) for m in (person.members if person else ())]
            title = f"{person.name} ({handle})" if person is not None and person.name else handle
            fm = self.front(title, description=f"What {handle} owns and what is due")
            out.append(self.page(src, title, "dashboards/owner.md.j2", front_matter=fm, o=o))
        return out
