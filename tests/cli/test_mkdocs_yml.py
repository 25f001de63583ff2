"""The CLI reads mkdocs.yml as MkDocs does: ``INHERIT`` merged, ``!ENV`` resolved, ``docs_dir``
relative to the file, and the project's file found from the folder a command is pointed at.

The last test builds the same project with MkDocs: ``check --strict`` and ``mkdocs build --strict``
must agree, because a team reads the first in a pre-commit hook and the second in the merge gate.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from textwrap import dedent

import pytest

from goldenthread.cli import main
from goldenthread.core.config import find_mkdocs_yml, load_mkdocs_yml, read_project_config
from site_helpers import build_failing, build_site, capture_mkdocs_warnings

#: A campaign without a strategic link: GT001, an error unless configured otherwise.
LOOSE = dedent("""\
    campaigns:
      - id: CMP-LOOSE
        title: Loose
        plan: PLAN-2027
        start: 2027-02-01
        end: 2027-03-01
    """)

BASE = dedent("""\
    site_name: Base wiki
    docs_dir: content
    theme:
      name: material
    markdown_extensions:
      - pymdownx.superfences:
          custom_fences:
            - name: mermaid
              class: mermaid
              format: !!python/name:pymdownx.superfences.fence_code_format
    plugins:
      search: {}
      goldenthread:
        rules:
          GT001: warning
    """)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, valid_wiki: dict[str, str]) -> Path:
    """A project with a clean content/ plus one loose campaign; the working directory is elsewhere."""
    root = tmp_path / "project"
    for rel, text in {**valid_wiki, "loose.yml": LOOSE, "index.md": "# Home\n"}.items():
        path = root / "content" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.delenv("GT_TODAY", raising=False)
    monkeypatch.delenv("GT_LOOSE", raising=False)
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_inherit_merges_the_parent_as_mkdocs_does(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "base.yml").write_text(BASE, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nsite_name: Team wiki\nplugins:\n  goldenthread:\n    today: 2027-06-15\n",
        encoding="utf-8",
    )
    data = load_mkdocs_yml(project / "mkdocs.yml")
    assert data["site_name"] == "Team wiki" and "INHERIT" not in data
    # mappings merge key by key: the parent's search and rules stay, the child's today is added
    expected = {"rules": {"GT001": "warning"}, "today": dt.date(2027, 6, 15)}
    assert data["plugins"] == {"search": {}, "goldenthread": expected}
    code, out, err = run(capsys, "check", "-f", str(project / "mkdocs.yml"))
    assert (code, err) == (0, "")
    assert "warning[GT001] campaign CMP-LOOSE" in out
    assert run(capsys, "check", "--strict", "-f", str(project / "mkdocs.yml"))[0] == 1


def test_inherit_replaces_lists(project: Path) -> None:
    """mergedeep's default: a list in the inheriting file replaces the parent's whole list."""
    (project / "base.yml").write_text("plugins:\n  - search\n  - goldenthread: {rules: {GT001: off}}\n")
    (project / "mkdocs.yml").write_text("INHERIT: base.yml\nplugins:\n  - goldenthread\n")
    assert read_project_config(project / "mkdocs.yml").options == {}


def test_inherit_chain_is_relative_to_each_file(project: Path) -> None:
    (project / "config").mkdir()
    (project / "config" / "base.yml").write_text("INHERIT: ../root.yml\ndocs_dir: content\n")
    (project / "root.yml").write_text("plugins:\n  goldenthread: {rules: {GT001: info}}\n")
    (project / "mkdocs.yml").write_text("INHERIT: config/base.yml\n")
    config = read_project_config(project / "mkdocs.yml")
    assert config.options == {"rules": {"GT001": "info"}}
    assert config.docs_dir == project.resolve() / "content"  # relative to mkdocs.yml, not to base.yml


@pytest.mark.parametrize(
    "text, message",
    [
        ("INHERIT: nowhere.yml\n", "inherited config file 'nowhere.yml' does not exist"),
        ("INHERIT: mkdocs.yml\n", "INHERIT loops back"),
        ("INHERIT: [a, b]\n", "INHERIT: expected the path of a configuration file"),
    ],
)
def test_bad_inherit_is_a_configuration_error(
    project: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "check", "-f", str(project / "mkdocs.yml"))
    assert (code, out) == (2, "")
    assert err.startswith("goldenthread: configuration error:") and message in err
    assert "Traceback" not in err


ENV_CONFIG = dedent("""\
    site_name: !ENV [SITE_NAME, "Team wiki"]
    docs_dir: !ENV [GT_DOCS, content]
    plugins:
      - goldenthread:
          today: !ENV [GT_TODAY, 2027-06-15]
          rules:
            GT001: !ENV [GT_LOOSE, warning]
    """)


def test_env_tags_resolve_with_defaults(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (project / "mkdocs.yml").write_text(ENV_CONFIG, encoding="utf-8")
    config = read_project_config(project / "mkdocs.yml")
    assert config.options == {"today": dt.date(2027, 6, 15), "rules": {"GT001": "warning"}}
    assert config.docs_dir == project.resolve() / "content"
    code, out, _ = run(capsys, "check", "-f", str(project / "mkdocs.yml"))
    assert code == 0 and "warning[GT001]" in out
    monkeypatch.setenv("GT_LOOSE", "error")
    code, out, _ = run(capsys, "check", "-f", str(project / "mkdocs.yml"))
    assert code == 1 and "error[GT001]" in out
    monkeypatch.setenv("GT_TODAY", "someday")  # an environment value is read as YAML, then validated
    code, _, err = run(capsys, "check", "-f", str(project / "mkdocs.yml"))
    assert code == 2 and "today: 'someday' is not a YYYY-MM-DD date" in err


def test_an_unset_env_tag_without_default_is_null(project: Path) -> None:
    (project / "mkdocs.yml").write_text("plugins:\n  - goldenthread:\n      today: !ENV GT_TODAY\n")
    assert read_project_config(project / "mkdocs.yml").options == {"today": None}


def test_the_project_file_is_found_from_the_checked_folder(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``check path/to/content`` from anywhere uses that project's mkdocs.yml (as git finds .git)."""
    (project / "mkdocs.yml").write_text(
        "docs_dir: content\nplugins:\n  - goldenthread: {today: 2027-06-15, rules: {GT001: info}}\n"
    )
    assert find_mkdocs_yml(project / "content" / "loose.yml") == project / "mkdocs.yml"
    code, out, _ = run(capsys, "check", str(project / "content"), "--strict")
    assert code == 0 and "info[GT001]" in out
    # from inside the project, without a path: the file above the working directory
    monkeypatch.chdir(project / "content")
    code, out, _ = run(capsys, "check", "--strict")
    assert code == 0 and "info[GT001]" in out
    # -f still wins over the search
    (project / "other.yml").write_text("docs_dir: content\nplugins:\n  - goldenthread: {today: 2027-06-15}\n")
    assert run(capsys, "check", "-f", str(project / "other.yml"))[0] == 1


def test_mkdocs_yaml_spelling_is_found(project: Path) -> None:
    (project / "mkdocs.yaml").write_text("docs_dir: content\n")
    assert read_project_config(start=project / "content").config_file == project / "mkdocs.yaml"


def test_check_and_mkdocs_build_agree(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same INHERIT + !ENV project: a warning fails both strict runs; configured off, both pass."""
    (project / "base.yml").write_text(BASE, encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        "INHERIT: base.yml\nplugins:\n  goldenthread:\n    today: !ENV [GT_TODAY, 2027-06-15]\n"
        "    rules:\n      GT001: !ENV [GT_LOOSE, warning]\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    assert run(capsys, "check", "--strict", "-f", str(config))[0] == 1
    with capture_mkdocs_warnings() as records:
        build_failing(config, project / "site", strict=True)  # aborts: strict and one warning
    assert any("[GT001] campaign CMP-LOOSE" in r.getMessage() for r in records)
    monkeypatch.setenv("GT_LOOSE", "off")
    assert run(capsys, "check", "--strict", "-f", str(config))[0] == 0
    build_site(config, project / "site")
