"""Property-based tests: whatever is in content/, ``analyse`` returns diagnostics or success.

It never raises, every diagnostic points into a file that exists at a line that exists, and
the diagnostics render in every output format. Three generators feed it: arbitrary text and
bytes, YAML-like text built from a grammar (keys, scalars, indentation, ``- ``, ``:``,
quotes, anchors and aliases, tags, block scalars, front matter), and well-formed YAML dumped
from generated item dictionaries.

``GOLDENTHREAD_FUZZ_EXAMPLES`` sets the number of examples per test (default 200;
``make fuzz`` runs 10,000).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.analysis import Analysis, analyse
from goldenthread.core.bounds import MAX_NUMBER
from goldenthread.core.config import parse_settings
from goldenthread.core.diagnostic_text import as_github, as_json, as_text
from goldenthread.core.diagnostics import RULES, Severity
from goldenthread.core.schema import BUILTIN_TYPES
from wikis import TODAY, VALID_WIKI

EXAMPLES = int(os.environ.get("GOLDENTHREAD_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = parse_settings({"today": TODAY})


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


def analyse_files(workdir: Path, files: dict[str, str | bytes]) -> tuple[Analysis, dict[str, bytes]]:
    """Write ``files`` beside the clean base wiki in a fresh folder and analyse it; check invariants."""
    root = Path(tempfile.mkdtemp(dir=workdir))
    docs = root / "content"
    written: dict[str, bytes] = {}
    try:
        for rel, content in {**VALID_WIKI, **files}.items():
            data = content if isinstance(content, bytes) else content.encode("utf-8", "surrogatepass")
            path = docs / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written[f"content/{rel}"] = data
        result = analyse(docs, SETTINGS, label_root=root)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    check_invariants(result, written)
    return result, written


def check_invariants(result: Analysis, files: dict[str, bytes]) -> None:
    for d in result.diagnostics:
        assert d.code in RULES, d
        assert d.severity in (Severity.INFO, Severity.WARNING, Severity.ERROR), d
        assert d.file in files, d
        data = files[d.file]
        max_line = data.count(b"\n") + data.count(b"\r") + 1
        assert 1 <= d.line <= max_line, d
        assert 1 <= d.column <= max(len(line) for line in data.replace(b"\r", b"\n").split(b"\n")) + 2, d
        assert d.message.strip(), d
        for file, line, column in d.related:
            assert file in files and line >= 1 and column >= 1, d
    for item in result.model.items.values():
        assert item.pos.file in files
        for ref in item.references:
            assert ref.pos.file in files and ref.pos.line >= 1 and ref.pos.column >= 1
    # every output format renders
    as_text(result.diagnostics)
    as_github(result.diagnostics)
    assert json.loads(as_json(result.diagnostics, len(files), len(result.model.items)))["version"] == 1


# --------------------------------------------------------------------------- arbitrary text and bytes


@FUZZ
@given(text=st.text(), data=st.binary())
def test_arbitrary_text_and_bytes(workdir, text, data):
    analyse_files(workdir, {"fuzz.yml": text, "fuzz.md": text, "bytes.yaml": data, "bytes.md": data})


@FUZZ
@given(text=st.text(alphabet=st.characters(codec="utf-8")))
def test_arbitrary_text_after_a_plural_key_and_in_front_matter(workdir, text):
    analyse_files(
        workdir,
        {
            "fuzz.yml": "campaigns:\n  - id: CMP-FUZZ\n    " + text,
            "fuzz.md": "---\nid: OBJ-FUZZ\ntype: objective\n" + text + "\n---\n" + text,
        },
    )


# --------------------------------------------------------------------------- YAML-like text from a grammar

FIELD_NAMES = sorted(
    {name for t in BUILTIN_TYPES for name in t.fields}
    | {sub.name for t in BUILTIN_TYPES for f in t.fields.values() for sub in f.fields}
)
PLURALS = [t.plural for t in BUILTIN_TYPES]
TYPE_NAMES = [t.name for t in BUILTIN_TYPES]
IDS = [
    "OBJ-GROW",
    "KPI-SQL",
    "KPI-MQL",
    "PLAN-2027",
    "CMP-ONE",
    "TAC-ONE",
    "OBJ-G0W",
    "CMP-FUZZ",
    "obj-lower",
    "\u041eBJ-GROW",
    "AUD-X",
    "VP-X",
    "POS-X",
    "COMP-X",
    "REV-X",
    "FAQ-X",
    "OBJ-",
    "-",
    "123",
]
SCALARS = [
    *IDS,
    "2027-01-01",
    "2027-02-30",
    "2027-13-01",
    "next week",
    "10k",
    "-5",
    "1e3",
    "0x1F",
    "010",
    "1_000",
    "12:30:00",
    ".inf",
    ".nan",
    "yes",
    "no",
    "on",
    "off",
    "true",
    "~",
    "null",
    "",
    '"quoted"',
    "'single'",
    '"unterminated',
    "'it''s'",
    '"\\x00\\t"',
    "@dana",
    '"@dana"',
    "[OBJ-GROW]",
    "[OBJ-GROW, CMP-ONE]",
    "{id: OBJ-GROW, weight: 2}",
    "{start: 2027-01-01, end: 2026-01-01}",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a",
    "&b x",
    "*a",
    "*b",
    "*undefined",
    "!!python/object:os.system",
    "!!python/name:os.system",
    "!!str",
    "!!int",
    "!!binary",
    "!!timestamp",
    "!custom",
    "!",
    "|",
    "|-",
    ">",
    ">+2",
    "[[OBJ-GROW]]",
    "[[NOPE-X]]",
    "`[[X]]`",
    "```",
    "#",
    "# comment",
    "---",
    "...",
    "%YAML 1.1",
    "<<",
    "?",
    ":",
    "-",
    "\t",
    "\ufeff",
    "\u2028",
    "é",
    "😀",
]
KEYS = [
    *FIELD_NAMES,
    *PLURALS,
    "<<",
    "? x",
    "'quoted key'",
    '"dq"',
    "1",
    "~",
    "[a]",
    "{a: b}",
    "*a",
    "&k key",
    "",
]


@st.composite
def yaml_like(draw: st.DrawFn) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(draw(st.sampled_from(PLURALS)) + ":")
    for _ in range(draw(st.integers(0, 25))):
        indent = draw(st.sampled_from(["", "  ", "    ", "      ", "        ", " ", "\t", "  \t"]))
        prefix = draw(st.sampled_from(["", "", "- ", "- - ", "? ", ": "]))
        key = draw(st.sampled_from(KEYS) | st.text(max_size=6))
        sep = draw(st.sampled_from([": ", ": ", ":", "", " : ", ":\t"]))
        values = draw(st.lists(st.sampled_from(SCALARS) | st.text(max_size=8), max_size=3))
        lines.append(indent + prefix + key + sep + " ".join(values))
    newline = draw(st.sampled_from(["\n", "\n", "\r\n", "\r"]))
    return newline.join(lines) + draw(st.sampled_from(["", newline]))


@FUZZ
@given(text=yaml_like(), body=st.sampled_from(["", "Body [[OBJ-GROW]] and [[NOPE-X]].\n", "```\n[[X]]\n"]))
def test_yaml_like_text(workdir, text, body):
    analyse_files(workdir, {"fuzz.yml": text, "fuzz.md": "---\n" + text + "\n---\n" + body})


@FUZZ
@given(text=yaml_like(), item_type=st.sampled_from(TYPE_NAMES))
def test_yaml_like_front_matter_of_an_item(workdir, text, item_type):
    prefix = next(t.prefix for t in BUILTIN_TYPES if t.name == item_type)
    analyse_files(workdir, {"item.md": f"---\nid: {prefix}-FUZZ\ntype: {item_type}\n{text}\n---\nBody\n"})


# ------------------------------------------------------------- well-formed YAML from generated items

ID_SUFFIX = st.from_regex(r"[A-Z0-9]{1,6}", fullmatch=True)
SCALAR_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**12)
    | st.floats(allow_nan=False)
    | st.text(max_size=20)
    | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
    | st.sampled_from(IDS)
    | st.sampled_from(["@dana", "active", "up", "quarterly", "monthly-plan", "2027-Q1", "[[OBJ-GROW]]"])
)
VALUES = st.recursive(
    SCALAR_VALUES,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.sampled_from([*FIELD_NAMES, "weight", "note"]) | st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def item_dict(draw: st.DrawFn, prefix: str) -> dict[str, Any]:
    item = draw(st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), VALUES, max_size=8))
    item["id"] = f"{prefix}-{draw(ID_SUFFIX)}"
    return item


@st.composite
def data_file(draw: st.DrawFn) -> dict[str, list[dict[str, Any]]]:
    doc = {}
    for spec in draw(st.lists(st.sampled_from(BUILTIN_TYPES), min_size=1, max_size=3, unique_by=lambda t: t.name)):
        doc[spec.plural] = draw(st.lists(item_dict(spec.prefix), max_size=4))
    return doc


@FUZZ
@given(doc=data_file(), unicode=st.booleans(), flow=st.sampled_from([None, False, True]))
def test_structured_yaml_items(workdir, doc, unicode, flow):
    text = yaml.safe_dump(doc, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    result, _ = analyse_files(workdir, {"fuzz.yml": text})
    # well-formed YAML is never reported as unparseable, unsafe, duplicated or binary
    bad = [d for d in result.diagnostics if d.code in ("GT010", "GT011", "GT012", "GT016")]
    assert bad == [], text
    # an item with a well-formed ID is loaded, unless its ID is taken by another item
    duplicates = {d.item for d in result.diagnostics if d.code == "GT004"}
    for plural, items in doc.items():
        spec = next(t for t in BUILTIN_TYPES if t.plural == plural)
        for entry in items:
            item = result.model.items.get(entry["id"])
            assert item is not None, (entry, text)
            assert item.type == spec.name or entry["id"] in duplicates


@FUZZ
@given(item=st.sampled_from(BUILTIN_TYPES).flatmap(lambda t: st.tuples(st.just(t), item_dict(t.prefix))))
def test_structured_front_matter_items(workdir, item):
    spec, fields = item
    text = yaml.safe_dump({**fields, "type": spec.name}, allow_unicode=True, sort_keys=False)
    result, _ = analyse_files(workdir, {"fuzz/page.md": f"---\n{text}---\nBody [[{fields['id']}]]\n"})
    assert not [d for d in result.diagnostics if d.code in ("GT010", "GT011", "GT012", "GT016")], text
    assert fields["id"] in result.model.items


# ------------------------------------------- the fast YAML path builds exactly what the careful one does


def same_tree_or_unusual(text: str, line_offset: int = 0) -> bool:
    """Whether the event-built tree equals the composed one; False when the fast path declines."""
    from goldenthread.core.diagnostics import Reporter
    from goldenthread.core.source import _YAML_ONLY_BREAKS, _build_plain, _compose, _Unusual

    if any(ch in text for ch in _YAML_ONLY_BREAKS):
        return False  # parse_yaml sends text with YAML-only line breaks to the careful path
    try:
        fast = _build_plain(text, line_offset)
    except _Unusual:
        return False
    report = Reporter()
    careful = _compose(text, "f.yml", report, line_offset)
    assert fast == careful, text
    assert report.items == [], (text, report.items)  # accepted text needs no diagnostic
    return True


@FUZZ
@given(text=yaml_like(), offset=st.sampled_from([0, 1, 7]))
def test_fast_yaml_path_equals_composing_on_yaml_like_text(text, offset):
    same_tree_or_unusual(text.replace("\r\n", "\n").replace("\r", "\n"), offset)


@FUZZ
@given(doc=data_file() | VALUES, unicode=st.booleans(), flow=st.sampled_from([None, False, True]))
def test_fast_yaml_path_equals_composing_on_well_formed_yaml(doc, unicode, flow):
    text = yaml.safe_dump(doc, allow_unicode=unicode, default_flow_style=flow, sort_keys=False)
    if any(ch in text for ch in "\x85\u2028\u2029"):
        return  # parse_yaml sends text with YAML-only line breaks to the careful path
    assert same_tree_or_unusual(text), text  # plain data without anchors is always taken


def test_text_with_yaml_only_line_breaks_goes_the_careful_way():
    from goldenthread.core.diagnostics import Reporter
    from goldenthread.core.source import _compose, parse_yaml

    # libyaml counts NEL as a line break, editors do not: only the careful path maps the lines
    text = "\x850: x\nb: y\n"
    assert parse_yaml(text, "f.yml", Reporter()) == _compose(text, "f.yml", Reporter())


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n",  # anchors and aliases
        "a: !!str 1\n",  # tags
        "a: 1\na: 2\n",  # duplicate keys
        "base: {a: 1}\nother:\n  <<: {b: 2}\n",  # merge keys
        "? [a]\n: 1\n",  # a key that is not text
        "a: 1\n---\nb: 2\n",  # a second document
        "a: [\n",  # a syntax error
        "a: " + "[" * 70 + "]" * 70 + "\n",  # nesting deeper than MAX_DEPTH
        "a: " + "x" * 100_001 + "\n",  # an over-long value
    ],
)
def test_fast_yaml_path_leaves_the_unusual_to_composing(text):
    assert not same_tree_or_unusual(text)


# ----------------------------------------- hostile numbers and dates, as YAML text, end to end

#: Numbers as a stakeholder (or an attacker) might type them: huge integers, every YAML and
#: Python spelling of infinity and not-a-number, exponents near and beyond a float's range.
NUMBER_TEXT = st.one_of(
    st.integers(min_value=-(10**450), max_value=10**450).map(str),
    st.sampled_from(
        [
            ".inf",
            "-.inf",
            "+.inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            "nan",
            "inf",
            "Infinity",
            "-Infinity",
            "NaN",
            "1e999",
            "-1e999",
            "1e308",
            "1.7976931348623157e308",
            "4.9e-324",
            "1e15",
            "1000000000000000",
            "1000000000000001",
            "-1000000000000001",
            "1_000_000_000_000_000_000",
            "0x" + "f" * 300,
            "0" + "9" * 5000,
            "1" + "0" * 400,
            "1" + "0" * 308,
            "0." + "0" * 400 + "1",
            "9" * 5000,
        ]
    ),
    st.floats().map(repr),
    st.builds(lambda m, e: f"{m}e{e}", st.integers(-(10**6), 10**6), st.integers(-400, 400)),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
#: Dates from year 1 to 9999, the window's edges, and the impossible ones around them.
DATE_TEXT = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01", "2200-12-31", "2201-01-01", "0000-01-01"]),
)
#: Periods (months, quarters, years, days) of any year 0–9999.
PERIOD_TEXT = st.one_of(
    st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(0, 9999), st.integers(1, 12)),
    st.builds(lambda y, q: f"{y:04d}-Q{q}", st.integers(0, 9999), st.integers(1, 4)),
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    DATE_TEXT,
)


def hostile_wiki(n: list[str], d: list[str], p: list[str]) -> dict[str, str]:
    """Every number field, date field and period the content has, filled from ``n``, ``d``, ``p``."""
    return {
        "hostile.yml": f"""\
