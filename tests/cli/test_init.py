"""``goldenthread init``: a content-only wiki repository that builds --strict, with linted workflows.

The scaffold ships as package data (``goldenthread/scaffold/``); its example and its preview
script are the repository's own files (symbolic links in the source tree), checked here byte for
byte so there is one source of each.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from goldenthread.cli import main
from goldenthread.commands.init import scaffold_files
from goldenthread.core.version import __version__
from site_helpers import REPO_ROOT, build_failing, build_site, parse_html, pin_today
from workflow_helpers import WORKFLOWS, check_hardening, lint_env, load_workflow, tool

STARTER_TYPES = {
    "objective",
    "audience",
    "value_proposition",
    "positioning",
    "competitor",
    "kpi",
    "plan",
    "campaign",
    "tactic",
    "review",
    "faq",
}


def _init(tmp_path: Path, *args: str, name: str = "wiki") -> Path:
    target = tmp_path / name
    assert main(["init", str(target), *args]) == 0
    return target


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _init(tmp_path_factory.mktemp("init"))


def test_starter_builds_strict_with_every_type_and_the_generated_pages_in_the_nav(starter: Path, tmp_path: Path):
    site = build_site(starter / "mkdocs.yml", tmp_path / "site")
    items = json.loads((site / "goldenthread.json").read_text(encoding="utf-8"))["items"]
    assert {i["type"] for i in (items.values() if isinstance(items, dict) else items)} == STARTER_TYPES
    # no nav: in mkdocs.yml, yet the generated pages are in the nav, grouped
    assert "nav" not in yaml.safe_load((starter / "mkdocs.yml").read_text(encoding="utf-8"))
    doc = parse_html((site / "index.html").read_text(encoding="utf-8"))
    tabs = [a.text().strip() for a in doc.find_all("a", cls="md-tabs__link")]
    assert tabs[:2] == ["Home", "Strategy"], tabs
    assert {"Items", "Traceability", "Dashboards", "FAQ", "Reference", "Tags"} <= set(tabs), tabs
    nav_links = {a.get("href") for a in doc.find_all("a", cls="md-nav__link")}
    for page in ("dashboard/", "budget/", "graph/", "health/", "items/campaigns/", "items/campaigns/cmp-webinars/"):
        assert any(h and h.endswith(page) for h in nav_links), (page, sorted(filter(None, nav_links)))


def test_starter_passes_the_strict_check_and_the_review_file_checks(starter: Path, monkeypatch, capsys):
    monkeypatch.chdir(starter)
    assert main(["check", "--strict"]) == 0
    # years later too: nothing in the starter turns into a warning with time alone
    assert main(["check", "--strict", "--today", "2031-01-01"]) == 0
    assert main(["lock", "--check"]) == 0
    assert main(["codeowners", "--check"]) == 0
    out = capsys.readouterr().out
    assert "no problems" in out and "up to date" in out


def test_removing_the_golden_thread_fails_the_build_naming_the_campaign(tmp_path: Path):
    wiki = _init(tmp_path)
    plan = wiki / "content" / "plans" / "2027.yml"
    lines = plan.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = [n for n, line in enumerate(lines) if line.strip().startswith("supports: [OBJ-PIPELINE]")]
    assert len(cut) == 1
    del lines[cut[0]]
    plan.write_text("".join(lines), encoding="utf-8")
    errors = build_failing(wiki / "mkdocs.yml", tmp_path / "site")
    where = re.compile(r"content/plans/2027\.yml:\d+:\d+: (error)?\[GT001\] .*CMP-WEBINARS")
    assert any(where.search(e) for e in errors), errors


def test_refuses_to_overwrite_and_names_the_files(tmp_path: Path, capsys):
    wiki = tmp_path / "wiki"
    (wiki / "content").mkdir(parents=True)
    (wiki / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    (wiki / "content" / "index.md").write_text("# Ours\n", encoding="utf-8")
    assert main(["init", str(wiki)]) == 2
    err = capsys.readouterr().err
    assert "2 files already exist" in err and "--force" in err
    assert str(wiki / "mkdocs.yml") in err and str(wiki / "content" / "index.md") in err
    # nothing written, nothing changed
    written = sorted(p.relative_to(wiki).as_posix() for p in wiki.rglob("*"))
    assert written == ["content", "content/index.md", "mkdocs.yml"]
    assert (wiki / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Ours\n"
    assert main(["init", str(wiki), "--force"]) == 0
    assert "site_name: Marketing Wiki" in (wiki / "mkdocs.yml").read_text(encoding="utf-8")


def test_a_file_as_target_is_a_usage_error(tmp_path: Path, capsys):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "f")]) == 2
    assert "not a folder" in capsys.readouterr().err


def test_example_builds_strict(tmp_path: Path):
    wiki = _init(tmp_path, "--example")
    assert (wiki / "content" / "plans" / "2027" / "campaigns.yml").is_file()
    assert not (wiki / "hooks").exists() and "hooks:" not in (wiki / "mkdocs.yml").read_text(encoding="utf-8")
    config = wiki / "mkdocs.yml"
    config.write_text(pin_today(config.read_text(encoding="utf-8")), encoding="utf-8")
    site = build_site(config, tmp_path / "site")
    assert (site / "dashboard" / "index.html").is_file()


def test_shipped_example_and_script_are_the_repository_files():
    """One source of truth: what init --example writes is this repository's example, byte for byte."""
    shipped = scaffold_files(example=True)
    for path in sorted((REPO_ROOT / "content").rglob("*")):
        if path.is_file():
            rel = path.relative_to(REPO_ROOT).as_posix()
            assert shipped.pop(rel) == path.read_bytes(), rel
    for rel in ("mkdocs.yml", "people.yml", "goldenthread.lock", ".github/scripts/previews.py"):
        assert shipped.pop(rel) == (REPO_ROOT / rel).read_bytes(), rel
    assert not [rel for rel in shipped if rel.startswith("content/")]


