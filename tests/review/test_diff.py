"""``goldenthread diff BASE HEAD``: exact reports for fixture pairs, in Markdown and JSON, and git refs.

Each case under ``tests/fixtures/diff/<case>/`` holds ``base/`` and ``head/`` project folders
(``content/``, and optionally ``goldenthread.lock`` and ``people.yml`` beside it) and the expected
reports ``expected.md`` and ``expected.json``, compared byte for byte. After an intended change
to the report, regenerate them with ``GOLDENTHREAD_UPDATE_GOLDEN=1 pytest tests/review/test_diff.py``
and review the diff of the golden files.

* ``plan-change``: items added, removed and changed, links added/removed/re-weighted, an
  objective that loses its only campaign and one that gains coverage, budget moved per
  objective and channel, two campaigns made suspect through the lock file, new problems
  (an error, an unknown owner), Markdown escaping of titles (pipes, markup, @mentions).
* ``strategy-pages``: Markdown item pages, no lock file (suspects found from the changed
  strategy items), a re-wrapped description, an item moved to another file.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from goldenthread.cli import main
from goldenthread.review.diff import code, md, to_markdown
from site_helpers import write_files
from wikis import EXAMPLE_TODAY, TODAY, VALID_WIKI

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "diff"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
UPDATE = os.environ.get("GOLDENTHREAD_UPDATE_GOLDEN") == "1"


@pytest.fixture
def case_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Copy a fixture case out of the repository (so no git work tree is around) and work there."""

    def copy(name: str) -> Path:
        dest = tmp_path / name
        shutil.copytree(FIXTURES / name, dest)
        monkeypatch.chdir(dest)
        return dest

    return copy


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code_ = main(list(argv))
    out, err = capsys.readouterr()
    return code_, out, err


def golden(name: str, filename: str, actual: str) -> None:
    path = FIXTURES / name / filename
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8"), f"{path} differs (see module docstring to regenerate)"


def test_cases_exist():
    assert set(CASES) >= {"plan-change", "strategy-pages"}


@pytest.mark.parametrize("name", CASES)
def test_markdown_report_is_exact(name, case_dir, capsys):
    case_dir(name)
    code_, out, err = run(capsys, "diff", "base/content", "head/content", "--today", TODAY)
    assert (code_, err) == (0, "")
    golden(name, "expected.md", out)


@pytest.mark.parametrize("name", CASES)
def test_json_report_is_exact_and_deterministic(name, case_dir, capsys):
    case_dir(name)
    _, first, _ = run(capsys, "diff", "base/content", "head/content", "--format", "json", "--today", TODAY)
    _, second, _ = run(capsys, "diff", "base/content", "head/content", "--format", "json", "--today", TODAY)
    assert first == second
    data = json.loads(first)
    assert data["version"] == 1
    assert list(data) == [
        "version",
        "base",
        "head",
        "summary",
        "items",
        "links",
        "coverage",
        "budget",
        "suspects",
        "signals",
        "diagnostics",
    ]
    golden(name, "expected.json", first)


