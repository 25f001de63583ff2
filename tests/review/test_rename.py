"""``goldenthread rename OLD NEW``: every reference rewritten in place, nothing else touched.

The fixture references the renamed IDs from YAML (block list, flow list, ``{id, weight}``
mapping, quoted value, single link field, record links ``targets[].kpi`` and
``kpi_targets[].kpi``), Markdown front matter, and ``[[ID]]`` prose in YAML descriptions,
FAQ answers, item pages and plain pages. It also holds look-alikes that must stay as they are:
IDs that merely start with the old one, mentions in comments, inline code and fenced code, and
a file with Windows line endings. Each test asserts the complete resulting file texts.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import dedent

import pytest

from check_helpers import without_signals
from goldenthread.cli import main
from wikis import TODAY

STRATEGY = dedent("""\
    # Strategy. OBJ-GROW is mentioned here in a comment: comments are not references.
    objectives:
      - id: OBJ-GROW      # the main objective
        title: Grow pipeline
        targets:
          - {kpi: KPI-SQL, target: 100}
          - kpi:   KPI-SQL
            target: 200
        description: |
          Mentioned as [[OBJ-GROW]] and [[OBJ-GROW|the growth goal]],
          but not as `[[OBJ-GROW]]` in code, nor as [[OBJ-GROWTH]].
      - id: OBJ-GROWTH
        title: A look-alike ID
        parent: OBJ-GROW
    kpis:
      - id: KPI-SQL
        title: Sales-qualified leads
        unit: count
        direction: up
      - id: KPI-MQL
        title: Marketing-qualified leads
        unit: count
        direction: up
        leads_to:
          - KPI-SQL       # block list
    """)

PLAN = dedent("""\
    plans:
      - id: PLAN-2027
        title: Plan 2027
        period: {start: 2027-01-01, end: 2027-12-31}
        currency: USD
        budget: 100000
        objectives: [OBJ-GROW,OBJ-GROWTH]
    campaigns:
      - id: CMP-ONE
        title: One
        plan: PLAN-2027
        supports:
          - OBJ-GROW        # block list
        start: 2027-02-01
        end: 2027-03-31
        kpi_targets:
          - {kpi: KPI-SQL, target: 50}
      - id: CMP-TWO
        title: Two
        plan: PLAN-2027
        supports: [ OBJ-GROWTH , OBJ-GROW ]
        start: 2027-02-01
        end: 2027-03-31
      - id: CMP-THREE
        title: Three
        plan: PLAN-2027
        supports: [{id: OBJ-GROW, weight: 2}, {id: OBJ-UK, weight: 1}]
        start: 2027-02-01
        end: 2027-03-31
        description: "Quoted prose: [[OBJ-GROW]]"
    tactics:
      - id: TAC-ONE
        title: Tactic
        campaign: CMP-ONE
        supports: ["OBJ-GROW"]   # quoted
        channel: email
    """)

UK = dedent("""\
    ---
    id: OBJ-UK
    type: objective
    title: Enter the UK
    parent: OBJ-GROW   # front matter link
    ---
    The UK is part of [[ OBJ-GROW ]]; see also [[OBJ-GROWTH]].

    ```yaml
    parent: OBJ-GROW   # an example in a fence: not a reference
    [[OBJ-GROW]]
    ```
    """)

INDEX = "# Home\n\nStart at [[OBJ-GROW]] or [[OBJ-GROW|our goal]]; plain OBJ-GROW is just text.\n"

#: Windows line endings, kept as they are.
FAQ = (
    "faqs:\r\n  - id: FAQ-WHY\r\n    title: Why grow?\r\n    question: Why grow?\r\n"
    "    answer: Because of [[OBJ-GROW]].\r\n    about: [OBJ-GROW, KPI-SQL]\r\n"
)

FILES = {"strategy.yml": STRATEGY, "plans/plan.yml": PLAN, "objectives/uk.md": UK, "index.md": INDEX, "faq.yml": FAQ}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for rel, text in FILES.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return tmp_path


def gt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI; feedback-signal lines (info) are left out: these tests are about renaming."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, without_signals(out), err


def texts(root: Path) -> dict[str, str]:
    return {rel: (root / "content" / rel).read_bytes().decode("utf-8") for rel in FILES}


def test_the_fixture_is_clean(project, capsys):
    assert gt(capsys, "check", "--today", TODAY) == (0, "goldenthread: 11 items in 5 files, no problems\n", "")


def test_rename_an_objective_everywhere(project, capsys):
    code, out, err = gt(capsys, "rename", "OBJ-GROW", "OBJ-PIPELINE")
    assert (code, err) == (0, "")
    assert out == "goldenthread: renamed OBJ-GROW → OBJ-PIPELINE: the ID and 15 references in 5 files\n"
    assert texts(project) == {
        "strategy.yml": dedent("""\
            # Strategy. OBJ-GROW is mentioned here in a comment: comments are not references.
            objectives:
              - id: OBJ-PIPELINE      # the main objective
                title: Grow pipeline
                targets:
                  - {kpi: KPI-SQL, target: 100}
                  - kpi:   KPI-SQL
                    target: 200
                description: |
                  Mentioned as [[OBJ-PIPELINE]] and [[OBJ-PIPELINE|the growth goal]],
                  but not as `[[OBJ-GROW]]` in code, nor as [[OBJ-GROWTH]].
              - id: OBJ-GROWTH
                title: A look-alike ID
                parent: OBJ-PIPELINE
            kpis:
              - id: KPI-SQL
                title: Sales-qualified leads
                unit: count
                direction: up
              - id: KPI-MQL
                title: Marketing-qualified leads
                unit: count
                direction: up
                leads_to:
                  - KPI-SQL       # block list
            """),
        "plans/plan.yml": dedent("""\
            plans:
              - id: PLAN-2027
                title: Plan 2027
                period: {start: 2027-01-01, end: 2027-12-31}
                currency: USD
                budget: 100000
                objectives: [OBJ-PIPELINE,OBJ-GROWTH]
            campaigns:
              - id: CMP-ONE
                title: One
                plan: PLAN-2027
                supports:
                  - OBJ-PIPELINE        # block list
                start: 2027-02-01
                end: 2027-03-31
                kpi_targets:
                  - {kpi: KPI-SQL, target: 50}
              - id: CMP-TWO
                title: Two
                plan: PLAN-2027
                supports: [ OBJ-GROWTH , OBJ-PIPELINE ]
                start: 2027-02-01
                end: 2027-03-31
              - id: CMP-THREE
                title: Three
                plan: PLAN-2027
                supports: [{id: OBJ-PIPELINE, weight: 2}, {id: OBJ-UK, weight: 1}]
                start: 2027-02-01
                end: 2027-03-31
                description: "Quoted prose: [[OBJ-PIPELINE]]"
            tactics:
              - id: TAC-ONE
                title: Tactic
                campaign: CMP-ONE
                supports: ["OBJ-PIPELINE"]   # quoted
                channel: email
            """),
        "objectives/uk.md": dedent("""\
            ---
            id: OBJ-UK
            type: objective
            title: Enter the UK
            parent: OBJ-PIPELINE   # front matter link
            ---
            The UK is part of [[ OBJ-PIPELINE ]]; see also [[OBJ-GROWTH]].

            ```yaml
            parent: OBJ-GROW   # an example in a fence: not a reference
            [[OBJ-GROW]]
            ```
            """),
        "index.md": "# Home\n\nStart at [[OBJ-PIPELINE]] or [[OBJ-PIPELINE|our goal]]; plain OBJ-GROW is just text.\n",
        "faq.yml": (
            "faqs:\r\n  - id: FAQ-WHY\r\n    title: Why grow?\r\n    question: Why grow?\r\n"
            "    answer: Because of [[OBJ-PIPELINE]].\r\n    about: [OBJ-PIPELINE, KPI-SQL]\r\n"
        ),
    }
    assert gt(capsys, "check", "--today", TODAY) == (0, "goldenthread: 11 items in 5 files, no problems\n", "")


def test_rename_a_kpi_through_record_links(project, capsys):
    before = texts(project)
    assert gt(capsys, "rename", "KPI-SQL", "KPI-SQO")[0] == 0
    after = texts(project)
    assert after["strategy.yml"] == before["strategy.yml"].replace(
        "{kpi: KPI-SQL, target: 100}", "{kpi: KPI-SQO, target: 100}"
    ).replace("- kpi:   KPI-SQL\n", "- kpi:   KPI-SQO\n").replace("  - id: KPI-SQL\n", "  - id: KPI-SQO\n").replace(
        "      - KPI-SQL       # block list", "      - KPI-SQO       # block list"
    )
    assert after["strategy.yml"].count("KPI-SQO") == 4 and "KPI-SQL" not in after["strategy.yml"]
    assert after["plans/plan.yml"] == before["plans/plan.yml"].replace(
        "{kpi: KPI-SQL, target: 50}", "{kpi: KPI-SQO, target: 50}"
    )
    assert after["faq.yml"] == before["faq.yml"].replace("[OBJ-GROW, KPI-SQL]", "[OBJ-GROW, KPI-SQO]")
    assert after["objectives/uk.md"] == before["objectives/uk.md"]
    assert after["index.md"] == before["index.md"]
    assert gt(capsys, "check", "--today", TODAY)[0] == 0


def test_rename_covers_csv_actuals(project, capsys):
    """Spend and KPI rows name IDs too: a rename that left them would fail the next check (GT121)."""
    csv_path = project / "content" / "actuals" / "2027.csv"
    csv_path.parent.mkdir()
    csv_path.write_text(
        "kind,id,period,value,note\n"
        "spend,CMP-THREE,2027-02,1200,ads\n"
        'kpi,"KPI-SQL",2027-02,40,\n'
        "spend,CMP-THREE-X,2027-02,5,not this one\n",
        encoding="utf-8",
    )
    assert gt(capsys, "check", "--today", TODAY)[0] == 1  # CMP-THREE-X is unknown
    csv_path.write_text(csv_path.read_text(encoding="utf-8").replace("spend,CMP-THREE-X,2027-02,5,not this one\n", ""))
    code, out, _ = gt(capsys, "rename", "CMP-THREE", "CMP-WEBINARS", "--dry-run")
    assert code == 0 and "+spend,CMP-WEBINARS,2027-02,1200,ads" in out, out
    assert gt(capsys, "rename", "CMP-THREE", "CMP-WEBINARS")[0] == 0
    assert gt(capsys, "rename", "KPI-SQL", "KPI-SQO")[0] == 0
    assert csv_path.read_text(encoding="utf-8") == (
        'kind,id,period,value,note\nspend,CMP-WEBINARS,2027-02,1200,ads\nkpi,"KPI-SQO",2027-02,40,\n'
    )
    assert gt(capsys, "check", "--today", TODAY)[0] == 0


def test_dry_run_prints_a_unified_diff_and_writes_nothing(project, capsys):
    before = texts(project)
    code, out, err = gt(capsys, "rename", "OBJ-UK", "OBJ-BRITAIN", "--dry-run")
    assert code == 0
    assert texts(project) == before
    assert out == dedent("""\
        --- a/content/objectives/uk.md
        +++ b/content/objectives/uk.md
        @@ -1,5 +1,5 @@
         ---
        -id: OBJ-UK
        +id: OBJ-BRITAIN
         type: objective
         title: Enter the UK
         parent: OBJ-GROW   # front matter link
        --- a/content/plans/plan.yml
        +++ b/content/plans/plan.yml
        @@ -24,7 +24,7 @@
           - id: CMP-THREE
             title: Three
             plan: PLAN-2027
        -    supports: [{id: OBJ-GROW, weight: 2}, {id: OBJ-UK, weight: 1}]
        +    supports: [{id: OBJ-GROW, weight: 2}, {id: OBJ-BRITAIN, weight: 1}]
             start: 2027-02-01
             end: 2027-03-31
             description: "Quoted prose: [[OBJ-GROW]]"
        """)
    assert err == (
        "goldenthread: would rename OBJ-UK → OBJ-BRITAIN: the ID and 1 reference in 2 files "
        "(dry run: nothing written)\n"
    )


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("OBJ-GROW", "OBJ-GROWTH", "OBJ-GROWTH already exists (content/strategy.yml:12)"),
        ("OBJ-GROW", "OBJ-UK", "OBJ-UK already exists (content/objectives/uk.md:2)"),
        ("OBJ-GROWN", "OBJ-X", "no item has the ID OBJ-GROWN (did you mean OBJ-GROW?)"),
        (
            "OBJ-GROW",
            "CMP-GROW",
            "CMP-GROW is not a valid objective ID: ID 'CMP-GROW' does not start with the prefix "
            "'OBJ-' (rename it to 'OBJ-…')",
        ),
        (
            "OBJ-GROW",
            "OBJ-grow",
            "OBJ-grow is not a valid objective ID: ID 'OBJ-grow' is not upper-case letters and "
            "digits joined by '-' (write 'OBJ-GROW')",
        ),
        ("OBJ-GROW", "OBJ-GROW", "OBJ-GROW and OBJ-GROW are the same ID"),
    ],
)
def test_refusals_change_nothing(project, capsys, old, new, message):
    before = texts(project)
    assert gt(capsys, "rename", old, new) == (1, "", f"goldenthread: error: cannot rename {old} to {new}: {message}\n")
    assert texts(project) == before


def test_refused_when_the_content_has_yaml_errors(project, capsys):
    (project / "content/broken.yml").write_text("campaigns:\n  - id: CMP-X\n    title: [unclosed\n", encoding="utf-8")
    before = texts(project)
    code, out, err = gt(capsys, "rename", "OBJ-GROW", "OBJ-PIPELINE")
    assert (code, out) == (1, "")
    assert err.startswith(
        "goldenthread: error: cannot rename OBJ-GROW to OBJ-PIPELINE: the content has YAML "
        "syntax errors (content/broken.yml:4:1: YAML syntax error:"
    )
    assert texts(project) == before


def test_the_lock_file_follows_and_nothing_becomes_suspect(project, capsys):
    assert gt(capsys, "lock")[0] == 0
    before = (project / "goldenthread.lock").read_text(encoding="utf-8")
    assert gt(capsys, "rename", "OBJ-GROW", "OBJ-PIPELINE")[0] == 0
    after = (project / "goldenthread.lock").read_text(encoding="utf-8")
    assert "OBJ-GROW:" not in after and "OBJ-PIPELINE:" in after and after != before
    # OBJ-UK's fingerprint changed (its parent and prose name the new ID), yet nothing is suspect
    code, out, _ = gt(capsys, "check", "--strict", "--today", TODAY)
    assert (code, out) == (0, "goldenthread: 11 items in 5 files, no problems\n")
    assert gt(capsys, "lock", "--check")[0] == 0