plans:
  - id: PLAN-H
    title: Hostile plan
    period: {{start: {d[0]}, end: {d[1]}}}
    currency: USD
    budget: {n[0]}
campaigns:
  - id: CMP-H
    title: Hostile campaign
    plan: PLAN-H
    supports: [{{id: OBJ-GROW, weight: {n[1]}}}, {{id: OBJ-H, weight: {n[2]}}}]
    start: {d[2]}
    end: {d[3]}
    budget:
      - {{channel: events, amount: {n[3]}, period: {p[0]}}}
      - {{channel: email, amount: {n[4]}}}
    spend:
      - {{period: {p[1]}, amount: {n[5]}}}
    milestones:
      - {{title: Launch, date: {d[4]}}}
    kpi_targets:
      - {{kpi: KPI-SQL, target: {n[6]}}}
tactics:
  - id: TAC-H
    title: Hostile tactic
    campaign: CMP-H
    channel: email
    budget: {n[7]}
objectives:
  - id: OBJ-H
    title: Hostile objective
    review_cadence: monthly
    last_reviewed: {d[5]}
    targets:
      - {{kpi: KPI-SQL, target: {n[8]}}}
kpis:
  - id: KPI-H
    title: Hostile KPI
    unit: count
    direction: up
    baseline: {n[9]}
    actuals:
      - {{period: {p[2]}, value: {n[10]}}}
