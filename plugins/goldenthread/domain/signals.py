"""Feedback signals: where execution data says to look at the plan (or the strategy) again.

Each signal is computed from content and actuals on the build's "today":

* **KPI off track**: an objective target whose last two measurements were both off track
  (see :mod:`goldenthread.kpis` for the status rule).
* **Over budget**: a campaign whose actual spend so far exceeds its planned budget (all its
  budget lines) by more than ``over_budget_share`` (default 0.1, i.e. 10%); spend with no
  planned budget at all counts too.
* **Spending ahead of plan**: a campaign whose spend recorded through the current month exceeds
  the budget its lines plan through that month (lines placed by their period, or spread over the
  campaign's dates by days) by more than ``over_budget_share``, while still within its whole
  budget. Campaigns with money that has no period and no dates are left out: they have no pace.
* **Ended without actuals**: a campaign whose end date is before today, not cancelled, with no
  spend recorded against it.
* **No active campaign**: an objective in force this quarter (its horizon, if any, overlaps the
  quarter; not draft, done, cancelled or retired) that no campaign serves this quarter, directly
  or through a child objective. A campaign serves the quarter when its status is ``active``, or
  when its dates overlap the quarter and it is neither draft, proposed, paused, cancelled nor retired.
* **Leading KPI moving the wrong way**: a KPI that leads (through ``leads_to``) to a KPI an
  objective targets, whose last two changes both went against its direction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.config import Settings
from ..core.graph import Graph
from ..core.model import Item
from .actuals import Actuals
from .budget import actual_spend, budget_lines, month_key
from .kpis import Scorecard, lagging_for, moving_wrong_way
from .rollup import item_budget

KPI_OFF_TRACK = "kpi-off-track"
OVER_BUDGET = "over-budget"
SPENDING_AHEAD = "spending-ahead-of-plan"
ENDED_WITHOUT_ACTUALS = "ended-without-actuals"
NO_ACTIVE_CAMPAIGN = "no-active-campaign"
LEADING_WRONG_WAY = "leading-kpi-wrong-way"

KINDS: dict[str, tuple[str, str]] = {
    KPI_OFF_TRACK: (
        "KPI off track two periods running",
        "An objective target whose last two measurements were both off track.",
    ),
    OVER_BUDGET: (
        "Campaign over budget",
        "Actual spend above the campaign's planned budget by more than the allowed share.",
    ),
    SPENDING_AHEAD: (
        "Campaign spending ahead of plan",
        "Spend so far above the budget planned up to this month by more than the allowed share.",
    ),
    ENDED_WITHOUT_ACTUALS: (
        "Campaign ended without actuals",
        "The campaign's end date has passed and no spend is recorded against it.",
    ),
    NO_ACTIVE_CAMPAIGN: (
        "Objective with no active campaign this quarter",
        "No campaign serves the objective this quarter.",
    ),
    LEADING_WRONG_WAY: (
        "Leading KPI moving the wrong way",
        "A leading indicator of an objective's KPI moved against its direction twice running.",
    ),
}

INACTIVE = frozenset({"draft", "proposed", "paused", "cancelled", "retired"})
OBJECTIVE_OFF = frozenset({"draft", "done", "cancelled", "retired"})


@dataclass(frozen=True)
class Signal:
    kind: str
    #: the item the signal is about, then the items it involves (all linked on the page)
    subject: str
    related: tuple[str, ...]
    #: plain text (escaped where shown)
    message: str
    #: a number to sort by within the kind (larger first): overrun share, progress gap…
    weight: float = 0.0


def quarter_of(day: dt.date) -> tuple[dt.date, dt.date, str]:
    """First and last day of ``day``'s quarter, and its name (``2026-Q4``)."""
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    end = (dt.date(day.year + 1, 1, 1) if q == 3 else dt.date(day.year, 3 * q + 4, 1)) - dt.timedelta(days=1)
    return start, end, f"{day.year}-Q{q + 1}"


