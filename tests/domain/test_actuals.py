"""Actuals from CSV exports and YAML: what loads, and every bad row as a diagnostic at file:line:column.

CSV lines are 1-based with the header on line 1; columns count characters from 1. The wiki is
:data:`wikis.KPI_WIKI` (read on :data:`wikis.KPI_TODAY`, 2026-07-15) with one more file per test.

:data:`ACTUALS_RULE_FIXTURES` has one fixture per actuals rule (GT120–GT127), in the shape of
``test_rules.RULE_FIXTURES`` (code, files, expected {(code, file, line, column)}), so the rule
catalogue's "every rule has a fixture" check can include them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from goldenthread.core.bounds import NUMBER_HINT
from goldenthread.core.diagnostics import RULES, Severity
from goldenthread.domain.actuals import Actual, parse_number, parse_period, split_csv
from wikis import KPI_TODAY, KPI_WIKI

C = "content/"
HEADER = "kind,id,period,value,note\n"


def run(write_content, check, files, **options):
    options.setdefault("today", KPI_TODAY)
    return check(write_content({**KPI_WIKI, **files}), **options)


def rows_of(result, file: str) -> list[Actual]:
    return [r for r in result.analysis.actuals.rows if r.pos.file == C + file]


# -- what loads --------------------------------------------------------------------------------
def test_the_fixture_loads_every_row(write_content, check):
    r = run(write_content, check, {})
    assert not r.diagnostics, r.dump()
    actuals = r.analysis.actuals
    assert actuals.files == {C + "actuals/2026.csv": 19}
    cost = actuals.kpi("KPI-COST")
    assert [(a.period.text, a.value) for a in cost] == [
        ("2026-01", 100),
        ("2026-02", 98),
        ("2026-03", 99),
        ("2026-04", 97),
        ("2026-05", 99),
        ("2026-06", 101),
    ]
    assert cost[0].pos.line == 2 and cost[-1].pos.line == 7
    assert actuals.spend_total("CMP-A") == 11200
    assert actuals.spend_total("CMP-D") == 0 and not actuals.has_spend("CMP-D")


def test_spreadsheet_export_quirks(write_content, check):
    # BOM, CRLF, header in another order without a note column, a quoted note with a comma and
    # a line break, blank and comment rows, cells padded with trailing commas, spaces around cells.
    text = (
        "\ufeffperiod,kind,id,value\r\n"
        "# exported 2026-07-02\r\n"
        "\r\n"
        "2026-07-01 , kpi , KPI-VISITS , 470,,\r\n"
        '2026-Q2,spend,CMP-D,"4000",\r\n'
    )
    r = run(write_content, check, {"actuals/export.csv": text.encode("utf-8")})
    assert not r.diagnostics, r.dump()
    got = rows_of(r, "actuals/export.csv")
    assert [(a.kind, a.id, a.period.text, a.value, a.pos.line) for a in got] == [
        ("kpi", "KPI-VISITS", "2026-07-01", 470, 4),
        ("spend", "CMP-D", "2026-Q2", 4000, 5),
    ]


def test_file_without_header_and_multiline_note(write_content, check):
    text = 'kpi,KPI-VISITS,2026-07,470,"first line,\nsecond line"\nkpi,KPI-CTR,2026-07,x\n'
    r = run(write_content, check, {"late.csv": text})
    (row,) = rows_of(r, "late.csv")
    assert row.note == "first line,\nsecond line"
    # the bad value is on line 3, after the two-line note
    assert r.where() == {("GT123", C + "late.csv", 3, 21)}


def test_yaml_actuals_and_spend(write_content, check):
    extra = {
        "more.yml": (
            "kpis:\n"
            "  - id: KPI-SIGNUPS\n"
            "    title: Signups\n"
            "    unit: count\n"
            "    direction: up\n"
            "    actuals:\n"
            "      - {period: 2026-05, value: 40}\n"
            "      - {period: 2026-06, value: 44, note: webinar week}\n"
            "campaigns:\n"
            "  - id: CMP-Y\n"
            "    title: Y\n"
            "    plan: PLAN-2026\n"
            "    supports: [OBJ-LEADS]\n"
            "    start: 2026-01-01\n"
            "    end: 2026-12-31\n"
            "    budget: [{channel: email, amount: 1000}]\n"
            "    spend:\n"
            "      - {period: 2026-Q1, amount: 300}\n"
        )
    }
    r = run(write_content, check, extra)
    assert not r.diagnostics, r.dump()
    actuals = r.analysis.actuals
    assert [(a.period.text, a.value, a.note, a.origin, a.pos.line) for a in actuals.kpi("KPI-SIGNUPS")] == [
        ("2026-05", 40, "", "yaml", 7),
        ("2026-06", 44, "webinar week", "yaml", 8),
    ]
    assert actuals.spend_total("CMP-Y") == 300


def test_yaml_bad_values_are_reported_where_they_are_written(write_content, check):
    extra = {
        "more.yml": (
            "kpis:\n"
            "  - id: KPI-SIGNUPS\n"
            "    title: Signups\n"
            "    unit: count\n"
            "    direction: up\n"
            "    actuals:\n"
            "      - {period: May 2026, value: 40}\n"
            '      - {period: 2026-06, value: "1,200"}\n'
            "      - {period: 2026-06, value: 41}\n"
        )
    }
    r = run(write_content, check, extra)
    assert r.where() == {
        ("GT124", C + "more.yml", 7, 18),  # the period, with a hint
        ("GT006", C + "more.yml", 8, 34),  # not a number: reported by the item's loader, the entry is skipped
    }, r.dump()
    assert r.one("GT124").hint == "write 2026-05"
    assert [a.value for a in r.analysis.actuals.kpi("KPI-SIGNUPS")] == [41]


def test_csv_and_yaml_for_the_same_period_clash(write_content, check):
    extra = {
        "more.yml": "kpis:\n  - id: KPI-ONE\n    title: One\n    unit: count\n    direction: up\n"
        "    actuals: [{period: 2026-05, value: 1}]\n",
        "one.csv": "kpi,KPI-ONE,2026-05-31,2\n",
    }
    r = run(write_content, check, extra)
    d = r.one("GT126")
    # CSV files load before YAML actuals, so the YAML row is the second one
    assert (d.file, d.line, d.column) == (C + "more.yml", 6, 15)
    assert d.related == ((C + "one.csv", 1, 1),)


def test_overlapping_spend_periods(write_content, check):
    text = (
        "spend,CMP-D,2026-03,1\n"  # kept
        "spend,CMP-D,2026-01,1\n"  # kept
        "spend,CMP-D,2026-Q1,1\n"  # overlaps January (and March)
        "spend,CMP-D,2026-02-14,1\n"  # kept: February is still free
        "spend,CMP-D,2026-02,1\n"  # overlaps 2026-02-14
        "spend,CMP-D,2026-04-30,1\n"  # kept
        "spend,CMP-F,2026-Q1,1\n"
    )  # another campaign: kept
    r = run(write_content, check, {"d.csv": text})
    assert {(d.line, d.message) for d in r.of("GT126")} == {
        (3, "spend on CMP-D for 2026-Q1 overlaps 2026-01 at content/d.csv:2"),
        (5, "spend on CMP-D for 2026-02 overlaps 2026-02-14 at content/d.csv:4"),
    }
    assert r.analysis.actuals.spend_total("CMP-D") == 4


def test_excluded_and_underscored_csv_files_are_not_read(write_content, check):
    bad = "kpi,KPI-NOPE,2026-01,1\n"
    r = run(write_content, check, {"_drafts/a.csv": bad, "_b.csv": bad, "archive/old.csv": bad}, exclude=["archive/*"])
    assert not r.diagnostics, r.dump()


# -- diagnostics, exactly ----------------------------------------------------------------------
BAD_ROWS = (
    HEADER  # 1
    + "kpi,KPI-COST,2026-07,1,200,\n"  # 2  unquoted thousands separator
    'kpi,KPI-COST,2026-08,"1,200",\n'  # 3  quoted: not a number
    "kpi,KPI-COST,2026-03\n"  # 4  missing the value
    "kpi,KPI-COSTS,2026-04-01,5,\n"  # 5  unknown ID
    "kpi,CMP-A,2026-05-01,5,\n"  # 6  a campaign in a kpi row
    "spend,TAC-A,2026-05,5,\n"  # 7  spend on a tactic
    "kpi,KPI-CTR,2026-07,12%,\n"  # 8  a percent sign
    "cost,CMP-A,2026-06,5,\n"  # 9  unknown kind
    "kpi,KPI-CTR,2026/7,5,\n"  # 10 period with a slash
    "spend,CMP-B,2026-07,-5,\n"  # 11 negative spend
    "kpi,KPI-CTR,2026-06,2.9,\n"  # 12 same KPI and period as in 2026.csv
    "kpi,KPI-CTR,2027-01,3,\n"  # 13 a period after today
    "kpi,KPI-NOPE,2026-13,abc,\n"  # 14 three problems in one row
    "kpi,KPI-CTR,2026-07,3,note,extra\n"  # 15 a column too many
    "spend,CMP-B,2026-06-15,100,\n"  # 16 overlaps 2026-Q2 spend in 2026.csv
)


def test_every_bad_row_at_its_line_and_column(write_content, check):
    r = run(write_content, check, {"actuals/bad.csv": BAD_ROWS})
    f = C + "actuals/bad.csv"
    assert r.where() == {
        ("GT120", f, 2, 22),
        ("GT123", f, 3, 22),
        ("GT120", f, 4, 1),
        ("GT121", f, 5, 5),
        ("GT122", f, 6, 5),
        ("GT122", f, 7, 7),
        ("GT123", f, 8, 21),
        ("GT125", f, 9, 1),
        ("GT124", f, 10, 13),
        ("GT008", f, 11, 21),
        ("GT126", f, 12, 1),
        ("GT127", f, 13, 1),
        ("GT121", f, 14, 5),
        ("GT124", f, 14, 14),
        ("GT123", f, 14, 22),
        ("GT120", f, 15, 28),
        ("GT126", f, 16, 1),
    }, r.dump()
    # only the rows with no problem but a warning load
    assert [(a.id, a.period.text) for a in rows_of(r, "actuals/bad.csv")] == [("KPI-CTR", "2027-01")]


def test_messages_and_hints(write_content, check):
    r = run(write_content, check, {"actuals/bad.csv": BAD_ROWS})
    by_line = {(d.code, d.line): d for d in r.diagnostics}
    expected = {
        ("GT120", 2): ("the value 1,200 is split into two columns at its thousands separator", "write 1200"),
        ("GT123", 3): ("value '1,200' is not a number", "remove the thousands separators: write 1200"),
        ("GT120", 4): (
            "row has 3 columns; expected 4 (kind,id,period,value): no value",
            "fill in every column of the row",
        ),
        ("GT121", 5): ("actual for unknown ID 'KPI-COSTS'", "did you mean 'KPI-COST'?"),
        ("GT122", 6): (
            "kpi actual for CMP-A, which is a campaign, not a kpi",
            "a campaign takes spend rows: write spend in the kind column",
        ),
        ("GT122", 7): (
            "spend actual for TAC-A, which is a tactic, not a campaign or objective",
            "record the spend against its campaign, CMP-A",
        ),
        ("GT123", 8): ("value '12%' is not a number", "write the number without '%': 12"),
        ("GT125", 9): ("kind 'cost' is neither kpi nor spend", "did you mean 'spend'?"),
        ("GT124", 10): ("period '2026/7' is not YYYY-MM, YYYY-Qn or YYYY-MM-DD", "write 2026-07"),
        ("GT008", 11): (
            "spend is negative (-5)",
            "record money spent as zero or more; book refunds against the period they reduce",
        ),
        ("GT126", 12): (
            "KPI-CTR already has a value measured on 2026-06-30 (2026-06) at content/actuals/2026.csv:15",
            "keep one row: the second would be counted twice or hide the first",
        ),
        ("GT127", 13): (
            "kpi actual for KPI-CTR is for 2027-01, which starts after today (2026-07-15)",
            "check the year; actuals record what already happened",
        ),
        ("GT124", 14): ("period '2026-13' is not YYYY-MM, YYYY-Qn or YYYY-MM-DD", "the month must be 01 to 12"),
        ("GT120", 15): (
            "row has 6 columns; expected 5",
            "the columns are kind,id,period,value,note; quote a cell that contains a comma",
        ),
        ("GT126", 16): (
            "spend on CMP-B for 2026-06-15 overlaps 2026-Q2 at content/actuals/2026.csv:19",
            "keep one row: the second would be counted twice or hide the first",
        ),
    }
    for key, (message, hint) in expected.items():
        d = by_line[key]
        assert (d.message, d.hint) == (message, hint), key
    assert by_line[("GT126", 12)].related == ((C + "actuals/2026.csv", 15, 1),)
    assert by_line[("GT127", 13)].severity is Severity.WARNING
    assert by_line[("GT121", 5)].severity is Severity.ERROR


@pytest.mark.parametrize(
    ("data", "expected", "hint"),
    [
        (
            b"kind,id,period,value\nkpi,KPI-CTR,2026-07,3\nkpi,KPI-CTR,2026-08,\xe9\n",
            ("GT012", 3, 21),
            "in your spreadsheet, export as 'CSV UTF-8 (comma delimited)'",
        ),
        (
            "kind,id,period,value\n".encode("utf-16"),
            ("GT012", 1, 1),
            "in your spreadsheet, export as 'CSV UTF-8 (comma delimited)'",
        ),
        (
            b"kind;id;period;value\nkpi;KPI-CTR;2026-07;3\n",
            ("GT120", 1, 1),
            "in your spreadsheet, export as 'CSV UTF-8 (comma delimited)'",
        ),
        (b"kind,id,period,amount\n", ("GT120", 1, 16), "the columns are kind, id, period, value, note"),
        (
            b'kind,id,period,value\nkpi,KPI-CTR,2026-07,3,"open\n',
            ("GT120", 2, 23),
            'close the quoted cell with " (write "" for a quote inside it); rows from here on were not read',
        ),
    ],
)
def test_unreadable_files(write_content, check, data, expected, hint):
    r = run(write_content, check, {"x.csv": data})
    codes = [(d.code, d.line, d.column) for d in r.diagnostics if d.file == C + "x.csv"]
    assert expected in codes, r.dump()
    d = next(d for d in r.diagnostics if (d.code, d.line, d.column) == expected)
    assert d.hint == hint


def test_a_header_without_required_columns(write_content, check):
    r = run(write_content, check, {"x.csv": "kind,id,value\nkpi,KPI-CTR,3\n"})
    assert r.where() == {("GT120", C + "x.csv", 1, 1)}
    assert r.one("GT120").message == "header has no 'period' column"


def test_a_bad_csv_row_fails_the_build_from_the_plugin_check(write_content, check):
    r = run(write_content, check, {"bad.csv": "kpi,KPI-NOPE,2026-01,1\n"})
    assert [d.code for d in r.analysis.errors] == ["GT121"]


# -- parsing helpers ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "start", "end", "normal"),
    [
        ("2026-03", dt.date(2026, 3, 1), dt.date(2026, 3, 31), "2026-03"),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), "2028-02"),
        ("2026-q4", dt.date(2026, 10, 1), dt.date(2026, 12, 31), "2026-Q4"),
        (" 2026-Q1 ", dt.date(2026, 1, 1), dt.date(2026, 3, 31), "2026-Q1"),
        ("2026-03-15", dt.date(2026, 3, 15), dt.date(2026, 3, 15), "2026-03-15"),
    ],
)
def test_parse_period(text, start, end, normal):
    period, hint = parse_period(text)
    assert period is not None and hint == ""
    assert (period.start, period.end, period.text) == (start, end, normal)


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2026-3", "write 2026-03"),
        ("03/2026", "write 2026-03"),
        ("Q2 2026", "write 2026-Q2"),
        ("2026 q3", "write 2026-Q3"),
        ("March 2026", "write 2026-03"),
        ("2026-02-30", "2026-02-30 is not a real date: check the day"),
        ("2026-00", "the month must be 01 to 12"),
        (
            "2026",
            "a whole year is too coarse for actuals: write a month (2026-03), a quarter (2026-Q1) "
            "or a day (2026-03-31)",
        ),
        ("", "write a month (2026-03), a quarter (2026-Q1) or a day (2026-03-31)"),
    ],
)
def test_bad_periods(text, hint):
    assert parse_period(text) == (None, hint)


@pytest.mark.parametrize(
    ("text", "value", "hint"),
    [
        ("1200", 1200.0, ""),
        ("-3.5", -3.5, ""),
        (" 0.25 ", 0.25, ""),
        ("1.2E+06", 1_200_000.0, ""),
        ("1,200", None, "remove the thousands separators: write 1200"),
        ("1,200,000.50", None, "remove the thousands separators: write 1200000.50"),
        ("3,5", None, "use a point for decimals: write 3.5"),
        ("1 200", None, "remove the thousands separators: write 1200"),
        ("12 %", None, "write the number without '%': 12"),
        ("12k", None, "write the full number: 12000"),
        ("$1200", None, "leave out the currency: spend is in the currency of the plan"),
        ("1200 EUR", None, "leave out the currency: spend is in the currency of the plan"),
        ("", None, "give the number, or leave the row out until there is one"),
        ("n/a", None, "write a plain number, e.g. 1200 or 3.5"),
        ("1e999", None, NUMBER_HINT),
        ("2e15", None, NUMBER_HINT),
        ("-1000000000000001", None, NUMBER_HINT),
        ("1000000000000000", 1e15, ""),
    ],
)
def test_parse_number(text, value, hint):
    assert parse_number(text) == (value, hint)


def test_split_csv_positions():
    rows, unclosed = split_csv('a,"b ""q"", c",d\n\n"x\ny",z')
    assert unclosed is None
    assert [[(c.text, c.line, c.column, c.quoted) for c in row] for row in rows] == [
        [("a", 1, 1, False), ('b "q", c', 1, 3, True), ("d", 1, 16, False)],
        [("", 2, 1, False)],
        [("x\ny", 3, 1, True), ("z", 4, 4, False)],
    ]


# -- one fixture per rule, for the rule catalogue ------------------------------------------------
ACTUALS_RULE_FIXTURES = [
    pytest.param("GT120", {"a.csv": "kpi,KPI-SQL,2026-06\n"}, {("GT120", "a.csv", 1, 1)}, id="GT120"),
    pytest.param("GT121", {"a.csv": "kpi,KPI-SQX,2026-06,1\n"}, {("GT121", "a.csv", 1, 5)}, id="GT121"),
    pytest.param("GT122", {"a.csv": "spend,KPI-SQL,2026-06,1\n"}, {("GT122", "a.csv", 1, 7)}, id="GT122"),
    pytest.param("GT123", {"a.csv": 'kpi,KPI-SQL,2026-06,"3,5"\n'}, {("GT123", "a.csv", 1, 21)}, id="GT123"),
    pytest.param("GT124", {"a.csv": "kpi,KPI-SQL,June,3\n"}, {("GT124", "a.csv", 1, 13)}, id="GT124"),
    pytest.param("GT125", {"a.csv": "kpis,KPI-SQL,2026-06,3\n"}, {("GT125", "a.csv", 1, 1)}, id="GT125"),
    pytest.param(
        "GT126", {"a.csv": "kpi,KPI-SQL,2026-01,3\nkpi,KPI-SQL,2026-01-31,3\n"}, {("GT126", "a.csv", 2, 1)}, id="GT126"
    ),
    pytest.param("GT127", {"a.csv": "kpi,KPI-SQL,2099-01,3\n"}, {("GT127", "a.csv", 1, 1)}, id="GT127"),
]


@pytest.mark.parametrize(("code", "files", "expected"), ACTUALS_RULE_FIXTURES)
def test_actuals_rule_fixture(write_content, check, valid_wiki, code, files, expected):
    r = check(write_content({**valid_wiki, **files}))
    assert r.where() == {(c, C + f, line, col) for c, f, line, col in expected}, r.dump()
    for d in r.of(code):
        assert d.severity is RULES[code].severity
        assert d.message and d.hint, d


def test_every_actuals_rule_has_a_fixture():
    assert {p.values[0] for p in ACTUALS_RULE_FIXTURES} == {c for c in RULES if "GT120" <= c <= "GT129"}
