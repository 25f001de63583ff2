"""``goldenthread schema``: a valid JSON Schema that accepts the shipped content and rejects mistakes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from goldenthread.cli import main
from goldenthread.core.config import parse_settings
from goldenthread.core.load import PAGE_META_KEYS
from goldenthread.core.source import split_front_matter
from goldenthread.review.schema_export import content_schema

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"


def iso_dates(value: Any) -> Any:
    """yaml.safe_load turns unquoted dates into date objects; JSON Schema sees strings."""
    if isinstance(value, dict):
        return {k: iso_dates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso_dates(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    """The schema exactly as ``goldenthread schema`` prints it for this repository."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        assert main(["schema", "-f", str(REPO / "mkdocs.yml")]) == 0
    return json.loads(buf.getvalue())


#: Draft 7: what YAML editors (the YAML language server) support best.
DRAFT = jsonschema.Draft7Validator


@pytest.fixture(scope="module")
def validator(schema) -> jsonschema.Draft7Validator:
    return DRAFT(schema, format_checker=jsonschema.FormatChecker())


def test_schema_is_valid_and_declares_its_draft(schema):
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert jsonschema.validators.validator_for(schema) is DRAFT
    DRAFT.check_schema(schema)
    assert schema["additionalProperties"] is False
    builtin = {
        "objectives",
        "audiences",
        "value_propositions",
        "positionings",
        "competitors",
        "kpis",
        "plans",
        "campaigns",
        "tactics",
        "reviews",
        "faqs",
    }
    assert builtin <= set(schema["properties"])


def _data_files() -> list[Path]:
    return sorted(
        p
        for p in CONTENT.rglob("*")
        if p.suffix in (".yml", ".yaml")
        and not any(part.startswith((".", "_")) for part in p.relative_to(CONTENT).parts)
    )


def _item_pages() -> list[Path]:
    out = []
    for p in sorted(CONTENT.rglob("*.md")):
        split = split_front_matter(p.read_text(encoding="utf-8").replace("\r\n", "\n"))
        if split and isinstance(meta := yaml.safe_load(split[0]), dict) and "type" in meta and "id" in meta:
            out.append(p)
    return out


def test_shipped_content_has_data_files_and_item_pages():
    assert _data_files(), "no YAML data files under content/"
    assert _item_pages(), "no Markdown item pages under content/"


@pytest.mark.parametrize("path", _data_files(), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_shipped_data_files_validate(validator, path):
    data = iso_dates(yaml.safe_load(path.read_text(encoding="utf-8")))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("path", _item_pages(), ids=lambda p: p.relative_to(CONTENT).as_posix())
def test_shipped_item_pages_front_matter_validates(validator, path):
    """Front matter (less ``type`` and MkDocs page keys) is a valid entry of its type's list."""
    split = split_front_matter(path.read_text(encoding="utf-8").replace("\r\n", "\n"))
    assert split is not None
    meta = iso_dates(yaml.safe_load(split[0]))
    plural = parse_settings({}).schema.types[meta.pop("type")].plural
    for key in PAGE_META_KEYS:
        meta.pop(key, None)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors({plural: [meta]})]
    assert errors == []


VALID_CAMPAIGN = {
    "id": "CMP-OK",
    "title": "OK",
    "plan": "PLAN-2027",
    "supports": ["OBJ-GROW", {"id": "OBJ-CAC", "weight": 2}],
    "start": "2027-01-01",
    "end": "2027-02-01",
    "owner": "@dana",
    "budget": [{"channel": "ads", "amount": 100, "period": "2027-Q1"}],
    "milestones": [{"title": "m", "date": "2027-01-15", "done": True}],
    "raci": {"accountable": ["@dana"]},
}


def test_a_valid_campaign_validates(validator):
    assert list(validator.iter_errors({"campaigns": [VALID_CAMPAIGN]})) == []


@pytest.mark.parametrize(
    "change",
    [
        {"budget": [{"channel": "ads", "amount": "10k"}]},
        {"budget": [{"channel": "ads", "amount": -5}]},
        {"budget": [{"channel": "ads"}]},
        {"start": "next week"},
        {"status": "in progress"},
        {"supports": ["AUD-CFO"]},
        {"supports": "OBJ-GROW"},
        {"supports": [{"id": "OBJ-GROW", "weight": 0}]},
        {"id": "cmp-lower"},
        {"id": "OBJ-WRONG-PREFIX"},
        {"owner": "dana"},
        {"ownr": "@dana"},
        {"title": None},
        {"raci": {"acountable": ["@dana"]}},
        {"milestones": [{"title": "m", "date": "2027-01-15", "done": "maybe"}]},
    ],
)
def test_mistakes_are_rejected(validator, change):
    campaign = {**VALID_CAMPAIGN, **change}
    assert list(validator.iter_errors({"campaigns": [campaign]})), change


@pytest.mark.parametrize(
    "document",
    [
        {"campaign": [VALID_CAMPAIGN]},
        {"campaigns": VALID_CAMPAIGN},
        {"campaigns": [{k: v for k, v in VALID_CAMPAIGN.items() if k != "plan"}]},
    ],
)
def test_structural_mistakes_are_rejected(validator, document):
    assert list(validator.iter_errors(document))


def test_custom_types_and_fields_are_exported():
    settings = parse_settings(
        {
            "types": {
                "initiative": {
                    "prefix": "INI",
                    "fields": {
                        "supports": {"kind": "links", "to": "objective"},
                        "code": {"kind": "text", "required": True},
                    },
                }
            },
            "fields": {"campaign": {"region": {"kind": "enum", "values": ["emea", "amer"]}}},
        }
    )
    schema = content_schema(settings.schema)
    DRAFT.check_schema(schema)
    v = DRAFT(schema)
    assert (
        list(v.iter_errors({"initiatives": [{"id": "INI-X", "title": "x", "code": "c", "supports": ["OBJ-A"]}]})) == []
    )
    assert list(v.iter_errors({"initiatives": [{"id": "INI-X", "title": "x"}]}))
    assert list(v.iter_errors({"campaigns": [{**VALID_CAMPAIGN, "region": "emea"}]})) == []
    assert list(v.iter_errors({"campaigns": [{**VALID_CAMPAIGN, "region": "mars"}]}))


def test_every_field_of_every_type_is_in_the_schema(schema):
    settings = parse_settings({})
    for t in settings.schema.types.values():
        props = schema["definitions"][t.name]["properties"]
        assert set(t.fields) - {"type"} <= set(props), t.name
        assert schema["properties"][t.plural]["items"] == {"$ref": f"#/definitions/{t.name}"}