def _pct(value: float) -> str:
    return f"{value * 100:.0f}%"


def _num(value: float) -> str:
    return f"{value:,.0f}" if abs(value - round(value)) < 0.005 else f"{value:,.2f}".rstrip("0").rstrip(".")


def kpi_off_track(cards: list[Scorecard]) -> list[Signal]:
    out = []
    for card in cards:
        if not card.off_track_running(2):
            continue
        last, before = card.history[-1], card.history[-2]
        by = f" by {card.by}" if card.by else ""
        gap = (last.expected or 0.0) - last.progress
        out.append(
            Signal(
                KPI_OFF_TRACK,
                card.objective.id,
                (card.kpi_id,),
                f"{card.kpi_id} is off track for the target {_num(card.target)}{by}: progress "
                f"{_pct(before.progress)} in {before.actual.period.text} and {_pct(last.progress)} in "
                f"{last.actual.period.text}, against {_pct(last.expected or 0.0)} expected by then.",
                gap,
            )
        )
    return out


def over_budget(campaigns: list[Item], actuals: Actuals, share: float) -> list[Signal]:
    out = []
    for cmp in campaigns:
        if not actuals.has_spend(cmp.id):
            continue
        planned = item_budget(cmp)
        spent = actuals.spend_total(cmp.id)
        if planned <= 0:
            if spent > 0:
                out.append(
                    Signal(OVER_BUDGET, cmp.id, (), f"{_num(spent)} spent with no planned budget.", float("inf"))
                )
            continue
        if spent > planned * (1 + share):
            over = spent / planned - 1
            out.append(
                Signal(
                    OVER_BUDGET,
                    cmp.id,
                    (),
                    f"{_num(spent)} spent against a planned {_num(planned)}: {_pct(over)} over "
                    f"(the allowed share is {_pct(share)}).",
                    over,
                )
            )
    return out


def spending_ahead(campaigns: list[Item], actuals: Actuals, today: dt.date, share: float) -> list[Signal]:
    month = month_key(today)
    spend = actual_spend(actuals)
    out = []
    for cmp in campaigns:
        rows = spend.get(cmp.id)
        lines = budget_lines(cmp)
        if not rows or not lines or any(not line.placed_by for line in lines):
            continue
        total = sum(line.amount for line in lines)
        if total <= 0 or sum(r.amount for r in rows) > total * (1 + share):
            continue  # no budget, or over the whole of it: the over-budget signal says so
        planned = sum(v for line in lines for m, v in line.months.items() if m <= month)
        spent = sum(v for r in rows for m, v in r.months.items() if m <= month)
        if planned <= 0 and spent > 0:
            first = min(m for line in lines for m in line.months)
            out.append(
                Signal(
                    SPENDING_AHEAD,
                    cmp.id,
                    (),
                    f"{_num(round(spent))} spent through {month}, before any of its budget is planned "
                    f"(the first planned month is {first}).",
                    float("inf"),
                )
            )
        elif planned > 0 and spent > planned * (1 + share):
            ahead = spent / planned - 1
            out.append(
                Signal(
                    SPENDING_AHEAD,
                    cmp.id,
                    (),
                    f"{_num(round(spent))} spent through {month} against {_num(round(planned))} "
                    f"planned by then: {_pct(ahead)} ahead of plan, {_pct(spent / total)} of its "
                    "whole budget.",
                    ahead,
                )
            )
    return out


def ended_without_actuals(campaigns: list[Item], actuals: Actuals, today: dt.date) -> list[Signal]:
    out = []
    for cmp in campaigns:
        end = cmp.date("end")
        if end is None or end >= today or cmp.status == "cancelled" or actuals.has_spend(cmp.id):
            continue
        planned = item_budget(cmp)
        money = f" against a planned {_num(planned)}" if planned else ""
        out.append(
            Signal(
                ENDED_WITHOUT_ACTUALS,
                cmp.id,
                (),
                f"Ended {end} ({(today - end).days} days ago); no spend is recorded{money}.",
                float((today - end).days),
            )
        )
    return out


