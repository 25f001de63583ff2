"""The item types goldenthread knows, their fields and what each field accepts.

Built-in types cover the marketing domain (strategy, plan and meta layers); configuration adds
custom types and fields with the same vocabulary, so a team can model an ``initiative`` without
writing code. The JSON Schema export is derived from these specs, never written by hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

#: Field kinds. Scalars first, then lists, links and records.
KINDS = (
    "text",
    "markdown",
    "handle",
    "date",
    "number",
    "money",
    "integer",
    "bool",
    "enum",
    "period",
    "texts",
    "handles",
    "link",
    "links",
    "record",
    "records",
)

STATUSES = ("draft", "proposed", "planned", "active", "paused", "done", "cancelled", "retired")
CADENCES = ("weekly", "monthly", "quarterly", "yearly")
#: Front-matter keys that make a Markdown page a living document with an owner and a review date.
PAGE_REVIEW_KEYS = ("owner", "last_reviewed", "review_cadence")
LAYERS = ("strategy", "plan", "meta")


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: str
    required: bool = False
    #: link kinds: accepted target types ("*" for any type)
    to: tuple[str, ...] = ()
    #: enum kind: allowed values
    values: tuple[str, ...] = ()
    #: record(s) kinds: sub-fields
    fields: tuple[FieldSpec, ...] = ()
    #: how the link reads from the other end ("Supported by"), and forwards ("Supports")
    label: str = ""
    inverse: str = ""
    doc: str = ""

    def sub(self, name: str) -> FieldSpec | None:
        """The sub-field ``name`` of a record field (None when it has none of that name)."""
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True, slots=True)
class TypeSpec:
    """An item type: how its IDs start, the list that holds its items in a data file, its layer."""

    name: str
    #: every ID of the type starts with it and a dash: ``CMP-``
    prefix: str
    #: the key of the type's item list in a YAML data file: ``campaigns:``
    plural: str
    #: one of LAYERS
    layer: str
    label: str
    fields: Mapping[str, FieldSpec]
    doc: str = ""

    @property
    def label_plural(self) -> str:
        if self.label.endswith("y") and not self.label.endswith(("ay", "ey", "oy")):
            return self.label[:-1] + "ies"
        return self.label + "s"


def F(
    name: str,
    kind: str,
    *,
    required: bool = False,
    to: Iterable[str] = (),
    values: Iterable[str] = (),
    fields: Iterable[FieldSpec] = (),
    label: str = "",
    inverse: str = "",
    doc: str = "",
) -> FieldSpec:
    return FieldSpec(name, kind, required, tuple(to), tuple(values), tuple(fields), label, inverse, doc)


FAQ_ENTRY = (
    F("question", "text", required=True),
    F("answer", "markdown", required=True),
    F("topic", "text"),
)

#: Fields every item has, whatever its type.
COMMON: tuple[FieldSpec, ...] = (
    F("id", "text", required=True, doc="Unique ID: the type's prefix, a dash, upper-case letters and digits."),
    F("type", "text", doc="The item type (Markdown front matter only)."),
    F("title", "text", required=True, doc="A short human title."),
    F("description", "markdown", doc="Markdown prose (in Markdown pages: the page body)."),
    F("owner", "handle", doc='Who owns the item: "@name" or "@org/team".'),
    F("status", "enum", values=STATUSES),
    F("tags", "texts"),
    F("last_reviewed", "date", doc="When the item was last reviewed (YYYY-MM-DD)."),
    F("review_cadence", "enum", values=CADENCES, doc="How often the item is reviewed."),
    F("faq", "records", fields=FAQ_ENTRY, doc="Questions and answers about this item."),
)

#: The plan ``parent`` field's documentation (schema reference, JSON Schema).
_PARENT_PLAN_DOC = "The plan this one sits inside (a quarter of the annual plan); its budget is part of the parent's."

_PERIOD = (F("start", "date", required=True), F("end", "date", required=True))
#: Actuals in YAML: the same period forms as CSV actuals (YYYY-MM, YYYY-Qn, YYYY-MM-DD).
_ACTUAL = (F("period", "text", required=True), F("value", "number", required=True), F("note", "text"))
_SPEND = (F("period", "text", required=True), F("amount", "money", required=True), F("note", "text"))
#: An objective's target: where a KPI should be, and by when.
_OBJECTIVE_TARGET = (
    F("kpi", "link", required=True, to=["kpi"], label="Measured by", inverse="Measures"),
    F("baseline", "number"),
    F("target", "number", required=True),
    F("by", "date"),
)
#: A campaign's RACI: who is responsible, accountable, consulted and informed.
_RACI = (F("responsible", "handles"), F("accountable", "handles"), F("consulted", "handles"), F("informed", "handles"))
#: One line of a campaign's budget.
_BUDGET_LINE = (
    F("channel", "text", required=True),
    F("amount", "money", required=True),
    F("period", "text"),
    F("category", "text"),
)
#: A campaign's own KPI target (GT106 checks that it leads to an objective's KPI).
_CAMPAIGN_TARGET = (
    F("kpi", "link", required=True, to=["kpi"], label="Targets KPI", inverse="Targeted by"),
    F("target", "number", required=True),
    F("baseline", "number"),
    F("by", "date"),
)
_MILESTONE = (F("title", "text", required=True), F("date", "date", required=True), F("done", "bool"))


def plain(kind: str, *names: str) -> list[FieldSpec]:
    """Fields of one kind with nothing but their name: optional, no label, no documentation."""
    return [F(name, kind) for name in names]


def _type(head: tuple[str, str, str, str, str], doc: str, *fields: FieldSpec) -> TypeSpec:
    """A built-in type from its head row (name, ID prefix, list key, layer, label), what it is, and
    its own fields (after COMMON)."""
    name, prefix, plural, layer, label = head
    return TypeSpec(name, prefix, plural, layer, label, {f.name: f for f in (*COMMON, *fields)}, doc)


BUILTIN_TYPES: tuple[TypeSpec, ...] = (
    _type(
        ("objective", "OBJ", "objectives", "strategy", "Objective"),
        "A long-term strategic objective tied to KPIs marketing can move.",
        F("horizon", "period", fields=_PERIOD, doc="The period the objective spans."),
        F("targets", "records", fields=_OBJECTIVE_TARGET),
        F("parent", "link", to=["objective"], label="Contributes to", inverse="Broken down into"),
        F("audiences", "links", to=["audience"], label="Targets audience", inverse="Targeted by objective"),
    ),
    _type(
        ("audience", "AUD", "audiences", "strategy", "Audience"),
        "Who the strategy serves, described by behaviour and decision patterns.",
        *plain("texts", "behaviours", "needs", "decision_patterns", "firmographics", "demographics"),
        F("size", "number"),
        F("size_unit", "text"),
    ),
    _type(
        ("value_proposition", "VP", "value_propositions", "strategy", "Value proposition"),
        "A measurable benefit promised to an audience, with proof.",
        F("audience", "link", required=True, to=["audience"], label="For audience", inverse="Value propositions"),
        F("benefit", "text", required=True),
        F("proof", "texts"),
        F("kpi", "link", to=["kpi"], label="Measured by", inverse="Measures value proposition"),
    ),
    _type(
        ("positioning", "POS", "positionings", "strategy", "Positioning"),
        "Where the product stands for an audience, against which alternatives.",
        F("audience", "link", required=True, to=["audience"], label="For audience", inverse="Positionings"),
        F("need", "text"),
        F("category", "text", required=True),
        F("differentiator", "text", required=True),
        F("alternatives", "links", to=["competitor"], label="Alternatives", inverse="Positioned against by"),
        F(
            "value_proposition",
            "link",
            to=["value_proposition"],
            label="Value proposition",
            inverse="Used in positioning",
        ),
    ),
    _type(
        ("competitor", "COMP", "competitors", "strategy", "Competitor"),
        "An alternative the audience considers, with its gaps.",
        F("category", "text", doc="What the audience would call it (for the competitive landscape)."),
        *plain("text", "website", "pricing"),
        *plain("texts", "strengths", "weaknesses", "unmet_needs", "pricing_gaps"),
    ),
    _type(
        ("kpi", "KPI", "kpis", "strategy", "KPI"),
        "A metric definition; leads_to links leading indicators to lagging ones.",
        F("unit", "text", required=True),
        F("direction", "enum", required=True, values=("up", "down")),
        F("frequency", "enum", values=CADENCES),
        *plain("text", "formula", "source"),
        F("leads_to", "links", to=["kpi"], label="Leads to", inverse="Led by"),
        F("actuals", "records", fields=_ACTUAL, doc="Measured values, one per period (see also CSV actuals)."),
    ),
    _type(
        ("plan", "PLAN", "plans", "plan", "Plan"),
        "A time-boxed plan (usually a year) with a budget.",
        F("period", "period", required=True, fields=_PERIOD),
        F("currency", "text", required=True),
        F("budget", "money", required=True),
        F("objectives", "links", to=["objective"], label="Serves", inverse="Served by plan"),
        F("parent", "link", to=["plan"], label="Part of plan", inverse="Sub-plans", doc=_PARENT_PLAN_DOC),
    ),
    _type(
        ("campaign", "CMP", "campaigns", "plan", "Campaign"),
        "A coordinated piece of work in a plan, supporting objectives.",
        F("plan", "link", required=True, to=["plan"], label="In plan", inverse="Campaigns"),
        F("supports", "links", to=["objective"], label="Supports", inverse="Supported by"),
        F("audiences", "links", to=["audience"], label="Targets audience", inverse="Targeted by"),
        F("value_proposition", "link", to=["value_proposition"], label="Uses value proposition", inverse="Used by"),
        F("positioning", "link", to=["positioning"], label="Uses positioning", inverse="Used by"),
        F("channels", "texts"),
        F("start", "date", required=True),
        F("end", "date", required=True),
        F("raci", "record", fields=_RACI),
        F("budget", "records", fields=_BUDGET_LINE),
        F("kpi_targets", "records", fields=_CAMPAIGN_TARGET),
        F("milestones", "records", fields=_MILESTONE),
        F("spend", "records", fields=_SPEND, doc="Money spent, one entry per period (see also CSV actuals)."),
    ),
    _type(
        ("tactic", "TAC", "tactics", "plan", "Tactic"),
        "A recurring or one-off activity on one channel within a campaign.",
        F("campaign", "link", required=True, to=["campaign"], label="Part of", inverse="Tactics"),
        F("supports", "links", to=["objective"], label="Supports", inverse="Supported by"),
        F("channel", "text", required=True),
        *plain("text", "content_type", "frequency"),
        F("budget", "money"),
        *plain("date", "start", "end"),
    ),
    _type(
        ("review", "REV", "reviews", "meta", "Review"),
        "A record of a strategy or plan review and its decisions.",
        F("date", "date", required=True),
        F("kind", "enum", required=True, values=("quarterly-strategy", "monthly-plan", "weekly")),
        F("covers", "links", to=["*"], label="Covers", inverse="Reviewed in"),
        F("decisions", "texts"),
        F("attendees", "handles"),
    ),
    _type(
        ("faq", "FAQ", "faqs", "meta", "FAQ"),
        "A standalone question and answer about any items.",
        F("question", "text", required=True),
        F("answer", "markdown", required=True),
        F("about", "links", to=["*"], label="About", inverse="FAQ"),
        F("topic", "text"),
    ),
)

#: Default golden thread: which fields of each plan-layer type lead towards an objective.
DEFAULT_THREAD: dict[str, tuple[str, ...]] = {
    "campaign": ("supports",),
    "tactic": ("campaign", "supports"),
}


#: A custom type's plural: a YAML key, and a folder in the site's URLs.
_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")


class SchemaError(ValueError):
    """Bad type or field declarations in configuration (exit code 2, not a content diagnostic)."""


@dataclass(frozen=True)
class Schema:
    types: dict[str, TypeSpec]
    by_plural: dict[str, TypeSpec] = field(init=False)
    by_prefix: dict[str, TypeSpec] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_plural", {t.plural: t for t in self.types.values()})
        object.__setattr__(self, "by_prefix", {t.prefix: t for t in self.types.values()})

    def in_layer(self, layer: str) -> list[TypeSpec]:
        return [t for t in self.types.values() if t.layer == layer]


def _field_from_config(tname: str, name: str, raw: Any) -> FieldSpec:
    where = f"types.{tname}.fields.{name}" if tname else name
    if isinstance(raw, str):
        raw = {"kind": raw}
    if not isinstance(raw, dict):
        raise SchemaError(f"{where}: expected a mapping such as {{kind: text}}")
    kind = raw.get("kind", "text")
    if kind not in KINDS:
        raise SchemaError(f"{where}: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
    unknown = set(raw) - {"kind", "required", "to", "values", "fields", "label", "inverse", "doc"}
    if unknown:
        raise SchemaError(f"{where}: unknown setting(s) {', '.join(sorted(unknown))}")
    to = raw.get("to", ["*"] if kind in ("link", "links") else [])
    if isinstance(to, str):
        to = [to]
    values = raw.get("values", [])
    if kind == "enum" and not values:
        raise SchemaError(f"{where}: an enum needs 'values'")
    subs = raw.get("fields", {})
    if kind in ("record", "records", "period") and not isinstance(subs, dict):
        raise SchemaError(f"{where}: 'fields' must be a mapping of name to field")
    sub_specs = tuple(_field_from_config("", f"{where}.{k}", v) for k, v in (subs or {}).items())
    sub_specs = tuple(replace(s, name=s.name.rsplit(".", 1)[-1]) for s in sub_specs)
    return F(
        name,
        kind,
        required=bool(raw.get("required", False)),
        to=[str(t) for t in to],
        values=[str(v) for v in values],
        fields=sub_specs,
        label=str(raw.get("label", "")),
        inverse=str(raw.get("inverse", "")),
        doc=str(raw.get("doc", "")),
    )


def build_schema(
    custom_types: Mapping[str, Any] | None = None,
    extra_fields: Mapping[str, Any] | None = None,
    prefixes: Mapping[str, str] | None = None,
) -> Schema:
    """The schema: built-in types, plus custom types and fields declared in configuration."""
    types = {t.name: t for t in BUILTIN_TYPES}
    for name, prefix in (prefixes or {}).items():
        if name not in types:
            raise SchemaError(f"prefixes: unknown type {name!r}")
        types[name] = replace(types[name], prefix=str(prefix).upper())
    for name, raw in (custom_types or {}).items():
        if not isinstance(raw, dict):
            raise SchemaError(f"types.{name}: expected a mapping with prefix, layer and fields")
        if name in types:
            raise SchemaError(f"types.{name}: a built-in type has that name; add fields under 'fields:'")
        unknown = set(raw) - {"prefix", "plural", "layer", "label", "fields", "doc"}
        if unknown:
            raise SchemaError(f"types.{name}: unknown setting(s) {', '.join(sorted(unknown))}")
        prefix = str(raw.get("prefix", name[:4])).upper()
        plural = str(raw.get("plural", name + "s"))
        if not _NAME_RE.match(plural):
            # the plural is a YAML key and a folder of generated pages: never a path
            raise SchemaError(
                f"types.{name}.plural: {plural!r} must be a plain name (lower-case letters, digits, '_' and '-')"
            )
        layer = raw.get("layer", "plan")
        if layer not in LAYERS:
            raise SchemaError(f"types.{name}.layer: {layer!r} is not one of {', '.join(LAYERS)}")
        fields = {f.name: f for f in COMMON}
        for fname, fraw in (raw.get("fields") or {}).items():
            fields[fname] = _field_from_config(name, fname, fraw)
        types[name] = TypeSpec(
            name,
            prefix,
            plural,
            layer,
            str(raw.get("label", name.replace("_", " ").capitalize())),
            fields,
            str(raw.get("doc", "")),
        )
    for tname, fields_raw in (extra_fields or {}).items():
        if tname not in types:
            raise SchemaError(f"fields: unknown type {tname!r}")
        if not isinstance(fields_raw, dict):
            raise SchemaError(f"fields.{tname}: expected a mapping of field name to definition")
        merged = dict(types[tname].fields)
        for fname, fraw in fields_raw.items():
            if fname in merged:
                raise SchemaError(f"fields.{tname}.{fname}: the type already has that field")
            merged[fname] = _field_from_config(tname, fname, fraw)
        types[tname] = replace(types[tname], fields=merged)
    prefixes_seen: dict[str, str] = {}
    plurals_seen: dict[str, str] = {}
    for t in types.values():
        if t.prefix in prefixes_seen:
            raise SchemaError(f"types {prefixes_seen[t.prefix]!r} and {t.name!r} share the prefix {t.prefix!r}")
        if t.plural in plurals_seen:
            raise SchemaError(f"types {plurals_seen[t.plural]!r} and {t.name!r} share the plural {t.plural!r}")
        prefixes_seen[t.prefix] = t.name
        plurals_seen[t.plural] = t.name
    for t in types.values():
        for f in t.fields.values():
            for target in f.to:
                if target != "*" and target not in types:
                    raise SchemaError(f"types.{t.name}.fields.{f.name}: links to unknown type {target!r}")
    return Schema(types)
