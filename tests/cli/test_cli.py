"""``goldenthread check`` and ``goldenthread schema``: exit codes, output formats, configuration.

Most tests call :func:`goldenthread.cli.main` in-process (with ``capsys``); a few run the
installed console script as a real subprocess. The last section checks the shipped example
content: it passes, and removing any campaign's ``supports:`` makes the check fail naming that
campaign and its ``file:line``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from check_helpers import without_signals
from goldenthread.analysis import analyse
from goldenthread.cli import main
from goldenthread.core.config import parse_settings, read_project_config
from wikis import TODAY

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
SCRIPT = Path(sys.executable).with_name("goldenthread")

BROKEN = dedent("""\
    campaigns:
      - id: CMP-LOOSE
        title: Loose
        plan: PLAN-2027
        start: 2027-02-01
        end: 2027-03-01
    """)
LONELY = "objectives:\n  - id: OBJ-LONELY\n    title: Lonely\n"


@pytest.fixture
def project(tmp_path, monkeypatch, valid_wiki):
    """A project folder (the working directory) with a clean ``content/`` and no mkdocs.yml."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")

    def make(extra: dict[str, str] | None = None, mkdocs: str | None = None) -> Path:
        for rel, text in {**valid_wiki, **(extra or {})}.items():
            path = tmp_path / "content" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        if mkdocs is not None:
            (tmp_path / "mkdocs.yml").write_text(mkdocs, encoding="utf-8")
        return tmp_path

    return make


def run(capsys, *argv: str, signals: bool = False) -> tuple[int, str, str]:
    """Run the CLI; feedback-signal diagnostics (info, GT180–GT185) are dropped from the output
    unless ``signals`` (these tests are about other rules; the signals have their own tests)."""
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out if signals else without_signals(out), err


# --------------------------------------------------------------------------- exit codes and text output


def test_clean_content_exits_0(project, capsys):
    project()
    code, out, err = run(capsys, "check", "content", "--today", TODAY)
    assert (code, err) == (0, "")
    assert out == "goldenthread: 6 items in 2 files, no problems\n"


def test_signals_are_info_lines_and_promotable(project, capsys):
    """Feedback signals reach `check` as info (exit 0), and a team can promote one per rule."""
    project()
    code, out, _ = run(capsys, "check", "content", "--today", TODAY, signals=True)
    assert code == 0
    assert out.splitlines()[0] == (
        "content/plan.yml:8:9: info[GT183] Campaign ended without actuals: CMP-ONE: Ended 2027-03-31 "
        "(76 days ago); no spend is recorded."
    )
    assert "content/strategy.yml:2:9: info[GT184] Objective with no active campaign this quarter" in out
    (Path("mkdocs.yml")).write_text(
        "site_name: x\ndocs_dir: content\nplugins:\n  - goldenthread:\n"
        "      rules: {signal-ended-without-actuals: error}\n"
    )
    code, out, _ = run(capsys, "check", "--today", TODAY, signals=True)
    assert code == 1
    assert out.startswith("content/plan.yml:8:9: error[GT183]")


def test_errors_exit_1_with_location_message_hint_and_summary(project, capsys):
    project({"plans/loose.yml": BROKEN})
    code, out, err = run(capsys, "check", "content", "--today", TODAY)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        "content/plans/loose.yml:2:9: error[GT001] campaign CMP-LOOSE has no golden thread: "
        "it has no 'supports' link to an objective",
        "    hint: add 'supports: [OBJ-…]' naming the objective this campaign serves",
        "goldenthread: 1 error in 7 items (3 files)",
    ]


def test_default_path_is_content_without_mkdocs_yml(project, capsys):
    project({"loose.yml": BROKEN})
    code, out, _ = run(capsys, "check", "--today", TODAY)
    assert code == 1
    assert out.startswith("content/loose.yml:2:9: error[GT001]")


