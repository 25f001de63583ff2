"""The view model of one item: its card, thread, sections, links, backlinks and FAQ."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..core.model import Item, Link
from ..core.refs import replace_references
from ..core.schema import FieldSpec
from ..domain.budget import plan_items, tree_items
from ..domain.rollup import item_budget, plan_currency
from .escape import md_prose
from .kpistatus import TARGET_COLUMNS, kpi_series, kpi_targets, objective_targets, plan_item_targets
from .loopview import MeasureView, MovedView, SignalView, measure_fact, measure_view, moved_view, signal_views
from .render import date, number
from .wiki import Wiki, slug

#: Shown in the header line, not in the facts table.
HEADER_FIELDS = frozenset({"id", "type", "title", "description", "faq", "tags", "owner", "status"})


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[Markup]]
    #: a chart shown above the table
    figure: Markup | None = None


@dataclass
class FaqView:
    anchor: str
    question: str
    answer: str  # Markdown, neutralised
    text: str = ""  # the answer as plain text, for structured data


_MD_LINK_RE = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK_RE = re.compile(r"(^|\s)[#>*+-]+\s|[*_`~]+")


def plain_answer(wiki: Wiki, markdown: str) -> str:
    """Markdown as readable plain text: references become titles, link and emphasis marks go."""

    def title(ref: str, label: str | None) -> str:
        item = wiki.analysis.model.items.get(ref)
        return label or (item.title if item else ref)

    text = replace_references(markdown, title)
    text = _MD_LINK_RE.sub(lambda m: m.group(1), text)
    text = _MD_MARK_RE.sub(lambda m: m.group(1), text)
    return " ".join(text.split())


def faq_view(wiki: Wiki, page: str, anchor: str, question: str, answer: str) -> FaqView:
    return FaqView(anchor, question, prose(wiki, page, answer), plain_answer(wiki, answer))


@dataclass
class ItemView:
    item: Item
    type_label: str
    anchor: str
    owner: str | None
    #: the owner's name linked to their owner page (the handle on hover)
    owner_link: Markup | None
    status: str | None
    tags: list[str]
    facts: list[tuple[str, Markup]] = field(default_factory=list)
    threads: list[list[Markup]] = field(default_factory=list)
    #: the objectives of a thread that reaches each one directly (item → objective): one line
    direct: list[Markup] = field(default_factory=list)
    thread_required: bool = False
    sections: list[Section] = field(default_factory=list)
    backlinks: list[tuple[str, list[Markup]]] = field(default_factory=list)
    faq: list[FaqView] = field(default_factory=list)
    description: str = ""
    type_index_href: str = ""
    #: Markdown fields other than the description (an FAQ's answer…): (label, Markdown)
    texts: list[tuple[str, str]] = field(default_factory=list)
    #: links to strategy items that changed since this plan item was last reviewed (lock.py)
    suspect: list[Markup] = field(default_factory=list)
    #: who last re-reviewed it against the strategy (``goldenthread review``), and when
    reviewed_by: str = ""
    reviewed_on: str = ""
    #: the feedback loop (loopview.py): signals that concern the item, what moved before a
    #: review, a value proposition's measure
    signals: list[SignalView] = field(default_factory=list)
    moved: MovedView | None = None
    measure: MeasureView | None = None


def currency_of(wiki: Wiki, item: Item) -> str:
    """The currency of the plan an item's money belongs to."""
    return plan_currency(wiki.analysis.graph, item)


def prose(wiki: Wiki, page: str, text: str) -> str:
    """Content Markdown ready for a page: raw HTML neutralised, ``[[ID]]`` made links."""
    return replace_references(md_prose(text), lambda ref, label: wiki.md_link(page, ref, label))


