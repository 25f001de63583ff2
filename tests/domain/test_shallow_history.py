"""GT113: review dates from git history in a shallow clone are the cut-off's, and goldenthread says so.

A real repository is made, then cloned with ``git clone --depth 1 file://…`` as ``actions/checkout``
does by default: there, a document unreviewed for 17 months looks freshly changed. The full
clone of the same repository gets no warning and shows the document overdue.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from check_helpers import run_check
from git_helpers import git as _git
from git_helpers import needs_git
from goldenthread.cli import main
from goldenthread.core.diagnostics import RULES, Severity
from goldenthread.core.git import is_shallow_clone
from goldenthread.domain import freshness as fr
from wikis import TODAY

pytestmark = needs_git

STRATEGY = "objectives:\n  - id: OBJ-OLD\n    title: Old objective\n    review_cadence: monthly\n    status: retired\n"
NOTES = '---\nowner: "@sam"\nreview_cadence: quarterly\n---\n# Notes\n'


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository whose strategy was last changed 2026-01-10 and whose notes changed since."""
    root = tmp_path_factory.mktemp("origin")
    _git(root, "init", "-q", "-b", "main")
    (root / "content").mkdir()
    (root / "content" / "strategy.yml").write_text(STRATEGY, encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "strategy", date="2026-01-10")
    (root / "content" / "notes.md").write_text(NOTES, encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "notes", date="2027-06-01")
    return root


def _clone(origin: Path, dest: Path, *depth: str) -> Path:
    _git(dest.parent, "clone", "-q", *depth, f"file://{origin}", dest.name)
    return dest


def _is_shallow(repo: Path) -> str:
    done = subprocess.run(["git", "rev-parse", "--is-shallow-repository"], cwd=repo, capture_output=True, text=True)
    return done.stdout.strip()


def _check(docs: Path) -> list[tuple[str, str, int, int, Severity, str]]:
    result = run_check(docs, today=TODAY)
    return [(d.code, d.file, d.line, d.column, d.severity, d.message) for d in result.diagnostics]


def test_a_shallow_clone_is_reported_at_the_first_document_needing_history(origin: Path, tmp_path: Path) -> None:
    shallow = _clone(origin, tmp_path / "shallow", "--depth", "1")
    assert _is_shallow(shallow) == "true"
    assert is_shallow_clone(shallow / "content")
    # what the clone's history claims: the strategy changed at the cut-off, 2027-06-01
    assert fr.git_last_changed(shallow / "content")["strategy.yml"] == dt.date(2027, 6, 1)
    found = [d for d in _check(shallow / "content") if d[0] == "GT113"]
    assert [d[:5] for d in found] == [("GT113", "content/notes.md", 1, 1, Severity.WARNING)]
    assert "shallow git clone" in found[0][5] and "2 living documents" in found[0][5]


def test_a_full_clone_is_not_reported(origin: Path, tmp_path: Path) -> None:
    full = _clone(origin, tmp_path / "full")
    assert not is_shallow_clone(full / "content")
    assert [d for d in _check(full / "content") if d[0] == "GT113"] == []
    assert fr.git_last_changed(full / "content")["strategy.yml"] == dt.date(2026, 1, 10)


def test_no_history_needed_no_question_asked(origin: Path, tmp_path: Path) -> None:
    """Documents that carry last_reviewed do not depend on history: no warning, even when shallow."""
    shallow = _clone(origin, tmp_path / "shallow", "--depth", "1")
    (shallow / "content" / "notes.md").unlink()
    dated = STRATEGY.replace("    status: retired\n", "    status: retired\n    last_reviewed: 2027-06-01\n")
    (shallow / "content" / "strategy.yml").write_text(dated, encoding="utf-8")
    assert [d for d in _check(shallow / "content") if d[0] == "GT113"] == []


def test_the_cli_warns_and_strict_fails_with_the_fix_in_the_hint(
    origin: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shallow = _clone(origin, tmp_path / "shallow", "--depth", "1")
    monkeypatch.chdir(shallow)
    assert main(["check", "content", "--today", TODAY]) == 0
    out = capsys.readouterr().out
    assert "content/notes.md:1:1: warning[GT113]" in out and "fetch-depth: 0" in out
    assert main(["check", "content", "--strict", "--today", TODAY]) == 1
    capsys.readouterr()
    # a team that knows may turn it off like any rule
    (shallow / "mkdocs.yml").write_text("docs_dir: content\nplugins:\n  - goldenthread: {rules: {GT113: off}}\n")
    assert main(["check", "--strict", "--today", TODAY]) == 0


def test_the_rule_is_documented() -> None:
    rule = RULES["GT113"]
    assert (rule.name, rule.severity) == ("shallow-history", Severity.WARNING)
    assert "fetch-depth: 0" in rule.summary


def test_no_git_is_not_shallow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert not is_shallow_clone(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert not is_shallow_clone(tmp_path)
    assert not is_shallow_clone(tmp_path / "missing")