def test_requirements_and_pre_commit_pin_this_version(starter: Path):
    assert f"goldenthread=={__version__}\n" in (starter / "requirements.txt").read_text(encoding="utf-8")
    config = yaml.safe_load((starter / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["entry"] == "goldenthread check --strict"
    assert hook["additional_dependencies"] == [f"goldenthread=={__version__}"]
    for path in ("content/plans/2027.yml", "mkdocs.yml", "people.yml", "goldenthread.lock"):
        assert re.search(hook["files"], path), path
    assert not re.search(hook["files"], "README.md")
    assert not any("@GOLDENTHREAD_VERSION@" in p.read_text(encoding="utf-8") for p in starter.rglob("*") if p.is_file())


def _workflows(wiki: Path) -> list[Path]:
    files = sorted((wiki / ".github" / "workflows").glob("*.yml"))
    assert {p.name for p in files} == {
        "pr.yml",
        "preview.yml",
        "pr-closed.yml",
        "preview-cleanup.yml",
        "publish.yml",
        "strict.yml",
    }
    return files


def test_scaffolded_workflows_install_the_pin_with_history(starter: Path):
    for path in _workflows(starter):
        text = path.read_text(encoding="utf-8")
        assert "-e ." not in text and "pip install -e" not in text, path.name
        data = yaml.safe_load(text)
        for job in data["jobs"].values():
            steps = job.get("steps", [])
            if any("mkdocs build" in s.get("run", "") or "goldenthread check" in s.get("run", "") for s in steps):
                checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
                assert checkout["with"]["fetch-depth"] == 0, path.name
                install = next(s for s in steps if "pip install" in s.get("run", ""))
                assert install["run"].endswith("pip install --quiet -r requirements.txt"), path.name
        check_hardening(path)
    assert (starter / ".github" / "scripts" / "previews.py").is_file()


def test_scaffolded_workflows_pass_actionlint_and_zizmor(starter: Path):
    actionlint, zizmor = tool("actionlint"), tool("zizmor")
    assert actionlint and zizmor and tool("shellcheck"), "pip install -e '.[test]'"
    files = [str(p) for p in _workflows(starter)]
    proc = subprocess.run(
        [actionlint, "-no-color", *files],
        cwd=starter,
        env=lint_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr
    proc = subprocess.run(
        [zizmor, "--offline", "--no-progress", "--format", "json", str(starter / ".github" / "workflows")],
        cwd=starter,
        env=lint_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.stdout.strip() in ("", "[]") and proc.returncode == 0, proc.stdout[:5000] + proc.stderr


def _normalised(path: Path) -> dict[str, object]:
    """A workflow without what the scaffold changes on purpose: how goldenthread is installed, history depth."""
    data = load_workflow(path)
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                step.get("with", {}).pop("fetch-depth", None)
                step.pop("name", None)
            if "pip install" in step.get("run", "") and "goldenthread" in step.get("name", ""):
                step["run"] = step["name"] = "install goldenthread"
    return data


@pytest.mark.parametrize(
    "name", ["pr.yml", "preview.yml", "pr-closed.yml", "preview-cleanup.yml", "publish.yml", "strict.yml"]
)
def test_scaffolded_workflows_follow_this_repositorys(starter: Path, name: str):
    """One source for the workflows' logic: a change to this repository's workflow must reach the scaffold's."""
    assert _normalised(starter / ".github" / "workflows" / name) == _normalised(WORKFLOWS / name)
