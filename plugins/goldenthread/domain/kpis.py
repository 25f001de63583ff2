"""KPI scorecards: each objective target against its actuals, with progress, status and trend.

For one target of an objective (``targets: [{kpi, baseline, target, by}]``) and the KPI's actuals
in period order (a value is measured at the last day of its period):

* **progress** = (actual − baseline) / (target − baseline). The same formula serves KPIs whose
  direction is ``down``: the target is below the baseline, so a falling value gives a positive
  progress. 0 is the baseline, 1 the target; below 0 is moving away from it. When the target
  equals the baseline (hold a value), progress is 1 while the value is at or better than the
  target in the KPI's direction, else 0. Without a baseline, the first actual is the baseline.
* **expected progress** at a date = the share of the time elapsed from the window's start to the
  target's ``by`` date (clamped to 0..1). The window starts at the objective's ``horizon.start``,
  or, without a horizon, at the first actual. A target without ``by`` uses the horizon's end.
  The date is the date the actual was measured (its period's end, never after today).
* **status**: *on track* when progress ≥ ``kpi_on_track`` × expected (default 0.7), *at risk*
  when progress ≥ ``kpi_at_risk`` × expected (default 0.4), else *off track*. Before the window
  starts, or without a date to reach the target by, nothing is expected yet: on track unless the
  KPI moved away from the target (progress < 0), which is at risk. *No data* without actuals.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field

from ..core.config import Settings
from ..core.graph import Graph
from ..core.model import Item, Model
from .actuals import Actual, Actuals

ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA = "on-track", "at-risk", "off-track", "no-data"
STATUSES = (ON_TRACK, AT_RISK, OFF_TRACK, NO_DATA)
STATUS_LABELS = {ON_TRACK: "On track", AT_RISK: "At risk", OFF_TRACK: "Off track", NO_DATA: "No data"}


def progress(baseline: float, target: float, actual: float, direction: str = "up") -> float:
    """Share of the way from ``baseline`` to ``target`` that ``actual`` has come (see module doc)."""
    if target == baseline:
        met = actual <= target if direction == "down" else actual >= target
        return 1.0 if met else 0.0
    share = (actual - baseline) / (target - baseline)
    return share if share != 0 else 0.0  # no "-0%" when a falling KPI sits at its baseline


def expected_progress(start: dt.date | None, by: dt.date | None, asof: dt.date) -> float | None:
    """Elapsed share of ``start``..``by`` at ``asof`` (0..1); None without both dates."""
    if start is None or by is None:
        return None
    if by <= start:
        return 1.0 if asof >= by else 0.0
    share = (asof - start).days / (by - start).days
    return min(max(share, 0.0), 1.0)


def status(value: float | None, expected: float | None, on_track: float = 0.7, at_risk: float = 0.4) -> str:
    """On track / at risk / off track for a progress against the expected progress (module doc)."""
    if value is None:
        return NO_DATA
    if expected is None or expected <= 0:
        return ON_TRACK if value >= 0 else AT_RISK
    if value >= on_track * expected:
        return ON_TRACK
    if value >= at_risk * expected:
        return AT_RISK
    return OFF_TRACK


def change(values: list[float], direction: str) -> str:
    """How the last value moved from the one before: "better", "worse", "flat" or "" (too few)."""
    if len(values) < 2:
        return ""
    delta = values[-1] - values[-2]
    if delta == 0:
        return "flat"
    return "better" if (delta > 0) == (direction != "down") else "worse"


def moving_wrong_way(values: list[float], direction: str, steps: int = 2) -> bool:
    """Whether each of the last ``steps`` changes went against the KPI's direction."""
    if len(values) < steps + 1:
        return False
    tail = values[-(steps + 1) :]
    for before, after in itertools.pairwise(tail):
        worse = after < before if direction != "down" else after > before
        if not worse:
            return False
    return True


@dataclass(frozen=True)
class Point:
    """The scorecard as it stood when one actual was measured."""

    actual: Actual
    asof: dt.date
    progress: float
    expected: float | None
    status: str


