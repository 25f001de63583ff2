"""The package as PyPI and a new user see it: metadata, licence, changelog, and a README that is
complete (every option, every generated page) and readable off GitHub (absolute links only)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from goldenthread.analysis import analyse
from goldenthread.core.config import DEFAULTS, parse_settings, read_project_config
from goldenthread.core.version import __version__
from goldenthread.views.pages import Pages
from goldenthread.views.wiki import Options, Wiki

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
#: where the README's links point: the repository's default branch on GitHub
LINK_RE = re.compile(r"\]\(([^)\s]+)\)")


def test_metadata_is_complete():
    project = PYPROJECT["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert project["authors"] and project["keywords"]
    assert {"Framework :: MkDocs", "Typing :: Typed", "Programming Language :: Python :: 3.11"} <= set(
        project["classifiers"]
    )
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    # one version source
    assert project["dynamic"] == ["version"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "goldenthread.core.version.__version__"}
    assert "scaffold/**/*" in PYPROJECT["tool"]["setuptools"]["package-data"]["goldenthread"]


def test_changelog_has_this_version():
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d\d-\d\d$", changelog, re.M), __version__


def test_readme_links_are_absolute_and_point_at_files_that_exist():
    """PyPI renders the README away from the repository: a relative link would lead nowhere."""
    base = PYPROJECT["project"]["urls"]["Source"].rstrip("/")
    for target in LINK_RE.findall(README):
        if target.startswith("#"):
            continue
        assert re.match(r"https?://", target), f"relative link in README.md: {target}"
        m = re.match(rf"{re.escape(base)}/(blob|tree)/main/([^#]*)", target)
        if m:
            path = REPO / m.group(2)
            assert path.is_dir() if m.group(1) == "tree" else path.is_file(), target


def test_readme_lists_every_plugin_option():
    after = README[README.index("Options, set under `plugins: - goldenthread:`") :]
    table = after[: after.index("\n\n", after.index("| Option |"))]
    listed = set(re.findall(r"^\| `([a-z_]+)` \|", table, re.M))
    assert listed == set(DEFAULTS), (set(DEFAULTS) - listed, listed - set(DEFAULTS))


def test_readme_lists_every_generated_page():
    project = read_project_config(REPO / "mkdocs.yml")
    settings = parse_settings(project.options, root=project.root)
    analysis = analyse(project.docs_dir, settings)
    pages = Pages(Wiki.build(analysis, Options()))
    shown = set()
    for page in pages.all():
        src = page.src
        if re.fullmatch(r"items/[a-z-]+/(?!index\.md)[a-z0-9-]+\.md", src):
            src = "items/<type>/<id>.md"
        elif re.fullmatch(r"items/[a-z-]+/index\.md", src):
            src = "items/<type>/index.md"
        elif re.fullmatch(r"owners/(?!index\.md)[^/]+\.md", src):
            src = "owners/<handle>.md"
        elif re.fullmatch(r"maps/[a-z0-9-]+\.md", src):
            src = "maps/<objective>.md"
        shown.add(src)
    missing = sorted(src for src in shown if f"`{src}`" not in README)
    assert not missing, missing


def test_readme_describes_the_workflows_as_they_are():
    assert "`mkdocs build` **without** `--strict`" in README
    assert "`strict.yml` (Strict)" in README and "**The merge gate**" in README
    assert "pip install goldenthread" in README
    assert re.search(r"rev: v\d+\.\d+\.\d+", README), "pre-commit example with a release tag"
