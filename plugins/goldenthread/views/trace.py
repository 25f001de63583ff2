"""Traceability matrices and coverage figures, as data for the templates."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from ..core.model import Item
from ..domain.plans import ordered_plans, plan_chain, total_budget
from ..domain.rollup import budget_by_objective, item_budget
from .itemview import currency_of
from .render import number
from .wiki import Wiki


@dataclass
class Cell:
    text: Markup
    sort: str = ""  # value the browser sorts by
    title: str = ""
    css: str = ""


@dataclass
class Group:
    """Rows of one plan: a ``<tbody>`` the page can show alone (the plan filter)."""

    key: str
    #: plain text for the plan filter's choice
    label: str
    heading: Markup
    rows: list[Markup] = field(default_factory=list)


@dataclass
class Matrix:
    id: str
    caption: str
    columns: list[Cell]
    #: each row pre-rendered as one ``<tr>`` (matrices reach millions of cells; see row_html)
    rows: list[Markup] = field(default_factory=list)
    footer: list[Cell] = field(default_factory=list)
    #: rows grouped by plan, when the matrix is (then ``rows`` is empty)
    groups: list[Group] = field(default_factory=list)


@dataclass
class Coverage:
    objectives: int
    covered: list[Item]
    uncovered: list[Item]
    plan_budget: float
    linked_budget: float
    unlinked_budget: float
    unlinked_items: list[Item]
    currency: str

    @property
    def linked_share(self) -> float | None:
        total = self.linked_budget + self.unlinked_budget
        return self.linked_budget / total if total else None


#: The empty cell, shared: most cells of a large matrix are empty.
EMPTY = Cell(Markup(""), "0")


def row_html(cells: list[Cell]) -> Markup:
    """One table row as HTML, built by concatenation: a Jinja loop per cell dominated large builds.

    Every part is already escaped: ``text`` is Markup, ``css`` comes from code, ``sort`` and
    ``title`` are escaped here.
    """
    parts = ["<tr>"]
    for n, c in enumerate(cells):
        if n == 0:
            css = f' class="{c.css.strip()}"' if c.css.strip() else ""
            parts.append(f'<th scope="row"{css} data-sort="{escape(c.sort)}">{c.text}</th>')
        elif not c.text:
            # the shared EMPTY cell sorts as 0 without saying so (millions of them in a large matrix);
            # other empty cells keep their value, e.g. a plan item without a budget sorts as 0.00
            parts.append("<td></td>" if c is EMPTY or not c.sort else f'<td data-sort="{escape(c.sort)}"></td>')
        else:
            css = f' class="{c.css}"' if c.css else ""
            sort = f' data-sort="{escape(c.sort)}"' if c.sort else ""
            title = f' title="{escape(c.title)}"' if c.title else ""
            parts.append(f"<td{css}{sort}{title}>{c.text}</td>")
    parts.append("</tr>")
    return Markup("".join(parts))


#: Column headings show titles cut to about this many characters, at a word (the full title on hover).
HEAD_CHARS = 40


def short_title(title: str, limit: int = HEAD_CHARS) -> str:
    """A title cut at a word to at most ``limit`` characters, with an ellipsis when cut."""
    if len(title) <= limit:
        return title
    cut = title[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return (cut or title[: limit - 1]) + "…"


def _head(wiki: Wiki, page: str, item: Item) -> Cell:
    """A column heading: the item's short title, its ID beneath, the full title on hover."""
    return Cell(
        Markup('<a href="{}" title="{}: {}">{}</a> <span class="gt-id">{}</span>').format(
            wiki.href(page, item.id), item.id, item.title, short_title(item.title), item.id
        ),
        item.id,
        item.title,
    )


def _item_cell(wiki: Wiki, page: str, item: Item, indent: bool = False) -> Cell:
    css = "gt-child" if indent else ""
    return Cell(wiki.link(page, item.id, show_id=True), item.title, item.id, css)


def plan_rows(wiki: Wiki) -> list[tuple[Item, bool]]:
    """Plan items in reading order: each campaign followed by its tactics."""
    model, graph = wiki.analysis.model, wiki.analysis.graph
    threaded = [i for i in model.items.values() if wiki.analysis.settings.thread.get(i.type)]
    children: dict[str, list[Item]] = {}
    parent_of: dict[str, str] = {}
    for item in threaded:
        for ln in graph.outgoing.get(item.id, ()):
            if ln.spec_field == "campaign" and not ln.record:
                children.setdefault(ln.target, []).append(item)
                parent_of[item.id] = ln.target
    out: list[tuple[Item, bool]] = []
    for item in threaded:
        if item.id in parent_of and parent_of[item.id] in model.items:
            continue
        out.append((item, False))
        out.extend((child, True) for child in children.get(item.id, []))
    return out


