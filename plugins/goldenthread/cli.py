"""``goldenthread``: check content and export its schema without building a site.

Exit codes: 0 clean, 1 content errors (or warnings with ``--strict``), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from .analysis import analyse
from .core.config import ConfigError, Settings, parse_settings, read_project_config
from .core.diagnostic_text import as_github, as_json, as_text, summary
from .core.version import __version__
from .review.schema_export import content_schema


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"goldenthread: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="goldenthread", description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"goldenthread {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate content and report every problem")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: docs_dir of mkdocs.yml)")
    check.add_argument("-f", "--config-file", type=Path, help="mkdocs.yml to read options from")
    check.add_argument("--format", choices=("text", "json", "github"), default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.add_argument("--all", action="store_true", help="do not cap repeated diagnostics per rule")
    check.add_argument("--today", help="the date to check review freshness against (YYYY-MM-DD)")

    schema = sub.add_parser("schema", help="print the JSON Schema of content data files")
    schema.add_argument("-f", "--config-file", type=Path, help="mkdocs.yml to read custom types from")
    schema.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout")

    for module in _command_modules():
        module.register(sub, COMMANDS)
    return parser


def _command_modules() -> list[Any]:
    """Further subcommands, one module each under goldenthread.commands (``register(sub, commands)``)."""
    from . import commands

    names: list[str] = [
        # a new wiki repository
        "init",
        # workflow and portability commands
        "export",
        "generate",
        # change-review commands
        "diff",
        "review",
        "codeowners",
        "rename",
    ]
    return [importlib.import_module(f"{commands.__name__}.{name}") for name in names]


def settings_for(config_file: Path | None, today: str | None = None) -> tuple[Settings, Path]:
    """Settings and docs_dir from mkdocs.yml (or defaults), for every subcommand."""
    return _settings(config_file, today)


def _settings(config_file: Path | None, today: str | None = None) -> tuple[Settings, Path]:
    project = read_project_config(config_file)
    options = dict(project.options)
    if today:
        options["today"] = today
    return parse_settings(options, root=project.root), project.docs_dir


def cmd_check(args: argparse.Namespace) -> int:
    settings, docs_dir = _settings(args.config_file, args.today)
    path: Path = args.path or docs_dir
    if not path.is_dir():
        print(f"goldenthread: error: {path} is not a folder", file=sys.stderr)
        return 2
    result = analyse(path, settings)
    diags = result.diagnostics
    files, items = len(result.model.files), len(result.model.items)
    if args.format == "json":
        print(as_json(diags, files, items))
    elif args.format == "github":
        for line in as_github(diags):
            print(line)
        print(summary(diags, files, items))
    else:
        for line in as_text(diags, cap=None if args.all else 50):
            print(line)
        print(summary(diags, files, items))
    errors, warnings = result.counts()
    return 1 if errors or (args.strict and warnings) else 0


def cmd_schema(args: argparse.Namespace) -> int:
    settings, _ = _settings(args.config_file)
    text = json.dumps(content_schema(settings.schema), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"check": cmd_check, "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(COMMANDS[args.command](args))
    except ConfigError as exc:
        print(f"goldenthread: configuration error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (``goldenthread check | head``): stop quietly, without a traceback
        # when the interpreter flushes stdout at exit
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
