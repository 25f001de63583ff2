"""The loader: Markdown and YAML items, exact positions, and hostile or broken input.

Every test asserts the exact (code, file, line, column) of what it expects, and that nothing
else is reported, so a shifted position or a spurious extra diagnostic fails the test.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from textwrap import dedent

import pytest

from goldenthread.core import source
from goldenthread.core.config import parse_settings
from goldenthread.core.diagnostics import Reporter
from goldenthread.core.load import ParseCache, discover, load

C = "content/"


def only(result, *expected):
    """Assert the diagnostics are exactly ``expected`` (code, file, line, column) tuples."""
    assert result.where() == set(expected), result.dump()


# --------------------------------------------------------------------------- Markdown items

OBJECTIVE_PAGE = """\
---
id: OBJ-PAGE
type: objective
title: A page objective
owner: "@dana"
status: active
hide: [toc]
targets:
  - {kpi: KPI-SQL, baseline: 10, target: 20, by: 2027-12-31}
---
# Heading

Body text that is the description, linking [[KPI-SQL]].
"""


def test_markdown_front_matter_declares_one_item_with_body_as_description(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, "strategy/page.md": OBJECTIVE_PAGE})
    r = check(docs, rules={"GT101": "off"})
    only(r)
    item = r.items["OBJ-PAGE"]
    assert item.type == "objective"
    assert item.form == "markdown"
    assert item.title == "A page objective"
    assert item.owner == "@dana"
    assert item.description == "# Heading\n\nBody text that is the description, linking [[KPI-SQL]].\n"
    assert item.description_line == 11
    assert item.values["targets"] == [{"kpi": "KPI-SQL", "baseline": 10, "target": 20, "by": dt.date(2027, 12, 31)}]
    # positions are file lines: the opening '---' is line 1
    assert (item.pos.file, item.pos.line, item.pos.column) == ("content/strategy/page.md", 2, 5)
    assert (item.pos_of("owner").line, item.pos_of("owner").column) == (5, 8)
    assert (item.pos_of("targets[0].target").line, item.pos_of("targets[0].target").column) == (9, 42)
    # the body's reference is positioned in the file, below the front matter
    [ref] = item.references
    assert (ref.target, ref.pos.line, ref.pos.column) == ("KPI-SQL", 13, 44)
    assert r.analysis.model.pages["content/strategy/page.md"].item_id == "OBJ-PAGE"


def test_markdown_positions_account_for_front_matter_offset(write_content, check, valid_wiki):
    page = dedent("""\
        ---
        id: OBJ-OFFSET
        type: objective
        title: Offsets
        status: retired
        owner: dana
        ---
        First body line [[OBJ-NOWHERE]].
        """)
    r = check(write_content({**valid_wiki, "o.md": page}))
    only(r, ("GT006", C + "o.md", 6, 8), ("GT018", C + "o.md", 8, 17))


def test_markdown_without_front_matter_is_a_page_not_an_item(write_content, check, valid_wiki):
    docs = write_content(
        {
            **valid_wiki,
            "index.md": "# Welcome\n\nSee [[OBJ-GROW]].\n",
            "about.md": "---\ntitle: About us\n---\nText\n",
        }
    )
    r = check(docs)
    only(r)
    pages = r.analysis.model.pages
    assert pages["content/index.md"].item_id is None
    assert [ref.target for ref in pages["content/index.md"].references] == ["OBJ-GROW"]
    assert pages["content/about.md"].title == "About us"
    assert set(r.items) == {"OBJ-GROW", "KPI-SQL", "KPI-MQL", "PLAN-2027", "CMP-ONE", "TAC-ONE"}


def test_markdown_type_inferred_from_prefix_and_unknown_type(write_content, check, valid_wiki):
    docs = write_content(
        {
            **valid_wiki,
            "a.md": "---\nid: KPI-INFERRED\ntitle: Inferred\nunit: '%'\ndirection: down\n---\n",
            "b.md": "---\nid: OBJ-B\ntype: objectiv\ntitle: b\n---\n",
            "c.md": "---\nid: ZZZ-C\ntitle: c\n---\n",
            "d.md": "---\n- a list\n---\n",
        }
    )
    r = check(docs)
    only(r, ("GT014", C + "b.md", 3, 7), ("GT005", C + "c.md", 2, 1), ("GT014", C + "d.md", 2, 1))
    assert r.items["KPI-INFERRED"].type == "kpi"
    assert "did you mean 'objective'?" in {d.hint for d in r.of("GT014")}


# --------------------------------------------------------------------------- YAML data files

DATA_FILE = """\
# Items of several types in one file, under plural keys
objectives:
  - id: OBJ-DATA
    title: Data objective
    status: retired
    description: |
      Line one.
      Line two with [[KPI-SQL]].