def test_plan_change_reports_what_a_reviewer_needs(case_dir, capsys):
    """The headline facts of the plan-change case, readable without the golden file."""
    case_dir("plan-change")
    _, out, _ = run(capsys, "diff", "base/content", "head/content", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    assert [i["id"] for i in data["items"]["added"]] == ["CMP-EVENTS"]
    assert [i["id"] for i in data["items"]["removed"]] == ["TAC-OLD"]
    changed = {i["id"]: [f["field"] for f in i["fields"]] for i in data["items"]["changed"]}
    assert changed["OBJ-GROW"] == ["title", "description", "targets"]
    assert {(r["objective"], r["change"]) for r in data["coverage"]} == {
        ("OBJ-GROW", "changed"),
        ("OBJ-RETAIN", "lost"),
        ("OBJ-UK", "gained"),
    }
    assert [r["id"] for r in data["suspects"]["became"]] == ["CMP-SEARCH", "PLAN-2027"]
    assert data["suspects"]["mode"] == "lock"
    assert [(d["code"], d["severity"]) for d in data["diagnostics"]["new"]] == [
        ("GT002", "error"),
        ("GT131", "warning"),
        ("GT101", "warning"),
    ]
    # budget: CMP-SEARCH's 25,000 split 3:1, CMP-RETENTION's 5,000 moved to OBJ-UK
    assert {r["objective"]: r["change"] for r in data["budget"]["by_objective"]} == {
        "OBJ-GROW": 8750,
        "OBJ-RETAIN": -5000,
        "OBJ-UK": 11250,
    }


def test_identical_content_reports_no_changes(case_dir, capsys):
    case_dir("strategy-pages")
    code_, out, _ = run(capsys, "diff", "base/content", "base/content", "--today", TODAY)
    assert code_ == 0
    assert out == (
        "<!-- goldenthread-diff -->\n## goldenthread: strategy and plan changes\n\n"
        "Comparing `base/content` → `base/content`: no changes to items, links, plan coverage, "
        "budgets or problems.\n\n"
        # the warning was there before: the change does not cause it, but the gate still reads it
        "**The head has 1 warning: the strict gate (`mkdocs build --strict`, `goldenthread check --strict`) "
        "will fail until they are fixed.**\n"
    )


def test_a_strategy_change_shows_the_plan_items_it_touches_and_their_reviews(tmp_path, monkeypatch, capsys):
    """Change an objective and re-review its campaign in the same branch: the diff says who reviewed."""
    monkeypatch.chdir(tmp_path)
    base = tmp_path / "base"
    write_files(base / "content", VALID_WIKI)
    (base / "mkdocs.yml").write_text("site_name: t\ndocs_dir: content\nplugins: [goldenthread]\n", encoding="utf-8")
    assert run(capsys, "lock", "-f", str(base / "mkdocs.yml"))[0] == 0
    head = tmp_path / "head"
    shutil.copytree(base, head)
    strategy = head / "content" / "strategy.yml"
    strategy.write_text(strategy.read_text(encoding="utf-8").replace("target: 100}", "target: 150}"), encoding="utf-8")
    code_, out, _ = run(capsys, "diff", "base", "head", "--today", TODAY)
    assert "| `CMP-ONE` | Campaign one | `OBJ-GROW` | needs review |" in out
    assert "**The head has 1 warning: the strict gate" in out
    args = ("review", "CMP-ONE", "--by", "Dana Lee", "--today", TODAY, "-f", str(head / "mkdocs.yml"))
    assert run(capsys, *args)[0] == 0
    code_, out, _ = run(capsys, "diff", "base", "head", "--today", TODAY)
    assert code_ == 0
    assert f"| `CMP-ONE` | Campaign one | `OBJ-GROW` | re-reviewed by Dana Lee on {TODAY} |" in out
    assert "strict gate" not in out and "Became suspect" not in out


def test_fail_on_errors_and_output_file(case_dir, capsys):
    case_dir("plan-change")
    code_, out, _ = run(
        capsys, "diff", "base/content", "head/content", "--today", TODAY, "--fail-on-errors", "-o", "report/diff.md"
    )
    assert (code_, out) == (1, "")
    assert Path("report/diff.md").read_text(encoding="utf-8") == (FIXTURES / "plan-change" / "expected.md").read_text(
        encoding="utf-8"
    )
    # the head of strategy-pages has no errors
    case_dir("strategy-pages")
    assert run(capsys, "diff", "base/content", "head/content", "--fail-on-errors", "--today", TODAY)[0] == 0


def test_unknown_base_is_a_usage_error(case_dir, capsys):
    case_dir("strategy-pages")
    code_, out, err = run(capsys, "diff", "no-such-folder", "head/content")
    assert (code_, out) == (2, "")
    assert "is not a folder" in err and "not in a git repository" in err


# --------------------------------------------------------------------------- git refs
def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=Test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _replace_tree(repo: Path, source: Path) -> None:
    for name in ("content", "goldenthread.lock", "people.yml"):
        target = repo / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if (source / name).is_dir():
            shutil.copytree(source / name, target)
        elif (source / name).exists():
            shutil.copy(source / name, target)


@pytest.mark.parametrize("name", ["plan-change", "strategy-pages"])
def test_git_refs_give_the_same_report_as_folders(name, tmp_path, monkeypatch, capsys):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    _replace_tree(repo, FIXTURES / name / "base")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    _replace_tree(repo, FIXTURES / name / "head")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "head")
    # an uncommitted edit in the work tree: not part of either ref, and left alone
    (repo / "content" / "scratch.yml").write_text("objectives:\n  - id: OBJ-SCRATCH\n    title: x\n", encoding="utf-8")
    status = git(repo, "status", "--porcelain")
    monkeypatch.chdir(repo)
    code_, out, err = run(capsys, "diff", "main~1", "main", "--today", TODAY)
    assert (code_, err) == (0, "")
    expected = (FIXTURES / name / "expected.md").read_text(encoding="utf-8")
    expected = expected.replace("Comparing `base/content` → `head/content`", "Comparing `main~1` → `main`")
    assert out == expected
    assert git(repo, "status", "--porcelain") == status
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "main"
    code_, _, err = run(capsys, "diff", "main~1", "no-such-ref")
    assert code_ == 2 and "'no-such-ref' is neither a folder nor a commit" in err


