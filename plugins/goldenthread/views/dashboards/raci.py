"""The RACI page: who is responsible, accountable, consulted and informed for each item."""

from __future__ import annotations

from ...domain import raci as rc
from ..page import GeneratedPage
from ..trace import plan_groups
from .base import Dashboard


class RaciPage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("raci.md")
        rows = self.shared.assignments
        people = rc.people(rows)
        head = [self.owner_link(src, h) for h in people]
        problems = {p.item.id: p for p in rc.accountable_problems(self.model)}
        body: dict[str, dict[str, object]] = {}
        for a in rows:
            cells = [", ".join(a.roles.get(h, [])) for h in people]
            problem = problems.get(a.item.id)
            if problem is not None:
                note = f"{len(problem.accountable)} accountable" if problem.accountable else "no accountable"
            elif not a.declared:
                note = "owner taken as accountable" if a.roles else "no RACI and no owner"
            else:
                note = ""
            body[a.item.id] = {
                "link": self.link(src, a.item.id),
                "cells": cells,
                "note": note,
                "problem": problem is not None or not a.roles,
            }
        # grouped by plan, parents first, as the traceability matrices (the same plan filter)
        groups = [
            (group, [body[item.id] for item, _ in members])
            for group, members in plan_groups(self.wiki, src, [(a.item, False) for a in rows])
        ]
        accountable = [sum(1 for a in rows if "A" in a.roles.get(h, [])) for h in people]
        involved = [sum(1 for a in rows if h in a.roles) for h in people]
        problem_rows = [
            (self.link(src, p.item.id), ", ".join(p.accountable) or "none", f"{p.pos.file}:{p.pos.line}")
            for p in problems.values()
        ]
        page = self.dashboard(
            src,
            "RACI",
            "dashboards/raci.md.j2",
            head=head,
            body=body,
            groups=groups,
            accountable=accountable,
            involved=involved,
            problems=problem_rows,
            owners_href=self.md(src, "owners/index.md"),
        )
        return [page]
