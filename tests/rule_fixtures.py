"""One fixture per core rule: the files that make exactly its diagnostics, and where they are.

Each entry of :data:`RULE_FIXTURES` is ``pytest.param(code, files, expected, id=...)``: the files are
added to the clean :data:`wikis.VALID_WIKI`, and ``expected`` is the *complete* set of
``(code, file, line, column)`` (files relative to ``content/``). ``tests/rules/test_rules.py`` checks
each with ``goldenthread check``; ``tests/rules/test_check_build_agree.py`` checks that the check
and ``mkdocs build --strict`` agree on each.
"""

from __future__ import annotations

from textwrap import dedent

import pytest


def campaign(
    cid: str,
    *extra: str,
    supports: str | None = "[OBJ-GROW]",
    plan: str = "PLAN-2027",
    start: str = "2027-02-01",
    end: str = "2027-03-01",
) -> str:
    """A campaign entry (7 lines when ``extra`` is empty, ``id`` on its first line at column 9)."""
    lines = [f"  - id: {cid}", f"    title: {cid.title()}", f"    plan: {plan}"]
    if supports is not None:
        lines.append(f"    supports: {supports}")
    lines += [f"    start: {start}", f"    end: {end}", *(f"    {e}" for e in extra)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- one fixture per rule

RULE_FIXTURES = [
    pytest.param(
        "GT001",
        {
            "t.yml": dedent("""\
        campaigns:
          - id: CMP-NO-THREAD
            title: No thread
            plan: PLAN-2027
            start: 2027-02-01
            end: 2027-03-01
        tactics:
          - id: TAC-ORPHAN
            title: Orphan
            campaign: CMP-NO-THREAD
            channel: email
        """)
        },
        {("GT001", "t.yml", 2, 9), ("GT001", "t.yml", 10, 15)},
        id="GT001-campaign-and-its-tactic",
    ),
    pytest.param(
        "GT001",
        {"t.yml": "campaigns:\n" + campaign("CMP-EMPTY", supports="[]")},
        {("GT001", "t.yml", 5, 15)},
        id="GT001-empty-supports",
    ),
    pytest.param(
        "GT002",
        {"u.yml": "campaigns:\n" + campaign("CMP-U", "audiences: [AUD-NOPE]", plan="PLAN-2072")},
        {("GT002", "u.yml", 4, 11), ("GT002", "u.yml", 8, 17)},
        id="GT002",
    ),
    pytest.param(
        "GT003",
        {
            "w.yml": "audiences:\n  - id: AUD-CFO\n    title: CFO\ncampaigns:\n"
            + campaign("CMP-W", supports="[AUD-CFO]")
        },
        {("GT003", "w.yml", 8, 16), ("GT001", "w.yml", 8, 15)},
        id="GT003-supports-an-audience",
    ),
    pytest.param(
        "GT004",
        {
            "x/dup.md": "---\nid: CMP-ONE\ntype: campaign\ntitle: Again\nplan: PLAN-2027\n"
            "supports: [OBJ-GROW]\nstart: 2027-02-01\nend: 2027-03-01\n---\n"
        },
        {("GT004", "x/dup.md", 2, 5)},
        id="GT004",
    ),
    pytest.param(
        "GT005",
        {
            "m.yml": "campaigns:\n  - id: CMP-M\n    title: m\n    supports: [OBJ-GROW]\n"
            "    start: 2027-02-01\n    end: 2027-03-01\n"
        },
        {("GT005", "m.yml", 2, 5)},
        id="GT005",
    ),
    pytest.param(
        "GT006",
        {"v.yml": "campaigns:\n" + campaign("CMP-V", "status: in progress")},
        {("GT006", "v.yml", 8, 13)},
        id="GT006",
    ),
    pytest.param(
        "GT007",
        {"e.yml": "campaigns:\n" + campaign("CMP-E", start="2027-03-01", end="2027-02-01")},
        {("GT007", "e.yml", 7, 10)},
        id="GT007",
    ),
    pytest.param(
        "GT008",
        {"n.yml": "campaigns:\n" + campaign("CMP-N", "budget:", "  - {channel: ads, amount: -5}")},
        {("GT008", "n.yml", 9, 32)},
        id="GT008",
    ),
    pytest.param(
        "GT009",
        {
            "c.yml": dedent("""\
        objectives:
          - id: OBJ-A
            title: a
            parent: OBJ-B
            status: retired
          - id: OBJ-B
            title: b
            parent: OBJ-A
            status: retired
        """)
        },
        {("GT009", "c.yml", 4, 13)},
        id="GT009-objective-parents",
    ),
    pytest.param(
        "GT009",
        {
            "k.yml": dedent("""\
        kpis:
          - id: KPI-C
            title: c
            unit: count
            direction: up
            leads_to: [KPI-A]
          - id: KPI-B
            title: b
            unit: count
            direction: up
            leads_to: [KPI-C]
          - id: KPI-A
            title: a
            unit: count
            direction: up
            leads_to: [KPI-SQL, KPI-B]
        """)
        },
        {("GT009", "k.yml", 16, 25)},
        id="GT009-kpi-leads-to",
    ),
    pytest.param(
        "GT010",
        {"s.yml": "objectives:\n  - id: OBJ-S\n    title: [oops\n"},
        {("GT010", "s.yml", 4, 1)},
        id="GT010",
    ),
    pytest.param(
        "GT011",
        {"d.yml": "objectives:\n  - id: OBJ-D\n    status: retired\n    title: a\n    title: b\n"},
        {("GT011", "d.yml", 5, 5)},
        id="GT011",
    ),
    pytest.param("GT012", {"b.yml": b"objectives:\n  - id: OBJ-\xff\n"}, {("GT012", "b.yml", 2, 13)}, id="GT012"),
    pytest.param(
        "GT013",
        {"i.yml": "objectives:\n  - id: \u041eBJ-GROWTH\n    title: t\n"},
        {("GT013", "i.yml", 2, 9)},
        id="GT013-cyrillic-O",
    ),
    pytest.param(
        "GT014",
        {"t.md": "---\nid: OBJ-T\ntype: objectif\ntitle: t\n---\n"},
        {("GT014", "t.md", 3, 7)},
        id="GT014",
    ),
    pytest.param(
        "GT015",
        {
            "a.yml": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            + "".join(f"{n}: &{n} [{', '.join([f'*{p}'] * 10)}]\n" for p, n in zip("abcdef", "bcdefg", strict=True))
        },
        {("GT015", "a.yml", 1, 1)},
        id="GT015",
    ),
    pytest.param(
        "GT016",
        {"p.yml": "objectives:\n  - id: OBJ-P\n    title: !!python/object:os.system {}\n    status: retired\n"},
        {("GT016", "p.yml", 3, 12)},
        id="GT016",
    ),
    pytest.param(
        "GT017",
        {"s.yml": "objectives:\n  - id: OBJ-SELF\n    title: s\n    status: retired\n    parent: OBJ-SELF\n"},
        {("GT017", "s.yml", 5, 13)},
        id="GT017",
    ),
    pytest.param(
        "GT018",
        {"r.md": "# Notes\n\nSee [[OBJ-GROW]], [[OBJ-GORW]] and `[[OBJ-CODE]]`.\n\n```\n[[OBJ-FENCE]]\n```\n"},
        {("GT018", "r.md", 3, 19)},
        id="GT018",
    ),
    pytest.param(
        "GT019",
        {"l.yml": "objectives:\n  - id: OBJ-GR0W\n    title: zero\n    status: retired\n"},
        {("GT019", "strategy.yml", 2, 9)},
        id="GT019",
    ),
    pytest.param(
        "GT020",
        {"f.yml": "objectives:\n  - id: OBJ-F\n    title: f\n    status: retired\n    titel: x\n"},
        {("GT020", "f.yml", 5, 5)},
        id="GT020",
    ),
    pytest.param(
        "GT101",
        {"o.yml": "objectives:\n  - id: OBJ-LONELY\n    title: Nobody supports me\n"},
        {("GT101", "o.yml", 2, 9)},
        id="GT101",
    ),
    pytest.param(
        "GT102",
        {"p.yml": "campaigns:\n" + campaign("CMP-P", start="2026-12-01", end="2028-01-31")},
        {("GT102", "p.yml", 6, 12), ("GT102", "p.yml", 7, 10)},
        id="GT102",
    ),
    pytest.param(
        "GT103",
        {
            "m.yml": "campaigns:\n"
            + campaign(
                "CMP-M",
                "milestones:",
                "  - {title: Kick-off, date: 2026-10-15}",
                "  - {title: Creative brief, date: 2027-01-15}",
                "  - {title: Inside, date: 2027-02-15}",
                "  - {title: Wrap-up, date: 2027-03-02}",
            )
        },
        {("GT103", "m.yml", 9, 33), ("GT103", "m.yml", 12, 32)},
        id="GT103",
    ),
    pytest.param(
        "GT104",
        {
            "b.yml": "campaigns:\n"
            + campaign("CMP-B1", "budget: [{channel: ads, amount: 60000}]")
            + campaign("CMP-B2", "budget: [{channel: events, amount: 40001}]")
        },
        {("GT104", "plan.yml", 6, 13)},
        id="GT104",
    ),
    pytest.param(
        "GT104",
        {
            # PLAN-Q1 sits inside PLAN-H1, inside PLAN-2027 (budget 100000): each fits its own
            # budget, but the annual plan pays for its sub-plans' campaigns too
            "q.yml": dedent("""\
        plans:
          - id: PLAN-H1
            title: First half
            parent: PLAN-2027
            period: {start: 2027-01-01, end: 2027-06-30}
            currency: USD
            budget: 100000
          - id: PLAN-Q1
            title: First quarter
            parent: PLAN-H1
            period: {start: 2027-01-01, end: 2027-03-31}
            currency: USD
            budget: 70000
        campaigns:
        """)
            + campaign("CMP-Q", "budget: [{channel: ads, amount: 60000}]", plan="PLAN-Q1")
            + campaign("CMP-D", "budget: [{channel: events, amount: 40001}]")
        },
        {("GT104", "plan.yml", 6, 13)},
        id="GT104-sub-plans-count-toward-the-parent",
    ),
    pytest.param(
        "GT105",
        {
            "r.yml": "objectives:\n  - id: OBJ-OLD\n    title: old\n    status: retired\n"
            "    last_reviewed: 2027-03-01\n    review_cadence: monthly\n"
        },
        {("GT105", "r.yml", 5, 20)},
        id="GT105",
    ),
    pytest.param(
        "GT106",
        {
            "k.yml": "kpis:\n  - id: KPI-VANITY\n    title: Likes\n    unit: count\n    direction: up\n"
            "campaigns:\n" + campaign("CMP-K", "kpi_targets: [{kpi: KPI-VANITY, target: 5}]")
        },
        {("GT106", "k.yml", 13, 25)},
        id="GT106",
    ),
    pytest.param(
        "GT107",
        {"t.yml": "objectives:\n  - id: OBJ-T\n    title: t\n    status: retired\n    tags: [a,\n\t b]\n"},
        {("GT107", "t.yml", 6, 1)},
        id="GT107",
    ),
]


#: the files of each fixture, by its id
FIXTURES = {p.id: p.values[1] for p in RULE_FIXTURES}
