"""The CLI's shape: ``cli.py`` is the argparse root only, every subcommand lives in
``goldenthread.commands``, the project options are declared once, and a ``CommandError``
raised anywhere in a command is reported once, by ``main``."""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path

import pytest

from goldenthread import cli
from goldenthread.cli import _parser, main
from goldenthread.commands.errors import CommandError

PACKAGE = Path(cli.__file__).resolve().parent
COMMANDS = sorted((PACKAGE / "commands").glob("*.py"))


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
            found.update("." * node.level + (node.module + "." if node.module else "") + a.name for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.name)
def test_commands_do_not_import_the_cli_root(path: Path) -> None:
    bad = {m for m in _imported_modules(path) if m in ("..cli", "goldenthread.cli", "..", "..plugin")}
    assert bad == set(), f"{path.name} imports {bad}"


def test_every_subcommand_is_handled_in_commands() -> None:
    parsers = _subparsers()
    assert {"check", "schema", "export", "generate", "diff", "review", "lock", "codeowners", "rename"} <= set(parsers)
    for name, parser in parsers.items():
        run = parser.get_default("run")
        assert run is not None, name
        assert run.__module__.startswith("goldenthread.commands."), (name, run.__module__)


def test_cli_module_defines_no_command() -> None:
    tree = ast.parse((PACKAGE / "cli.py").read_text(encoding="utf-8"))
    functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert functions == {"_parser", "main"}


def test_project_options_are_declared_once() -> None:
    """Only commands/options.py spells ``--config-file`` and ``--today``; every command reading
    a project offers both with the same help."""
    for path in [PACKAGE / "cli.py", *COMMANDS]:
        text = path.read_text(encoding="utf-8")
        if path.name != "options.py":
            assert '"--config-file"' not in text and '"--today"' not in text, path.name
    helps: dict[str, set[str]] = {"--config-file": set(), "--today": set()}
    for name, parser in _subparsers().items():
        if name == "init":  # writes a new project rather than reading one
            continue
        flags = {opt: a.help for a in parser._actions for opt in a.option_strings}
        assert "--config-file" in flags, name
        for opt in helps:
            if opt in flags:
                helps[opt].add(str(flags[opt]))
    assert all(len(h) == 1 for h in helps.values()), helps


def test_command_error_raised_in_a_command_is_reported_by_main(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refuse(proj: object, args: argparse.Namespace) -> int:
        raise CommandError("cannot do that here", 3)

    from goldenthread.commands import check

    monkeypatch.setattr(check, "cmd_check", refuse)
    assert main(["check"]) == 3
    out, err = capsys.readouterr()
    assert (out, err) == ("", "goldenthread: error: cannot do that here\n")


def test_a_missing_content_folder_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    for argv in (["check", str(missing)], ["export", str(missing)], ["generate", str(tmp_path / "out"), str(missing)]):
        assert main(argv) == 2, argv
        assert capsys.readouterr().err == f"goldenthread: error: {missing} is not a folder\n"


def test_schema_output_dash_is_stdout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["schema", "-o", "-"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert err == ""
    assert list(tmp_path.iterdir()) == []


def test_top_level_help_describes_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "review changes" in out and "export" in out
    assert "``" not in out
