"""The feedback signals page: where actuals say the plan is not working, grouped by kind."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from ...domain.signals import KINDS as SIGNAL_KINDS
from ...domain.signals import Signal
from ..page import GeneratedPage
from .base import Dashboard
from .kpis import trend_anchor


class SignalsPage(Dashboard):
    def pages(self) -> list[GeneratedPage]:
        src = self.src("signals.md")
        groups = []
        for kind, (label, description) in SIGNAL_KINDS.items():
            found = [s for s in self.shared.signals if s.kind == kind]
            groups.append(
                {
                    "kind": kind,
                    "label": label,
                    "description": description,
                    "anchor": kind,
                    "rows": [self._signal_row(src, s) for s in found],
                }
            )
        page = self.dashboard(
            src,
            "Feedback signals",
            "dashboards/signals.md.j2",
            groups=groups,
            total=len(self.shared.signals),
            today=self.today,
            over_budget_share=self.settings.over_budget_share,
            kpis_href=self.md(src, "kpis.md"),
            budget_href=self.md(src, "budget.md"),
        )
        return [page]

    def _signal_row(self, src: str, signal: Signal) -> dict[str, Any]:
        def item(item_id: str, trend: bool = False) -> Markup:
            if item_id not in self.model.items:
                return Markup('<span class="gt-missing">{}</span>').format(item_id)
            link = self.link(src, item_id)
            if trend and self.model.items[item_id].type == "kpi" and self.actuals.kpi(item_id):
                href = self.href(src, "kpis.md", trend_anchor(item_id))
                link += Markup(' <a class="gt-trend-link" href="{}">trend</a>').format(href)
            return link

        return {
            "subject": item(signal.subject, trend=True),
            "related": [item(i) for i in signal.related],
            "message": signal.message,
        }