def test_warnings_exit_0_or_1_with_strict(project, capsys):
    project({"lonely.yml": LONELY})
    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    assert code == 0
    assert out.splitlines()[0] == (
        "content/lonely.yml:2:9: warning[GT101] objective OBJ-LONELY is not supported by any plan item"
    )
    assert out.splitlines()[-1] == "goldenthread: 1 warning in 7 items (3 files)"
    code, _, _ = run(capsys, "check", "content", "--strict", "--today", TODAY)
    assert code == 1


def test_summary_counts_errors_and_warnings(project, capsys):
    project({"loose.yml": BROKEN, "lonely.yml": LONELY, "dup.yml": BROKEN.replace("LOOSE", "OTHER")})
    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    assert code == 1
    assert out.splitlines()[-1] == "goldenthread: 2 errors and 1 warning in 9 items (5 files)"


def test_review_freshness_uses_today_option(project, capsys):
    stale = (
        "objectives:\n  - id: OBJ-STALE\n    title: s\n    status: retired\n"
        "    last_reviewed: 2027-01-01\n    review_cadence: monthly\n"
    )
    project({"stale.yml": stale})
    assert run(capsys, "check", "content", "--strict", "--today", "2027-01-20")[0] == 0
    code, out, _ = run(capsys, "check", "content", "--strict", "--today", "2027-02-02")
    assert code == 1
    assert "content/stale.yml:5:20: warning[GT105]" in out


def test_text_output_caps_each_rule_unless_all(project, capsys):
    many = "campaigns:\n" + "".join(
        f"  - id: CMP-N{n}\n    title: n\n    plan: PLAN-2027\n    start: 2027-02-01\n    end: 2027-03-01\n"
        for n in range(60)
    )
    project({"many.yml": many})
    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    lines = out.splitlines()
    assert code == 1
    assert sum("error[GT001]" in line for line in lines) == 50
    assert lines[-2] == "… and 10 more GT001 (missing-thread) not shown; run 'goldenthread check --all' for every one"
    assert lines[-1] == "goldenthread: 60 errors in 66 items (3 files)"
    code, out, _ = run(capsys, "check", "content", "--all", "--today", TODAY)
    assert sum("error[GT001]" in line for line in out.splitlines()) == 60
    assert "more GT001" not in out


# --------------------------------------------------------------------------- json and github formats


def test_json_format(project, capsys):
    project({"loose.yml": BROKEN, "lonely.yml": LONELY})
    code, out, err = run(capsys, "check", "content", "--format", "json", "--today", TODAY)
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert {k: data[k] for k in ("version", "files", "items", "errors", "warnings")} == {
        "version": 1,
        "files": 4,
        "items": 8,
        "errors": 1,
        "warnings": 1,
    }
    assert data["diagnostics"] == [
        {
            "code": "GT101",
            "rule": "unsupported-objective",
            "severity": "warning",
            "file": "content/lonely.yml",
            "line": 2,
            "column": 9,
            "item": "OBJ-LONELY",
            "message": "objective OBJ-LONELY is not supported by any plan item",
            "hint": "add it to a campaign's 'supports:' or mark it retired",
            "related": [],
        },
        {
            "code": "GT001",
            "rule": "missing-thread",
            "severity": "error",
            "file": "content/loose.yml",
            "line": 2,
            "column": 9,
            "item": "CMP-LOOSE",
            "message": "campaign CMP-LOOSE has no golden thread: it has no 'supports' link to an objective",
            "hint": "add 'supports: [OBJ-…]' naming the objective this campaign serves",
            "related": [],
        },
    ]


def test_json_format_is_never_capped_and_has_related(project, capsys):
    many = "objectives:\n" + "".join(f"  - id: OBJ-N{n}\n    title: n\n" for n in range(55))
    dup = "objectives:\n  - id: OBJ-GROW\n    title: again\n"
    project({"many.yml": many, "z/dup.yml": dup})
    code, out, _ = run(capsys, "check", "content", "--format", "json", "--today", TODAY)
    data = json.loads(out)
    assert code == 1
    assert sum(d["code"] == "GT101" for d in data["diagnostics"]) == 55
    [dup_diag] = [d for d in data["diagnostics"] if d["code"] == "GT004"]
    assert dup_diag["related"] == [{"file": "content/strategy.yml", "line": 2, "column": 9}]