audiences:
  - id: AUD-DATA
    title: Data audience
    behaviours: [compares vendors, asks peers]
    size: 1200
value_propositions:
  - id: VP-DATA
    title: Faster close
    audience: AUD-DATA
    benefit: Close the books 3 days faster
    proof: ["12 customers: 3 days faster"]
"""


def test_yaml_data_file_holds_many_items_under_plural_keys(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, "strategy/data.yaml": DATA_FILE})
    r = check(docs)
    only(r)
    obj, aud, vp = r.items["OBJ-DATA"], r.items["AUD-DATA"], r.items["VP-DATA"]
    assert (obj.type, aud.type, vp.type) == ("objective", "audience", "value_proposition")
    assert obj.form == "yaml"
    assert obj.description == "Line one.\nLine two with [[KPI-SQL]].\n"
    assert aud.values["behaviours"] == ["compares vendors", "asks peers"]
    assert aud.values["size"] == 1200
    assert (vp.pos.line, vp.pos.column) == (15, 9)
    assert (vp.pos_of("audience").line, vp.pos_of("audience").column) == (17, 15)
    [ref] = obj.references
    assert (ref.pos.file, ref.pos.line, ref.pos.column) == (C + "strategy/data.yaml", 8, 21)
    assert [(ln.source, ln.field, ln.target) for ln in vp.links] == [("VP-DATA", "audience", "AUD-DATA")]


@pytest.mark.parametrize("name", ["notes.txt", ".hidden.yml", "_draft.yml", "_partials/x.yml", ".git/x.yml"])
def test_discovery_skips_hidden_underscored_and_other_files(write_content, check, valid_wiki, name):
    docs = write_content({**valid_wiki, name: "objectives: [1, 2"})
    only(check(docs))


def test_exclude_setting_and_stable_order(write_content, valid_wiki):
    docs = write_content({**valid_wiki, "drafts/a.yml": "x", "b.md": "", "a/z.yaml": "", "a.markdown": ""})
    settings = parse_settings({"exclude": ["drafts/*"]})
    found = [p.relative_to(docs).as_posix() for p in discover(docs, settings)]
    assert found == ["a.markdown", "b.md", "plan.yml", "strategy.yml", "a/z.yaml"]


def test_symlink_out_of_content_is_not_followed(write_content, check, valid_wiki, tmp_path):
    outside = tmp_path / "secret.yml"
    outside.write_text("objectives: [broken")
    docs = write_content(valid_wiki)
    (docs / "link.yml").symlink_to(outside)
    # never read, never published; the author is told why their file is ignored
    only(check(docs), ("GT140", C + "link.yml", 1, 1))


def test_parse_cache_reparses_only_changed_files(write_content, valid_wiki):
    docs = write_content(valid_wiki)
    settings = parse_settings({})
    cache = ParseCache()
    load(docs, settings, Reporter(), cache=cache)
    assert (cache.hits, cache.misses) == (0, 2)
    load(docs, settings, Reporter(), cache=cache)
    assert (cache.hits, cache.misses) == (2, 2)
    path = docs / "plan.yml"
    path.write_text(path.read_text().replace("Plan 2027", "Plan for 2027"))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000))
    model = load(docs, settings, Reporter(), cache=cache)
    assert (cache.hits, cache.misses) == (3, 3)
    assert model.items["PLAN-2027"].title == "Plan for 2027"


def test_parse_cache_forgets_deleted_files(write_content, valid_wiki):
    docs = write_content(valid_wiki)
    settings = parse_settings({})
    cache = ParseCache()
    load(docs, settings, Reporter(), cache=cache)
    assert len(cache.entries) == 2
    (docs / "plan.yml").unlink()
    model = load(docs, settings, Reporter(), cache=cache)
    assert sorted(cache.entries) == sorted(model.files) and len(model.files) == 1


# --------------------------------------------------------------------------- encodings and bytes


def test_bom_is_ignored_and_positions_unchanged(write_content, check, valid_wiki):
    text = "campaign:\n  - id: CMP-X\n"
    docs = write_content(
        {
            **valid_wiki,
            "a.yml": "\ufeff" + text,
            "b.yml": text,
            "c.md": "\ufeff---\nid: OBJ-BOM\ntype: objective\ntitle: t\nstatus: retired\n---\n",
        }
    )
    r = check(docs)
    only(r, ("GT014", C + "a.yml", 1, 1), ("GT014", C + "b.yml", 1, 1))
    assert "OBJ-BOM" in r.items


def test_crlf_and_cr_line_endings_give_the_same_positions_and_values(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-CRLF
            title: Windows file
            status: retired
            owner: nobody
            description: |
              First line.
              Second [[OBJ-NONE]].
        """)
    docs = write_content(
        {
            **valid_wiki,
            "lf.yml": text.replace("CRLF", "LF"),
            "crlf.yml": text.replace("\n", "\r\n"),
            "cr.yml": text.replace("CRLF", "CR").replace("\n", "\r"),
        }
    )
    r = check(docs)
    expected = set()
    for name in ("lf", "crlf", "cr"):
        expected |= {("GT006", f"{C}{name}.yml", 5, 12), ("GT018", f"{C}{name}.yml", 8, 14)}
    assert r.where() == expected, r.dump()
    for item_id in ("OBJ-LF", "OBJ-CRLF", "OBJ-CR"):
        item = r.items[item_id]
        assert item.title == "Windows file"
        assert item.description == "First line.\nSecond [[OBJ-NONE]].\n"


