"""Suspect links: a strategy change makes the plan items linking to it suspect until reviewed.

The life cycle, through the command line and through a site build: ``goldenthread lock``
records fingerprints; editing an objective makes the campaign that supports it suspect
(GT130 in ``check``, a badge on its page, a section in ``diff``); ``goldenthread review``
clears it. Also: what counts as a change, new links, the lock file's format and a broken lock.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from check_helpers import run_check
from goldenthread.cli import main
from goldenthread.domain.lock import LOCK_HEADER, fingerprint
from site_helpers import build_site, parse_html, write_site
from wikis import EXAMPLE_TODAY, TODAY, VALID_WIKI

PLAN = "content/plan.yml"
#: The fingerprint of VALID_WIKI's OBJ-GROW. Pinned: a change to the fingerprint algorithm would
#: make every link of every existing lock file suspect at once.
GROW_PRINT = "sha256:3a754aa4773278005ea2f3d8bcd595fe1ce38f60ce77c8e65fe5c36675e7986a"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder (the working directory, no mkdocs.yml) with VALID_WIKI in content/."""
    monkeypatch.chdir(tmp_path)
    for rel, text in VALID_WIKI.items():
        path = tmp_path / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def gt(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def suspects(capsys: pytest.CaptureFixture[str], *extra: str) -> list[str]:
    """``file:line:col: message`` of each GT130 that ``goldenthread check`` prints."""
    _, out, _ = gt(capsys, "check", "--today", TODAY, *extra)
    return [line.replace(" warning[GT130]", "") for line in out.splitlines() if "[GT130]" in line]


# --------------------------------------------------------------------------- fingerprints
def grow_print(files: dict[str, str], tmp_path: Path) -> str:
    root = tmp_path / f"fp{len(list(tmp_path.iterdir()))}"
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    result = run_check(root)
    return fingerprint(result.items["OBJ-GROW"], result.analysis.model.schema)


@pytest.mark.parametrize(
    "old, new, changes",
    [
        ("    title: Grow pipeline\n", "    title: Grow pipeline faster\n", True),
        ("      - {kpi: KPI-SQL, target: 100}\n", "      - {kpi: KPI-SQL, target: 120}\n", True),
        ("    title: Grow pipeline\n", "    title: Grow pipeline\n    status: retired\n", True),
        ("    title: Grow pipeline\n", "    title: Grow pipeline\n    description: Mostly controllers.\n", True),
        ("    title: Grow pipeline\n", "    title: Grow pipeline\n    parent: OBJ-OTHER\n", True),
        # bookkeeping: who owns it, when it was reviewed, how it is tagged, its FAQ
        ("    title: Grow pipeline\n", '    title: Grow pipeline\n    owner: "@dana"\n', False),
        (
            "    title: Grow pipeline\n",
            "    title: Grow pipeline\n    last_reviewed: 2027-01-01\n    review_cadence: monthly\n",
            False,
        ),
        ("    title: Grow pipeline\n", "    title: Grow pipeline\n    tags: [growth]\n", False),
        (
            "    title: Grow pipeline\n",
            "    title: Grow pipeline\n    faq:\n      - {question: Why?, answer: Because.}\n",
            False,
        ),
        # the same number written differently
        ("target: 100}", "target: 100.0}", False),
    ],
)
def test_what_changes_a_fingerprint(tmp_path, old, new, changes):
    files = dict(VALID_WIKI)
    files["strategy.yml"] += "  - id: OBJ-OTHER\n    title: Other\n"
    before = grow_print(files, tmp_path)
    assert before != "" and before.startswith("sha256:")
    files["strategy.yml"] = files["strategy.yml"].replace(old, new, 1)
    assert (grow_print(files, tmp_path) != before) is changes


def test_rewrapping_a_description_is_no_change(tmp_path):
    files = dict(VALID_WIKI)
    files["strategy.yml"] = files["strategy.yml"].replace(
        "    title: Grow pipeline\n", "    title: Grow pipeline\n    description: |\n      One two\n      three.\n"
    )
    before = grow_print(files, tmp_path)
    files["strategy.yml"] = files["strategy.yml"].replace("      One two\n      three.\n", "      One two three.\n")
    assert grow_print(files, tmp_path) == before
    files["strategy.yml"] = files["strategy.yml"].replace("One two three.", "One two four.")
    assert grow_print(files, tmp_path) != before


def test_the_lock_file_is_sorted_plain_yaml(project, capsys):
    assert gt(capsys, "lock") == (0, "goldenthread: wrote goldenthread.lock (1 link of 1 plan item)\n", "")
    assert (project / "goldenthread.lock").read_text(encoding="utf-8") == (
        LOCK_HEADER + f"version: 1\nreviewed:\n  CMP-ONE:\n    OBJ-GROW: {GROW_PRINT}\n"
    )
    # more links: sources and targets sorted, one link per line
    edit(
        project / "content/plan.yml",
        "    supports: [OBJ-GROW]\n",
        "    supports: [OBJ-GROW]\n    audiences: [AUD-B, AUD-A]\n",
    )
    (project / "content/audiences.yml").write_text(
        "audiences:\n  - id: AUD-B\n    title: B\n  - id: AUD-A\n    title: A\n", encoding="utf-8"
    )
    assert gt(capsys, "lock")[0] == 0
    lines = (project / "goldenthread.lock").read_text(encoding="utf-8").splitlines()
    assert [ln.split(":")[0] for ln in lines[lines.index("reviewed:") + 1 :]] == [
        "  CMP-ONE",
        "    AUD-A",
        "    AUD-B",
        "    OBJ-GROW",
    ]
    assert gt(capsys, "lock", "--check") == (0, "goldenthread: goldenthread.lock is up to date\n", "")


# --------------------------------------------------------------------------- the life cycle (CLI)
def test_change_suspect_review_clear(project, capsys):
    strategy, lock = project / "content/strategy.yml", project / "goldenthread.lock"
    # no lock file: nothing is ever suspect
    edit(strategy, "title: Grow pipeline\n", "title: Grow pipeline (draft)\n")
    assert suspects(capsys) == []
    edit(strategy, "title: Grow pipeline (draft)\n", "title: Grow pipeline\n")

    assert gt(capsys, "review", "--init")[0] == 0
    assert suspects(capsys) == []
    assert gt(capsys, "check", "--strict", "--today", TODAY)[0] == 0

    # change: the objective's target moves
    edit(strategy, "{kpi: KPI-SQL, target: 100}", "{kpi: KPI-SQL, target: 150}")
    assert suspects(capsys) == [
        f"{PLAN}:11:16: CMP-ONE links to OBJ-GROW, which changed since CMP-ONE was last reviewed"
    ]
    code, out, _ = gt(capsys, "check", "--today", TODAY)
    assert code == 0  # a warning
    assert "    hint: check that CMP-ONE still fits OBJ-GROW, then run `goldenthread review CMP-ONE`" in out
    assert gt(capsys, "check", "--strict", "--today", TODAY)[0] == 1
    # the lock is not rewritten by check, and lock (which accepts nothing) keeps it suspect
    before = lock.read_text(encoding="utf-8")
    assert gt(capsys, "lock")[1].endswith("goldenthread: 1 plan item still to review: CMP-ONE\n")
    assert lock.read_text(encoding="utf-8") == before
    assert len(suspects(capsys)) == 1

    # review: cleared, and the lock records the new fingerprint
    assert gt(capsys, "review", "CMP-ONE") == (0, "goldenthread: reviewed CMP-ONE; updated goldenthread.lock\n", "")
    assert suspects(capsys) == []
    assert GROW_PRINT not in lock.read_text(encoding="utf-8")
    assert gt(capsys, "check", "--strict", "--today", TODAY)[0] == 0

    # changing it back is a change too
    edit(strategy, "{kpi: KPI-SQL, target: 150}", "{kpi: KPI-SQL, target: 100}")
    assert len(suspects(capsys)) == 1
    assert gt(capsys, "review", "OBJ-GROW")[0] == 0  # a strategy ID: every plan item linking to it
    assert suspects(capsys) == []
    assert GROW_PRINT in lock.read_text(encoding="utf-8")


def test_review_records_who_reviewed_and_the_lock_keeps_it(project, capsys, monkeypatch):
    lock = project / "goldenthread.lock"
    assert gt(capsys, "review", "--init")[0] == 0
    assert "reviewed_by" not in lock.read_text(encoding="utf-8")
    edit(project / "content/strategy.yml", "{kpi: KPI-SQL, target: 100}", "{kpi: KPI-SQL, target: 150}")
    assert gt(capsys, "review", "CMP-ONE", "--by", "Dana Lee", "--today", TODAY)[0] == 0
    assert lock.read_text(encoding="utf-8").endswith(f'reviewed_by:\n  CMP-ONE: {{by: "Dana Lee", date: {TODAY}}}\n')
    # lock (which accepts nothing) and lock --check keep the record
    assert gt(capsys, "lock")[0] == 0
    assert gt(capsys, "lock", "--check")[0] == 0
    assert 'CMP-ONE: {by: "Dana Lee"' in lock.read_text(encoding="utf-8")
    # a rename carries it along
    assert gt(capsys, "rename", "CMP-ONE", "CMP-FIRST")[0] == 0
    assert f'CMP-FIRST: {{by: "Dana Lee", date: {TODAY}}}' in lock.read_text(encoding="utf-8")
    # without --by, git's user.name
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(project / "gitconfig"))
    (project / "gitconfig").write_text("[user]\n\tname = Sam Ortiz\n", encoding="utf-8")
    assert gt(capsys, "review", "CMP-FIRST", "--today", TODAY)[0] == 0
    assert f'CMP-FIRST: {{by: "Sam Ortiz", date: {TODAY}}}' in lock.read_text(encoding="utf-8")