def test_github_format(project, capsys):
    project({"loose.yml": BROKEN, "lonely.yml": LONELY})
    code, out, _ = run(
        capsys,
        "check",
        "content",
        "--format",
        "github",
        "--today",
        TODAY,
    )
    assert code == 1
    assert out.splitlines() == [
        "::warning file=content/lonely.yml,line=2,col=9,title=GT101 unsupported-objective::"
        "objective OBJ-LONELY is not supported by any plan item%0A"
        "add it to a campaign's 'supports:' or mark it retired",
        "::error file=content/loose.yml,line=2,col=9,title=GT001 missing-thread::"
        "campaign CMP-LOOSE has no golden thread: it has no 'supports' link to an objective%0A"
        "add 'supports: [OBJ-…]' naming the objective this campaign serves",
        "goldenthread: 1 error and 1 warning in 8 items (4 files)",
    ]


def test_github_format_escapes_and_notices(project, capsys):
    project(
        {"a,b:c%.yml": "objectives:\n  - id: OBJ-LONELY\n    title: l\n"},
        mkdocs="site_name: x\ndocs_dir: content\nplugins:\n  - goldenthread:\n      rules: {GT101: info}\n",
    )
    code, out, _ = run(capsys, "check", "--format", "github", "--today", TODAY)
    assert code == 0
    assert out.splitlines()[0].startswith(
        "::notice file=content/a%2Cb%3Ac%25.yml,line=2,col=9,title=GT101 unsupported-objective::"
    )


# --------------------------------------------------------------------------- configuration from mkdocs.yml

MKDOCS_WITH_TAGS = """\
site_name: Test wiki
docs_dir: content
theme:
  name: material
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  home: !ENV [HOME, /tmp]
  obj: !!python/object/apply:os.system ["touch {marker}"]
plugins:
  - search
  - goldenthread:
      today: {today}
      rules:
        GT101: off
        missing-thread: warning
"""


def test_options_are_read_from_mkdocs_yml_with_python_tags(project, capsys, tmp_path):
    marker = tmp_path / "pwned"
    project({"loose.yml": BROKEN, "lonely.yml": LONELY}, mkdocs=MKDOCS_WITH_TAGS.format(marker=marker, today=TODAY))
    code, out, err = run(capsys, "check")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "content/loose.yml:2:9: warning[GT001] campaign CMP-LOOSE has no golden thread: "
        "it has no 'supports' link to an objective",
        "    hint: add 'supports: [OBJ-…]' naming the objective this campaign serves",
        "goldenthread: 1 warning in 8 items (4 files)",
    ]
    assert not marker.exists()


def test_docs_dir_and_config_file_option(project, capsys, tmp_path):
    project()
    (tmp_path / "content").rename(tmp_path / "wiki")
    (tmp_path / "wiki" / "loose.yml").write_text(BROKEN)
    conf = tmp_path / "conf"
    conf.mkdir()
    (conf / "site.yml").write_text("site_name: x\ndocs_dir: ../wiki\nplugins:\n  - goldenthread\n")
    code, out, _ = run(capsys, "check", "-f", "conf/site.yml", "--today", TODAY)
    assert code == 1
    assert out.startswith("wiki/loose.yml:2:9: error[GT001]")
    # mkdocs' own default docs_dir is 'docs'
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    code, _, err = run(capsys, "check", "--today", TODAY)
    assert code == 2
    assert "docs is not a folder" in err


def test_cli_today_overrides_configuration(project, capsys):
    stale = (
        "objectives:\n  - id: OBJ-STALE\n    title: s\n    status: retired\n"
        "    last_reviewed: 2027-01-01\n    review_cadence: monthly\n"
    )
    project(
        {"stale.yml": stale},
        mkdocs="site_name: x\ndocs_dir: content\nplugins:\n  - goldenthread: {today: 2027-01-02}\n",
    )
    assert run(capsys, "check", "--strict")[0] == 0
    assert run(capsys, "check", "--strict", "--today", "2027-03-01")[0] == 1