def test_crlf_markdown_front_matter(write_content, check, valid_wiki):
    page = "---\nid: OBJ-CRLF\ntype: objective\ntitle: t\nstatus: retired\n---\n\nBody [[OBJ-X]]\n"
    page = page.replace("\n", "\r\n")
    r = check(write_content({**valid_wiki, "p.md": page}))
    only(r, ("GT018", C + "p.md", 8, 6))
    assert r.items["OBJ-CRLF"].description == "\nBody [[OBJ-X]]\n"


@pytest.mark.parametrize("text", ["", "\n\n", "   \n", "# only a comment\n", "---\n", "~\n", "objectives:\n"])
def test_empty_yaml_files_are_fine(write_content, check, valid_wiki, text):
    r = check(write_content({**valid_wiki, "empty.yml": text}))
    only(r)
    assert len(r.items) == 6


@pytest.mark.parametrize("text", ["", "\n", "---\n---\n", "---\n\n---\nbody\n", "---\n"])
def test_empty_markdown_files_are_fine(write_content, check, valid_wiki, text):
    only(check(write_content({**valid_wiki, "empty.md": text})))


def test_non_utf8_file_is_reported_at_the_bad_byte(write_content, check, valid_wiki):
    latin1 = "objectives:\n  - id: OBJ-X\n    title: Caf\xe9 strategy\n".encode("latin-1")
    r = check(write_content({**valid_wiki, "latin1.yml": latin1, "latin1.md": b"# Caf\xe9\n"}))
    only(r, ("GT012", C + "latin1.yml", 3, 15), ("GT012", C + "latin1.md", 1, 6))
    assert "0xe9" in r.of("GT012")[0].message
    assert "OBJ-X" not in r.items


def test_non_utf8_position_counts_cr_lines_and_characters(write_content, check, valid_wiki):
    docs = write_content(
        {
            **valid_wiki,
            "cr.yml": b"objectives:\r  - id: OBJ-X\r    title: Caf\xe9\r",
            "wide.md": "# caf\u00e9 \u2014 ".encode() + b"\xff\n",
            "nul.md": b"a\rb\r\nc\x00",
        }
    )
    only(check(docs), ("GT012", C + "cr.yml", 3, 15), ("GT012", C + "wide.md", 1, 10), ("GT012", C + "nul.md", 3, 1))


def test_utf16_file_is_reported(write_content, check, valid_wiki):
    data = "objectives:\n  - id: OBJ-X\n".encode("utf-16")
    r = check(write_content({**valid_wiki, "utf16.yml": data}))
    only(r, ("GT012", C + "utf16.yml", 1, 1))