def display(wiki: Wiki, page: str, item: Item, fspec: FieldSpec, value: Any, currency: str) -> Markup:
    kind = fspec.kind
    if kind == "link":
        return wiki.link(page, str(value), show_id=True)
    if kind == "links":
        return Markup(", ").join(wiki.link(page, str(v), show_id=True) for v in value)
    if kind == "money":
        return escape(wiki.money(value, currency))
    if kind in ("number", "integer"):
        return escape(number(value))
    if kind == "date":
        return escape(date(value))
    if kind == "bool":
        return Markup("yes" if value else "no")
    if kind == "handles":
        return Markup(", ").join(wiki.owner_link(page, str(v)) for v in value)
    if kind == "texts":
        return bullets(escape(v) for v in value)
    if kind in ("period",):
        return escape(f"{date(value.get('start'))} → {date(value.get('end'))}")
    if kind == "record":
        parts = [
            Markup("<strong>{}</strong>: {}").format(
                k.replace("_", " ").capitalize(), display(wiki, page, item, fspec.sub(k) or fspec, v, currency)
            )
            for k, v in value.items()
        ]
        return Markup("; ").join(parts)
    if kind == "markdown":
        return escape(value)
    return escape(value)


def bullets(entries: Iterable[Markup]) -> Markup:
    """A list field as a bulleted list (one entry per line, as written)."""
    items = Markup("").join(Markup("<li>{}</li>").format(e) for e in entries)
    return Markup('<ul class="gt-list">{}</ul>').format(items)


def link_list(wiki: Wiki, page: str, item: Item, name: str) -> Markup:
    """The item's links through field ``name``, each with its weight and note when given."""
    parts = []
    for ln in item.links:
        if ln.spec_field != name or ln.record:
            continue
        part = wiki.link(page, ln.target, show_id=True)
        if ln.weight is not None:
            part = Markup('{} <span class="gt-weight">(weight {})</span>').format(part, number(ln.weight))
        parts.append(with_note(part, ln.note))
    return Markup(", ").join(parts)


def with_note(link: Markup, note: str) -> Markup:
    """A link followed by the note its author gave it (``{id, note}``), if any."""
    return Markup('{} <span class="gt-link-note">— {}</span>').format(link, note) if note else link


def label_of(name: str) -> str:
    """``kpi_targets`` -> ``KPI targets``."""
    words = name.replace("_", " ").split()
    out = " ".join(w.upper() if w in ("kpi", "kpis", "raci", "id") else w for w in words)
    return out[:1].upper() + out[1:]


def record_section(
    wiki: Wiki, page: str, item: Item, fspec: FieldSpec, rows: list[dict[str, Any]], currency: str
) -> Section:
    if fspec.name == "milestones":  # in date order, undated last, as written otherwise
        rows = sorted(rows, key=lambda r: (not isinstance(r.get("date"), dt.date), r.get("date") or dt.date.max))
    columns = [f for f in fspec.fields if any(f.name in r for r in rows)]
    body = [
        [display(wiki, page, item, f, r[f.name], currency) if f.name in r else Markup("") for f in columns]
        for r in rows
    ]
    title = label_of(fspec.name)
    if fspec.name == "budget":
        total = sum(float(r.get("amount") or 0) for r in rows)
        body.append(
            [
                Markup("<strong>Total</strong>"),
                *[
                    Markup("<strong>{}</strong>").format(wiki.money(total, currency))
                    if f.name == "amount"
                    else Markup("")
                    for f in columns[1:]
                ],
            ]
        )
    if fspec.name == "milestones":
        today = wiki.analysis.settings.effective_today()
        for r, row in zip(rows, body, strict=False):
            d = r.get("date")
            if not r.get("done") and isinstance(d, dt.date) and d < today:
                row[0] = Markup('{} <span class="gt-badge gt-overdue">overdue</span>').format(row[0])
    return Section(title, [label_of(f.name) for f in columns], body)


def _drop_supports_the_thread_shows(view: ItemView, links: list[Link], reached: dict[str, list[str]]) -> None:
    """No "Supports" fact when the golden thread above it lists the same objectives, each directly
    and with nothing to add (no weight, no note): the card would show each link twice."""
    supports = [ln for ln in links if ln.spec_field == "supports" and not ln.record]
    if not supports or any(ln.weight is not None or ln.note for ln in supports):
        return
    direct = {obj for obj, path in reached.items() if len(path) == 2}
    if {ln.target for ln in supports} <= direct:
        view.facts = [(label, shown) for label, shown in view.facts if label != "Supports"]


def _single_line(budget: Any) -> bool:
    """A budget of one line holding only a channel and an amount."""
    return (
        isinstance(budget, list)
        and len(budget) == 1
        and isinstance(budget[0], dict)
        and set(budget[0]) <= {"channel", "amount"}
        and "amount" in budget[0]
    )


