"""The whole model as data: versioned JSON (``goldenthread.json``) and a traceability CSV.

Both are deterministic: sorted, no timestamps, paths relative to ``docs_dir``, so the same
content always gives the same bytes (diffable, cacheable, publishable with the site like
sphinx-needs' ``needs.json``). :data:`EXPORT_SCHEMA` describes the JSON; the CSV neutralises
cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from typing import Any

from ..analysis import Analysis
from ..core.model import Item, Model
from ..core.version import __version__
from ..domain.rollup import budget_by_objective, item_budget, plan_currency
from .schema_export import content_schema

EXPORT_VERSION = 1
EXPORT_FILE = "goldenthread.json"
TRACEABILITY_FILE = "traceability.csv"
#: the content schema as published with the site (for the ``$schema`` modeline of YAML files)
CONTENT_SCHEMA_FILE = "goldenthread.schema.json"
EXPORT_SCHEMA_FILE = "goldenthread.export.schema.json"
EXPORT_SCHEMA_ID = "https://goldenthread.dev/schema/export-v1.json"

#: values the item record carries itself, so they are not repeated under ``fields``
_OWN = frozenset({"id", "type", "title", "description"})


def _jsonable(value: Any) -> Any:
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            return None
        return int(value) if value.is_integer() and abs(value) < 2**53 else value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


def _item_record(model: Model, analysis: Analysis, item: Item) -> dict[str, Any]:
    spec = model.schema.types[item.type]
    description = item.description or str(item.values.get("description") or "")
    record: dict[str, Any] = {
        "id": item.id,
        "type": item.type,
        "layer": spec.layer,
        "title": item.title,
        "file": model.src_path(item.file),
        "line": item.pos.line,
        "form": item.form,
        "description": description,
        "fields": {k: _jsonable(v) for k, v in sorted(item.values.items()) if k not in _OWN},
        "links": [
            {
                "field": ln.field,
                "target": ln.target,
                "weight": _jsonable(ln.weight),
                **({"note": ln.note} if ln.note else {}),
            }
            for ln in sorted(item.links, key=lambda ln: (ln.field, ln.target))
        ],
    }
    if analysis.settings.thread.get(item.type):
        record["objectives"] = sorted(analysis.graph.thread(item.id))
    return record


def export_data(analysis: Analysis) -> dict[str, Any]:
    """The export document (see :data:`EXPORT_SCHEMA`)."""
    model = analysis.model
    diagnostics = []
    for d in analysis.diagnostics:
        entry = d.to_dict()
        entry["file"] = model.src_path(d.file)
        entry["related"] = [{**r, "file": model.src_path(str(r["file"]))} for r in entry["related"]]  # type: ignore[attr-defined]
        diagnostics.append(entry)
    diagnostics.sort(key=lambda e: (e["file"], e["line"], e["column"], e["code"], e["message"]))
    return {
        "version": EXPORT_VERSION,
        "generator": f"goldenthread {__version__}",
        "types": {
            t.name: {"label": t.label, "plural": t.plural, "prefix": t.prefix, "layer": t.layer}
            for t in sorted(model.schema.types.values(), key=lambda t: t.name)
        },
        "items": [_item_record(model, analysis, model.items[i]) for i in sorted(model.items)],
        "diagnostics": diagnostics,
    }


def dumps(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False, allow_nan=False) + "\n"


def export_json(analysis: Analysis) -> str:
    return dumps(export_data(analysis))


# -- traceability CSV --------------------------------------------------------------------------
TRACE_COLUMNS = (
    "id",
    "title",
    "type",
    "plan",
    "campaign",
    "objectives",
    "objective_titles",
    "budget",
    "currency",
    "budget_by_objective",
    "owner",
    "status",
    "start",
    "end",
    "file",
    "line",
)

#: A cell starting with one of these runs as a formula in Excel, LibreOffice or Google Sheets.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A leading ``'`` for a cell a spreadsheet would evaluate (CSV injection, OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}"


def _target(analysis: Analysis, item: Item, field_name: str) -> str:
    targets = analysis.graph.targets(item.id, field_name)
    return targets[0].id if targets else ""


def traceability_rows(analysis: Analysis) -> list[list[str]]:
    """One row per plan item that must reach an objective (header first), sorted by ID, neutralised."""
    model, graph = analysis.model, analysis.graph
    rows: list[list[str]] = [list(TRACE_COLUMNS)]
    for item_id in sorted(model.items):
        item = model.items[item_id]
        if not analysis.settings.thread.get(item.type):
            continue
        objectives = sorted(graph.thread(item.id))
        split = budget_by_objective(graph, item)
        budget = item_budget(item)
        start, end = item.date("start"), item.date("end")
        row = [
            item.id,
            item.title,
            item.type,
            _target(analysis, item, "plan"),
            _target(analysis, item, "campaign"),
            "; ".join(objectives),
            "; ".join(model.items[o].title for o in objectives),
            _number(budget) if budget else "",
            plan_currency(analysis.graph, item),
            "; ".join(f"{o}={_number(round(split[o], 2))}" for o in sorted(split)) if budget else "",
            item.owner or "",
            item.status or "",
            start.isoformat() if start else "",
            end.isoformat() if end else "",
            model.src_path(item.file),
            str(item.pos.line),
        ]
        rows.append([neutralise(cell) for cell in row])
    return rows


def traceability_csv(analysis: Analysis) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerows(traceability_rows(analysis))
    return out.getvalue()


# -- for the site ------------------------------------------------------------------------------
def site_files(analysis: Analysis) -> dict[str, bytes]:
    """Files published at the root of the site: the export (unless ``publish_model`` is off) and
    the content schema for editors."""
    schema = content_schema(analysis.model.schema)
    files = {
        CONTENT_SCHEMA_FILE: dumps(schema).encode("utf-8"),
        EXPORT_SCHEMA_FILE: dumps(EXPORT_SCHEMA).encode("utf-8"),
    }
    if not analysis.settings.publish_model:
        return files
    # The site's copy is for programs, not for diffs: without indentation it is less than half the size.
    export = json.dumps(
        export_data(analysis), sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
    )
    return {EXPORT_FILE: (export + "\n").encode("utf-8"), **files}


# -- the export's own schema -------------------------------------------------------------------
_POSITION = {"type": "integer", "minimum": 0}
_ID = {"type": "string", "pattern": r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"}

EXPORT_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": EXPORT_SCHEMA_ID,
    "title": "goldenthread export",
    "description": "The whole goldenthread model: items with their fields and links, and the diagnostics.",
    "type": "object",
    "required": ["version", "generator", "types", "items", "diagnostics"],
    "additionalProperties": False,
    "properties": {
        "version": {"const": EXPORT_VERSION, "description": "Format version; bumped on incompatible changes."},
        "generator": {"type": "string", "pattern": r"^goldenthread \S+$"},
        "types": {
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "required": ["label", "plural", "prefix", "layer"],
                "additionalProperties": False,
                "properties": {
                    "label": {"type": "string"},
                    "plural": {"type": "string"},
                    "prefix": {"type": "string"},
                    "layer": {"type": "string"},
                },
            },
        },
        "items": {"type": "array", "items": {"$ref": "#/definitions/item"}},
        "diagnostics": {"type": "array", "items": {"$ref": "#/definitions/diagnostic"}},
    },
    "definitions": {
        "item": {
            "type": "object",
            "required": ["id", "type", "layer", "title", "file", "line", "form", "description", "fields", "links"],
            "additionalProperties": False,
            "properties": {
                "id": _ID,
                "type": {"type": "string"},
                "layer": {"type": "string"},
                "title": {"type": "string"},
                "file": {"type": "string", "description": "Path relative to docs_dir."},
                "line": _POSITION,
                "form": {"enum": ["yaml", "markdown"]},
                "description": {"type": "string"},
                "fields": {"type": "object", "description": "Typed values by field name; dates as YYYY-MM-DD."},
                "links": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["field", "target", "weight"],
                        "additionalProperties": False,
                        "properties": {
                            "field": {"type": "string", "description": "The field path, e.g. supports[0]."},
                            "target": {"type": "string"},
                            "weight": {"type": ["number", "null"]},
                            "note": {"type": "string", "description": "Why the link is there (when written)."},
                        },
                    },
                },
                "objectives": {
                    "type": "array",
                    "items": _ID,
                    "description": "Objectives the item reaches (plan items only).",
                },
            },
        },
        "diagnostic": {
            "type": "object",
            "required": ["code", "rule", "severity", "file", "line", "column", "item", "message", "hint", "related"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "pattern": r"^GT\d{3}$"},
                "rule": {"type": "string"},
                "severity": {"enum": ["error", "warning", "info", "off"]},
                "file": {"type": "string"},
                "line": _POSITION,
                "column": _POSITION,
                "item": {"type": ["string", "null"]},
                "message": {"type": "string"},
                "hint": {"type": "string"},
                "related": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["file", "line", "column"],
                        "additionalProperties": False,
                        "properties": {"file": {"type": "string"}, "line": _POSITION, "column": _POSITION},
                    },
                },
            },
        },
    },
}