@pytest.mark.parametrize(
    "data, line",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 3),
        (b"objectives:\n  - id: OBJ-X\x00\n", 2),
        (bytes(range(256)) * 4, 1),
    ],
)
def test_binary_and_nul_bytes_are_reported(write_content, check, valid_wiki, data, line):
    r = check(write_content({**valid_wiki, "image.yml": data, "image.md": data}))
    only(r, ("GT012", C + "image.yml", line, 1), ("GT012", C + "image.md", line, 1))
    assert "NUL" in r.of("GT012")[0].message


# --------------------------------------------------------------------------- tabs and syntax


def test_tab_indentation_is_a_syntax_error_with_a_tab_hint(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "tabs.yml": "objectives:\n\t- id: OBJ-T\n\t  title: t\n"}))
    only(r, ("GT010", C + "tabs.yml", 2, 1), ("GT107", C + "tabs.yml", 2, 1))
    assert r.one("GT010").hint == "YAML does not allow tabs for indentation: use spaces"


def test_tab_after_spaces_in_block_scalar(write_content, check, valid_wiki):
    text = "objectives:\n  - id: OBJ-T\n    title: t\n    description: |\n      ok\n  \tbad\n"
    r = check(write_content({**valid_wiki, "tabs.yml": text}))
    only(r, ("GT010", C + "tabs.yml", 6, 3), ("GT107", C + "tabs.yml", 6, 3))
    assert "tab" in r.one("GT010").hint


def test_tabs_inside_values_are_fine(write_content, check, valid_wiki):
    text = 'objectives:\n  - id: OBJ-T\n    title: "a\tb"\n    status: retired\n    tags: [x,\ty]\n'
    r = check(write_content({**valid_wiki, "tabs.yml": text}))
    only(r)
    assert r.items["OBJ-T"].title == "a b"  # titles are one line: whitespace runs become a space


@pytest.mark.parametrize(
    "text, line, column",
    [
        ("objectives:\n  - id: OBJ-S\n    title: [unclosed\n", 4, 1),
        # points at the quote that is never closed, not at the end of the file
        ('objectives:\n  - id: OBJ-S\n    title: "unterminated\n', 3, 12),
        ("objectives:\n  - id: OBJ-S\n   title: bad indent\n", 3, 4),
        ("objectives:\n  - id: OBJ-S\n    title: a: b\n", 3, 13),
        ("a: 1\n---\nb: 2\n", 2, 1),
    ],
)
def test_yaml_syntax_errors_are_positioned(write_content, check, valid_wiki, text, line, column):
    r = check(write_content({**valid_wiki, "broken.yml": text}))
    only(r, ("GT010", C + "broken.yml", line, column))
    assert r.one("GT010").message.startswith("YAML syntax error: ")


def test_syntax_error_at_the_end_of_an_unterminated_last_line(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "a.yml": "objectives: [", "b.yml": "campaigns:\n  - id: CMP-B\n    0"}))
    # never a line past the end of the file
    only(r, ("GT010", C + "a.yml", 1, 14), ("GT010", C + "b.yml", 3, 6))


def test_unquoted_handle_gets_a_quoting_hint(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "h.yml": "objectives:\n  - id: OBJ-H\n    owner: @dana\n"}))
    only(r, ("GT010", C + "h.yml", 3, 12))
    assert r.one("GT010").hint == 'values starting with @ or ` must be quoted: owner: "@name"'


def test_yaml_only_line_breaks_do_not_shift_positions(write_content, check, valid_wiki):
    """NEL, LS and PS break lines for YAML 1.1 but not for editors: positions follow the editor."""
    text = (
        'objectives:\n  - id: OBJ-LS\n    title: "a\u2028 b"\n    status: retired\n    owner: dana\n'
        '    description: "x\x85 [[NOPE-Y]]"\n'
    )
    page = '---\nid: OBJ-PS\ntype: objective\ntitle: "t\u2029 u"\nstatus: retired\nowner: bob\n---\n'
    r = check(write_content({**valid_wiki, "ls.yml": text, "ps.md": page, "nel.yml": 'a: "\x85"\nb: [\n'}))
    only(
        r,
        ("GT006", C + "ls.yml", 5, 12),
        ("GT018", C + "ls.yml", 6, 22),
        ("GT006", C + "ps.md", 6, 8),
        ("GT010", C + "nel.yml", 3, 1),
    )
    assert r.items["OBJ-LS"].title == "a b"  # titles are one line, whatever the line break


def test_second_document_gets_its_own_hint(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "two.yml": "a: 1\n---\nb: 2\n"}))
    assert r.one("GT010").hint == "put one YAML document per file (remove the extra '---')"