def plan_of(wiki: Wiki, item: Item) -> Item | None:
    """The plan an item is in: its own ``plan`` link, or its campaign's."""
    graph = wiki.analysis.graph
    for field_name in ("plan", "campaign"):
        for target in graph.targets(item.id, field_name):
            if target.type == "plan":
                return target
            if field_name == "campaign":
                return plan_of(wiki, target)
    return None


def plan_groups(wiki: Wiki, page: str, rows: list[tuple[Item, bool]]) -> list[tuple[Group, list[tuple[Item, bool]]]]:
    """Rows grouped by plan (a tactic stays with its campaign), plans in order, then those in none."""
    graph = wiki.analysis.graph
    by_plan: dict[str, list[tuple[Item, bool]]] = {}
    current = ""
    for item, is_child in rows:
        if not is_child:
            plan = plan_of(wiki, item)
            current = plan.id if plan is not None else ""
        by_plan.setdefault(current, []).append((item, is_child))
    out = []
    for plan in ordered_plans(graph):
        if plan.id in by_plan:
            chain = plan_chain(graph, plan)
            heading = Markup(" › ").join(wiki.link(page, p.id, show_id=True) for p in chain)
            label = " › ".join(p.title for p in chain)
            out.append((Group(plan.id, label, heading), by_plan[plan.id]))
    if "" in by_plan:
        out.append((Group("", "In no plan", Markup("In no plan")), by_plan[""]))
    return out


def plan_objective_matrix(wiki: Wiki, page: str) -> Matrix:
    model, graph = wiki.analysis.model, wiki.analysis.graph
    objectives = model.of_type("objective")
    ordered = plan_rows(wiki)
    # one currency throughout: said once in the caption, so the cells hold bare amounts and fit
    currencies = {currency_of(wiki, item) for item, _ in ordered} - {""}
    single = next(iter(currencies)) if len(currencies) == 1 else None

    def amount(value: float, item_currency: str) -> str:
        return wiki.money(value, "" if single else item_currency)

    m = Matrix(
        "gt-matrix-plan-objectives",
        "Plan items × objectives (budget attributed to each objective" + (f", in {single})" if single else ")"),
        [
            Cell(Markup("Plan item")),
            Cell(Markup("Type")),
            Cell(Markup("Budget")),
            *[_head(wiki, page, o) for o in objectives],
        ],
    )
    totals = dict.fromkeys((o.id for o in objectives), 0.0)
    currency = ""
    row_of: dict[str, Markup] = {}
    for item, is_child in ordered:
        currency = currency_of(wiki, item) or currency
        budget = item_budget(item)
        split = budget_by_objective(graph, item) if not is_child else {}
        reached = graph.thread(item.id)
        row = [
            _item_cell(wiki, page, item, is_child),
            Cell(escape(model.schema.types[item.type].label), item.type),
            Cell(escape(amount(budget, currency_of(wiki, item))) if budget else Markup(""), f"{budget:.2f}"),
        ]
        if not reached:
            row[0].css += " gt-unlinked"
        for o in objectives:
            if o.id in split and budget:
                totals[o.id] += split[o.id]
                row.append(
                    Cell(
                        escape(amount(split[o.id], currency_of(wiki, item))),
                        f"{split[o.id]:.2f}",
                        f"{item.id} → {o.id}",
                        "gt-hit",
                    )
                )
            elif o.id in reached:
                via = "directly" if len(reached[o.id]) == 2 else "via " + reached[o.id][1]
                row.append(Cell(Markup('<span title="{}">✓</span>').format(via), "1", via, "gt-hit"))
            else:
                row.append(EMPTY)
        row_of[item.id] = row_html(row)
    for group, members in plan_groups(wiki, page, ordered):
        group.rows = [row_of[item.id] for item, _ in members]
        m.groups.append(group)
    m.footer = [
        Cell(Markup("<strong>Total attributed</strong>")),
        Cell(Markup("")),
        Cell(Markup("<strong>{}</strong>").format(amount(sum(totals.values()), currency))),
        *[Cell(Markup("<strong>{}</strong>").format(amount(totals[o.id], currency))) for o in objectives],
    ]
    return m


