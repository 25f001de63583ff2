"""Owners as reviewers: ``goldenthread codeowners`` output and the people-file checks (GT131, GT132)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from goldenthread.cli import main
from goldenthread.domain.owners import BEGIN, END
from wikis import EXAMPLE_TODAY, TODAY

REPO = Path(__file__).resolve().parents[2]

CONTENT = {
    "index.md": "# Home\n\nNo items here.\n",
    "strategy/objectives/grow.md": dedent("""\
        ---
        id: OBJ-GROW
        type: objective
        title: Grow pipeline
        owner: "@dana"
        ---
        Grow it.
        """),
    "strategy/objectives/keep.md": dedent("""\
        ---
        id: OBJ-KEEP
        type: objective
        title: Keep customers
        owner: "@acme/retention"
        ---
        Keep them.
        """),
    "strategy/kpis.yml": dedent("""\
        kpis:
          - id: KPI-SQL
            title: SQLs
            unit: count
            direction: up
        """),
    "plans/2027 plan.yml": dedent("""\
        plans:
          - id: PLAN-2027
            title: Plan 2027
            owner: "@dana"
            period: {start: 2027-01-01, end: 2027-12-31}
            currency: USD
            budget: 100000
        campaigns:
          - id: CMP-SEARCH
            title: Search
            plan: PLAN-2027
            supports: [OBJ-GROW]
            owner: "@priya"
            start: 2027-02-01
            end: 2027-03-01
            raci:
              responsible: ["@priya", "@sam"]
              accountable: ["@priya"]
          - id: CMP-WEBINARS
            title: Webinars
            plan: PLAN-2027
            supports: [OBJ-GROW]
            owner: "@sam"
            start: 2027-02-01
            end: 2027-03-01
          - id: CMP-ADS
            title: Ads
            plan: PLAN-2027
            supports: [OBJ-KEEP]
            owner: "@marketing/demand-gen"
            start: 2027-02-01
            end: 2027-03-01
          - id: CMP-NOBODY
            title: Nobody owns this
            plan: PLAN-2027
            supports: [OBJ-KEEP]
            start: 2027-02-01
            end: 2027-03-01
        """),
}

PEOPLE = dedent("""\
    # who is who
    people:
      "@dana":
        name: Dana
        role: VP Marketing
        github: "@dana-gh"
      "@sam":
        name: Sam
        email: sam@example.com
      "@priya": {name: Priya}
    teams:
      "@marketing/demand-gen":
        name: Demand generation
        github: "@acme/demand-gen"
        members: ["@priya"]
      "@acme/retention":
        name: Retention
    """)

EXPECTED = f"""\
{BEGIN}
# One line per file under content/ with the owners of the items in it; change an item's owner
# (or the people file) and run `goldenthread codeowners` again.
/content/plans/2027\\ plan.yml @acme/demand-gen @dana-gh @priya sam@example.com
/content/strategy/objectives/grow.md @dana-gh
/content/strategy/objectives/keep.md @acme/retention
{END}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for rel, text in CONTENT.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "people.yml").write_text(PEOPLE, encoding="utf-8")
    return tmp_path


def gt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_codeowners_output_is_exact(project, capsys):
    assert gt(capsys, "codeowners") == (0, "goldenthread: wrote .github/CODEOWNERS (3 content files)\n", "")
    assert (project / ".github/CODEOWNERS").read_text(encoding="utf-8") == EXPECTED
    assert gt(capsys, "codeowners", "-o", "-") == (0, EXPECTED, "")


def test_without_a_people_file_handles_are_written_as_they_are(project, capsys):
    (project / "people.yml").unlink()
    _, out, _ = gt(capsys, "codeowners", "-o", "-")
    assert "/content/plans/2027\\ plan.yml @dana @marketing/demand-gen @priya @sam\n" in out


def test_check_reports_an_out_of_date_file(project, capsys):
    assert gt(capsys, "codeowners", "--check") == (
        1,
        "goldenthread: .github/CODEOWNERS is out of date: run `goldenthread codeowners`\n",
        "",
    )
    assert not (project / ".github/CODEOWNERS").exists()
    gt(capsys, "codeowners")
    assert gt(capsys, "codeowners", "--check") == (0, "goldenthread: .github/CODEOWNERS is up to date\n", "")
    grow = project / "content/strategy/objectives/grow.md"
    grow.write_text(grow.read_text(encoding="utf-8").replace('"@dana"', '"@sam"'), encoding="utf-8")
    assert gt(capsys, "codeowners", "--check")[0] == 1
    assert (project / ".github/CODEOWNERS").read_text(encoding="utf-8") == EXPECTED