""",
        "page.md": f'---\nowner: "@dana"\nlast_reviewed: {d[6]}\nreview_cadence: quarterly\n---\n# Page\n',
        "actuals.csv": f"kind,id,period,value\nspend,CMP-ONE,{p[3]},{n[11]}\nkpi,KPI-SQL,{p[4]},{n[12]}\n"
        f"spend,CMP-H,{p[5]},{n[13]}\n",
    }


def render_everything(result: Analysis) -> None:
    """Every generated page, the pages' augmentation and the site's data files, as a build makes them."""
    from goldenthread.review.export import site_files
    from goldenthread.views.pages import Pages
    from goldenthread.views.wiki import Options, Wiki

    pages = Pages(Wiki.build(result, Options()))
    for page in pages.all():
        pages.blocks.restore(page.content)
    for src in result.model.pages:
        pages.augment(result.model.src_path(src), "# Page\n")
    site_files(result)


HOSTILE = settings(max_examples=max(EXAMPLES // 2, 20), deadline=None, suppress_health_check=list(HealthCheck))


@HOSTILE
@given(
    n=st.lists(NUMBER_TEXT, min_size=14, max_size=14),
    d=st.lists(DATE_TEXT, min_size=7, max_size=7),
    p=st.lists(PERIOD_TEXT, min_size=6, max_size=6),
)
def test_hostile_numbers_and_dates_never_raise(workdir, n, d, p):
    """Whatever numbers and dates the content holds, loading, validating and rendering every page
    ends in diagnostics, never an exception; and what loads is inside the bounds."""
    root = Path(tempfile.mkdtemp(dir=workdir))
    try:
        docs = root / "content"
        for rel, text in {**VALID_WIKI, **hostile_wiki(n, d, p)}.items():
            (docs / rel).parent.mkdir(parents=True, exist_ok=True)
            (docs / rel).write_text(text, encoding="utf-8")
        result = analyse(docs, SETTINGS, label_root=root)
        render_everything(result)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    window = SETTINGS.date_window
    for item in result.model.items.values():
        for value in _leaves(item.values):
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                assert math.isfinite(value) and abs(value) <= MAX_NUMBER, (item.id, value)
            if isinstance(value, dt.date):
                assert window.has(value), (item.id, value)
    for row in result.actuals.rows:
        assert math.isfinite(row.value) and abs(row.value) <= MAX_NUMBER, row
        assert window.has(row.period.start) and window.has(row.period.end), row


def _leaves(value: object) -> list[object]:
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    if isinstance(value, list):
        return [leaf for v in value for leaf in _leaves(v)]
    return [value]


@FUZZ
@given(number=NUMBER_TEXT)
def test_a_number_out_of_range_is_a_diagnostic_at_its_position(workdir, number):
    """A plan budget either loads as a finite amount of at most 10^15, or is reported at line 7."""
    files = {"b.yml": _hostile_plan(number)}
    result, _ = analyse_files(workdir, files)
    budget = result.model.items["PLAN-B"].values.get("budget")
    if budget is None:
        assert any((d.file, d.line) == ("content/b.yml", 7) for d in result.diagnostics), number
    else:
        assert math.isfinite(budget) and 0 <= budget <= MAX_NUMBER, number


@FUZZ
@given(day=DATE_TEXT)
def test_a_date_out_of_the_window_is_a_diagnostic_at_its_position(workdir, day):
    """A campaign start either loads inside 1900–2200, or is reported at its line (GT151 when it is
    a real date outside the window)."""
    files = {"c.yml": _hostile_plan("1000") + _hostile_campaign(day)}
    result, _ = analyse_files(workdir, files)
    start = result.model.items["CMP-B"].values.get("start")
    at_start = [d for d in result.diagnostics if (d.file, d.line) == ("content/c.yml", 13)]
    if start is None:
        assert at_start, day
        real = dt.date.fromisoformat(day) if re.match(r"^\d{4}-\d{2}-\d{2}$", day) and day[:4] != "0000" else None
        if real is not None:
            assert [d.code for d in at_start] == ["GT151"], at_start
    else:
        assert SETTINGS.date_window.has(start), day


def _hostile_plan(budget: str) -> str:
    return (
        "plans:\n  - id: PLAN-B\n    title: B\n    period: {start: 2027-01-01, end: 2027-12-31}\n"
        f'    currency: USD\n    owner: "@dana"\n    budget: {budget}\n'
    )


def _hostile_campaign(start: str) -> str:
    return (
        "campaigns:\n  - id: CMP-B\n    title: B\n    plan: PLAN-B\n    supports: [OBJ-GROW]\n"
        f"    start: {start}\n    end: 2200-12-31\n"
    )