def test_git_ref_without_content_is_empty(tmp_path, monkeypatch, capsys):
    """A base commit from before content/ existed compares as an empty wiki."""
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("x\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "first")
    _replace_tree(repo, FIXTURES / "strategy-pages" / "head")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "content")
    monkeypatch.chdir(repo)
    _, out, _ = run(capsys, "diff", "main~1", "main", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    assert len(data["items"]["added"]) == 7 and data["items"]["removed"] == []


# --------------------------------------------------------------------------- Markdown cells
def test_table_cells_escape_markup_pipes_newlines_and_mentions():
    assert md("a | b\nc *d* <e> [f] @g $1") == "a \\| b c \\*d\\* \\<e\\> \\[f\\] @&#8203;g \\$1"
    assert code("A|B") == "`A\\|B`"
    assert code("x `y` z") == "``x `y` z``"
    assert code("`start") == "`` `start ``"
    assert code("") == "—"


def test_long_reports_are_capped_per_table():
    rows = [
        {"id": f"CMP-{n:03d}", "type": "campaign", "title": "t", "owner": None, "file": "c.yml", "line": n}
        for n in range(120)
    ]
    report = {
        "base": "a",
        "head": "b",
        "summary": {
            k: 0
            for k in (
                "items_added",
                "items_removed",
                "items_changed",
                "links_added",
                "links_removed",
                "links_reweighted",
                "objectives_lost_coverage",
                "objectives_gained_coverage",
                "became_suspect",
                "suspect_cleared",
                "new_errors",
                "new_warnings",
                "resolved",
                "head_errors",
                "head_warnings",
            )
        }
        | {"items_added": 120, "budget_moved": False},
        "items": {"added": rows, "removed": [], "changed": []},
        "links": {"added": [], "removed": [], "reweighted": []},
        "coverage": [],
        "budget": {"by_objective": [], "by_channel": []},
        "suspects": {"mode": "lock", "became": [], "cleared": []},
        "diagnostics": {"new": [], "resolved": []},
    }
    text = to_markdown(report)
    assert "`CMP-099`" in text and "`CMP-100`" not in text
    assert "… and 20 more (see `goldenthread diff --format json`)." in text


def test_checkouts_of_the_project_compare_like_their_content_folders(case_dir, capsys):
    """A folder with mkdocs.yml is a checkout: its docs_dir is compared, with its lock beside it."""
    root = case_dir("plan-change")
    for side in ("base", "head"):
        (root / side / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    _, out, _ = run(capsys, "diff", "base", "head", "--today", TODAY)
    expected = (FIXTURES / "plan-change" / "expected.md").read_text(encoding="utf-8")
    assert out == expected.replace("Comparing `base/content` → `head/content`", "Comparing `base` → `head`")


def test_a_pull_request_that_edits_an_objective_of_the_example(tmp_path, monkeypatch, capsys):
    """The example wiki as a repository: editing an objective lists the campaigns that became
    suspect, and CODEOWNERS requests the objective owner's review of the edited file."""
    repo_root = Path(__file__).resolve().parents[2]
    repo = tmp_path / "wiki"
    repo.mkdir()
    shutil.copytree(repo_root / "content", repo / "content")
    for name in ("mkdocs.yml", "goldenthread.lock", "people.yml"):
        shutil.copy(repo_root / name, repo / name)
    (repo / ".github").mkdir()
    shutil.copy(repo_root / ".github" / "CODEOWNERS", repo / ".github" / "CODEOWNERS")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "main")
    git(repo, "checkout", "-q", "-b", "edit-objective")
    objective = repo / "content" / "strategy" / "objectives" / "pipeline.md"
    text = objective.read_text(encoding="utf-8")
    objective.write_text(
        text.replace("target: 36000000, by: 2029-12-31", "target: 40000000, by: 2029-12-31"), encoding="utf-8"
    )
    git(repo, "commit", "-q", "-am", "Raise the 2029 pipeline target")
    monkeypatch.chdir(repo)

    _, out, _ = run(capsys, "diff", "main", "edit-objective", "--format", "json", "--today", EXAMPLE_TODAY)
    data = json.loads(out)
    assert [(i["id"], [f["field"] for f in i["fields"]]) for i in data["items"]["changed"]] == [
        ("OBJ-PIPELINE", ["targets"])
    ]
    assert [(r["id"], r["owner"], r["because"]) for r in data["suspects"]["became"]] == [
        ("CMP-EVENTS-ERP-FIELD", "@jordan", ["OBJ-PIPELINE"]),
        ("CMP-LINKEDIN-CFO", "@priya", ["OBJ-PIPELINE"]),
        ("CMP-PAID-SEARCH-CLOSE", "@priya", ["OBJ-PIPELINE"]),
        ("CMP-Q4-PARTNER-PILOT", "@ines", ["OBJ-PIPELINE"]),
        ("CMP-Q4-YEAR-END-WEBINARS", "@sam", ["OBJ-PIPELINE"]),
        ("CMP-SEO-CLOSE-LIBRARY", "@sam", ["OBJ-PIPELINE"]),
        ("CMP-WEBINAR-CLOSE-CLINIC", "@sam", ["OBJ-PIPELINE"]),
        ("PLAN-2026-Q4", "@dana", ["OBJ-PIPELINE"]),
        ("PLAN-2027", "@dana", ["OBJ-PIPELINE"]),
    ]
    assert data["diagnostics"]["new"] == []
    # the review request: GitHub matches the changed file against CODEOWNERS
    changed = git(repo, "diff", "--name-only", "main", "edit-objective").split()
    assert changed == ["content/strategy/objectives/pipeline.md"]
    owners = [
        line.split()[1:]
        for line in (repo / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
        if line.startswith(f"/{changed[0]} ")
    ]
    assert owners == [["@dana-okafor"]]
    assert run(capsys, "codeowners", "--check")[0] == 0


def test_a_changed_link_note_is_a_change(case_dir, capsys):
    root = case_dir("plan-change")
    head = root / "note" / "content"
    shutil.copytree(root / "base" / "content", head)
    plan = head / "plan.yml"
    text = plan.read_text(encoding="utf-8")
    assert text.count("    supports: [OBJ-GROW]\n") == 1
    plan.write_text(
        text.replace(
            "    supports: [OBJ-GROW]\n", "    supports: [{id: OBJ-GROW, note: the spring launch feeds pipeline}]\n"
        ),
        encoding="utf-8",
    )
    _, out, _ = run(capsys, "diff", "base/content", "note/content", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    (changed,) = data["items"]["changed"]
    assert [f["field"] for f in changed["fields"]] == ["supports"]
    assert changed["fields"][0]["new"] == [{"id": "OBJ-GROW", "note": "the spring launch feeds pipeline"}]
    assert data["links"] == {"added": [], "removed": [], "reweighted": []}


def test_signals_a_change_raises_and_clears(case_dir, capsys):
    """Feedback signals the change creates or clears get their own section, not 'new problems'."""
    case_dir("plan-change")
    _, out, _ = run(capsys, "diff", "base/content", "head/content", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    assert [(r["kind"], r["id"]) for r in data["signals"]["raised"]] == [
        ("ended-without-actuals", "CMP-EVENTS"),
        ("no-active-campaign", "OBJ-RETAIN"),
    ]
    assert [(r["kind"], r["id"]) for r in data["signals"]["cleared"]] == [
        ("no-active-campaign", "OBJ-GROW"),
        ("no-active-campaign", "OBJ-UK"),
    ]
    assert (data["summary"]["signals_raised"], data["summary"]["signals_cleared"]) == (2, 2)
    assert not [d for d in data["diagnostics"]["new"] if d["code"].startswith("GT18")]