def test_other_codeowners_lines_are_kept(project, capsys):
    target = project / ".github/CODEOWNERS"
    target.parent.mkdir()
    target.write_text("# hand-written\n* @acme/admins\n", encoding="utf-8")
    gt(capsys, "codeowners")
    assert target.read_text(encoding="utf-8") == "# hand-written\n* @acme/admins\n\n" + EXPECTED
    target.write_text(
        target.read_text(encoding="utf-8").replace("@dana-gh @priya", "@someone-else") + "/docs/ @acme/docs\n",
        encoding="utf-8",
    )
    gt(capsys, "codeowners")
    assert target.read_text(encoding="utf-8") == "# hand-written\n* @acme/admins\n\n" + EXPECTED + "/docs/ @acme/docs\n"


# --------------------------------------------------------------------------- the people file in check
def check_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = gt(capsys, "check", "--today", TODAY)
    lines, keep = [], False
    for line in out.splitlines():  # GT13x lines and their hints (not those of other rules)
        if not line.startswith("    hint"):
            keep = "GT13" in line
        if keep:
            lines.append(line)
    return lines


def test_unknown_owners_are_reported_with_did_you_mean(project, capsys):
    plan = project / "content/plans/2027 plan.yml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace('owner: "@sam"', 'owner: "@smа"'.replace("а", "a")).replace(
            'responsible: ["@priya", "@sam"]', 'responsible: ["@priya", "@jordan"]'
        ),
        encoding="utf-8",
    )
    lines = check_lines(capsys)
    assert lines == [
        "content/plans/2027 plan.yml:17:31: warning[GT131] raci.responsible '@jordan' is not in the people file "
        "(people.yml)",
        "    hint: add '@jordan' to people.yml, or correct the handle",
        "content/plans/2027 plan.yml:23:12: warning[GT131] owner '@sma' is not in the people file (people.yml)",
        "    hint: did you mean '@sam'? Or add '@sma' to people.yml",
    ]


def test_no_people_file_no_owner_check(project, capsys):
    (project / "people.yml").unlink()
    plan = project / "content/plans/2027 plan.yml"
    plan.write_text(plan.read_text(encoding="utf-8").replace('"@sam"', '"@nobody"'), encoding="utf-8")
    assert check_lines(capsys) == []


def test_a_bad_people_file_is_reported(project, capsys):
    (project / "people.yml").write_text(
        dedent("""\
        people:
          "@dana": {name: Dana, githb: "@x"}
          "@acme/team": {name: Not a person}
          "@sam": {github: "not a handle"}
        staff: {}
        """),
        encoding="utf-8",
    )
    assert [ln.split(" warning")[0] + " " + ln.split("] ")[1] for ln in check_lines(capsys) if "GT132" in ln] == [
        "people.yml:2:25: unknown field 'githb' for @dana",
        "people.yml:3:3: '@acme/team' is not a person handle like \"@name\"",
        'people.yml:4:20: @sam github \'not a handle\' is not a GitHub handle like "@login" or "@org/team"',
        "people.yml:5:1: unknown key 'staff' in the people file",
    ]


# --------------------------------------------------------------------------- the example wiki
def test_the_example_people_file_covers_every_handle_and_codeowners_is_current():
    env_script = Path(sys.executable).with_name("goldenthread")
    out = subprocess.run(
        [str(env_script), "check", "--today", EXAMPLE_TODAY], cwd=REPO, capture_output=True, text=True, check=False
    ).stdout
    assert "GT131" not in out and "GT132" not in out, out
    result = subprocess.run(
        [str(env_script), "codeowners", "--check"], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    codeowners = (REPO / ".github/CODEOWNERS").read_text(encoding="utf-8")
    # a change to an objective requests its owner's review
    assert "/content/strategy/objectives/pipeline.md @dana-okafor\n" in codeowners