def serves_quarter(cmp: Item, q_start: dt.date, q_end: dt.date) -> bool:
    """Whether the campaign works for its objectives in the quarter ``q_start``..``q_end`` (module doc)."""
    if cmp.status == "active":
        return True
    if cmp.status in INACTIVE:
        return False
    start, end = cmp.date("start"), cmp.date("end")
    return start is not None and end is not None and start <= q_end and q_start <= end


def no_active_campaign(graph: Graph, today: dt.date) -> list[Signal]:
    model = graph.model
    q_start, q_end, q_name = quarter_of(today)
    supported = graph.supported_objectives()
    out = []
    for obj in model.of_type("objective"):
        if obj.status in OBJECTIVE_OFF:
            continue
        h_start, h_end = obj.span("horizon")
        if (h_start is not None and h_start > q_end) or (h_end is not None and h_end < q_start):
            continue  # not in force this quarter
        campaigns = [model.items[i] for i in supported.get(obj.id, []) if model.items[i].type == "campaign"]
        if any(serves_quarter(c, q_start, q_end) for c in campaigns):
            continue
        later = sorted(
            (c for c in campaigns if (c.date("start") or dt.date.min) > q_end),
            key=lambda c: c.date("start") or dt.date.max,
        )
        nxt = f"; the next, {later[0].id}, starts {later[0].date('start')}" if later else ""
        out.append(
            Signal(
                NO_ACTIVE_CAMPAIGN,
                obj.id,
                tuple(c.id for c in later[:1]),
                f"No campaign serves it in {q_name} ({len(campaigns)} campaign"
                f"{'s' if len(campaigns) != 1 else ''} in all{nxt}).",
                float(-len(campaigns)),
            )
        )
    return out


def leading_wrong_way(graph: Graph, actuals: Actuals, today: dt.date) -> list[Signal]:
    out = []
    targeted = graph.objective_kpis()
    for kpi in graph.model.of_type("kpi"):
        lagging = lagging_for(graph, kpi.id, targeted)
        if not lagging:
            continue
        rows = actuals.kpi(kpi.id, until=today)
        direction = kpi.get("direction") if isinstance(kpi.get("direction"), str) else "up"
        values = [r.value for r in rows]
        if not moving_wrong_way(values, str(direction)):
            continue
        objectives = sorted({o for objs in lagging.values() for o in objs})
        trail = " → ".join(f"{_num(r.value)} ({r.period.text})" for r in rows[-3:])
        want = "rise" if direction != "down" else "fall"
        out.append(
            Signal(
                LEADING_WRONG_WAY,
                kpi.id,
                (*sorted(lagging), *objectives),
                f"Should {want}, but moved the other way twice: {trail}. It leads to "
                f"{', '.join(sorted(lagging))} ({', '.join(objectives)}).",
                abs(values[-1] - values[-3]) / (abs(values[-3]) or 1.0),
            )
        )
    return out


def feedback_signals(graph: Graph, actuals: Actuals, cards: list[Scorecard], settings: Settings) -> list[Signal]:
    """Every signal, grouped by kind in the order of :data:`KINDS`, largest first within a kind."""
    today = settings.effective_today()
    campaigns = graph.model.of_type("campaign")
    found = [
        *kpi_off_track(cards),
        *over_budget(campaigns, actuals, settings.over_budget_share),
        *spending_ahead(campaigns, actuals, today, settings.over_budget_share),
        *ended_without_actuals(campaigns, actuals, today),
        *no_active_campaign(graph, today),
        *leading_wrong_way(graph, actuals, today),
    ]
    order = list(KINDS)
    return sorted(found, key=lambda s: (order.index(s.kind), -s.weight, s.subject))
