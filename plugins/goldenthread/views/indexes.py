"""Type index pages: one row per item, with the columns people scan for that type.

A campaign is read by plan, owner, status, dates, budget and the objectives it serves; a review
by date, kind and decisions; and so on (:data:`COLUMNS`). Types not listed show owner, status
and last review. A custom type gets the same default, plus the objectives it serves when it is
on the golden thread.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..core.model import Item
from ..domain.rollup import item_budget
from .itemview import bullets, currency_of, display
from .render import date
from .wiki import Wiki

#: Columns of each built-in type's index, after the item itself (field names, or the derived
#: ``dates``, ``budget`` and ``objectives``).
COLUMNS: dict[str, tuple[str, ...]] = {
    "campaign": ("plan", "owner", "status", "dates", "budget", "objectives"),
    "tactic": ("campaign", "channel", "budget", "objectives"),
    "plan": ("period", "budget", "parent", "owner", "status"),
    "objective": ("horizon", "owner", "status"),
    "review": ("date", "kind", "decisions"),
    "kpi": ("unit", "direction", "frequency", "owner"),
}
DEFAULT = ("owner", "status", "last_reviewed")
HEADINGS = {
    "parent": "Part of",
    "dates": "Dates",
    "budget": "Budget",
    "objectives": "Serves objectives",
    "last_reviewed": "Last reviewed",
}


@dataclass(frozen=True)
class IndexCell:
    html: Markup
    #: what the browser sorts the column by
    sort: str = ""
    css: str = ""


@dataclass(frozen=True)
class IndexRow:
    link: Markup
    id: str
    cells: list[IndexCell]


@dataclass(frozen=True)
class TypeIndex:
    headings: list[str]
    rows: list[IndexRow]


def columns_of(wiki: Wiki, type_name: str) -> tuple[str, ...]:
    spec = wiki.analysis.model.schema.types[type_name]
    if type_name in COLUMNS:
        return COLUMNS[type_name]
    threaded = bool(wiki.analysis.settings.thread.get(type_name))
    return (*(c for c in DEFAULT if c in spec.fields), *(("objectives",) if threaded else ()))


def type_index(wiki: Wiki, page: str, type_name: str, items: list[Item]) -> TypeIndex:
    names = columns_of(wiki, type_name)
    headings = [HEADINGS.get(n) or n.replace("_", " ").capitalize() for n in names]
    cell = _cells(wiki, page)
    rows = [IndexRow(wiki.link(page, i.id, show_id=True), i.id, [cell(i, n) for n in names]) for i in items]
    return TypeIndex(headings, rows)


def _cells(wiki: Wiki, page: str) -> Callable[[Item, str], IndexCell]:
    graph = wiki.analysis.graph
    types = wiki.analysis.model.schema.types

    def cell(item: Item, name: str) -> IndexCell:
        if name == "owner":
            return IndexCell(wiki.owner_link(page, item.owner) if item.owner else Markup(""), item.owner or "")
        if name == "dates":
            start, end = item.date("start"), item.date("end")
            text = f"{date(start)} → {date(end)}" if start or end else ""
            return IndexCell(escape(text), date(start))
        if name == "budget":
            amount = float(item.get("budget") or 0) if item.type == "plan" else item_budget(item)
            currency = str(item.get("currency") or "") if item.type == "plan" else currency_of(wiki, item)
            text = wiki.money(amount, currency).replace(" ", "\u00a0") if amount else ""
            return IndexCell(escape(text), f"{amount:.2f}")
        if name == "objectives":
            reached = sorted(graph.thread(item.id))
            if not reached:
                return IndexCell(Markup("none"), "", "gt-unlinked")
            return IndexCell(Markup(", ").join(wiki.link(page, o) for o in reached), " ".join(reached))
        value = item.get(name)
        fspec = types[item.type].fields.get(name)
        if value in (None, "", []) or fspec is None:
            return IndexCell(Markup(""))
        if fspec.kind == "link":
            return IndexCell(wiki.link(page, str(value)), str(value))
        if fspec.kind == "texts" and isinstance(value, list):
            return IndexCell(bullets(escape(v) for v in value), str(len(value)))
        sort = value.isoformat() if isinstance(value, dt.date) else str(value)
        if fspec.kind == "period" and isinstance(value, dict):
            sort = date(value.get("start"))
        return IndexCell(display(wiki, page, item, fspec, value, currency_of(wiki, item)), sort)

    return cell
