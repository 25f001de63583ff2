"""The typed content model: items, their values and their links, each with a source position."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Pos as Pos
from .schema import Schema, TypeSpec


@dataclass(frozen=True, slots=True)
class Link:
    """One outgoing link from ``source`` through ``field`` (``targets[0].kpi`` for record links)."""

    source: str
    field: str
    target: str
    pos: Pos
    weight: float | None = None
    #: the spec field name (``kpi`` for ``targets[0].kpi``), used for labels and type checks
    spec_field: str = ""
    #: the record field a record link lives in (``targets``), "" for top-level links
    record: str = ""
    #: why the link is there, in the author's words (``{id: OBJ-…, note: …}``), on one line
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """A ``[[ID]]`` written in Markdown prose."""

    target: str
    pos: Pos
    label: str | None = None


@dataclass(slots=True)
class FaqEntry:
    question: str
    answer: str
    topic: str
    pos: Pos
    owner_id: str | None  # the item it belongs to (None for standalone FAQ items)
    about: tuple[str, ...] = ()


@dataclass(slots=True)
class Item:
    id: str
    type: str
    title: str
    pos: Pos
    #: typed values by field name: str, float, int, bool, datetime.date, lists, dicts
    values: dict[str, Any]
    #: source positions of fields and sub-values: "budget", "budget[0].amount"...
    positions: dict[str, Pos]
    links: list[Link] = field(default_factory=list)
    description: str = ""
    description_line: int = 0
    #: "markdown" for an item that is a page of its own, "yaml" for an item in a data file
    form: str = "yaml"
    references: list[Reference] = field(default_factory=list)

    @property
    def file(self) -> str:
        return self.pos.file

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    def pos_of(self, path: str) -> Pos:
        """Position of a field (or sub-value), falling back to the item itself."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path.rpartition(".")[0] if "." in path else path.partition("[")[0] if "[" in path else ""
        return self.pos

    @property
    def owner(self) -> str | None:
        value = self.values.get("owner")
        return value if isinstance(value, str) else None

    @property
    def status(self) -> str | None:
        value = self.values.get("status")
        return value if isinstance(value, str) else None

    @property
    def tags(self) -> list[str]:
        return list(self.values.get("tags") or [])

    def date(self, name: str) -> dt.date | None:
        value = self.values.get(name)
        return value if isinstance(value, dt.date) else None

    def span(self, name: str) -> tuple[dt.date | None, dt.date | None]:
        """(start, end) of a period field (a plan's period, an objective's horizon); None where unset."""
        period = self.values.get(name)
        if not isinstance(period, dict):
            return None, None
        start, end = period.get("start"), period.get("end")
        return (start if isinstance(start, dt.date) else None, end if isinstance(end, dt.date) else None)


@dataclass(slots=True)
class Page:
    """A Markdown page under content/, item or not, with the references written in it."""

    path: str
    item_id: str | None
    title: str | None
    references: list[Reference] = field(default_factory=list)
    #: review front matter of a plain page (owner, last_reviewed, review_cadence): raw text, position
    meta: dict[str, tuple[str, Pos]] = field(default_factory=dict)


@dataclass(slots=True)
class Model:
    schema: Schema
    items: dict[str, Item] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: items dropped as duplicates (kept for diagnostics and diffs)
    duplicates: list[Item] = field(default_factory=list)
    #: how docs_dir-relative paths are shown: "content/" when run from the repository root
    docs_prefix: str = ""
    #: values derived once per build and shared by views (e.g. dates from git history)
    memo: dict[str, Any] = field(default_factory=dict)
    #: the absolute docs_dir the model was loaded from ("" when built in memory)
    docs_dir: str = ""

    def src_path(self, file: str) -> str:
        """The docs_dir-relative path of a file label."""
        return file[len(self.docs_prefix) :] if file.startswith(self.docs_prefix) else file

    def of_type(self, *types: str) -> list[Item]:
        return [i for i in self.items.values() if i.type in types]

    def type_of(self, item: Item) -> TypeSpec:
        return self.schema.types[item.type]

    def in_layer(self, layer: str) -> list[Item]:
        return [i for i in self.items.values() if self.schema.types[i.type].layer == layer]

    def faq_entries(self) -> list[FaqEntry]:
        out: list[FaqEntry] = []
        for item in self.items.values():
            for n, entry in enumerate(item.values.get("faq") or []):
                out.append(
                    FaqEntry(
                        entry.get("question", ""),
                        entry.get("answer", ""),
                        entry.get("topic", ""),
                        item.pos_of(f"faq[{n}]"),
                        item.id,
                    )
                )
            if item.type == "faq":
                about = tuple(link.target for link in item.links if link.field == "about")
                out.append(
                    FaqEntry(
                        item.get("question", item.title),
                        item.get("answer", ""),
                        item.get("topic", ""),
                        item.pos,
                        None,
                        about,
                    )
                )
        return out
