"""JSON Schema for content files, derived from the item type specs (for YAML editors)."""

from __future__ import annotations

from typing import Any

from ..core.coerce import HANDLE_RE
from ..core.schema import FieldSpec, Schema, TypeSpec

SCHEMA_ID = "https://goldenthread.dev/schema/content-v1.json"
_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "format": "date"}
_ID = {"type": "string", "pattern": r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$"}


def _link(f: FieldSpec, schema: Schema) -> dict[str, Any]:
    if "*" in f.to:
        return dict(_ID)
    prefixes = "|".join(schema.types[t].prefix for t in f.to)
    return {"type": "string", "pattern": rf"^({prefixes})-[A-Z0-9]+(-[A-Z0-9]+)*$"}


def field_schema(f: FieldSpec, schema: Schema) -> dict[str, Any]:
    doc = {"description": f.doc} if f.doc else {}
    kind = f.kind
    if kind in ("text", "markdown"):
        return {"type": "string", **doc}
    if kind == "handle":
        return {"type": "string", "pattern": HANDLE_RE.pattern, **doc}
    if kind == "date":
        return {**_DATE, **doc}
    if kind in ("number", "money"):
        out: dict[str, Any] = {"type": "number", **doc}
        if kind == "money":
            out["minimum"] = 0
        return out
    if kind == "integer":
        return {"type": "integer", **doc}
    if kind == "bool":
        return {"type": "boolean", **doc}
    if kind == "enum":
        return {"enum": list(f.values), **doc}
    if kind == "texts":
        return {"type": "array", "items": {"type": "string"}, **doc}
    if kind == "handles":
        return {"type": "array", "items": {"type": "string", "pattern": HANDLE_RE.pattern}, **doc}
    if kind == "link":
        return {**_link(f, schema), **doc}
    if kind == "links":
        target = _link(f, schema)
        entry = {
            "anyOf": [
                target,
                {
                    "type": "object",
                    "required": ["id"],
                    "additionalProperties": False,
                    "properties": {
                        "id": target,
                        "weight": {"type": "number", "exclusiveMinimum": 0},
                        "note": {"type": "string"},
                    },
                },
            ]
        }
        return {"type": "array", "items": entry, **doc}
    if kind in ("record", "period", "records"):
        obj = {
            "type": "object",
            "additionalProperties": False,
            "properties": {s.name: field_schema(s, schema) for s in f.fields},
            "required": [s.name for s in f.fields if s.required],
        }
        if not obj["required"]:
            del obj["required"]
        if kind == "records":
            return {"type": "array", "items": obj, **doc}
        return {**obj, **doc}
    raise AssertionError(kind)  # pragma: no cover


def type_schema(t: TypeSpec, schema: Schema, *, front_matter: bool = False) -> dict[str, Any]:
    props = {name: field_schema(f, schema) for name, f in t.fields.items()}
    props["id"] = {
        "type": "string",
        "pattern": rf"^{t.prefix}-[A-Z0-9]+(-[A-Z0-9]+)*$",
        "description": f"Unique ID starting with {t.prefix}-",
    }
    if front_matter:
        props["type"] = {"const": t.name}
    else:
        props.pop("type", None)
    required = [n for n, f in t.fields.items() if f.required]
    return {
        "title": t.label,
        "description": t.doc,
        "type": "object",
        "properties": props,
        "required": required,
        "additionalProperties": front_matter,
    }


def content_schema(schema: Schema) -> dict[str, Any]:
    """Schema of a YAML data file: a mapping of plural type keys to lists of items."""
    defs = {t.name: type_schema(t, schema) for t in schema.types.values()}
    return {
        # Draft 7: what YAML editors (the YAML language server in VS Code) support best.
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "goldenthread content file",
        "description": "A YAML data file of goldenthread items, listed under plural type keys.",
        "type": "object",
        "additionalProperties": False,
        "properties": {
            t.plural: {"type": "array", "items": {"$ref": f"#/definitions/{t.name}"}} for t in schema.types.values()
        },
        "definitions": defs,
    }
