"""The bad-input catalogue as data: :data:`CASES`, every kind of hostile or mistaken input.

Each :class:`Case` is written beside the clean :data:`wikis.VALID_WIKI` (:func:`write_case`), with
the rule expected at ``file:line``. ``tests/rules/test_bad_input.py`` checks each case and renders
the table of ``content/guide/bad-input.md`` from it; ``tests/rules/test_check_build_agree.py``
checks that ``goldenthread check`` and ``mkdocs build`` agree on each.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from site_helpers import write_files, write_site
from wikis import TODAY, VALID_WIKI


@dataclass(frozen=True)
class Case:
    name: str
    group: str
    #: the input as the page shows it (Markdown)
    shown: str
    files: dict[str, str | bytes]
    #: the rule expected, and where (``file:line`` under content/); None when the input is accepted
    code: str | None
    at: str | None
    exit: int = 1
    #: (item ID, field, value) the model must hold after loading (for inputs that are accepted)
    values: tuple[tuple[str, str, Any], ...] = ()
    #: symbolic links to create: (path under content/, link target)
    symlinks: tuple[tuple[str, str], ...] = ()
    #: what to check instead of content/ (``goldenthread check PATH``)
    path: str | None = None
    #: what the page says for accepted input
    note: str = ""
    #: also run a real ``mkdocs build``
    build: bool = False
    #: show the per-rule summary line(s) instead of the first diagnostic
    tail: bool = False
    #: text that must never appear in the built site or the output (e.g. a leaked file)
    forbidden: tuple[str, ...] = field(default=())
    #: goldenthread options: written to a mkdocs.yml beside content/ (which check then reads)
    options: dict[str, Any] = field(default_factory=dict)
    #: the date passed as ``--today`` (and the ``today`` option of the build)
    today: str = TODAY


def _campaign(
    extra: str = "",
    *,
    cid: str = "CMP-BAD",
    title: str = "Bad campaign",
    supports: str = "[OBJ-GROW]",
    plan: str = "PLAN-2027",
    start: str = "2027-02-01",
    end: str = "2027-03-31",
) -> str:
    """A campaign in a data file: line 2 is its id, 3 title, 4 plan, 5 supports, 6 start, 7 end, 8+ extra."""
    return (
        f"campaigns:\n  - id: {cid}\n    title: {title}\n    plan: {plan}\n    supports: {supports}\n"
        f"    start: {start}\n    end: {end}\n{extra}"
    )


def _kpi(extra: str = "", *, kid: str = "KPI-BAD", title: str = "Bad KPI") -> str:
    """A KPI in a data file: line 2 is its id, 3 title, 4 unit, 5 direction, 6+ extra."""
    return f"kpis:\n  - id: {kid}\n    title: {title}\n    unit: count\n    direction: up\n{extra}"


def _plan(budget: str) -> str:
    """A second plan whose budget (line 7) is ``budget``."""
    return (
        "plans:\n  - id: PLAN-BAD\n    title: Bad plan\n    period: {start: 2027-01-01, end: 2027-12-31}\n"
        f'    currency: USD\n    owner: "@dana"\n    budget: {budget}\n'
    )


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for prev, name in itertools.pairwise("abcdefghijklmnop"[:levels]):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def ten_thousand_errors() -> str:
    rows = [
        f"  - {{id: CMP-N{n}, title: Campaign {n}, plan: PLAN-2027, supports: [OBJ-GROW, OBJ-NOPE], "
        f"start: 2027-02-01, end: 2027-03-31}}"
        for n in range(10_000)
    ]
    return "campaigns:\n" + "\n".join(rows) + "\n"


CSV_HEADER = "kind,id,period,value,note\n"
SCRIPT = "<script>alert(1)</script>"

CASES: list[Case] = [
    # -- size and nesting --------------------------------------------------------------------------
    Case(
        "alias-bomb",
        "Size and nesting limits",
        "nine levels of `b: &b [*a, *a, …]` (billion laughs: 9⁹ nodes)",
        {"bomb.yml": _alias_bomb()},
        "GT015",
        "bomb.yml:1",
        build=True,
    ),
    Case(
        "ten-megabyte-string",
        "Size and nesting limits",
        "`title: xxxx…` (10 MB on one line)",
        {"big.yml": "objectives:\n  - id: OBJ-BIG\n    title: " + "x" * (10 * 1024 * 1024) + "\n"},
        "GT015",
        "big.yml:3",
        build=True,
    ),
    Case(
        "huge-key",
        "Size and nesting limits",
        "a 200,000-character mapping key",
        {"key.yml": "objectives:\n  - id: OBJ-KEY\n    title: Key\n    " + "k" * 200_000 + ": 1\n"},
        "GT010",
        "key.yml:4",
    ),
    Case(
        "huge-file",
        "Size and nesting limits",
        "a 21 MB data file",
        {"huge.yml": "# " + "x" * (21 * 1024 * 1024) + "\n"},
        "GT015",
        "huge.yml:1",
    ),
    Case(
        "deep-flow-nesting",
        "Size and nesting limits",
        "`campaigns: [[[[…]]]]` (10,000 levels)",
        {"deep.yml": "campaigns: " + "[" * 10_000 + "]" * 10_000 + "\n"},
        "GT015",
        "deep.yml:1",
        build=True,
    ),
    Case(
        "deep-block-nesting",
        "Size and nesting limits",
        "`- - - - … x` (10,000 levels)",
        {"deep.yml": "campaigns:\n" + "- " * 10_000 + "x\n"},
        "GT015",
        "deep.yml:2",
    ),
    Case(
        "nesting-over-64",
        "Size and nesting limits",
        "`{a: {a: {a: …}}}` (100 levels)",
        {"deep.yml": "campaigns: " + "{a: " * 100 + "x" + "}" * 100 + "\n"},
        "GT015",
        "deep.yml:1",
    ),
    Case(
        "ten-thousand-errors",
        "Size and nesting limits",
        "10,000 campaigns, each with `supports: [OBJ-GROW, OBJ-NOPE]`",
        {"many.yml": ten_thousand_errors()},
        "GT002",
        "many.yml:2",
        build=True,
        tail=True,
    ),
    # -- unsafe YAML -----------------------------------------------------------------------------------
    Case(
        "python-object-tag",
        "Unsafe YAML",
        '`title: !!python/object/apply:os.system ["touch /tmp/pwned"]`',
        {"tag.yml": _kpi(title='!!python/object/apply:os.system ["touch /tmp/pwned"]')},
        "GT016",
        "tag.yml:3",
        build=True,
    ),
    Case(
        "python-name-tag",
        "Unsafe YAML",
        "`title: !!python/name:os.system`",
        {"tag.yml": _kpi(title="!!python/name:os.system")},
        "GT016",
        "tag.yml:3",
    ),
    Case(
        "custom-tag",
        "Unsafe YAML",
        "`title: !include secrets.yml`",
        {"tag.yml": _kpi(title="!include secrets.yml")},
        "GT016",
        "tag.yml:3",
    ),
    # -- encodings and bytes ----------------------------------------------------------------------------
    Case(
        "binary-file",
        "Encodings and bytes",
        "a PNG image saved as `logo.yml`",
        {"logo.yml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"},
        "GT012",
        "logo.yml:3",
        build=True,
    ),
    Case(
        "nul-byte",
        "Encodings and bytes",
        "a NUL byte on line 3 of a Markdown page",
        {"page.md": "# Page\n\nText \x00 here\n"},
        "GT012",
        "page.md:3",
    ),
    Case(
        "latin-1",
        "Encodings and bytes",
        "`title: Café` saved as Latin-1",
        {"latin.yml": _kpi(title="Caf\xe9").encode("latin-1")},
        "GT012",
        "latin.yml:3",
    ),
    Case(
        "utf-16",
        "Encodings and bytes",
        "a data file saved as UTF-16",
        {"wide.yml": _kpi().encode("utf-16")},
        "GT012",
        "wide.yml:1",
    ),
    Case(
        "byte-order-mark",
        "Encodings and bytes",
        "UTF-8 with a byte-order mark, and `leads_to: [KPI-NOPE]` on line 6",
        {"bom.yml": "\ufeff" + _kpi("    leads_to: [KPI-NOPE]\n")},
        "GT002",
        "bom.yml:6",
    ),
    Case(
        "crlf",
        "Encodings and bytes",
        "Windows line ends (CRLF), and `leads_to: [KPI-NOPE]` on line 6",
        {"crlf.yml": _kpi("    leads_to: [KPI-NOPE]\n").replace("\n", "\r\n")},
        "GT002",
        "crlf.yml:6",
    ),
    Case(
        "lone-cr",
        "Encodings and bytes",
        "old Mac line ends (CR only), and `leads_to: [KPI-NOPE]` on line 6",
        {"cr.yml": _kpi("    leads_to: [KPI-NOPE]\n").replace("\n", "\r")},
        "GT002",
        "cr.yml:6",
    ),
    Case(
        "line-separator",
        "Encodings and bytes",
        '`title: "a\\u2028b"` (a Unicode line separator), and `leads_to: [KPI-NOPE]` on line 6',
        {"sep.yml": _kpi("    leads_to: [KPI-NOPE]\n", title='"a\u2028b"')},
        "GT002",
        "sep.yml:6",
    ),
    Case(
        "tab-indentation",
        "Encodings and bytes",
        "a field indented with a tab",
        {"tabs.yml": "kpis:\n  - id: KPI-TAB\n\ttitle: Tabbed\n"},
        "GT010",
        "tabs.yml:3",
    ),
    Case(
        "tab-after-colon",
        "Encodings and bytes",
        "`title:<TAB>Tabbed`",
        {"tabs.yml": _kpi(title="\tTabbed")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "Tabbed"),),
        note="accepted: a tab after the colon separates like a space",
    ),
    # -- IDs --------------------------------------------------------------------------------------------
    Case(
        "cyrillic-letter-in-id",
        "IDs",
        "`id: KPI-О` with a Cyrillic О",
        {"ids.yml": _kpi(kid="KPI-\u041e")},
        "GT013",
        "ids.yml:2",
    ),
    Case(
        "zero-width-space-in-id",
        "IDs",
        "`id: KPI-BAD` followed by an invisible U+200B",
        {"ids.yml": _kpi(kid="KPI-BAD\u200b")},
        "GT013",
        "ids.yml:2",
    ),
    Case("lower-case-id", "IDs", "`id: kpi-bad`", {"ids.yml": _kpi(kid="kpi-bad")}, "GT013", "ids.yml:2"),
    Case(
        "repeated-link",
        "IDs",
        "`leads_to: [KPI-SQL, KPI-SQL]`",
        {"ids.yml": _kpi("    leads_to: [KPI-SQL, KPI-SQL]\n")},
        "GT021",
        "ids.yml:6",
        exit=0,
    ),
    Case(
        "link-differs-by-case",
        "IDs",
        "`leads_to: [kpi-sql]` where `KPI-SQL` exists",
        {"ids.yml": _kpi("    leads_to: [kpi-sql]\n")},
        "GT002",
        "ids.yml:6",
    ),
    Case(
        "look-alike-ids",
        "IDs",
        "`KPI-0PS` (digit zero) beside `KPI-OPS` (letter O)",
        {"ids.yml": _kpi(kid="KPI-OPS") + _kpi(kid="KPI-0PS").split("\n", 1)[1]},
        "GT019",
        "ids.yml:6",
        exit=0,
    ),
    Case("numeric-id", "IDs", "`id: 123`", {"ids.yml": _kpi(kid="123")}, "GT013", "ids.yml:2"),
    Case(
        "wrong-prefix", "IDs", "`id: CMP-X` in the `kpis:` list", {"ids.yml": _kpi(kid="CMP-X")}, "GT013", "ids.yml:2"
    ),
    Case(
        "duplicate-id",
        "IDs",
        "`KPI-SQL` declared again in another file",
        {"ids.yml": _kpi(kid="KPI-SQL")},
        "GT004",
        "strategy.yml:7",
    ),
    Case(
        "missing-id",
        "IDs",
        "an entry without `id:`",
        {"ids.yml": "kpis:\n  - title: No ID\n    unit: count\n"},
        "GT005",
        "ids.yml:2",
    ),
    # -- YAML 1.1 surprises ---------------------------------------------------------------------------
    Case(
        "no-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: no`",
        {"y.yml": _kpi(title="no")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "no"),),
        note="accepted as the text `no` (not false)",
    ),
    Case(
        "date-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: 2027-01-01`",
        {"y.yml": _kpi(title="2027-01-01")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "2027-01-01"),),
        note="accepted as the text `2027-01-01`",
    ),
    Case(
        "exponent-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: 1e3`",
        {"y.yml": _kpi(title="1e3")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "1e3"),),
        note="accepted as the text `1e3`",
    ),
    Case(
        "hex-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: 0x1F`",
        {"y.yml": _kpi(title="0x1F")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "0x1F"),),
        note="accepted as the text `0x1F` (not 31)",
    ),
    Case(
        "octal-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: 010`",
        {"y.yml": _kpi(title="010")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "010"),),
        note="accepted as the text `010` (not 8)",
    ),
    Case(
        "sexagesimal-in-a-text-field",
        "YAML 1.1 surprises",
        "`title: 1:30`",
        {"y.yml": _kpi(title="1:30")},
        None,
        None,
        exit=0,
        values=(("KPI-BAD", "title", "1:30"),),
        note="accepted as the text `1:30` (not 90)",
    ),
    Case(
        "yes-and-off-in-a-true-false-field",
        "YAML 1.1 surprises",
        "`done: yes` / `done: off` in a milestone",
        {
            "y.yml": _campaign(
                "    milestones:\n      - {title: A, date: 2027-02-10, done: yes}\n"
                "      - {title: B, date: 2027-02-20, done: off}\n"
            )
        },
        None,
        None,
        exit=0,
        values=(
            (
                "CMP-BAD",
                "milestones",
                [
                    {"title": "A", "date": dt.date(2027, 2, 10), "done": True},
                    {"title": "B", "date": dt.date(2027, 2, 20), "done": False},
                ],
            ),
        ),
        note="accepted: yes/on/true and no/off/false are the two answers of a true/false field",
    ),
    Case(
        "exponent-in-a-number-field", "YAML 1.1 surprises", "`budget: 1e3`", {"y.yml": _plan("1e3")}, "GT006", "y.yml:7"
    ),
    Case("hex-in-a-number-field", "YAML 1.1 surprises", "`budget: 0x1F`", {"y.yml": _plan("0x1F")}, "GT006", "y.yml:7"),
    Case(
        "leading-zero-in-a-number-field",
        "YAML 1.1 surprises",
        "`budget: 010`",
        {"y.yml": _plan("010")},
        "GT006",
        "y.yml:7",
    ),
    Case(
        "infinity-in-a-number-field",
        "YAML 1.1 surprises",
        "`budget: .inf`",
        {"y.yml": _plan(".inf")},
        "GT006",
        "y.yml:7",
    ),
    Case(
        "sexagesimal-in-a-number-field",
        "YAML 1.1 surprises",
        "`target: 1:30` in a KPI target",
        {"y.yml": _campaign("    kpi_targets:\n      - {kpi: KPI-SQL, target: 1:30}\n")},
        "GT006",
        "y.yml:9",
    ),
    Case("null-title", "YAML 1.1 surprises", "`title: ~`", {"y.yml": _kpi(title="~")}, "GT005", "y.yml:3"),
    # -- structure --------------------------------------------------------------------------------------
    Case(
        "duplicate-key",
        "Structure",
        "`title:` twice in one item",
        {"s.yml": _kpi("    title: Second title\n")},
        "GT011",
        "s.yml:6",
        build=True,
    ),
    Case(
        "list-for-a-single-value",
        "Structure",
        "`title: [One, Two]`",
        {"s.yml": _kpi(title="[One, Two]")},
        "GT006",
        "s.yml:3",
    ),
    Case(
        "single-value-for-a-list",
        "Structure",
        "`leads_to: KPI-SQL`",
        {"s.yml": _kpi("    leads_to: KPI-SQL\n")},
        "GT006",
        "s.yml:6",
    ),
    Case(
        "mapping-for-a-list", "Structure", "`tags: {a: b}`", {"s.yml": _kpi("    tags: {a: b}\n")}, "GT006", "s.yml:6"
    ),
    Case(
        "top-level-list",
        "Structure",
        "a data file that is a list, `- id: KPI-X`",
        {"s.yml": "- id: KPI-X\n  title: X\n"},
        "GT014",
        "s.yml:1",
    ),
    Case(
        "singular-list-key",
        "Structure",
        "`kpi:` instead of `kpis:`",
        {"s.yml": "kpi:\n  - id: KPI-X\n    title: X\n"},
        "GT014",
        "s.yml:1",
    ),
    Case(
        "unknown-type",
        "Structure",
        "`type: objectve` in front matter",
        {"s.md": "---\nid: OBJ-TYPO\ntype: objectve\ntitle: Typo\n---\nBody\n"},
        "GT014",
        "s.md:3",
    ),
    Case(
        "unknown-field",
        "Structure",
        '`ownr: "@dana"` (a typo)',
        {"s.yml": _kpi('    ownr: "@dana"\n')},
        "GT020",
        "s.yml:6",
        exit=0,
    ),
    Case(
        "missing-required-field",
        "Structure",
        "a campaign without `plan:`",
        {
            "s.yml": "campaigns:\n  - id: CMP-NOPLAN\n    title: No plan\n    supports: [OBJ-GROW]\n"
            "    start: 2027-02-01\n    end: 2027-03-31\n"
        },
        "GT005",
        "s.yml:2",
    ),
    Case(
        "empty-file",
        "Structure",
        "an empty `.yml` and an empty `.md`",
        {"empty.yml": "", "empty.md": ""},
        None,
        None,
        exit=0,
        note="accepted: nothing to load",
    ),
    Case(
        "only-comments",
        "Structure",
        "a data file of only `# comments`",
        {"notes.yml": "# to do\n# campaigns for 2028\n"},
        None,
        None,
        exit=0,
        note="accepted: nothing to load",
    ),
    Case(
        "front-matter-not-closed",
        "Structure",
        "`---`, `id: OBJ-X`, `type: objective` and no closing `---`",
        {"open.md": "---\nid: OBJ-OPEN\ntype: objective\ntitle: Open\n\nBody\n"},
        "GT010",
        "open.md:1",
        build=True,
    ),
    Case(
        "front-matter-not-a-mapping",
        "Structure",
        "front matter that is a list",
        {"list.md": "---\n- a\n- b\n---\nBody\n"},
        "GT014",
        "list.md:2",
    ),
    Case(
        "two-documents",
        "Structure",
        "`kpis: []`, `---`, `objectives: []` in one file",
        {"two.yml": "kpis: []\n---\nobjectives: []\n"},
        "GT010",
        "two.yml:2",
    ),
    Case("unclosed-quote", "Structure", '`title: "Unclosed`', {"q.yml": _kpi(title='"Unclosed')}, "GT010", "q.yml:3"),
    Case("unquoted-at-sign", "Structure", "`owner: @dana`", {"q.yml": _kpi("    owner: @dana\n")}, "GT010", "q.yml:6"),
    # -- values -------------------------------------------------------------------------------------------
    Case("budget-with-k", "Values", "`budget: 10k`", {"v.yml": _plan("10k")}, "GT006", "v.yml:7"),
    Case("thousands-separator", "Values", "`budget: 160,000`", {"v.yml": _plan("160,000")}, "GT006", "v.yml:7"),
    Case(
        "thousands-separator-in-a-flow-mapping",
        "Values",
        "`- {channel: events, amount: 160,000}`",
        {"v.yml": _campaign("    budget:\n      - {channel: events, amount: 160,000}\n")},
        "GT006",
        "v.yml:9",
    ),
    Case("negative-money", "Values", "`budget: -5000`", {"v.yml": _plan("-5000")}, "GT008", "v.yml:7"),
    Case(
        "end-before-start",
        "Values",
        "`start: 2027-03-31`, `end: 2027-02-01`",
        {"v.yml": _campaign(start="2027-03-31", end="2027-02-01")},
        "GT007",
        "v.yml:7",
    ),
    Case("impossible-date", "Values", "`end: 2027-02-30`", {"v.yml": _campaign(end="2027-02-30")}, "GT006", "v.yml:7"),
    Case(
        "words-for-a-date", "Values", "`start: next week`", {"v.yml": _campaign(start="next week")}, "GT006", "v.yml:6"
    ),
    Case(
        "unknown-status",
        "Values",
        "`status: in progress`",
        {"v.yml": _kpi("    status: in progress\n")},
        "GT006",
        "v.yml:6",
    ),
    Case(
        "script-in-a-value",
        "Values",
        f'`status: "{SCRIPT}"` and `title: "{SCRIPT}"`',
        {"v.yml": _kpi(f'    status: "{SCRIPT}"\n', title=f'"{SCRIPT}"')},
        "GT006",
        "v.yml:6",
        build=True,
    ),
    Case("handle-without-at", "Values", '`owner: "dana"`', {"v.yml": _kpi('    owner: "dana"\n')}, "GT006", "v.yml:6"),
    # -- links and references ----------------------------------------------------------------------------
    Case(
        "unknown-link",
        "Links and references",
        "`supports: [OBJ-GRWO]`",
        {"l.yml": _campaign(supports="[OBJ-GROW, OBJ-GRWO]")},
        "GT002",
        "l.yml:5",
    ),
    Case(
        "wrong-link-type",
        "Links and references",
        "`supports: [KPI-SQL]`",
        {"l.yml": _campaign(supports="[OBJ-GROW, KPI-SQL]")},
        "GT003",
        "l.yml:5",
    ),
    Case(
        "link-to-itself",
        "Links and references",
        "`leads_to: [KPI-BAD]` on KPI-BAD",
        {"l.yml": _kpi("    leads_to: [KPI-BAD]\n")},
        "GT017",
        "l.yml:6",
    ),
    Case(
        "parent-cycle",
        "Links and references",
        "OBJ-A `parent: OBJ-B`, OBJ-B `parent: OBJ-A`",
        {
            "l.yml": "objectives:\n  - {id: OBJ-A, title: A, parent: OBJ-B}\n"
            "  - {id: OBJ-B, title: B, parent: OBJ-A}\n",
            "c.yml": _campaign(supports="[OBJ-A, OBJ-B]"),
        },
        "GT009",
        "l.yml:2",
    ),
    Case(
        "kpi-cycle",
        "Links and references",
        "KPI-A `leads_to: [KPI-B]`, KPI-B `leads_to: [KPI-A]`",
        {
            "l.yml": "kpis:\n  - {id: KPI-A, title: A, unit: count, direction: up, leads_to: [KPI-B]}\n"
            "  - {id: KPI-B, title: B, unit: count, direction: up, leads_to: [KPI-A]}\n"
        },
        "GT009",
        "l.yml:2",
    ),
    Case(
        "missing-golden-thread",
        "Links and references",
        "a campaign without `supports:`",
        {"l.yml": _campaign(supports="[]")},
        "GT001",
        "l.yml:5",
        build=True,
    ),
    Case(
        "reference-to-a-missing-id-in-a-page",
        "Links and references",
        "`See [[OBJ-NOPE]].` in a page",
        {"notes.md": "# Notes\n\nSee [[OBJ-NOPE]].\n"},
        "GT018",
        "notes.md:3",
    ),
    Case(
        "reference-to-a-missing-id-in-yaml",
        "Links and references",
        "`description: See [[OBJ-NOPE]].` in a data file",
        {"l.yml": _kpi("    description: See [[OBJ-NOPE]].\n")},
        "GT018",
        "l.yml:6",
    ),
    # -- files and paths ----------------------------------------------------------------------------------
    Case(
        "symlink-to-a-file-outside",
        "Files and paths",
        "`content/passwd.md` → `/etc/passwd`",
        {},
        "GT140",
        "passwd.md:1",
        symlinks=(("passwd.md", "/etc/passwd"),),
        build=True,
        forbidden=("root:x:0:0",),
    ),
    Case(
        "symlink-to-a-folder-outside",
        "Files and paths",
        "`content/etc` → `/etc`",
        {},
        "GT140",
        "etc:1",
        symlinks=(("etc", "/etc"),),
        forbidden=("root:x:0:0",),
    ),
    Case(
        "symlink-loop",
        "Files and paths",
        "`content/loop.md` → `loop.md`",
        {},
        "GT140",
        "loop.md:1",
        symlinks=(("loop.md", "loop.md"),),
    ),
    Case(
        "link-climbing-out-of-content",
        "Files and paths",
        "`[notes](../../etc/passwd)` in a page",
        {"guide/page.md": "# Page\n\nRead [notes](../../etc/passwd).\n"},
        "GT141",
        "guide/page.md:3",
        build=True,
    ),
    Case(
        "link-to-an-absolute-path",
        "Files and paths",
        "`![logo](/etc/passwd)` in a page",
        {"page.md": "# Page\n\n![logo](/etc/passwd)\n"},
        "GT141",
        "page.md:3",
    ),
    Case(
        "file-url-in-yaml-prose",
        "Files and paths",
        '`description: "[x](file:///etc/passwd)"`',
        {"f.yml": _kpi('    description: "[x](file:///etc/passwd)"\n')},
        "GT141",
        "f.yml:6",
    ),
    Case(
        "check-a-path-outside",
        "Files and paths",
        "`goldenthread check ../../etc/passwd`",
        {},
        None,
        None,
        exit=2,
        path="../../etc/passwd",
    ),
    Case(
        "check-an-absolute-path",
        "Files and paths",
        "`goldenthread check /etc/passwd`",
        {},
        None,
        None,
        exit=2,
        path="/etc/passwd",
    ),
    # -- numbers, dates and IDs out of range ------------------------------------------------------------------
    Case(
        "money-of-ten-to-the-400",
        "Out-of-range values",
        "`budget: 1000…000` (10^400, which YAML reads as infinity)",
        {"r.yml": _plan("1" + "0" * 400)},
        "GT150",
        "r.yml:7",
        build=True,
    ),
    Case(
        "money-of-ten-to-the-308",
        "Out-of-range values",
        "`budget: 1000…000` (10^308: finite, but two of them add up to infinity)",
        {"r.yml": _plan("1" + "0" * 308)},
        "GT150",
        "r.yml:7",
    ),
    Case(
        "money-just-over-the-limit",
        "Out-of-range values",
        "`budget: 1000000000000001` (10^15 + 1)",
        {"r.yml": _plan("1000000000000001")},
        "GT150",
        "r.yml:7",
    ),
    Case(
        "money-at-the-limit",
        "Out-of-range values",
        "`budget: 1000000000000000` (10^15)",
        {"r.yml": _plan("1000000000000000")},
        None,
        None,
        exit=0,
        values=(("PLAN-BAD", "budget", 10**15),),
        note="accepted: 10^15 is the largest amount",
    ),
    Case(
        "number-of-5000-digits-with-a-leading-zero",
        "Out-of-range values",
        "`budget: 0999…9` (5,000 digits)",
        {"r.yml": _plan("0" + "9" * 5000)},
        "GT006",
        "r.yml:7",
    ),
    Case(
        "yaml-spend-of-ten-to-the-400",
        "Out-of-range values",
        "`spend: [{period: 2027-02, amount: 1000…000}]` (10^400)",
        {"r.yml": _campaign("    spend:\n      - {period: 2027-02, amount: " + "1" + "0" * 400 + "}\n")},
        "GT150",
        "r.yml:9",
    ),
    Case(
        "csv-spend-of-1e308",
        "Out-of-range values",
        "`spend,CMP-ONE,2027-02,1e308` twice",
        {"a.csv": CSV_HEADER + "spend,CMP-ONE,2027-02,1e308,\nspend,CMP-ONE,2027-03,1e308,\n"},
        "GT150",
        "a.csv:2",
        build=True,
    ),
    Case(
        "csv-kpi-value-of-1e999",
        "Out-of-range values",
        "`kpi,KPI-SQL,2027-01,1e999,`",
        {"a.csv": CSV_HEADER + "kpi,KPI-SQL,2027-01,1e999,\n"},
        "GT150",
        "a.csv:2",
    ),
    Case(
        "link-weight-of-ten-to-the-400",
        "Out-of-range values",
        "`supports: [{id: OBJ-GROW, weight: 1000…000}]` (10^400)",
        {"r.yml": _campaign(supports="[{id: OBJ-GROW, weight: " + "1" + "0" * 400 + "}]")},
        "GT150",
        "r.yml:5",
    ),
    Case(
        "kpi-target-of-ten-to-the-400",
        "Out-of-range values",
        "`kpi_targets: [{kpi: KPI-SQL, target: 1000…000}]` (10^400)",
        {"r.yml": _campaign("    kpi_targets:\n      - {kpi: KPI-SQL, target: " + "1" + "0" * 400 + "}\n")},
        "GT150",
        "r.yml:9",
    ),
    Case(
        "campaign-starting-in-year-1",
        "Out-of-range values",
        "`start: 0001-01-01`",
        {"r.yml": _campaign(start="0001-01-01")},
        "GT151",
        "r.yml:6",
        build=True,
    ),
    Case(
        "campaign-ending-in-year-9999",
        "Out-of-range values",
        "`end: 9999-12-31`",
        {"r.yml": _campaign(end="9999-12-31")},
        "GT151",
        "r.yml:7",
    ),
    Case(
        "milestone-in-year-9999",
        "Out-of-range values",
        "`milestones: [{title: Launch, date: 9999-12-31}]`",
        {"r.yml": _campaign("    milestones:\n      - {title: Launch, date: 9999-12-31}\n")},
        "GT151",
        "r.yml:9",
    ),
    Case(
        "plan-period-from-year-1-to-9999",
        "Out-of-range values",
        "`period: {start: 0001-01-01, end: 9999-12-31}` in a plan",
        {
            "r.yml": _plan("1000").replace(
                "{start: 2027-01-01, end: 2027-12-31}", "{start: 0001-01-01, end: 9999-12-31}"
            )
        },
        "GT151",
        "r.yml:4",
    ),
    Case(
        "budget-period-9999-q4",
        "Out-of-range values",
        "`budget: [{channel: events, amount: 100, period: 9999-Q4}]`",
        {"r.yml": _campaign("    budget:\n      - {channel: events, amount: 100, period: 9999-Q4}\n")},
        "GT151",
        "r.yml:9",
        build=True,
    ),
    Case(
        "csv-period-in-year-9999",
        "Out-of-range values",
        "`kpi,KPI-SQL,9999-12,5,`",
        {"a.csv": CSV_HEADER + "kpi,KPI-SQL,9999-12,5,\n"},
        "GT151",
        "a.csv:2",
    ),
    Case(
        "last-reviewed-in-year-9999",
        "Out-of-range values",
        "`last_reviewed: 9999-12-31` with `review_cadence: yearly` on an objective",
        {
            "r.yml": "objectives:\n  - id: OBJ-OLD\n    title: Old\n    status: retired\n"
            "    review_cadence: yearly\n    last_reviewed: 9999-12-31\n"
        },
        "GT151",
        "r.yml:6",
    ),
    Case(
        "page-last-reviewed-in-year-9999",
        "Out-of-range values",
        "`last_reviewed: 9999-12-31` in a page's front matter",
        {"p.md": '---\nowner: "@dana"\nlast_reviewed: 9999-12-31\nreview_cadence: quarterly\n---\n# P\n'},
        "GT151",
        "p.md:3",
        build=True,
    ),
    Case(
        "today-in-year-9999",
        "Out-of-range values",
        "`today: 9999-12-31` (the plugin option, or `--today`)",
        {},
        None,
        None,
        exit=2,
        today="9999-12-31",
    ),
    Case(
        "id-of-ten-thousand-characters",
        "Out-of-range values",
        "`id: OBJ-AAAA…` (10,000 characters)",
        {"r.yml": "objectives:\n  - id: OBJ-" + "A" * 10_000 + "\n    title: Long\n"},
        "GT013",
        "r.yml:2",
        build=True,
    ),
    Case(
        "link-to-an-id-of-ten-thousand-characters",
        "Out-of-range values",
        "`supports: [OBJ-AAAA…]` (10,000 characters)",
        {"r.yml": _campaign(supports="[OBJ-" + "A" * 10_000 + "]")},
        "GT002",
        "r.yml:5",
    ),
    Case(
        "binary-tag",
        "Unsafe YAML",
        "`title: !!binary aGVsbG8=`",
        {"tag.yml": _kpi(title="!!binary aGVsbG8=")},
        "GT016",
        "tag.yml:3",
    ),
    Case(
        "owner-named-index",
        "Configuration and names",
        '`owner: "@index"` (the owners index page is `owners/index.md`)',
        {"n.yml": _kpi('    owner: "@index"\n')},
        "GT152",
        "n.yml:6",
        build=True,
    ),
    Case(
        "page-at-a-generated-address",
        "Configuration and names",
        "an authored `content/health.md` (goldenthread generates the health page there)",
        {"health.md": "# My health page\n"},
        "GT152",
        "health.md:1",
        build=True,
    ),
    Case(
        "page-in-the-generated-folder",
        "Configuration and names",
        "an authored `content/items/notes.md` (`items/` holds the generated item pages)",
        {"items/notes.md": "# Notes\n"},
        "GT152",
        "items/notes.md:1",
    ),
    Case(
        "directory-symlink-loop",
        "Files and paths",
        "`content/sub/up` → `..` (a folder linking to its parent)",
        {"sub/page.md": "# Page\n"},
        "GT140",
        "sub/up:1",
        symlinks=(("sub/up", ".."),),
        build=True,
    ),
    Case(
        "people-file-outside-the-project",
        "Configuration and names",
        "`people_file: /etc/passwd`",
        {},
        None,
        None,
        exit=2,
        options={"people_file": "/etc/passwd"},
        forbidden=("root:x:0:0",),
    ),
    Case(
        "lock-file-climbing-out",
        "Configuration and names",
        "`lock_file: ../../etc/passwd`",
        {},
        None,
        None,
        exit=2,
        options={"lock_file": "../../etc/passwd"},
    ),
    Case(
        "generated-dir-climbing-out",
        "Configuration and names",
        "`generated_dir: ../../x`",
        {},
        None,
        None,
        exit=2,
        options={"generated_dir": "../../x"},
    ),
    Case(
        "views-dir-absolute",
        "Configuration and names",
        "`views_dir: /tmp/x`",
        {},
        None,
        None,
        exit=2,
        options={"views_dir": "/tmp/x"},
    ),
    Case(
        "custom-plural-climbing-out",
        "Configuration and names",
        "a custom type with `plural: ../../x`",
        {},
        None,
        None,
        exit=2,
        options={"types": {"story": {"prefix": "STY", "plural": "../../x", "layer": "plan"}}},
    ),
    Case(
        "date-window-too-wide",
        "Configuration and names",
        "`date_window: [1, 9999]`",
        {},
        None,
        None,
        exit=2,
        options={"date_window": [1, 9999]},
    ),
    # -- CSV actuals ----------------------------------------------------------------------------------------
    Case(
        "csv-missing-column",
        "CSV actuals",
        "`kpi,KPI-SQL,2027-01` under a 4-column header",
        {"a.csv": "kind,id,period,value\nkpi,KPI-SQL,2027-01\n"},
        "GT120",
        "a.csv:2",
    ),
    Case(
        "csv-extra-column",
        "CSV actuals",
        "`kpi,KPI-SQL,2027-01,5,note,extra`",
        {"a.csv": CSV_HEADER + "kpi,KPI-SQL,2027-01,5,note,extra\n"},
        "GT120",
        "a.csv:2",
    ),
    Case(
        "csv-wrong-encoding",
        "CSV actuals",
        "a note `café` saved as Latin-1",
        {"a.csv": (CSV_HEADER + "kpi,KPI-SQL,2027-01,5,caf\xe9\n").encode("latin-1")},
        "GT012",
        "a.csv:2",
    ),
    Case(
        "csv-thousands-separator",
        "CSV actuals",
        '`kpi,KPI-SQL,2027-01,"1,200",`',
        {"a.csv": CSV_HEADER + 'kpi,KPI-SQL,2027-01,"1,200",\n'},
        "GT123",
        "a.csv:2",
        build=True,
    ),
    Case(
        "csv-semicolons",
        "CSV actuals",
        "`kind;id;period;value` (a European spreadsheet export)",
        {"a.csv": "kind;id;period;value\nkpi;KPI-SQL;2027-01;5\n"},
        "GT120",
        "a.csv:1",
    ),
    Case(
        "csv-formula",
        "CSV actuals",
        "`kpi,KPI-SQL,2027-01,=1+2,` (a spreadsheet formula)",
        {"a.csv": CSV_HEADER + "kpi,KPI-SQL,2027-01,=1+2,\n"},
        "GT123",
        "a.csv:2",
    ),
    Case(
        "csv-unknown-id",
        "CSV actuals",
        "`kpi,KPI-SQLL,2027-01,5,`",
        {"a.csv": CSV_HEADER + "kpi,KPI-SQLL,2027-01,5,\n"},
        "GT121",
        "a.csv:2",
    ),
]


def case_options(case: Case) -> dict[str, Any]:
    """The goldenthread options a build of the case uses (check gets ``today`` as ``--today``)."""
    return {"today": case.today, **case.options}


def write_case(root: Path, case: Case) -> Path:
    """The clean wiki plus the case's files and links under ``root/content`` (and the case's
    ``mkdocs.yml`` when it sets options)."""
    docs = root / "content"
    if case.options:
        write_site(root, {}, case_options(case))
    write_files(docs, {**VALID_WIKI, **case.files})
    for rel, target in case.symlinks:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, docs / rel)
    return docs
