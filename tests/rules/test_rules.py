"""One fixture per rule (GT001…GT107): code, file, line and column, exactly.

Each fixture (``tests/rule_fixtures.py``) adds one file with one kind of mistake to a small clean
wiki (``valid_wiki``) and asserts the *complete* set of diagnostics, so a wrong position, a
missing diagnostic or a spurious extra one all fail. Further tests pin messages, hints ("did you
mean"), severities and configuration (custom types and fields, the thread).
"""

from __future__ import annotations

from textwrap import dedent

import pytest

from goldenthread.core.config import ConfigError, parse_settings
from goldenthread.core.diagnostics import RULES, Severity
from rule_fixtures import FIXTURES, RULE_FIXTURES, campaign
from wikis import TODAY

C = "content/"


def only(result, *expected):
    assert result.where() == set(expected), result.dump()


@pytest.mark.parametrize("code, files, expected", RULE_FIXTURES)
def test_rule_fixture(write_content, check, valid_wiki, code, files, expected):
    r = check(write_content({**valid_wiki, **files}))
    assert code in r.codes, r.dump()
    only(r, *{(c, C + f, line, col) for c, f, line, col in expected})
    for d in r.of(code):
        assert d.severity is RULES[code].severity
        assert d.message and d.hint, d


#: The rules of the core (GT001–GT020, GT101–GT107); rules added with later features are tested with those features.
CORE_RULES = {f"GT{n:03d}" for n in range(1, 21)} | {f"GT{n}" for n in range(101, 108)}


def test_every_core_rule_has_a_fixture():
    assert set(RULES) >= CORE_RULES
    assert {p.values[0] for p in RULE_FIXTURES} == CORE_RULES


# --------------------------------------------------------------------------- messages, hints, related


