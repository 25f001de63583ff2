"""The feedback loop on an item's own page: its signals, what moved before a review, a promise's measure.

Signals are computed once per analysis (:attr:`goldenthread.analysis.Analysis.signals`); this
module only says which of them an item's page shows and how, so the signals page, the item
pages, the owner pages and ``goldenthread check`` all report the same signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markupsafe import Markup

from ..core.git import commits_for
from ..core.model import Item
from ..domain import cadence as cd
from ..domain.promises import measured
from ..domain.signals import KINDS
from .render import date, fmt_value
from .wiki import Wiki


@dataclass
class SignalView:
    kind: str
    label: str
    message: str
    #: the signal's subject when it is another item (the page of a related item)
    subject: Markup | None
    href: str


@dataclass
class MovedView:
    kind: str
    previous: Markup | None
    previous_date: str
    #: "git", "last_reviewed" or "" (the first review of its kind)
    source: str
    #: (link, date, type label)
    rows: list[tuple[Markup, str, str]] = field(default_factory=list)
    commits: int = 0


@dataclass
class MeasureView:
    """A value proposition's measure: its KPI's latest actual, or why there is none."""

    kpi: Markup | None
    latest: str = ""
    period: str = ""
    #: "no measure" when the promise has neither a KPI nor a quantified proof (GT172)
    missing: bool = False


def signals_href(wiki: Wiki, page: str, kind: str = "") -> str:
    return wiki.page_href(page, wiki.options.view_src("signals.md"), kind)


def signal_views(wiki: Wiki, page: str, item: Item) -> list[SignalView]:
    """The signals that concern ``item``, as its page shows them (a callout at the top)."""
    out = []
    for signal in wiki.analysis.signals_by_item.get(item.id, ()):
        subject = None if signal.subject == item.id else wiki.link(page, signal.subject, show_id=True)
        out.append(
            SignalView(
                signal.kind, KINDS[signal.kind][0], signal.message, subject, signals_href(wiki, page, signal.kind)
            )
        )
    return out


def moved_view(wiki: Wiki, page: str, review: Item) -> MovedView | None:
    """What changed since the previous review of this review's kind (review items only)."""
    if review.type != "review" or review.date("date") is None:
        return None
    model = wiki.analysis.model
    prev = cd.previous_review(model, review)
    moved = cd.moved_since(model, review, commits_for(model) if prev is not None else None)
    types = model.schema.types
    return MovedView(
        str(review.get("kind") or ""),
        wiki.link(page, prev.id, show_id=True) if prev is not None else None,
        date(prev.date("date")) if prev is not None else "",
        moved.source,
        [(wiki.link(page, i.id, show_id=True), date(d), types[i.type].label) for i, d in moved.items],
        moved.commits,
    )


def measure_view(wiki: Wiki, page: str, vp: Item) -> MeasureView | None:
    """The KPI's latest actual beside a value proposition's promise (value propositions only)."""
    if vp.type != "value_proposition":
        return None
    kpi_id = vp.get("kpi")
    kpi = wiki.analysis.model.items.get(kpi_id) if isinstance(kpi_id, str) else None
    if kpi is None:
        return None if measured(vp) else MeasureView(None, missing=True)
    today = wiki.analysis.settings.effective_today()
    rows = wiki.analysis.actuals.kpi(kpi.id, until=today)
    link = wiki.link(page, kpi.id, show_id=True)
    if not rows:
        return MeasureView(link)
    last = rows[-1]
    return MeasureView(link, fmt_value(last.value, str(kpi.get("unit") or "")), last.period.text)


def measure_fact(m: MeasureView) -> tuple[str, Markup]:
    """The facts-table row shown after a value proposition's benefit."""
    if m.missing:
        return (
            "Measure",
            Markup(
                '<span class="gt-badge gt-overdue">no measure</span> no KPI and no proof with a number: '
                "a promise nobody can check"
            ),
        )
    if not m.latest:
        return ("Latest actual", Markup("{}: no actual recorded yet").format(m.kpi))
    return (
        "Latest actual",
        Markup('<strong class="gt-latest">{}</strong> in {} ({})').format(m.latest, m.period, m.kpi),
    )