def test_recording_actuals_on_a_kpi_makes_nothing_suspect(project, capsys):
    """Execution data is not strategy: a KPI's YAML actuals are routine data entry."""
    edit(
        project / "content/plan.yml",
        "    supports: [OBJ-GROW]\n",
        "    supports: [OBJ-GROW]\n    kpi_targets: [{kpi: KPI-SQL, target: 40}]\n",
    )
    assert gt(capsys, "lock")[0] == 0
    strategy = project / "content/strategy.yml"
    edit(
        strategy,
        "    direction: up\n  - id: KPI-MQL",
        "    direction: up\n    actuals: [{period: 2026-09, value: 4100}]\n  - id: KPI-MQL",
    )
    assert suspects(capsys) == []
    assert gt(capsys, "check", "--strict", "--today", TODAY)[0] == 0
    # what the KPI means is still tracked
    edit(
        strategy, "    unit: count\n    direction: up\n    actuals", "    unit: percent\n    direction: up\n    actuals"
    )
    assert [s.split(": ", 1)[1] for s in suspects(capsys)] == [
        "CMP-ONE links to KPI-SQL, which changed since CMP-ONE was last reviewed"
    ]


def test_new_links_are_not_suspect_until_recorded(project, capsys):
    assert gt(capsys, "lock")[0] == 0
    (project / "content/more.yml").write_text(
        "campaigns:\n  - id: CMP-TWO\n    title: Two\n    plan: PLAN-2027\n    supports: [OBJ-GROW]\n"
        "    start: 2027-02-01\n    end: 2027-03-01\n",
        encoding="utf-8",
    )
    edit(project / "content/strategy.yml", "title: Grow pipeline\n", "title: Grow pipeline faster\n")
    assert [s.split(":")[0] + " " + s.split(": ")[1].split()[0] for s in suspects(capsys)] == [f"{PLAN} CMP-ONE"]
    code, out, _ = gt(capsys, "lock", "--check")
    assert (code, out) == (1, "goldenthread: goldenthread.lock is out of date: run `goldenthread lock`\n")
    assert gt(capsys, "lock")[0] == 0  # records CMP-TWO as it is now, keeps CMP-ONE suspect
    assert gt(capsys, "lock", "--check")[0] == 0
    assert len(suspects(capsys)) == 1
    assert gt(capsys, "review", "--all") == (0, "goldenthread: reviewed CMP-ONE; updated goldenthread.lock\n", "")
    assert suspects(capsys) == []