@dataclass
class Scorecard:
    """One target of one objective, against the KPI's actuals."""

    objective: Item
    #: position in the objective's ``targets`` list
    index: int
    kpi_id: str
    kpi: Item | None
    target: float
    by: dt.date | None
    #: explicit baseline, or the first actual's value (see ``baseline_from``)
    baseline: float | None
    baseline_from: str  # "target" | "first actual" | ""
    #: start of the window the expected progress is measured over ("" source when unknown)
    start: dt.date | None
    history: list[Point] = field(default_factory=list)

    @property
    def direction(self) -> str:
        value = self.kpi.get("direction") if self.kpi else None
        return value if isinstance(value, str) else "up"

    @property
    def unit(self) -> str:
        value = self.kpi.get("unit") if self.kpi else None
        return value if isinstance(value, str) else ""

    @property
    def latest(self) -> Point | None:
        return self.history[-1] if self.history else None

    @property
    def status(self) -> str:
        return self.history[-1].status if self.history else NO_DATA

    @property
    def progress(self) -> float | None:
        return self.history[-1].progress if self.history else None

    @property
    def expected(self) -> float | None:
        return self.history[-1].expected if self.history else None

    def off_track_running(self, periods: int = 2) -> bool:
        """Whether the last ``periods`` measurements were all off track."""
        tail = self.history[-periods:]
        return len(tail) == periods and all(p.status == OFF_TRACK for p in tail)


def scorecard(
    objective: Item, index: int, record: dict[str, object], model: Model, actuals: Actuals, settings: Settings
) -> Scorecard | None:
    kpi_id = record.get("kpi")
    target = record.get("target")
    if not isinstance(kpi_id, str) or not isinstance(target, (int, float)) or isinstance(target, bool):
        return None  # incomplete target: reported while loading
    today = settings.effective_today()
    h_start, h_end = objective.span("horizon")
    by = record.get("by")
    by_date = by if isinstance(by, dt.date) else h_end
    rows = actuals.kpi(kpi_id, until=today)
    baseline = record.get("baseline")
    if isinstance(baseline, (int, float)) and not isinstance(baseline, bool):
        base: float | None = float(baseline)
        base_from = "target"
    elif rows:
        base, base_from = rows[0].value, "first actual"
    else:
        base, base_from = None, ""
    start = h_start or (min(rows[0].asof, today) if rows else None)
    kpi = model.items.get(kpi_id)
    card = Scorecard(
        objective,
        index,
        kpi_id,
        kpi if kpi is not None and kpi.type == "kpi" else None,
        float(target),
        by_date,
        base,
        base_from,
        start,
    )
    if base is None:
        return card
    for row in rows:
        asof = min(row.asof, today)
        p = progress(base, float(target), row.value, card.direction)
        e = expected_progress(start, by_date, asof)
        card.history.append(Point(row, asof, p, e, status(p, e, settings.kpi_on_track, settings.kpi_at_risk)))
    return card


def scorecards(model: Model, actuals: Actuals, settings: Settings) -> list[Scorecard]:
    """Every objective target, in objective and target order."""
    out: list[Scorecard] = []
    for objective in model.of_type("objective"):
        for n, record in enumerate(objective.get("targets") or []):
            if isinstance(record, dict):
                card = scorecard(objective, n, record, model, actuals, settings)
                if card is not None:
                    out.append(card)
    return out


def status_counts(cards: list[Scorecard]) -> dict[str, int]:
    counts = dict.fromkeys(STATUSES, 0)
    for card in cards:
        counts[card.status] += 1
    return counts


def lagging_for(graph: Graph, kpi_id: str, targeted: dict[str, set[str]] | None = None) -> dict[str, set[str]]:
    """Objective KPIs ``kpi_id`` leads to (not itself) -> the objectives that target them.

    ``targeted`` is :meth:`Graph.objective_kpis`, passed in when asking for many KPIs.
    """
    targeted = graph.objective_kpis() if targeted is None else targeted
    return {k: targeted[k] for k in sorted(graph.kpi_downstream(kpi_id) - {kpi_id}) if k in targeted}
