"""KPI values and target status as people read them: on item pages and on the KPI dashboard.

An objective's page shows each of its targets' latest actual, progress against expected and a
status badge, with a small trend; a KPI's page the same for every target on it, and its series;
a campaign's KPI targets the latest actual against the target. The figures are the scorecards
of :mod:`goldenthread.domain.kpis`, computed once per build (:meth:`Wiki.scorecards`).
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from ..core.model import Item
from ..domain.kpis import AT_RISK, NO_DATA, OFF_TRACK, ON_TRACK, STATUS_LABELS, Scorecard, scorecard
from .kpicharts import LINE_COLOUR, line_chart, progress_bar, progress_text
from .render import fmt_value, percent
from .wiki import Wiki

STATUS_BADGES = {
    ON_TRACK: "gt-status-active",
    AT_RISK: "gt-status-paused",
    OFF_TRACK: "gt-overdue",
    NO_DATA: "gt-status-done",
}


def status_badge(status: str) -> Markup:
    return Markup('<span class="gt-badge gt-kpi-status {}" data-status="{}">{}</span>').format(
        STATUS_BADGES[status], status, STATUS_LABELS[status]
    )


def signed_percent(value: float | None) -> str:
    if value is None:
        return ""
    text = percent(value)
    return text.replace("-", "−") if value < 0 and text != "-0%" else text.lstrip("-")


def sparkline(values: Sequence[float], label: str, *, width: int = 96, height: int = 24) -> Markup:
    """A KPI's recent values as a small line, for a table cell (its words in ``label``)."""
    if not values:
        return Markup("")
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = (width - 4) / (len(values) - 1) if len(values) > 1 else 0.0
    coords = " ".join(
        f"{2 + step * i:.1f},{height - 3 - (v - low) / span * (height - 6):.1f}" for i, v in enumerate(values)
    )
    last = coords.rsplit(" ", 1)[-1].split(",")
    return Markup(
        '<svg class="gt-chart gt-sparkline" role="img" aria-label="{}" viewBox="0 0 {} {}" width="{}" height="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="1.5"/>'
        '<circle cx="{}" cy="{}" r="2" fill="{}"/></svg>'
    ).format(label, width, height, width, height, label, coords, LINE_COLOUR, last[0], last[1], LINE_COLOUR)


#: Columns of a table of targets; the first names what the row is about (KPI, objective or campaign).
TARGET_COLUMNS = ["Target", "Latest actual", "Progress", "Expected", "Status", "Trend"]


def target_row(wiki: Wiki, page: str, card: Scorecard, first: Markup) -> list[Markup]:
    """One target as a table row: what it is, target, latest actual, progress, expected, status, trend."""
    unit = card.unit
    latest = card.latest
    target = Markup("{}{}").format(
        _nbsp(fmt_value(card.target, unit)),
        Markup(" <small>by {}</small>").format(card.by.isoformat()) if card.by else "",
    )
    actual = (
        Markup("{} <small>({})</small>").format(_nbsp(fmt_value(latest.actual.value, unit)), latest.actual.period.text)
        if latest
        else Markup("none yet")
    )
    progress = Markup(
        '<span class="gt-progress-cell" title="{}"><span class="gt-progress-value">{}</span> {}</span>'
    ).format(
        progress_text(card.progress, card.expected),
        signed_percent(card.progress) or "—",
        progress_bar(card.progress, card.expected, card.status, width=80),
    )
    values = [p.actual.value for p in card.history][-12:]
    name = card.kpi.title if card.kpi else card.kpi_id
    trend_label = f"{name}: last {len(values)} values, latest {fmt_value(values[-1], unit)}" if values else ""
    return [
        first,
        target,
        actual,
        progress,
        escape(percent(card.expected)) if card.expected is not None else Markup(""),
        status_badge(card.status),
        sparkline(values, trend_label),
    ]


def _nbsp(text: str) -> str:
    """A value and its unit kept on one line (``USD 20,000,000``)."""
    return text.replace(" ", "\u00a0")


def kpi_link(wiki: Wiki, page: str, kpi_id: str) -> Markup:
    return wiki.link(page, kpi_id, show_id=True) if kpi_id in wiki.analysis.model.items else escape(kpi_id)


def objective_targets(wiki: Wiki, page: str, objective: Item) -> list[list[Markup]]:
    """The objective's targets, each with its status."""
    return [
        target_row(wiki, page, c, kpi_link(wiki, page, c.kpi_id))
        for c in wiki.scorecards()
        if c.objective.id == objective.id
    ]


def kpi_targets(wiki: Wiki, page: str, kpi: Item) -> list[list[Markup]]:
    """Every objective target on the KPI, each with its status."""
    return [
        target_row(wiki, page, c, wiki.link(page, c.objective.id, show_id=True))
        for c in wiki.scorecards()
        if c.kpi_id == kpi.id
    ]


def plan_item_targets(wiki: Wiki, page: str, item: Item) -> list[list[Markup]]:
    """A campaign's (or tactic's) own KPI targets against the KPI's actuals, scored as objective targets are."""
    analysis = wiki.analysis
    rows = []
    for n, record in enumerate(item.get("kpi_targets") or []):
        if not isinstance(record, dict):
            continue
        card = scorecard(item, n, record, analysis.model, analysis.actuals, analysis.settings)
        if card is not None:
            rows.append(target_row(wiki, page, card, kpi_link(wiki, page, card.kpi_id)))
    return rows


def kpi_series(wiki: Wiki, kpi: Item) -> tuple[Markup, list[list[Markup]]]:
    """A KPI's values over time: a line chart and the table of values, latest first."""
    rows = wiki.analysis.actuals.kpi(kpi.id)
    unit = kpi.get("unit") if isinstance(kpi.get("unit"), str) else ""
    if not rows:
        return Markup(""), []
    label = (
        f"{kpi.title}: {len(rows)} values from {rows[0].period.text} to {rows[-1].period.text}, "
        f"latest {fmt_value(rows[-1].value, str(unit))}"
    )
    chart = line_chart([(r.period.text, r.value) for r in rows[-60:]], label=label)
    table = [
        [
            escape(r.period.text),
            escape(fmt_value(r.value, str(unit))),
            escape(r.note),
            escape(f"{r.pos.file}:{r.pos.line}"),
        ]
        for r in reversed(rows)
    ]
    return chart, table