def audience_matrix(wiki: Wiki, page: str) -> Matrix:
    model, graph = wiki.analysis.model, wiki.analysis.graph
    audiences = model.of_type("audience")
    m = Matrix(
        "gt-matrix-audiences",
        "Campaigns × audiences they target",
        [Cell(Markup("Campaign")), *[_head(wiki, page, a) for a in audiences]],
    )
    counts = dict.fromkeys((a.id for a in audiences), 0)
    campaigns = model.of_type("campaign")
    row_of: dict[str, Markup] = {}
    for cmp in campaigns:
        targets = {t.id for t in graph.targets(cmp.id, "audiences")}
        row = [_item_cell(wiki, page, cmp)]
        for a in audiences:
            hit = a.id in targets
            counts[a.id] += hit
            row.append(Cell(Markup("✓"), "1", "", "gt-hit") if hit else EMPTY)
        row_of[cmp.id] = row_html(row)
    # grouped by plan like the plan × objective matrix, so its plan filter works here too
    for group, members in plan_groups(wiki, page, [(cmp, False) for cmp in campaigns]):
        group.rows = [row_of[item.id] for item, _ in members]
        m.groups.append(group)
    m.footer = [
        Cell(Markup("<strong>Campaigns</strong>")),
        *[Cell(Markup("<strong>{}</strong>").format(counts[a.id])) for a in audiences],
    ]
    return m


def kpi_matrix(wiki: Wiki, page: str) -> Matrix:
    model, graph = wiki.analysis.model, wiki.analysis.graph
    objectives = model.of_type("objective")
    kpis = model.of_type("kpi")
    m = Matrix(
        "gt-matrix-kpis",
        "KPIs × objectives (targets, and leading indicators)",
        [Cell(Markup("KPI")), Cell(Markup("Direction")), *[_head(wiki, page, o) for o in objectives]],
    )
    obj_kpis: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for o in objectives:
        per_kpi = obj_kpis.setdefault(o.id, {})
        for t in o.get("targets") or []:
            per_kpi.setdefault(str(t.get("kpi")), []).append(t)
    for kpi in kpis:
        downstream = graph.kpi_downstream(kpi.id)
        row = [_item_cell(wiki, page, kpi), Cell(escape(kpi.get("direction") or ""))]
        for o in objectives:
            targets = obj_kpis[o.id].get(kpi.id)
            if targets:
                lines = []
                for target in targets:  # checkpoints and the final target, in the order written
                    text = f"{number(target.get('baseline', '?'))} → {number(target.get('target', '?'))}"
                    if target.get("by"):
                        text += f" by {target['by']}"
                    lines.append(escape(text))
                row.append(Cell(Markup("<br>").join(lines), "2", "target", "gt-hit"))
            elif downstream & set(obj_kpis[o.id]):
                lagging = sorted(downstream & set(obj_kpis[o.id]))
                row.append(
                    Cell(
                        Markup('<span title="leads to {}">leads to {}</span>').format(
                            ", ".join(lagging), ", ".join(lagging)
                        ),
                        "1",
                        "",
                        "gt-lead",
                    )
                )
            else:
                row.append(EMPTY)
        m.rows.append(row_html(row))
    m.footer = [
        Cell(Markup("<strong>Targets</strong>")),
        Cell(Markup("")),
        *[Cell(Markup("<strong>{}</strong>").format(len(obj_kpis[o.id]))) for o in objectives],
    ]
    return m


def coverage(wiki: Wiki) -> Coverage:
    model, graph = wiki.analysis.model, wiki.analysis.graph
    supported = graph.supported_objectives()
    objectives = model.of_type("objective")
    linked = unlinked = 0.0
    unlinked_items: list[Item] = []
    currency = ""
    for item, is_child in plan_rows(wiki):
        if is_child:
            continue  # a tactic's money is part of its campaign's
        currency = currency_of(wiki, item) or currency
        amount = item_budget(item)
        if graph.thread(item.id):
            linked += amount
        else:
            unlinked += amount
            unlinked_items.append(item)
    for item, is_child in plan_rows(wiki):
        if is_child and not graph.thread(item.id):
            unlinked_items.append(item)
    plan_budget = total_budget(graph)
    return Coverage(
        len(objectives),
        [o for o in objectives if supported.get(o.id)],
        [o for o in objectives if not supported.get(o.id)],
        plan_budget,
        linked,
        unlinked,
        unlinked_items,
        currency,
    )
