"""The ``goldenthread`` command line: the argparse root only.

Every subcommand is a module of :mod:`goldenthread.commands`. Exit codes:
0 success, 1 content errors or a refused request, 2 usage or configuration.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from .commands import check, codeowners, diff, export, generate, init, rename, review, schema
from .commands.errors import CommandError
from .core.config import ConfigError
from .core.version import __version__

DESCRIPTION = (
    "Create a goldenthread wiki repository; validate its strategy and plans, review changes to them "
    "and export them, without building the site."
)

#: the subcommands' modules, in the order ``--help`` lists them (review also registers lock)
COMMANDS = (init, check, schema, export, generate, diff, review, codeowners, rename)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"goldenthread: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="goldenthread", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"goldenthread {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except CommandError as exc:
        print(f"goldenthread: error: {exc.message}", file=sys.stderr)
        return exc.exit_code
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