def spend_section(wiki: Wiki, view: ItemView, item: Item, budget: float, currency: str) -> None:
    """Money recorded as spent on the item (the actuals: CSV or YAML), beside what was planned."""
    rows = wiki.analysis.actuals.spend(item.id)
    if not rows:
        return
    spent = sum(r.value for r in rows)
    share = f" ({spent / budget:.0%} of the budget)" if budget else ""
    view.facts.append(("Spent so far", escape(wiki.money(spent, currency) + share)))
    body = [
        [
            escape(r.period.text),
            escape(wiki.money(r.value, currency)),
            escape(r.note),
            escape(f"{r.pos.file}:{r.pos.line}"),
        ]
        for r in rows
    ]
    body.append(
        [
            Markup("<strong>Total</strong>"),
            Markup("<strong>{}</strong>").format(wiki.money(spent, currency)),
            Markup(""),
            Markup(""),
        ]
    )
    view.sections.append(Section("Actual spend", ["Period", "Amount", "Note", "Recorded in"], body))


def status_sections(wiki: Wiki, page: str, view: ItemView, item: Item) -> None:
    """Where an item stands: its targets' status (objective, KPI), a KPI's series, a plan's spend."""
    if item.type == "objective":
        href = wiki.page_href(page, wiki.options.map_src(item.id))
        view.facts.append(
            ("Strategy map", Markup('<a href="{}">Its campaigns and tactics as a diagram</a>').format(href))
        )
        rows = objective_targets(wiki, page, item)
        if rows:
            view.sections.insert(0, Section("Status of its targets", ["KPI", *TARGET_COLUMNS], rows))
    elif item.type == "kpi":
        rows = kpi_targets(wiki, page, item)
        chart, values = kpi_series(wiki, item)
        if values:
            view.sections.insert(0, Section("Values", ["Period", "Value", "Note", "Recorded in"], values, chart))
        if rows:
            view.sections.insert(0, Section("Status of the targets on it", ["Objective", *TARGET_COLUMNS], rows))
    elif item.type == "plan":
        graph, actuals = wiki.analysis.graph, wiki.analysis.actuals
        # a plan's budget covers its sub-plans' campaigns too (each once)
        items = tree_items(graph, item)
        own = {i.id for i in plan_items(graph, item)}
        currency = str(item.get("currency") or "")
        planned = float(item.get("budget") or 0)
        allocated = sum(item_budget(i) for i in items)
        inner = sum(item_budget(i) for i in items if i.id not in own)
        spent = sum(actuals.spend_total(i.id) for i in items)
        share = f" ({spent / planned:.0%} of the plan budget)" if planned else ""
        label = (
            "Allocated to campaigns, its sub-plans' included" if len(items) > len(own) else "Allocated to its campaigns"
        )
        view.facts.append((label, escape(wiki.money(allocated, currency))))
        if inner:
            view.facts.append(("Of which in its sub-plans", escape(wiki.money(inner, currency))))
        view.facts.append(("Spent so far (actuals)", escape(wiki.money(spent, currency) + share)))