def test_review_refuses_unknown_and_unreviewable_ids(project, capsys):
    assert gt(capsys, "review", "CMP-NOPE") == (2, "", "goldenthread: error: unknown ID: CMP-NOPE\n")
    code, _, err = gt(capsys, "review")
    assert code == 2 and "name the plan items you reviewed" in err
    assert not (project / "goldenthread.lock").exists()
    (project / "content/reviews.yml").write_text(
        "reviews:\n  - id: REV-ONE\n    title: R\n    date: 2027-01-01\n    kind: weekly\n", encoding="utf-8"
    )
    code, _, err = gt(capsys, "review", "REV-ONE")
    assert code == 2 and "only plan items (and strategy items) are reviewed" in err


def test_a_broken_lock_is_reported_not_trusted(project, capsys):
    assert gt(capsys, "lock")[0] == 0
    lock = project / "goldenthread.lock"
    text = lock.read_text(encoding="utf-8")
    lock.write_text(text + "<<<<<<< HEAD\n    OBJ-X: sha256:1\n=======\n>>>>>>> branch\n", encoding="utf-8")
    _, out, _ = gt(capsys, "check", "--today", TODAY)
    assert f"goldenthread.lock:{text.count(chr(10)) + 1}:1: warning[GT133] the lock file has a merge conflict" in out
    code, _, err = gt(capsys, "lock")
    assert code == 1 and "merge conflict" in err
    assert gt(capsys, "review", "CMP-ONE")[0] == 1