def test_custom_types_from_mkdocs_yml(project, capsys):
    mkdocs = dedent("""\
        site_name: x
        docs_dir: content
        plugins:
          - goldenthread:
              types:
                initiative:
                  prefix: INI
                  layer: plan
                  fields:
                    supports: {kind: links, to: objective}
        """)
    project({"ini.yml": "initiatives:\n  - id: INI-LOOSE\n    title: l\n"}, mkdocs=mkdocs)
    code, out, _ = run(capsys, "check", "--today", TODAY)
    assert code == 1
    assert out.startswith("content/ini.yml:2:9: error[GT001] initiative INI-LOOSE has no golden thread")


@pytest.mark.parametrize(
    "plugin_options, message",
    [
        ("{colour: gold}", "unknown goldenthread option(s): colour"),
        ("{rules: {GT999: off}}", "rules: unknown rule 'GT999'"),
        ("{rules: {GT001: loud}}", "rules.GT001: unknown severity 'loud'"),
        ("{thread: {campaign: [title]}}", "thread.campaign: 'title' is not a link field of campaign"),
        ("{today: someday}", "today: 'someday' is not a YYYY-MM-DD date"),
    ],
)
def test_configuration_errors_exit_2(project, capsys, plugin_options, message):
    project(mkdocs=f"site_name: x\ndocs_dir: content\nplugins:\n  - goldenthread: {plugin_options}\n")
    for argv in (["check"], ["schema"]):
        code, out, err = run(capsys, *argv)
        assert (code, out) == (2, "")
        assert err.startswith(f"goldenthread: configuration error: {message}")


@pytest.mark.parametrize(
    "mkdocs, message",
    [
        ("site_name: [unclosed\n", "cannot read"),
        ("- just\n- a list\n", "expected a mapping"),
    ],
)
def test_unreadable_mkdocs_yml_exits_2(project, capsys, mkdocs, message):
    project(mkdocs=mkdocs)
    code, _, err = run(capsys, "check")
    assert code == 2
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["check", "missing-folder"], "goldenthread: error: missing-folder is not a folder"),
        (["check", "content/strategy.yml"], "is not a folder"),
        (["check", "-f", "nope.yml"], "nope.yml: no such configuration file"),
        (["check", "--format", "xml"], "invalid choice: 'xml'"),
        (["check", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--today", "soon"], "today: 'soon' is not a YYYY-MM-DD date"),
        ([], "the following arguments are required: command"),
        (["lint"], "invalid choice: 'lint'"),
    ],
)
def test_usage_errors_exit_2(project, capsys, argv, message):
    project()
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2
    assert message in err
    assert out == ""


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("goldenthread 0.")


# --------------------------------------------------------------------------- schema command