def build_view(wiki: Wiki, page: str, item: Item) -> ItemView:
    model, graph = wiki.analysis.model, wiki.analysis.graph
    spec = model.schema.types[item.type]
    anchor = wiki.locations[item.id][1]
    view = ItemView(
        item=item,
        type_label=spec.label,
        anchor=anchor or slug(item.id),
        owner=item.owner,
        owner_link=wiki.owner_link(page, item.owner) if item.owner else None,
        status=item.status,
        tags=item.tags,
        type_index_href=wiki.page_href(page, wiki.type_index(item.type)),
    )
    view.suspect = [wiki.link(page, t, show_id=True) for t in wiki.analysis.suspects.get(item.id, ())]
    reviewer = wiki.analysis.lock.reviewers.get(item.id) if wiki.analysis.lock is not None else None
    if reviewer is not None:
        view.reviewed_by, view.reviewed_on = reviewer.by, reviewer.on.isoformat()
    view.signals = signal_views(wiki, page, item)
    view.moved = moved_view(wiki, page, item)
    view.measure = measure_view(wiki, page, item)
    currency = currency_of(wiki, item)
    for name, fspec in spec.fields.items():
        if name in HEADER_FIELDS or name not in item.values:
            continue
        value = item.values[name]
        if fspec.kind == "markdown" and isinstance(value, str):
            view.texts.append((fspec.label or label_of(name), prose(wiki, page, value)))
            continue
        if name == "kpi_targets" and value:
            rows = plan_item_targets(wiki, page, item)
            view.sections.append(Section("KPI targets", ["KPI", *TARGET_COLUMNS], rows))
            continue
        if fspec.kind == "records":
            if name == "budget" and _single_line(value):
                # one line, one channel: a fact beside the others, not a table with a total row
                line = value[0]
                channel = f" · {line['channel']}" if line.get("channel") else ""
                view.facts.append(("Budget", escape(wiki.money(line.get("amount"), currency) + channel)))
            elif value:
                view.sections.append(record_section(wiki, page, item, fspec, value, currency))
            continue
        if fspec.kind == "record" and name == "raci":
            rows = [
                [
                    Markup(role.capitalize()),
                    Markup(", ").join(wiki.owner_link(page, str(h)) for h in value.get(role, [])),
                ]
                for role in ("responsible", "accountable", "consulted", "informed")
                if value.get(role)
            ]
            view.sections.append(Section("RACI", ["Role", "Who"], rows))
            continue
        label = fspec.label or label_of(name)
        shown = (
            link_list(wiki, page, item, name)
            if fspec.kind == "links"
            else display(wiki, page, item, fspec, value, currency)
        )
        view.facts.append((label, shown))
    if view.measure is not None:  # the promise's measure, beside the promise
        at = next((n + 1 for n, (label, _) in enumerate(view.facts) if label == "Benefit"), len(view.facts))
        view.facts.insert(at, measure_fact(view.measure))
    budget = item_budget(item) if spec.layer == "plan" and item.type != "plan" else 0.0
    if budget and isinstance(item.get("budget"), list) and not _single_line(item.get("budget")):
        view.facts.append(("Total budget", escape(wiki.money(budget, currency))))
    spend_section(wiki, view, item, budget, currency)  # a campaign's, or an objective's own
    status_sections(wiki, page, view, item)
    # the golden thread
    view.thread_required = bool(wiki.analysis.settings.thread.get(item.type))
    if view.thread_required:
        reached = graph.thread(item.id)
        for obj, path in sorted(reached.items()):
            chain = [*path, *graph.objective_ancestry(obj)]
            view.threads.append([wiki.link(page, i, show_id=True) for i in chain])
        _drop_supports_the_thread_shows(view, graph.outgoing.get(item.id, []), reached)
        if len(view.threads) > 1 and all(len(path) == 2 for path in view.threads):
            view.direct = [path[1] for path in view.threads]
    elif item.type == "objective":
        chain = [item.id, *graph.objective_ancestry(item.id)]
        if len(chain) > 1:
            view.threads.append([wiki.link(page, i, show_id=True) for i in chain])
    # backlinks, grouped by how the other item links here
    groups: dict[str, list[Markup]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for ln in graph.incoming.get(item.id, ()):
        source = model.items[ln.source]
        sspec = model.schema.types[source.type]
        outer = sspec.fields.get(ln.record or ln.spec_field)
        via = outer.sub(ln.spec_field) if outer is not None and ln.record else outer
        label = via.inverse if via and via.inverse else f"Linked from {ln.spec_field}"
        if not label.lower().startswith(sspec.label.lower()):
            label = f"{label} ({sspec.label_plural.lower()})"
        if (label, source.id) in seen:
            continue
        seen.add((label, source.id))
        groups[label].append(with_note(wiki.link(page, source.id, show_id=True), ln.note))
    view.backlinks = sorted(groups.items())
    # FAQ
    for n, entry in enumerate(item.get("faq") or []):
        question = str(entry.get("question", ""))
        view.faq.append(faq_view(wiki, page, f"faq-{slug(item.id)}-{n + 1}", question, str(entry.get("answer", ""))))
    if item.form == "yaml" and item.description:
        view.description = prose(wiki, page, item.description)
    return view


def faq_json_ld(faqs: list[tuple[str, str]]) -> dict[str, Any]:
    """schema.org FAQPage for (question, plain-text answer) pairs."""
    return {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {"@type": "Question", "name": q, "acceptedAnswer": {"@type": "Answer", "text": a}} for q, a in faqs
        ],
    }
