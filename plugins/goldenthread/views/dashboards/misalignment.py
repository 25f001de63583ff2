"""The misalignment report: strategy nothing serves, and plan items that stray from their plan."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ...core.model import Item
from ...domain import budget as bud
from ...domain import misalignment as mis
from ..page import GeneratedPage
from .base import Dashboard


class MisalignmentPage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("misalignment.md")
        g = self.graph
        link = self.link

        def links(ids: Sequence[str], limit: int = 8) -> Markup:
            if not ids:
                return Markup("none")
            shown = Markup(", ").join(link(src, i) for i in ids[:limit])
            more = len(ids) - limit
            return shown + Markup(" and {} more").format(more) if more > 0 else shown

        def owned(item: Item, related: Sequence[str]) -> list[Markup]:
            """A row naming an item, its owner and the items it relates to."""
            return [link(src, item.id), self.owner_link(src, item.owner), links(related)]

        def value_propositions(audience: Item) -> list[str]:
            incoming = g.incoming.get(audience.id, ())
            return [ln.source for ln in incoming if self.model.items[ln.source].type == "value_proposition"]

        sections = [
            {
                "anchor": "objectives",
                "title": "Objectives without plan coverage",
                "lead": "Active objectives that no campaign or tactic supports (directly or through a child "
                "objective), or that no plan names in its objectives.",
                "columns": ["Objective", "Status", "Supported by", "Named by plans"],
                "rows": [
                    [
                        link(src, u.objective.id),
                        escape(u.objective.status or ""),
                        links(u.supported_by),
                        links(u.in_plans),
                    ]
                    for u in mis.uncovered_objectives(g)
                ],
            },
            {
                "anchor": "audiences",
                "title": "Audiences no campaign targets",
                "lead": "Audiences that no plan item lists under audiences.",
                "columns": ["Audience", "Owner", "Value propositions for it"],
                "rows": [owned(a, value_propositions(a)) for a in mis.untargeted_audiences(g)],
            },
            *(
                {
                    "anchor": anchor,
                    "title": f"{label}s nothing uses",
                    "lead": lead,
                    "columns": [label, "Owner", "For audience"],
                    "rows": [
                        owned(i, [t.id for t in g.targets(i.id, "audience")]) for i in mis.unused_items(g, type_name)
                    ],
                }
                for anchor, label, type_name, lead in (
                    (
                        "value-propositions",
                        "Value proposition",
                        "value_proposition",
                        "No campaign uses them, and no positioning a campaign uses names them.",
                    ),
                    ("positionings", "Positioning", "positioning", "No campaign names them as its positioning."),
                )
            ),
            {
                "anchor": "kpi-targets",
                "title": "KPI targets that reach no objective KPI",
                "lead": "Plan items targeting a KPI that no objective measures and that leads to none (GT106).",
                "columns": ["Plan item", "KPI", "Where"],
                "rows": [
                    [
                        link(src, item.id),
                        link(src, ln.target),
                        Markup("<code>{}:{}</code>").format(ln.pos.file, ln.pos.line),
                    ]
                    for item, ln in mis.off_thread_kpi_targets(g)
                ],
            },
            {
                "anchor": "outside-plan-period",
                "title": "Campaigns outside their plan period",
                "lead": "Campaign dates that fall outside the period of the plan they belong to (GT102).",
                "columns": ["Campaign", "Plan", "Date", "Plan period"],
                "rows": [
                    [
                        link(src, o.item.id),
                        link(src, o.plan.id),
                        escape(f"{o.field} {o.value}"),
                        escape(f"{o.period_start} to {o.period_end}"),
                    ]
                    for o in mis.outside_plan_period(g)
                ],
            },
            {
                "anchor": "plans-over-budget",
                "title": "Plans over budget",
                "lead": "Campaign budgets, the plan's sub-plans' included, adding up to more than the plan budget "
                "(GT104); or its own campaigns and its sub-plans' budgets (GT108).",
                "columns": ["Plan", "Plan budget", "Given out", "Over by"],
                "rows": [[link(src, o.item.id), *map(escape, self.overrun_money(o))] for o in mis.plans_over_budget(g)],
            },
            {
                "anchor": "tactics-over-campaign",
                "title": "Campaigns whose tactics exceed their budget",
                "lead": "Tactic budgets are a breakdown of the campaign's budget; here they add up to more (GT111).",
                "columns": ["Campaign", "Campaign budget", "Tactic budgets", "Tactics"],
                "rows": [
                    [link(src, o.item.id), *map(escape, self.overrun_money(o)[:2]), links([t.id for t in o.parts])]
                    for o in bud.tactic_overruns(g)
                ],
            },
        ]
        page = self.dashboard(
            src,
            "Misalignment report",
            "dashboards/misalignment.md.j2",
            sections=sections,
            total=sum(len(s["rows"]) for s in sections),
            traceability_href=self.md(src, "traceability.md"),
            budget_href=self.md(src, "budget.md"),
        )
        return [page]