def test_front_matter_syntax_error_is_positioned_in_the_file(write_content, check, valid_wiki):
    page = "---\nid: OBJ-F\ntype: objective\ntitle: a: b\n---\nbody\n"
    r = check(write_content({**valid_wiki, "f.md": page}))
    only(r, ("GT010", C + "f.md", 4, 9))


def test_one_broken_file_does_not_hide_the_others(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, "a.yml": "objectives: [", "b.yml": "campaigns:\n  - id: CMP-B\n"})
    r = check(docs)
    assert {d.file for d in r.diagnostics} == {C + "a.yml", C + "b.yml"}
    assert "GT010" in r.codes and "GT005" in r.codes


# --------------------------------------------------------------------------- duplicate keys


def test_duplicate_key_names_both_lines(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-DUP
            title: First title
            status: retired
            title: Second title
        """)
    r = check(write_content({**valid_wiki, "dup.yml": text}))
    only(r, ("GT011", C + "dup.yml", 5, 5))
    d = r.one("GT011")
    assert "'title'" in d.message and "line 3" in d.message
    assert d.related == ((C + "dup.yml", 3, 5),)
    # the first value is kept; the duplicate is not silently taken
    assert r.items["OBJ-DUP"].title == "First title"


def test_duplicate_keys_in_nested_mapping_top_level_and_front_matter(write_content, check, valid_wiki):
    docs = write_content(
        {
            **valid_wiki,
            "nested.yml": "plans:\n  - id: PLAN-N\n    title: n\n    currency: USD\n    budget: 5\n"
            "    period: {start: 2027-01-01, end: 2027-12-31, start: 2027-02-01}\n",
            "top.yml": "objectives: []\nobjectives: []\n",
            "page.md": "---\nid: OBJ-P\ntype: objective\ntitle: a\nstatus: retired\nstatus: active\n---\n",
        }
    )
    r = check(docs)
    only(r, ("GT011", C + "nested.yml", 6, 50), ("GT011", C + "top.yml", 2, 1), ("GT011", C + "page.md", 6, 1))
    assert {d.related for d in r.of("GT011")} == {
        ((C + "nested.yml", 6, 14),),
        ((C + "top.yml", 1, 1),),
        ((C + "page.md", 5, 1),),
    }


# --------------------------------------------------------------------------- unsafe YAML


def test_python_object_tags_are_rejected_and_never_executed(write_content, check, valid_wiki, tmp_path):
    marker = tmp_path / "pwned"
    text = dedent(f"""\
        objectives:
          - id: OBJ-TAG
            title: !!python/object/apply:os.system ["touch {marker}"]
            status: retired
          - !!python/object/new:os.system ["touch {marker}"]
          - id: OBJ-NAME
            title: !!python/name:os.system
            status: retired
        """)
    r = check(
        write_content(
            {
                **valid_wiki,
                "evil.yml": text,
                "evil.md": f"---\n!!python/object/apply:os.system ['touch {marker}']\n---\n",
            }
        )
    )
    only(
        r,
        ("GT016", C + "evil.yml", 3, 12),
        ("GT016", C + "evil.yml", 5, 5),
        ("GT016", C + "evil.yml", 7, 12),
        ("GT016", C + "evil.md", 2, 1),
    )
    assert not marker.exists()
    assert "!!python/object/apply:os.system" in r.of("GT016")[1].message


def test_custom_and_mapping_tags_are_rejected(write_content, check, valid_wiki):
    text = dedent("""\
        campaigns:
          - id: CMP-TAGS
            title: t
            plan: PLAN-2027
            supports: [!ref OBJ-GROW, OBJ-GROW]
            raci: !!python/object:builtins.dict {accountable: ["@dana"]}
            start: !!timestamp 2027-02-01
            end: !!str 2027-03-01
        """)
    r = check(write_content({**valid_wiki, "tags.yml": text}))
    only(r, ("GT016", C + "tags.yml", 5, 16), ("GT016", C + "tags.yml", 6, 11))
    assert r.items["CMP-TAGS"].date("end") == dt.date(2027, 3, 1)


def test_rejected_id_is_not_also_reported_missing(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "t.yml": "objectives:\n  - id: !x OBJ-T\n    title: t\n"}))
    only(r, ("GT016", C + "t.yml", 2, 9))


def test_billion_laughs_is_rejected_quickly(write_content, check, valid_wiki):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
        prev = name
    docs = write_content(
        {**valid_wiki, "lol.yml": "\n".join(lines) + "\n", "lol.md": "---\n" + "\n".join(lines) + "\n---\n"}
    )
    start = time.perf_counter()
    r = check(docs)
    assert time.perf_counter() - start < 2
    only(r, ("GT015", C + "lol.yml", 1, 1), ("GT015", C + "lol.md", 2, 1))
    assert "aliases" in r.of("GT015")[0].message


def test_modest_aliases_and_merge_keys_work(write_content, check, valid_wiki):
    text = dedent("""\
        campaigns:
          - id: CMP-BASE
            title: Base
            plan: &plan PLAN-2027
            supports: &sup [OBJ-GROW]
            start: 2027-02-01
            end: 2027-03-01
            raci: &raci {accountable: ["@dana"]}
          - <<: {start: 2027-04-01, end: 2027-05-01}
            id: CMP-MERGED
            title: Merged
            plan: *plan
            supports: *sup
            raci: *raci
        """)
    r = check(write_content({**valid_wiki, "a.yml": text}))
    only(r)
    merged = r.items["CMP-MERGED"]
    assert merged.values["supports"] == ["OBJ-GROW"]
    assert merged.date("start") == dt.date(2027, 4, 1)
    assert merged.values["raci"] == {"accountable": ["@dana"]}


@pytest.mark.parametrize("opening, closing", [("[", "]"), ("{a: ", "}")])
def test_ten_thousand_deep_flow_nesting(write_content, check, valid_wiki, opening, closing):
    text = "objectives:\n  - id: OBJ-D\n    title: d\n    description: " + opening * 10_000 + "1" + closing * 10_000
    start = time.perf_counter()
    r = check(write_content({**valid_wiki, "deep.yml": text + "\n"}))
    assert time.perf_counter() - start < 5
    [d] = r.diagnostics
    assert (d.code, d.file, d.line) == ("GT015", C + "deep.yml", 4)
    assert "deep" in d.message


def test_ten_thousand_deep_block_nesting(write_content, check, valid_wiki):
    text = "objectives:\n" + "".join("  " * (i + 1) + "- \n" for i in range(10_000))
    r = check(write_content({**valid_wiki, "deep.yml": text}))
    [d] = r.diagnostics
    assert (d.code, d.file) == ("GT015", C + "deep.yml")


def test_nesting_beyond_the_content_limit_is_positioned(write_content, check, valid_wiki):
    depth = source.MAX_DEPTH + 10
    text = "objectives:\n  - id: OBJ-D\n    title: d\n    status: retired\n    tags: " + "[" * depth + "]" * depth
    r = check(write_content({**valid_wiki, "deep.yml": text + "\n"}))
    # depths: root mapping 0, objectives list 1, item 2, tags list 3 (column 11), one more per '['
    only(r, ("GT015", C + "deep.yml", 5, 11 + (source.MAX_DEPTH + 1) - 3), ("GT006", C + "deep.yml", 5, 12))


def test_huge_file_is_rejected_before_parsing(write_content, check, valid_wiki):
    data = b"objectives:\n" + b"#" * source.MAX_FILE_BYTES
    r = check(write_content({**valid_wiki, "huge.yml": data}))
    only(r, ("GT015", C + "huge.yml", 1, 1))
    assert "limit" in r.one("GT015").message


def test_file_limit_applies_to_markdown_and_is_inclusive(write_content, check, monkeypatch):
    monkeypatch.setattr(source, "MAX_FILE_BYTES", 100)
    r = check(write_content({"big.md": "x" * 101, "small.md": "x" * 100}))
    only(r, ("GT015", C + "big.md", 1, 1))
    assert r.one("GT015").message == "file is 101 bytes; the limit is 100"


# --------------------------------------------------------------------------- IDs


@pytest.mark.parametrize("raw", ["123", "yes", "1.5", "2027-01-01", "true", "0x1F", "[OBJ-LIST]", "{a: b}"])
def test_non_string_ids_are_rejected(write_content, check, valid_wiki, raw):
    r = check(write_content({**valid_wiki, "ids.yml": f"objectives:\n  - id: {raw}\n    title: t\n"}))
    only(r, ("GT013", C + "ids.yml", 2, 9))
    assert r.one("GT013").message.startswith("ID must be text")


@pytest.mark.parametrize(
    "raw, hint",
    [
        ("obj-lower", "write 'OBJ-LOWER'"),
        ("Obj-Mixed_Case", "write 'OBJ-MIXED-CASE'"),
        ('"123"', "use upper-case letters, digits and '-'"),
        ("OBJ", "use upper-case letters, digits and '-'"),
        ("CMP-WRONG-TYPE", "rename it to 'OBJ-…'"),
        ("OBJ-1.5", "write 'OBJ-1-5'"),
    ],
)
def test_malformed_ids(write_content, check, valid_wiki, raw, hint):
    r = check(write_content({**valid_wiki, "ids.yml": f"objectives:\n  - id: {raw}\n    title: t\n"}))
    only(r, ("GT013", C + "ids.yml", 2, 9))
    assert r.one("GT013").hint == hint


def test_missing_or_empty_id(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "ids.yml": "objectives:\n  - title: no id\n  - id:\n    title: e\n"}))
    only(r, ("GT005", C + "ids.yml", 2, 5), ("GT005", C + "ids.yml", 3, 5))


@pytest.mark.parametrize(
    "lookalike, codepoint",
    [
        ("\u041eBJ-GROWTH", "U+041E CYRILLIC CAPITAL LETTER O"),
        ("OBJ-GR\u041eWTH", "U+041E CYRILLIC CAPITAL LETTER O"),
        ("OBJ-GROWTH\u200b", "U+200B ZERO WIDTH SPACE"),
        ("OBJ-\uff27ROWTH", "U+FF27 FULLWIDTH LATIN CAPITAL LETTER G"),
    ],
)
def test_lookalike_unicode_in_ids(write_content, check, valid_wiki, lookalike, codepoint):
    r = check(write_content({**valid_wiki, "u.yml": f"objectives:\n  - id: {lookalike}\n    title: t\n"}))
    only(r, ("GT013", C + "u.yml", 2, 9))
    assert codepoint in r.one("GT013").message


def test_link_with_lookalike_unicode_is_unknown_with_suggestion(write_content, check, valid_wiki):
    text = (
        "campaigns:\n  - id: CMP-U\n    title: u\n    plan: PLAN-2027\n    supports: [\u041eBJ-GROW]\n"
        "    start: 2027-02-01\n    end: 2027-03-01\n"
    )
    r = check(write_content({**valid_wiki, "u.yml": text}))
    only(r, ("GT002", C + "u.yml", 5, 16), ("GT001", C + "u.yml", 5, 15))
    assert r.one("GT002").hint == "did you mean 'OBJ-GROW'?"


# --------------------------------------------------------------------------- YAML 1.1 surprises


def test_yaml_11_scalars_stay_text_where_text_is_expected(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-NO
            title: no
            status: retired
            tags: [010, yes, off, 1e3, 0x1F, .inf, 1_000, 12:30:00]
            description: 0o17
        faqs:
          - id: FAQ-NULL
            title: "null"
            question: ON
            answer: 2027-01-01
        """)
    r = check(write_content({**valid_wiki, "y.yml": text}))
    only(r)
    obj = r.items["OBJ-NO"]
    assert obj.title == "no"
    assert obj.values["tags"] == ["010", "yes", "off", "1e3", "0x1F", ".inf", "1_000", "12:30:00"]
    assert obj.description == "0o17"
    faq = r.items["FAQ-NULL"]
    assert (faq.title, faq.values["question"], faq.values["answer"]) == ("null", "ON", "2027-01-01")