def test_diff_lists_suspect_and_reviewed_plan_items(project, capsys):
    assert gt(capsys, "lock")[0] == 0
    shutil.copytree(project / "content", project / "a" / "content")
    shutil.copy(project / "goldenthread.lock", project / "a")
    edit(project / "content/strategy.yml", "title: Grow pipeline\n", "title: Grow pipeline faster\n")
    shutil.copytree(project / "content", project / "b" / "content")
    shutil.copy(project / "goldenthread.lock", project / "b")
    assert gt(capsys, "review", "CMP-ONE")[0] == 0
    shutil.copytree(project / "content", project / "c" / "content")
    shutil.copy(project / "goldenthread.lock", project / "c")

    _, out, _ = gt(capsys, "diff", "a/content", "b/content", "--today", TODAY)
    assert (
        "| Plan item | Title | Owner | Changed | Below it |\n|---|---|---|---|---|\n"
        "| `CMP-ONE` | Campaign one | — | `OBJ-GROW` | `TAC-ONE` |\n"
    ) in out
    _, out, _ = gt(capsys, "diff", "b/content", "c/content", "--today", TODAY)
    assert (
        "### Reviewed\n\n| Plan item | Title | Reviewed against |\n|---|---|---|\n"
        "| `CMP-ONE` | Campaign one | `OBJ-GROW` |\n"
    ) in out
    assert "Became suspect" not in out


# --------------------------------------------------------------------------- the life cycle (site)
def test_suspect_items_are_flagged_on_their_pages(tmp_path, monkeypatch, capsys):
    config = write_site(tmp_path / "site", VALID_WIKI)
    monkeypatch.chdir(tmp_path / "site")
    assert gt(capsys, "lock", "-f", str(config))[0] == 0
    edit(tmp_path / "site/content/strategy.yml", "title: Grow pipeline\n", "title: Grow pipeline faster\n")

    site_dir = build_site(config, strict=False, allow=[r"\[GT130\] CMP-ONE links to OBJ-GROW"])
    page = parse_html((site_dir / "items/campaigns/cmp-one/index.html").read_text(encoding="utf-8"))
    card = page.one("div", cls="gt-card")
    assert card.one("span", cls="gt-suspect").text() == "needs review"
    note = card.one("p", cls="gt-suspect-note")
    assert note.text() == (
        "Needs review: Grow pipeline faster OBJ-GROW changed since this campaign was last "
        "reviewed. Check that it still fits, then run goldenthread review CMP-ONE."
    )
    assert note.one("a").get("href") == "../../objectives/obj-grow/"
    # the objective itself and the tactic are not flagged
    for url in ("items/objectives/obj-grow/index.html", "items/tactics/tac-one/index.html"):
        assert "gt-suspect" not in (site_dir / url).read_text(encoding="utf-8")

    assert gt(capsys, "review", "CMP-ONE", "--by", "Dana <Lee>", "--today", TODAY, "-f", str(config))[0] == 0
    site_dir = build_site(config, strict=True)
    html = (site_dir / "items/campaigns/cmp-one/index.html").read_text(encoding="utf-8")
    assert "gt-suspect" not in html
    reviewed = parse_html(html).one("p", cls="gt-reviewed")
    assert reviewed.text() == f"Last reviewed against the strategy by Dana <Lee> on {TODAY}."
    assert "Dana &lt;Lee&gt;" in html  # escaped: the name comes from a pull request too


# --------------------------------------------------------------------------- the example wiki
def test_the_example_ships_a_current_lock_with_nothing_suspect():
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    script = Path(sys.executable).with_name("goldenthread")
    result = subprocess.run([str(script), "lock", "--check"], cwd=repo, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    out = subprocess.run(
        [str(script), "check", "--today", EXAMPLE_TODAY], cwd=repo, capture_output=True, text=True, check=False
    ).stdout
    assert "GT130" not in out and "GT133" not in out, out