def test_schema_to_stdout_and_file(project, capsys, tmp_path):
    project()
    code, out, _ = run(capsys, "schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "campaigns" in schema["properties"]
    assert run(capsys, "schema", "-o", "schema.json") == (0, "", "")
    assert json.loads((tmp_path / "schema.json").read_text(encoding="utf-8")) == schema


# --------------------------------------------------------------------------- real subprocesses


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def test_console_script_on_shipped_content():
    assert SCRIPT.exists(), SCRIPT
    proc = subprocess.run(
        [str(SCRIPT), "check", "content", "--today", TODAY],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "error[" not in proc.stdout
    assert proc.stdout.splitlines()[-1].startswith("goldenthread: ")
    assert proc.stderr == ""


def test_console_script_exit_codes_and_formats(project, tmp_path):
    project({"loose.yml": BROKEN})
    base = [str(SCRIPT), "check", "content", "--today", TODAY]
    proc = subprocess.run(base, cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert proc.stdout.startswith("content/loose.yml:2:9: error[GT001] campaign CMP-LOOSE")
    proc = subprocess.run(
        [*base, "--format", "json"], cwd=tmp_path, env=_env(), capture_output=True, text=True, timeout=120
    )
    assert (proc.returncode, json.loads(proc.stdout)["errors"]) == (1, 1)
    proc = subprocess.run(
        [str(SCRIPT), "check", "nowhere"],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    proc = subprocess.run(
        [sys.executable, "-m", "goldenthread", "check", "content", "--today", TODAY],
        cwd=tmp_path,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1


def test_closed_pipe_is_not_a_traceback(project, tmp_path):
    many = "campaigns:\n" + "".join(
        f"  - id: CMP-N{n}\n    title: n\n    plan: PLAN-2027\n    start: 2027-02-01\n    end: 2027-03-01\n"
        for n in range(3000)
    )
    project({"many.yml": many})
    proc = subprocess.Popen(
        [str(SCRIPT), "check", "content", "--all", "--format", "json"],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=120)
    assert "Traceback" not in err
    assert "BrokenPipeError" not in err


# --------------------------------------------------------------------------- the shipped example content


def _shipped_settings():
    return parse_settings(read_project_config(REPO / "mkdocs.yml").options if (REPO / "mkdocs.yml").exists() else {})


def _shipped(item_type: str) -> list[str]:
    if not CONTENT.is_dir():
        return []
    result = analyse(CONTENT, _shipped_settings(), label_root=REPO)
    return sorted(i.id for i in result.model.of_type(item_type))


def test_shipped_content_passes_from_repo_root(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    assert code == 0, out
    assert "error[" not in out
    # the parametrized tests below are not vacuous
    assert _shipped("campaign") and _shipped("tactic")


def _remove_field(path: Path, key_name: str, value_line: int) -> None:
    """Blank the ``key_name:`` line whose value starts on ``value_line`` (and a block list under it)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    key = value_line - 1
    while f"{key_name}:" not in lines[key]:
        key -= 1
    indent = len(lines[key]) - len(lines[key].lstrip())
    end = key + 1
    while end < len(lines) and lines[end].strip() and len(lines[end]) - len(lines[end].lstrip()) > indent:
        end += 1
    for n in range(key, end):
        lines[n] = ""  # keep every other line where it was
    path.write_text("\n".join(lines), encoding="utf-8")


def _copy_project(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(CONTENT, tmp_path / "content")
    if (REPO / "mkdocs.yml").exists():
        shutil.copy(REPO / "mkdocs.yml", tmp_path / "mkdocs.yml")
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize("campaign_id", _shipped("campaign"))
def test_removing_a_campaigns_supports_fails_naming_it(campaign_id, tmp_path, monkeypatch, capsys):
    _copy_project(tmp_path, monkeypatch)
    item = analyse(Path("content"), _shipped_settings()).model.items[campaign_id]
    assert "supports" in item.positions, f"{campaign_id} has no supports to remove"
    _remove_field(tmp_path / item.file, "supports", item.positions["supports"].line)

    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    assert code == 1
    where = f"{item.file}:{item.pos.line}:{item.pos.column}"
    assert f"{where}: error[GT001] campaign {campaign_id} has no golden thread" in out, out
    # every error is this campaign's missing thread, or that of a tactic that inherited it
    after = analyse(Path("content"), _shipped_settings())
    assert after.model.items[campaign_id].pos == item.pos
    assert after.errors
    for d in after.errors:
        assert d.code == "GT001", d
        assert d.item == campaign_id or after.model.items[d.item].get("campaign") == campaign_id, d


@pytest.mark.parametrize("tactic_id", _shipped("tactic"))
def test_removing_a_tactics_links_fails_naming_it(tactic_id, tmp_path, monkeypatch, capsys):
    _copy_project(tmp_path, monkeypatch)
    item = analyse(Path("content"), _shipped_settings()).model.items[tactic_id]
    for name in ("campaign", "supports"):  # blanking keeps line numbers, so order does not matter
        if name in item.positions:
            _remove_field(tmp_path / item.file, name, item.positions[name].line)

    code, out, _ = run(capsys, "check", "content", "--today", TODAY)
    assert code == 1
    where = f"{item.file}:{item.pos.line}:{item.pos.column}"
    assert f"{where}: error[GT001] tactic {tactic_id} has no golden thread" in out, out
    after = analyse(Path("content"), _shipped_settings())
    assert {(d.code, d.item) for d in after.errors} == {("GT001", tactic_id), ("GT005", tactic_id)}
