"""``goldenthread export``: versioned JSON valid against its schema, a neutralised CSV, and both on the site."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from goldenthread.cli import main
from goldenthread.core.config import parse_settings
from goldenthread.review.export import EXPORT_SCHEMA, TRACE_COLUMNS, neutralise
from goldenthread.review.schema_export import content_schema
from wikis import TODAY, VALID_WIKI

REPO = Path(__file__).resolve().parents[2]


def _export(capsys: pytest.CaptureFixture[str], content: Path, out: Path, *extra: str) -> tuple[dict, list[list[str]]]:
    code = main(["export", str(content), "-o", str(out), "--today", TODAY, *extra])
    _, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads((out / "goldenthread.json").read_text(encoding="utf-8"))
    with (out / "traceability.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return data, rows


def _validate(data: dict) -> None:
    Draft7Validator.check_schema(EXPORT_SCHEMA)
    errors = sorted(Draft7Validator(EXPORT_SCHEMA).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory without mkdocs.yml (default options) holding the clean fixture wiki."""
    monkeypatch.chdir(tmp_path)
    for rel, text in VALID_WIKI.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path / "content"


def test_round_trip_against_the_schema(project, tmp_path, capsys):
    data, _ = _export(capsys, project, tmp_path / "out")
    _validate(data)
    assert data["version"] == 1
    assert data["generator"].startswith("goldenthread ")
    assert [i["id"] for i in data["items"]] == sorted(i["id"] for i in data["items"])
    campaign = next(i for i in data["items"] if i["id"] == "CMP-ONE")
    assert campaign == {
        "id": "CMP-ONE",
        "type": "campaign",
        "layer": "plan",
        "title": "Campaign one",
        "file": "plan.yml",
        "line": campaign["line"],
        "form": "yaml",
        "description": "",
        "fields": {"plan": "PLAN-2027", "supports": ["OBJ-GROW"], "start": "2027-02-01", "end": "2027-03-31"},
        "links": [
            {"field": "plan", "target": "PLAN-2027", "weight": None},
            {"field": "supports[0]", "target": "OBJ-GROW", "weight": None},
        ],
        "objectives": ["OBJ-GROW"],
    }
    tactic = next(i for i in data["items"] if i["id"] == "TAC-ONE")
    assert tactic["objectives"] == ["OBJ-GROW"]  # through its campaign
    objective = next(i for i in data["items"] if i["id"] == "OBJ-GROW")
    assert "objectives" not in objective
    assert objective["links"] == [{"field": "targets[0].kpi", "target": "KPI-SQL", "weight": None}]
    # no problems: only the feedback signals the valid wiki raises on TODAY (info)
    assert [(d["code"], d["severity"], d["item"]) for d in data["diagnostics"]] == [
        ("GT183", "info", "CMP-ONE"),
        ("GT184", "info", "OBJ-GROW"),
    ]


def test_the_example_wiki_round_trips(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    data, rows = _export(capsys, REPO / "content", tmp_path / "out")
    _validate(data)
    ids = {i["id"] for i in data["items"]}
    assert len(ids) == len(data["items"]) > 40
    # every link target in the export is an exported item (the example has no broken links)
    assert all(link["target"] in ids for i in data["items"] for link in i["links"])
    weighted = [link for i in data["items"] for link in i["links"] if link["weight"] is not None]
    assert weighted, "the example weights some supports links"
    partner = next(i for i in data["items"] if i["id"] == "CMP-Q4-PARTNER-PILOT")
    assert {ln["target"]: ln.get("note") for ln in partner["links"] if ln["field"].startswith("supports")} == {
        "OBJ-CAC": "partner-sourced leads should cost less than paid search",
        "OBJ-PIPELINE": "workshops reach controllers we cannot reach with ads",
    }
    assert rows[0] == list(TRACE_COLUMNS)
    assert {r[0] for r in rows[1:]} == {i["id"] for i in data["items"] if i["type"] in ("campaign", "tactic")}


def test_export_is_deterministic(project, tmp_path, capsys):
    _export(capsys, project, tmp_path / "a")
    _export(capsys, project, tmp_path / "b")
    for name in ("goldenthread.json", "traceability.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_content_errors_are_exported_not_fatal(project, tmp_path, capsys):
    plan = project / "plan.yml"
    plan.write_text(
        plan.read_text(encoding="utf-8").replace("supports: [OBJ-GROW]", "supports: [OBJ-NOPE]"), encoding="utf-8"
    )
    data, _ = _export(capsys, project, tmp_path / "out")
    _validate(data)
    codes = {d["code"] for d in data["diagnostics"]}
    assert codes, "an unknown target is reported"
    assert all(d["file"] == "plan.yml" for d in data["diagnostics"] if d["item"] == "CMP-ONE")


def test_schema_option_prints_the_export_schema(capsys):
    assert main(["export", "--schema"]) == 0
    out, _ = capsys.readouterr()
    assert json.loads(out) == EXPORT_SCHEMA


def test_missing_folder_exits_2(tmp_path, capsys):
    assert main(["export", str(tmp_path / "nope"), "-o", str(tmp_path)]) == 2


# -- CSV injection -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cell, expected",
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Plain title", "Plain title"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_csv_cells_that_would_run_as_formulas_are_neutralised(project, tmp_path, capsys):
    plan = project / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    text = text.replace("title: Campaign one", 'title: \'=HYPERLINK("http://evil.example","x")\'')
    text = text.replace("title: Tactic one", "title: '@SUM(1+1)'")
    text = text.replace("    channel: email", "    channel: email\n    owner: '@dana'")
    plan.write_text(text, encoding="utf-8")
    _, rows = _export(capsys, project, tmp_path / "out")
    by_id = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert by_id["CMP-ONE"]["title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert by_id["TAC-ONE"]["title"] == "'@SUM(1+1)"
    assert by_id["TAC-ONE"]["owner"] == "'@dana"
    assert by_id["TAC-ONE"]["campaign"] == "CMP-ONE"
    assert by_id["CMP-ONE"]["objectives"] == "OBJ-GROW"
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    # the raw file is UTF-8 with a BOM (Excel) and CRLF rows (RFC 4180)
    raw = (tmp_path / "out" / "traceability.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfid,title,") and b"\r\n" in raw
    assert next(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))) == list(TRACE_COLUMNS)


# -- published with the site ---------------------------------------------------------------------
def test_site_publishes_the_export_and_the_content_schema(tmp_path_factory):
    from site_helpers import example_site

    site = example_site(tmp_path_factory)
    data = json.loads((site.site_dir / "goldenthread.json").read_text(encoding="utf-8"))
    _validate(data)
    assert len(data["items"]) > 40
    schema = json.loads((site.site_dir / "goldenthread.schema.json").read_text(encoding="utf-8"))
    from goldenthread.core.config import read_project_config

    options = read_project_config(site.config_file).options
    assert schema == content_schema(parse_settings(options).schema)
    assert json.loads((site.site_dir / "goldenthread.export.schema.json").read_text(encoding="utf-8")) == EXPORT_SCHEMA
