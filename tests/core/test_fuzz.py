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
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goldenthread.analysis import Analysis, analyse
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