def test_dates_quoted_or_not_and_numbers_in_text_fields(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-DATES
            title: 2027
            status: retired
            last_reviewed: "2027-06-01"
            horizon: {start: 2027-01-01, end: '2029-12-31'}
        audiences:
          - id: AUD-NUM
            title: Numbers
            size: "1500"
            size_unit: 10
        """)
    r = check(write_content({**valid_wiki, "d.yml": text}))
    only(r)
    obj = r.items["OBJ-DATES"]
    assert obj.title == "2027"
    assert obj.date("last_reviewed") == dt.date(2027, 6, 1)
    assert obj.values["horizon"] == {"start": dt.date(2027, 1, 1), "end": dt.date(2029, 12, 31)}
    assert r.items["AUD-NUM"].values["size"] == 1500
    assert r.items["AUD-NUM"].values["size_unit"] == "10"


def test_null_title_is_missing(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, "n.yml": "objectives:\n  - id: OBJ-N\n    title: ~\n    status: retired\n"}))
    only(r, ("GT005", C + "n.yml", 3, 12))
    assert r.one("GT005").message == "required field 'title' is empty"


# --------------------------------------------------------------------------- unknown keys and fields


def test_unknown_top_level_keys_with_did_you_mean(write_content, check, valid_wiki):
    text = "campaign:\n  - id: CMP-X\nobjectivs: []\nwidgets: []\ntactics: not a list\ntactics_: []\n"
    r = check(write_content({**valid_wiki, "u.yml": text}))
    only(
        r,
        ("GT014", C + "u.yml", 1, 1),
        ("GT014", C + "u.yml", 3, 1),
        ("GT014", C + "u.yml", 4, 1),
        ("GT014", C + "u.yml", 5, 10),
        ("GT014", C + "u.yml", 6, 1),
    )
    hints = {d.line: d.hint for d in r.of("GT014")}
    assert hints[1] == "did you mean 'campaigns'?"
    assert hints[3] == "did you mean 'objectives'?"
    assert hints[4].startswith("use one of: audiences, campaigns")
    assert hints[6] == "did you mean 'tactics'?"


def test_data_file_must_be_a_mapping_of_lists_of_mappings(write_content, check, valid_wiki):
    docs = write_content(
        {
            **valid_wiki,
            "list.yml": "- id: OBJ-X\n",
            "scalar.yml": "just text\n",
            "entries.yml": "objectives:\n  - OBJ-X\n  - [a]\n",
        }
    )
    r = check(docs)
    only(
        r,
        ("GT014", C + "list.yml", 1, 1),
        ("GT014", C + "scalar.yml", 1, 1),
        ("GT014", C + "entries.yml", 2, 5),
        ("GT014", C + "entries.yml", 3, 5),
    )


def test_unknown_fields_with_did_you_mean(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-U
            title: u
            status: retired
            ownr: "@dana"
            targets:
              - {kpi: KPI-SQL, targt: 5, target: 6}
            frobnicate: 1
        campaigns:
          - id: CMP-U
            title: u
            plan: PLAN-2027
            supports: [{id: OBJ-GROW, wieght: 2}]
            start: 2027-02-01
            end: 2027-03-01
        """)
    r = check(write_content({**valid_wiki, "u.yml": text}))
    only(
        r,
        ("GT020", C + "u.yml", 5, 5),
        ("GT020", C + "u.yml", 7, 24),
        ("GT020", C + "u.yml", 8, 5),
        ("GT020", C + "u.yml", 13, 31),
    )
    hints = {d.line: (d.message, d.hint) for d in r.of("GT020")}
    assert hints[5] == ("unknown field 'ownr' for an objective", "did you mean 'owner'?")
    assert hints[7] == ("unknown field 'targt' in 'targets'", "did you mean 'target'?")
    assert hints[8][1] == "declare custom fields under the plugin's 'fields:' option"
    assert "'wieght'" in hints[13][0]
    assert all(d.severity.name == "WARNING" for d in r.of("GT020"))
    assert r.items["OBJ-U"].values["targets"] == [{"kpi": "KPI-SQL", "target": 6}]


def test_page_meta_keys_are_not_unknown_fields(write_content, check, valid_wiki):
    page = (
        "---\nid: OBJ-M\ntype: objective\ntitle: m\nstatus: retired\nhide: [navigation]\ntemplate: x.html\n"
        "icon: material/flag\nsearch: {boost: 2}\n---\n"
    )
    only(check(write_content({**valid_wiki, "m.md": page})))


def test_type_key_in_yaml_is_accepted(write_content, check, valid_wiki):
    text = "objectives:\n  - id: OBJ-T\n    type: objective\n    title: t\n    status: retired\n"
    r = check(write_content({**valid_wiki, "t.yml": text}))
    only(r)
    assert r.items["OBJ-T"].type == "objective"


def test_file_that_disappears_is_reported(write_content, valid_wiki):
    from goldenthread.core.load import load_file
    from goldenthread.core.schema import build_schema

    result = load_file(Path(write_content(valid_wiki)) / "gone.yml", "content/gone.yml", build_schema())
    assert [(d.code, d.file, d.line, d.column) for d in result.diagnostics] == [("GT012", "content/gone.yml", 1, 1)]