def test_gt001_names_the_item_and_what_is_missing(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT001-campaign-and-its-tactic"]}))
    by_item = {d.item: d for d in r.of("GT001")}
    assert by_item["CMP-NO-THREAD"].message == (
        "campaign CMP-NO-THREAD has no golden thread: it has no 'supports' link to an objective"
    )
    assert by_item["CMP-NO-THREAD"].hint == "add 'supports: [OBJ-…]' naming the objective this campaign serves"
    assert by_item["TAC-ORPHAN"].message == (
        "tactic TAC-ORPHAN has no golden thread: its campaign (CMP-NO-THREAD) reaches no objective "
        "and it has no 'supports'"
    )


def test_gt001_tactic_without_a_campaign_asks_for_the_campaign_first(write_content, check, valid_wiki):
    """Adding 'supports' alone would trade GT001 for GT005 (a tactic's campaign is required)."""
    text = "tactics:\n  - id: TAC-LOOSE\n    title: Loose\n    channel: ads\n"
    r = check(write_content({**valid_wiki, "t.yml": text}))
    only(r, ("GT001", C + "t.yml", 2, 9), ("GT005", C + "t.yml", 2, 5))
    d = r.one("GT001")
    assert (
        d.message
        == "tactic TAC-LOOSE has no golden thread: it has no 'campaign' and no 'supports' link to an objective"
    )
    assert (
        d.hint
        == "add 'campaign: CMP-…' naming the campaign this tactic belongs to: it then follows that campaign's thread"
    )


def test_gt001_tactic_with_its_own_supports_or_a_threaded_campaign_passes(write_content, check, valid_wiki):
    text = (
        "campaigns:\n"
        + campaign("CMP-BARE", supports=None)
        + dedent("""\
        tactics:
          - id: TAC-OWN
            title: Own thread
            campaign: CMP-BARE
            supports: [{id: OBJ-GROW, weight: 2}]
            channel: email
          - id: TAC-INHERITS
            title: Inherits
            campaign: CMP-ONE
            channel: email
        """)
    )
    r = check(write_content({**valid_wiki, "t.yml": text}))
    only(r, ("GT001", C + "t.yml", 2, 9))
    assert r.analysis.graph.thread("TAC-INHERITS") == {"OBJ-GROW": ["TAC-INHERITS", "CMP-ONE", "OBJ-GROW"]}
    assert r.analysis.graph.thread("TAC-OWN") == {"OBJ-GROW": ["TAC-OWN", "OBJ-GROW"]}


def test_gt001_thread_through_unknown_or_wrong_links_is_not_a_thread(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign("CMP-TYPO", supports="[OBJ-GORW]") + campaign("CMP-SELF", supports="[CMP-SELF]")
    r = check(write_content({**valid_wiki, "t.yml": text}))
    only(
        r,
        ("GT001", C + "t.yml", 5, 15),
        ("GT002", C + "t.yml", 5, 16),
        ("GT001", C + "t.yml", 11, 15),
        ("GT017", C + "t.yml", 11, 16),
    )
    assert r.one("GT002").hint == "did you mean 'OBJ-GROW'?"


def test_gt002_did_you_mean(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT002"]}))
    hints = {d.line: (d.message, d.hint) for d in r.of("GT002")}
    assert hints[4] == ("plan links to unknown ID 'PLAN-2072'", "did you mean 'PLAN-2027'?")
    assert hints[8] == (
        "audiences[0] links to unknown ID 'AUD-NOPE'",
        "check the ID, or add the item it names",
    )
    assert {d.item for d in r.of("GT002")} == {"CMP-U"}


def test_gt003_message(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT003-supports-an-audience"]}))
    d = r.one("GT003")
    assert d.message == "supports[0] of CMP-W must link to an objective, but AUD-CFO is an audience"
    assert d.hint == "link an objective here (IDs starting OBJ-)"


def test_gt003_tactic_campaign_and_record_links(write_content, check, valid_wiki):
    text = dedent("""\
        tactics:
          - id: TAC-W
            title: w
            campaign: PLAN-2027
            supports: [OBJ-GROW]
            channel: email
        objectives:
          - id: OBJ-W
            title: w
            status: retired
            targets: [{kpi: OBJ-GROW, target: 1}]
        """)
    r = check(write_content({**valid_wiki, "w.yml": text}))
    only(r, ("GT003", C + "w.yml", 4, 15), ("GT003", C + "w.yml", 11, 21))
    assert {d.message for d in r.of("GT003")} == {
        "campaign of TAC-W must link to a campaign, but PLAN-2027 is a plan",
        "targets[0].kpi of OBJ-W must link to a kpi, but OBJ-GROW is an objective",
    }


def test_gt004_names_both_places(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT004"]}))
    d = r.one("GT004")
    assert d.message == "duplicate ID 'CMP-ONE': also declared at content/plan.yml:8"
    assert d.related == ((C + "plan.yml", 8, 9),)
    assert d.item == "CMP-ONE"
    # the first declaration stays the item
    assert r.items["CMP-ONE"].title == "Campaign one"


def test_gt004_within_one_file(write_content, check, valid_wiki):
    text = (
        "objectives:\n  - id: OBJ-TWICE\n    title: a\n    status: retired\n"
        "  - id: OBJ-TWICE\n    title: b\n    status: retired\n"
    )
    r = check(write_content({**valid_wiki, "t.yml": text}))
    only(r, ("GT004", C + "t.yml", 5, 9))
    assert r.one("GT004").related == ((C + "t.yml", 2, 9),)


def test_gt005_missing_and_empty_required_fields(write_content, check, valid_wiki):
    text = dedent("""\
        campaigns:
          - id: CMP-M
            title: ""
            supports: [OBJ-GROW]
            start: 2027-02-01
            end:
            budget:
              - {channel: ads}
        kpis:
          - id: KPI-M
            title: m
        """)
    r = check(write_content({**valid_wiki, "m.yml": text}))
    only(
        r,
        ("GT005", C + "m.yml", 3, 12),
        ("GT005", C + "m.yml", 2, 5),
        ("GT005", C + "m.yml", 6, 9),
        ("GT005", C + "m.yml", 8, 9),
        ("GT005", C + "m.yml", 10, 5),
    )
    assert sorted(d.message for d in r.of("GT005")) == [
        "'budget' entry is missing 'amount'",
        "required field 'direction' is missing",
        "required field 'end' is empty",
        "required field 'plan' is missing",
        "required field 'title' is empty",
        "required field 'unit' is missing",
    ]


GT006_CASES = [
    ("plans", "budget: 10k", "'budget' must be a number, not '10k'", "write the full number: 10000"),
    ("plans", "budget: 1.5M", "'budget' must be a number, not '1.5M'", "write the full number: 1500000"),
    (
        "plans",
        "budget: $5000",
        "'budget' must be a number, not '$5000'",
        "leave out the currency; the plan's currency applies",
    ),
    (
        "plans",
        'budget: "120,000"',
        "'budget' must be a number, not '120,000'",
        "remove the thousands separators: 120000",
    ),
    ("plans", "budget: 5%", "'budget' must be a number, not '5%'", "write the number without '%'"),
    (
        "objectives",
        "last_reviewed: next week",
        "'last_reviewed' must be a date (YYYY-MM-DD), not 'next week'",
        "write the date as YYYY-MM-DD, e.g. 2027-03-31",
    ),
    (
        "objectives",
        "last_reviewed: 2027-02-30",
        "'last_reviewed' is '2027-02-30', which is not a real date",
        "check the month and day",
    ),
    (
        "objectives",
        "last_reviewed: 03/01/2027",
        "'last_reviewed' must be a date (YYYY-MM-DD), not '03/01/2027'",
        "write the date as YYYY-MM-DD, e.g. 2027-03-31",
    ),
    (
        "objectives",
        "review_cadence: Quarterly",
        "'review_cadence' is 'Quarterly', which is not one of: weekly, monthly, quarterly, yearly",
        "did you mean 'quarterly'?",
    ),
    (
        "objectives",
        "review_cadence: fortnightly",
        "'review_cadence' is 'fortnightly', which is not one of: weekly, monthly, quarterly, yearly",
        "use one of: weekly, monthly, quarterly, yearly",
    ),
    (
        "objectives",
        "owner: dana",
        "'owner' must be a handle like \"@name\" or \"@org/team\", not 'dana'",
        'write the handle in quotes: "@name"',
    ),
    (
        "objectives",
        "owner: [a, b]",
        "'owner' expects a single value, not a list",
        "write owner: <value> on one line",
    ),
    ("objectives", "parent: [OBJ-GROW]", "'parent' expects one ID, not a list", "write parent: <ID>"),
    ("objectives", "tags: growth", "'tags' expects a list, not 'growth'", "write tags: [growth]"),
    (
        "objectives",
        "audiences: {id: AUD-X}",
        "'audiences' expects a list, not a mapping",
        "write audiences: […]",
    ),
    (
        "objectives",
        "horizon: 2027",
        "'horizon' entries must be mappings (start, end), not '2027'",
        "write each entry as {start, end}",
    ),
]


@pytest.mark.parametrize("plural, line, message, hint", GT006_CASES)
def test_gt006_invalid_values(write_content, check, valid_wiki, plural, line, message, hint):
    head = {
        "plans": "plans:\n  - id: PLAN-V\n    title: v\n    period: {start: 2027-01-01, end: 2027-12-31}\n"
        "    currency: USD\n",
        "objectives": "objectives:\n  - id: OBJ-V\n    title: v\n    status: retired\n    review_cadence: yearly\n",
    }[plural]
    if plural == "objectives" and line.startswith("review_cadence"):
        head = head.replace("    review_cadence: yearly\n", "")
    column = 5 + len(line.split(":")[0]) + 2
    r = check(write_content({**valid_wiki, "v.yml": head + "    " + line + "\n"}))
    value_line = head.count("\n") + 1
    only(r, ("GT006", C + "v.yml", value_line, column))
    d = r.one("GT006")
    assert (d.message, d.hint, d.item) == (message, hint, "PLAN-V" if plural == "plans" else "OBJ-V")


def test_gt006_in_records_lists_and_links(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign(
        "CMP-V",
        "status: Active",
        "channels: email",
        'raci: {accountable: ["@dana"], informed: dana}',
        "budget:",
        "  - {channel: ads, amount: 5, period: 2027-13}",
        "  - just text",
        "milestones: [{title: m, date: 2027-02-02, done: maybe}]",
        "audiences: [[AUD-X]]",
        "kpi_targets: [{kpi: KPI-SQL, target: lots}]",
    )
    r = check(write_content({**valid_wiki, "v.yml": text}))
    only(
        r,
        ("GT006", C + "v.yml", 8, 13),
        ("GT006", C + "v.yml", 9, 15),
        ("GT006", C + "v.yml", 10, 46),
        ("GT006", C + "v.yml", 12, 43),
        ("GT006", C + "v.yml", 13, 9),
        ("GT006", C + "v.yml", 14, 53),
        ("GT006", C + "v.yml", 15, 17),
        ("GT006", C + "v.yml", 16, 42),
    )
    hints = {d.line: d.hint for d in r.of("GT006")}
    assert hints[8] == "did you mean 'active'?"
    assert hints[9] == "write channels: [email]"
    assert hints[12] == "write e.g. 2027-03 or 2027-Q1, or leave it out to spread over the campaign"
    assert hints[14] == "write true or false"


def test_gt103_a_milestone_may_lead_its_campaign_by_the_configured_days(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign("CMP-M", "milestones:", "  - {title: Kick-off, date: 2026-12-03}")
    files = write_content({**valid_wiki, "m.yml": text})
    assert check(files).codes == []  # 60 days before the start: preparation, within the default 90
    r = check(files, milestone_lead_days=30)
    only(r, ("GT103", C + "m.yml", 9, 33))
    assert r.one("GT103").message == (
        "milestone 'Kick-off' on 2026-12-03 is more than 30 days before campaign CMP-M (2027-02-01 to 2027-03-01)"
    )
    assert r.one("GT103").hint == "move the milestone, extend the campaign, or raise milestone_lead_days (30)"


def test_gt006_thousands_separator_in_a_flow_mapping(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign("CMP-C", "budget:", "  - {channel: ads, amount: 160,000}")
    r = check(write_content({**valid_wiki, "c.yml": text}))
    only(r, ("GT006", C + "c.yml", 9, 36))
    d = r.one("GT006")
    assert d.message == "'budget' entry has a number split by a comma (key '000')"
    assert d.hint == "remove the thousands separator: write 160000, not 160,000"


def test_gt006_split_number_hint_names_the_number_written(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign(
        "CMP-C", "budget:", "  - {channel: ads, amount: 420,000}", "  - {channel: events, amount: 1,250,500}"
    )
    r = check(write_content({**valid_wiki, "c.yml": text}))
    only(r, ("GT006", C + "c.yml", 9, 36), ("GT006", C + "c.yml", 10, 37))
    assert [d.hint for d in r.diagnostics if d.code == "GT006"] == [
        "remove the thousands separator: write 420000, not 420,000",
        "remove the thousands separator: write 1250500, not 1,250,500",
    ]


def test_gt006_list_where_scalar_belongs_and_reverse(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign("CMP-L", supports="OBJ-GROW", start="[2027-02-01]")
    r = check(write_content({**valid_wiki, "l.yml": text}))
    only(r, ("GT006", C + "l.yml", 5, 15), ("GT001", C + "l.yml", 5, 15), ("GT006", C + "l.yml", 6, 12))
    messages = {d.line: (d.message, d.hint) for d in r.of("GT006")}
    assert messages[5] == ("'supports' expects a list, not 'OBJ-GROW'", "write supports: [OBJ-GROW]")
    assert messages[6] == ("'start' expects a single value, not a list", "write start: <value> on one line")


def test_gt007_end_before_start_everywhere(write_content, check, valid_wiki):
    text = dedent("""\
        plans:
          - id: PLAN-BACK
            title: back
            period: {start: 2027-12-31, end: 2027-01-01}
            currency: USD
            budget: 1
        objectives:
          - id: OBJ-BACK
            title: back
            status: retired
            horizon:
              start: 2029-01-01
              end: 2027-01-01
        tactics:
          - id: TAC-BACK
            title: back
            campaign: CMP-ONE
            channel: email
            start: 2027-03-01
            end: 2027-02-01
        """)
    r = check(write_content({**valid_wiki, "e.yml": text}))
    only(r, ("GT007", C + "e.yml", 4, 38), ("GT007", C + "e.yml", 13, 12), ("GT007", C + "e.yml", 20, 10))
    assert {d.message for d in r.of("GT007")} == {
        "period ends (2027-01-01) before it starts (2027-12-31)",
        "horizon ends (2027-01-01) before it starts (2029-01-01)",
        "tactic TAC-BACK ends (2027-02-01) before it starts (2027-03-01)",
    }


def test_gt008_negative_amounts(write_content, check, valid_wiki):
    text = dedent("""\
        plans:
          - id: PLAN-NEG
            title: neg
            period: {start: 2027-01-01, end: 2027-12-31}
            currency: USD
            budget: -100000
        tactics:
          - id: TAC-NEG
            title: neg
            campaign: CMP-ONE
            channel: email
            budget: -0.5
        """)
    r = check(write_content({**valid_wiki, "n.yml": text}))
    only(r, ("GT008", C + "n.yml", 6, 13), ("GT008", C + "n.yml", 12, 13))
    assert {d.message for d in r.of("GT008")} == {
        "'budget' is negative (-100000)",
        "'budget' is negative (-0.5)",
    }


def test_gt009_cycle_message_and_related_links(write_content, check, valid_wiki, tmp_path):
    r = check(write_content({**valid_wiki, **FIXTURES["GT009-kpi-leads-to"]}, root=tmp_path / "kpis"))
    d = r.one("GT009")
    assert d.message == "leads_to links form a cycle: KPI-A → KPI-B → KPI-C → KPI-A"
    assert d.item == "KPI-A"
    assert set(d.related) == {("kpis/k.yml", 11, 16), ("kpis/k.yml", 6, 16)}
    r = check(write_content({**valid_wiki, **FIXTURES["GT009-objective-parents"]}, root=tmp_path / "objectives"))
    assert r.one("GT009").message == "parent links form a cycle: OBJ-A → OBJ-B → OBJ-A"
    assert r.one("GT009").related == (("objectives/c.yml", 8, 13),)


def test_gt017_self_links(write_content, check, valid_wiki):
    text = (
        "kpis:\n  - id: KPI-SELF\n    title: s\n    unit: '%'\n    direction: up\n    leads_to: [KPI-SQL, KPI-SELF]\n"
    )
    r = check(write_content({**valid_wiki, "s.yml": text}))
    only(r, ("GT017", C + "s.yml", 6, 25))
    assert r.one("GT017").message == "KPI-SELF links to itself through 'leads_to[1]'"


def test_gt018_prose_references_outside_code_only(write_content, check, valid_wiki):
    page = dedent("""\
        ---
        id: OBJ-PROSE
        type: objective
        title: Prose
        status: retired
        faq:
          - question: Which?
            answer: See [[KPI-SQL]] and [[KPI-NOPE]].
        ---
        Known [[OBJ-GROW]], labelled [[CMP-ONE|the campaign]], unknown [[OBJ-GORW]].

        Inline `[[OBJ-INLINE]]` and ``[[OBJ-DOUBLE]]`` code are ignored.

        ```yaml
        supports: [[OBJ-FENCED]]
        ```

        ~~~~
        [[OBJ-TILDE]]
        ~~~~

        After the fences [[OBJ-AFTER]].
        """)
    text = dedent("""\
        campaigns:
          - id: CMP-PROSE
            title: Prose
            plan: PLAN-2027
            supports: [OBJ-GROW]
            start: 2027-02-01
            end: 2027-03-01
            description: |
              Uses [[VP-NONE]] and `[[VP-CODE]]`.

              ```
              [[VP-FENCED]]
              ```
        """)
    r = check(write_content({**valid_wiki, "prose.md": page, "prose.yml": text}))
    only(
        r,
        ("GT018", C + "prose.md", 8, 33),
        ("GT018", C + "prose.md", 10, 64),
        ("GT018", C + "prose.md", 22, 18),
        ("GT018", C + "prose.yml", 9, 12),
    )
    by_line = {(d.file, d.line): d for d in r.of("GT018")}
    assert by_line[(C + "prose.md", 10)].hint == "did you mean 'OBJ-GROW'?"
    assert by_line[(C + "prose.md", 10)].message == "reference [[OBJ-GORW]] names no item"
    assert by_line[(C + "prose.md", 10)].item == "OBJ-PROSE"
    assert by_line[(C + "prose.yml", 9)].item == "CMP-PROSE"


def test_gt019_lookalikes_name_both(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT019"]}))
    d = r.one("GT019")
    assert d.message == "ID 'OBJ-GROW' looks like 'OBJ-GR0W' (content/l.yml:2)"
    assert d.related == ((C + "l.yml", 2, 9),)


def test_gt021_a_repeated_link_is_reported_and_counted_once(write_content, check, valid_wiki):
    from goldenthread.core.graph import Graph
    from goldenthread.domain.rollup import objective_weights

    text = dedent("""\
        objectives:
          - id: OBJ-KEEP
            title: Keep customers
            status: retired
        campaigns:
          - id: CMP-TWICE
            title: Twice
            plan: PLAN-2027
            supports: [OBJ-GROW, OBJ-GROW, OBJ-KEEP]
            audiences: []
            start: 2027-02-01
            end: 2027-03-01
            kpi_targets:
              - {kpi: KPI-SQL, target: 10, by: 2027-02-15}
              - {kpi: KPI-SQL, target: 20, by: 2027-03-01}
        """)
    r = check(write_content({**valid_wiki, "d.yml": text}))
    only(r, ("GT021", C + "d.yml", 9, 26))
    d = r.one("GT021")
    assert d.severity is Severity.WARNING and d.item == "CMP-TWICE"
    assert d.message == "'supports' names OBJ-GROW twice (first at line 9)"
    assert "weight" in d.hint
    assert d.related == ((C + "d.yml", 9, 16),)
    # the repeat is dropped: the budget splits evenly, and record links (KPI targets) may repeat
    item = r.items["CMP-TWICE"]
    assert item.values["supports"] == ["OBJ-GROW", "OBJ-KEEP"]
    graph = Graph.build(r.analysis.model, r.analysis.settings)
    assert objective_weights(graph, item) == {"OBJ-GROW": 0.5, "OBJ-KEEP": 0.5}
    assert [ln.target for ln in item.links if ln.record] == ["KPI-SQL", "KPI-SQL"]


def test_gt021_in_front_matter_and_configurable(write_content, check, valid_wiki):
    page = (
        "---\nid: CMP-PAGE\ntype: campaign\ntitle: Page\nplan: PLAN-2027\nsupports:\n  - OBJ-GROW\n"
        "  - {id: OBJ-GROW, weight: 2}\nstart: 2027-02-01\nend: 2027-03-01\n---\nBody\n"
    )
    r = check(write_content({**valid_wiki, "c.md": page}))
    only(r, ("GT021", C + "c.md", 8, 10))
    r = check(write_content({**valid_wiki, "c.md": page}), rules={"duplicate-link": "off"})
    only(r)


def test_gt101_not_for_supported_retired_or_parent_objectives(write_content, check, valid_wiki):
    text = dedent("""\
        objectives:
          - id: OBJ-PARENT
            title: Parent of a supported objective
          - id: OBJ-CHILD
            title: Child
            parent: OBJ-PARENT
          - id: OBJ-RETIRED
            title: Retired
            status: retired
          - id: OBJ-DRAFT
            title: Draft
            status: draft
          - id: OBJ-ACTIVE
            title: Active but unsupported
            status: active
        campaigns:
        """) + campaign("CMP-CHILD", supports="[OBJ-CHILD]")
    r = check(write_content({**valid_wiki, "o.yml": text}))
    only(r, ("GT101", C + "o.yml", 13, 9))
    assert r.one("GT101").message == "objective OBJ-ACTIVE is not supported by any plan item"


def test_gt101_supported_through_a_tactic_only(write_content, check, valid_wiki):
    text = (
        "objectives:\n  - id: OBJ-TAC\n    title: t\ntactics:\n  - id: TAC-T\n    title: t\n"
        "    campaign: CMP-ONE\n    supports: [OBJ-TAC]\n    channel: email\n"
    )
    only(check(write_content({**valid_wiki, "t.yml": text})))


def test_gt102_message(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT102"]}))
    assert {d.message for d in r.of("GT102")} == {
        "campaign CMP-P starts 2026-12-01, outside its plan PLAN-2027 (2027-01-01 to 2027-12-31)",
        "campaign CMP-P ends 2028-01-31, outside its plan PLAN-2027 (2027-01-01 to 2027-12-31)",
    }


def test_gt102_and_gt103_boundaries_are_inside(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign(
        "CMP-EDGE",
        "milestones:",
        "  - {title: First day, date: 2027-01-01}",
        "  - {title: Last day, date: 2027-12-31, done: true}",
        start="2027-01-01",
        end="2027-12-31",
    )
    only(check(write_content({**valid_wiki, "e.yml": text})))


def test_gt104_message_and_plans_are_separate(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT104"]}))
    assert r.one("GT104").message == "campaign budgets in PLAN-2027 add up to 100,001, above the plan budget 100,000"
    text = "campaigns:\n" + campaign(
        "CMP-EXACT", "budget: [{channel: ads, amount: 60000}, {channel: tv, amount: 40000}]"
    )
    only(check(write_content({**valid_wiki, "b.yml": text})))


@pytest.mark.parametrize(
    "cadence, last, overdue",
    [
        ("weekly", "2027-06-08", False),
        ("weekly", "2027-06-07", True),
        ("monthly", "2027-05-15", False),
        ("monthly", "2027-05-14", True),
        ("quarterly", "2027-03-15", False),
        ("quarterly", "2027-03-14", True),
        ("yearly", "2026-06-15", False),
        ("yearly", "2026-06-14", True),
    ],
)
def test_gt105_review_cadence_boundaries(write_content, check, valid_wiki, cadence, last, overdue):
    text = (
        f"objectives:\n  - id: OBJ-R\n    title: r\n    status: retired\n    last_reviewed: {last}\n"
        f"    review_cadence: {cadence}\n"
    )
    r = check(write_content({**valid_wiki, "r.yml": text}), today=TODAY)
    if overdue:
        only(r, ("GT105", C + "r.yml", 5, 20))
    else:
        only(r)


def test_gt105_depends_on_settings_today_only(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, **FIXTURES["GT105"]})
    assert check(docs, today="2027-03-15").codes == []
    assert check(docs, today="2027-04-02").codes == ["GT105"]
    assert check(docs, today="2027-04-02").one("GT105").message == (
        "OBJ-OLD was last reviewed 2027-03-01; its monthly review was due 2027-04-01"
    )


def test_gt106_leading_kpi_is_on_thread(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign(
        "CMP-K",
        "kpi_targets:",
        "  - {kpi: KPI-MQL, target: 100}",
        "  - {kpi: KPI-SQL, target: 10, baseline: 5, by: 2027-03-01}",
    )
    only(check(write_content({**valid_wiki, "k.yml": text})))
    r = check(write_content({**valid_wiki, **FIXTURES["GT106"]}))
    assert r.one("GT106").message == "KPI target KPI-VANITY of CMP-K is no objective's KPI and leads to none"


def test_gt107_only_warns(write_content, check, valid_wiki):
    r = check(write_content({**valid_wiki, **FIXTURES["GT107"]}))
    assert r.one("GT107").severity is Severity.WARNING
    assert r.analysis.errors == []
    assert r.items["OBJ-T"].tags == ["a", "b"]


# --------------------------------------------------------------------------- one run, every problem


def test_one_run_reports_every_problem_across_files(write_content, check, valid_wiki):
    files = {
        **valid_wiki,
        "plans/campaigns.yml": dedent("""\
            campaigns:
              - id: CMP-A
                title: A
                plan: PLAN-2027
                start: 2027-02-01
                end: 2027-01-01
                budget:
                  - {channel: ads, amount: 10k}
              - id: CMP-B
                title: B
                plan: PLAN-2072
                supports: [OBJ-GROW, AUD-X]
                start: next week
                end: 2027-03-01
                status: in progress
            """),
        "plans/tactics.yml": dedent("""\
            tactics:
              - id: TAC-A
                title: A
                campaign: CMP-A
                channel: email
                budget: -3
              - id: tac-lower
                title: lower
            """),
        "strategy/obj.md": dedent("""\
            ---
            id: OBJ-MD
            type: objective
            title: Markdown
            parent: OBJ-MD
            ownr: "@x"
            ---
            See [[OBJ-NOPE]].
            """),
        "strategy/broken.yml": "objectives:\n  - id: OBJ-BROKEN\n    title: [\n",
        "strategy/bytes.yml": b"\xfe\xff",
        "reviews.yml": "reviews:\n  - id: REV-1\n    title: r\n    date: 2027-01-01\n    kind: weekly\n"
        "    covers: [CMP-A, CMP-A]\n    kind: monthly-plan\n",
        "audiences.yml": "audiences:\n  - id: AUD-X\n    title: X\n",
    }
    r = check(write_content(files))
    p, t, o = C + "plans/campaigns.yml", C + "plans/tactics.yml", C + "strategy/obj.md"
    only(
        r,
        ("GT001", p, 2, 9),
        ("GT007", p, 6, 10),
        ("GT006", p, 8, 32),
        ("GT002", p, 11, 11),
        ("GT003", p, 12, 26),
        ("GT006", p, 13, 12),
        ("GT006", p, 15, 13),
        ("GT001", t, 4, 15),
        ("GT008", t, 6, 13),
        ("GT013", t, 7, 9),
        ("GT005", t, 7, 5),  # campaign and channel: an item with a bad ID still has its fields checked
        ("GT017", o, 5, 9),
        ("GT020", o, 6, 1),
        ("GT018", o, 8, 5),
        ("GT101", o, 2, 5),
        ("GT010", C + "strategy/broken.yml", 4, 1),
        ("GT012", C + "strategy/bytes.yml", 1, 1),
        ("GT011", C + "reviews.yml", 7, 5),
        ("GT021", C + "reviews.yml", 6, 21),
        # the content keeps review records, so the review cadence is checked too
        ("GT170", C + "plan.yml", 2, 9),
        ("GT171", C + "strategy.yml", 2, 9),
    )
    errors, warnings = r.analysis.counts()
    assert (errors, warnings) == (17, 5)


# --------------------------------------------------------------------------- severity configuration


def test_rule_off_by_code(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, **FIXTURES["GT101"]})
    assert check(docs).codes == ["GT101"]
    only(check(docs, rules={"GT101": "off"}))
    only(check(docs, rules={"gt101": False}))


def test_rule_severity_by_name(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, **FIXTURES["GT101"]})
    r = check(docs, rules={"unsupported-objective": "error"})
    d = r.one("GT101")
    assert d.severity is Severity.ERROR
    assert len(r.analysis.errors) == 1 and r.analysis.warnings == []
    r = check(docs, rules={"GT101": "info"})
    assert r.one("GT101").severity is Severity.INFO
    assert r.analysis.counts() == (0, 0)


def test_errors_can_be_downgraded(write_content, check, valid_wiki):
    docs = write_content({**valid_wiki, **FIXTURES["GT001-campaign-and-its-tactic"]})
    r = check(docs, rules={"missing-thread": "warning"})
    assert [d.severity for d in r.of("GT001")] == [Severity.WARNING, Severity.WARNING]
    assert r.analysis.counts() == (0, 2)
    assert check(docs, rules={"GT001": "off"}).codes == []


@pytest.mark.parametrize(
    "options, message",
    [
        ({"rules": {"GT999": "off"}}, "rules: unknown rule 'GT999'"),
        ({"rules": {"no-such-rule": "error"}}, "rules: unknown rule 'no-such-rule'"),
        (
            {"rules": {"GT101": "loud"}},
            "rules.GT101: unknown severity 'loud' (use error, warning, info or off)",
        ),
        ({"rules": ["GT101"]}, "rules: expected a mapping of rule code or name to error/warning/info/off"),
        ({"colour": "gold"}, "unknown goldenthread option(s): colour"),
        ({"thread": {"campaign": ["title"]}}, "thread.campaign: 'title' is not a link field of campaign"),
        ({"thread": {"widget": ["supports"]}}, "thread: unknown type 'widget'"),
        ({"today": "tomorrow"}, "today: 'tomorrow' is not a YYYY-MM-DD date"),
        (
            {"types": {"campaign": {}}},
            "types.campaign: a built-in type has that name; add fields under 'fields:'",
        ),
        (
            {"types": {"initiative": {"layer": "tactical"}}},
            "types.initiative.layer: 'tactical' is not one of",
        ),
        (
            {"types": {"initiative": {"prefix": "CMP"}}},
            "types 'campaign' and 'initiative' share the prefix 'CMP'",
        ),
        ({"fields": {"campaign": {"plan": "text"}}}, "fields.campaign.plan: the type already has that field"),
        ({"fields": {"campaign": {"region": {"kind": "colour"}}}}, "unknown kind 'colour'"),
        ({"fields": {"widget": {"a": "text"}}}, "fields: unknown type 'widget'"),
        ({"prefixes": {"widget": "W"}}, "prefixes: unknown type 'widget'"),
        # bounds (core/bounds.py): every number, date and path in configuration has a range
        ({"today": "9999-12-31"}, "today: 9999-12-31 is outside the date window 1900–2200 (option date_window)"),
        ({"today": "0001-01-01"}, "today: 0001-01-01 is outside the date window 1900–2200"),
        ({"today": "2300-01-01", "date_window": [1900, 2400]}, None),
        ({"date_window": [1, 9999]}, "date_window: years must be in order and between 1000 and 9000"),
        ({"date_window": [2200, 1900]}, "date_window: years must be in order"),
        ({"date_window": "1900-2200"}, "date_window: expected [first year, last year] such as [1900, 2200]"),
        ({"review_due_days": 10**9}, "review_due_days: expected a whole number of days (0 to 3660)"),
        ({"generated_dir": "../../x"}, "generated_dir: '../../x' must be a folder inside the site"),
        ({"generated_dir": "/var/www"}, "generated_dir: '/var/www' must be a folder inside the site"),
        ({"views_dir": "a/../../b"}, "views_dir: 'a/../../b' must be a folder inside the site"),
        ({"generated_dir": "gen/items"}, None),
        ({"people_file": "/etc/passwd"}, "people_file: '/etc/passwd' must be a path inside the project"),
        ({"lock_file": "../goldenthread.lock"}, "lock_file: '../goldenthread.lock' must be a path inside the project"),
        ({"lock_file": "C:\\lock"}, "lock_file: 'C:\\\\lock' must be a path inside the project"),
        (
            {"types": {"story": {"prefix": "STY", "plural": "../../x"}}},
            "types.story.plural: '../../x' must be a plain name",
        ),
        ({"types": {"story": {"prefix": "STY", "plural": "Stories"}}}, "types.story.plural: 'Stories' must be"),
    ],
)
def test_configuration_errors(options, message):
    if message is None:  # accepted: the edge of a range
        parse_settings(options)
        return
    with pytest.raises(ConfigError) as exc:
        parse_settings(options)
    assert message in str(exc.value)


# --------------------------------------------------------------------------- custom types, fields, thread

INITIATIVE = {
    "types": {
        "initiative": {
            "prefix": "INI",
            "layer": "plan",
            "label": "Initiative",
            "fields": {
                "supports": {"kind": "links", "to": "objective"},
                "budget_code": {"kind": "text", "required": True},
                "sponsor": "handle",
            },
        },
    },
    "fields": {"campaign": {"region": {"kind": "enum", "values": ["emea", "amer"]}}},
}


def test_custom_plan_type_is_held_to_the_thread(write_content, check, valid_wiki, tmp_path):
    text = dedent("""\
        initiatives:
          - id: INI-GOOD
            title: Good
            supports: [OBJ-NEW]
            budget_code: X1
            sponsor: "@dana"
          - id: INI-BAD
            title: Bad
            budget_code: X2
            sponsr: "@dana"
        objectives:
          - id: OBJ-NEW
            title: Supported only by an initiative
        """)
    r = check(
        write_content(
            {
                **valid_wiki,
                "i.yml": text,
                "i.md": "---\nid: INI-PAGE\ntype: initiative\ntitle: Page\n---\nBody\n",
            }
        ),
        **INITIATIVE,
    )
    only(
        r,
        ("GT001", C + "i.yml", 7, 9),
        ("GT020", C + "i.yml", 10, 5),
        ("GT001", C + "i.md", 2, 5),
        ("GT005", C + "i.md", 2, 1),
    )
    assert r.of("GT001")[0].message.startswith("initiative INI-PAGE has no golden thread")
    assert r.one("GT020").hint == "did you mean 'sponsor'?"
    assert r.one("GT005").message == "required field 'budget_code' is missing"
    assert r.items["INI-GOOD"].type == "initiative"
    assert r.items["INI-GOOD"].values["sponsor"] == "@dana"
    # without the custom type, the same file is an unknown list
    r = check(write_content({"i.yml": text}, root=tmp_path / "plain"))
    assert ("GT014", "plain/i.yml", 1, 1) in r.where()
    assert r.of("GT014")[0].message == "unknown item list 'initiatives'"


def test_custom_field_on_builtin_type(write_content, check, valid_wiki):
    text = "campaigns:\n" + campaign("CMP-R", "region: mars") + campaign("CMP-S", "region: emea")
    r = check(write_content({**valid_wiki, "r.yml": text}), **INITIATIVE)
    only(r, ("GT006", C + "r.yml", 8, 13))
    assert r.one("GT006").hint == "use one of: emea, amer"
    assert r.items["CMP-S"].values["region"] == "emea"
    # undeclared, the same field is unknown
    only(
        check(write_content({**valid_wiki, "r.yml": text})),
        ("GT020", C + "r.yml", 8, 5),
        ("GT020", C + "r.yml", 15, 5),
    )


def test_custom_type_link_targets_are_type_checked(write_content, check, valid_wiki):
    text = "initiatives:\n  - id: INI-X\n    title: x\n    budget_code: b\n    supports: [KPI-SQL]\n"
    r = check(write_content({**valid_wiki, "x.yml": text}), **INITIATIVE)
    only(r, ("GT003", C + "x.yml", 5, 16), ("GT001", C + "x.yml", 5, 15))


def test_thread_config_makes_tactics_link_directly(write_content, check, valid_wiki):
    docs = write_content(valid_wiki)
    only(check(docs))
    r = check(docs, thread={"tactic": ["supports"]})
    only(r, ("GT001", C + "plan.yml", 15, 9))
    assert "TAC-ONE" in r.one("GT001").message


def test_thread_config_custom_type_inherits_through_a_link(write_content, check, valid_wiki):
    options = {
        "types": {"workstream": {"prefix": "WS", "fields": {"campaign": {"kind": "link", "to": "campaign"}}}},
        "thread": {"workstream": ["campaign"]},
    }
    text = "workstreams:\n  - id: WS-OK\n    title: ok\n    campaign: CMP-ONE\n  - id: WS-LOOSE\n    title: loose\n"
    r = check(write_content({**valid_wiki, "w.yml": text}), **options)
    only(r, ("GT001", C + "w.yml", 5, 9))
    assert r.analysis.graph.thread("WS-OK") == {"OBJ-GROW": ["WS-OK", "CMP-ONE", "OBJ-GROW"]}
    # a plan-layer custom type without objective links defaults to no thread requirement
    del options["thread"]
    only(check(write_content({**valid_wiki, "w.yml": text}), **options))


def test_custom_prefixes(write_content, check, valid_wiki):
    docs = write_content(valid_wiki)
    r = check(docs, prefixes={"campaign": "camp"})
    only(
        r,
        ("GT013", C + "plan.yml", 8, 9),
        ("GT002", C + "plan.yml", 17, 15),
        ("GT001", C + "plan.yml", 17, 15),
        ("GT101", C + "strategy.yml", 2, 9),
    )
    assert r.one("GT013").hint == "rename it to 'CAMP-…'"


def test_a_link_note_must_be_text(write_content, check, valid_wiki):
    text = valid_wiki["plan.yml"].replace(
        "    supports: [OBJ-GROW]\n", "    supports:\n      - {id: OBJ-GROW, note: [a, b]}\n"
    )
    r = check(write_content({**valid_wiki, "plan.yml": text}))
    only(r, ("GT006", C + "plan.yml", 12, 30))
    assert r.one("GT006").message == "a link's note must be text, not a list"
    text = valid_wiki["plan.yml"].replace(
        "    supports: [OBJ-GROW]\n", '    supports:\n      - {id: OBJ-GROW, note: "  why\\n  this  "}\n'
    )
    r = check(write_content({**valid_wiki, "plan.yml": text}))
    only(r)
    assert [ln.note for ln in r.items["CMP-ONE"].links if ln.spec_field == "supports"] == ["why this"]
