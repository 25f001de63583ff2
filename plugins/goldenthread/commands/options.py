"""What every subcommand shares: the project options (``--config-file``, ``--today``, the content
folder) and the project they load: settings from ``mkdocs.yml``, its folders and git repository."""

from __future__ import annotations

import argparse
import dataclasses
import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from ..analysis import Analysis, analyse
from ..core.config import Settings, parse_settings, read_project_config
from ..review.diff import git_toplevel
from .errors import CommandError


def add_project_options(parser: argparse.ArgumentParser, *, today: bool = True) -> None:
    """``-f/--config-file`` and (unless the command ignores dates) ``--today``."""
    parser.add_argument("-f", "--config-file", type=Path, help="mkdocs.yml to read options from")
    if today:
        parser.add_argument("--today", help="the date to check review freshness against (YYYY-MM-DD)")


def run_with_project(parser: argparse.ArgumentParser, handler: ProjectHandler, *, today: bool = True) -> None:
    """Give a command the project options and, when it runs, call ``handler`` with the project
    they name (see :func:`project`) and the parsed arguments."""
    add_project_options(parser, today=today)
    parser.set_defaults(run=lambda args: handler(project(args), args))


def add_content_path(parser: argparse.ArgumentParser) -> None:
    """The optional content folder argument of the commands that read one folder."""
    parser.add_argument("path", nargs="?", type=Path, help="content folder (default: docs_dir of mkdocs.yml)")


@dataclass
class Project:
    """The project of ``mkdocs.yml`` (or the working directory): settings, folders, repository."""

    settings: Settings
    root: Path
    docs_dir: Path
    #: the mkdocs.yml read, None when there is none
    config_file: Path | None

    @cached_property
    def toplevel(self) -> Path | None:
        """The git work tree's top folder, when the project is in one."""
        return git_toplevel(self.root)

    @property
    def base(self) -> Path:
        """What repository paths (CODEOWNERS, reports) are relative to: the git top, else the root."""
        return self.toplevel or self.root

    def rel(self, path: Path) -> str:
        """``path`` relative to :attr:`base`, POSIX style ("" for the base itself)."""
        rel = Path(os.path.relpath(path.resolve(), self.base.resolve())).as_posix()
        return "" if rel == "." else rel

    @property
    def prefix(self) -> str:
        """The docs_dir's path from :attr:`base` with a trailing slash (``content/``)."""
        rel = self.rel(self.docs_dir)
        return rel + "/" if rel else ""

    def content_folder(self, args: argparse.Namespace) -> Path:
        """The folder a command reads: its ``path`` argument, else the docs_dir (must exist)."""
        path: Path = getattr(args, "path", None) or self.docs_dir
        if not path.is_dir():
            raise CommandError(f"{path} is not a folder", 2)
        return path

    def analyse(
        self, docs_dir: Path | None = None, *, lock: Path | None = None, people: Path | None = None, sides: bool = False
    ) -> Analysis:
        """Analyse ``docs_dir`` (default: the project's) with file labels relative to it.

        With ``sides``, ``lock`` and ``people`` replace the project's files (None: none).
        """
        settings = self.settings
        if sides:
            settings = dataclasses.replace(settings, lock_path=lock, people_path=people)
        folder = docs_dir or self.docs_dir
        return analyse(folder, settings, label_root=folder)


def load_project(config_file: Path | None = None, today: str | None = None, *, start: Path | None = None) -> Project:
    """The project of ``config_file``, ``today`` overriding its option.

    Without ``config_file`` the project's mkdocs.yml is found from ``start`` (a command's content
    folder, else the working directory) upwards. A ConfigError propagates (``cli.main`` reports
    it, exit 2).
    """
    config = read_project_config(config_file, start=start)
    options: dict[str, Any] = dict(config.options)
    if today:
        options["today"] = today
    settings = parse_settings(options, root=config.root)
    return Project(settings, config.root, config.docs_dir, config.config_file)


#: a command's handler that works on a project: the project and the parsed arguments in, the exit code out
ProjectHandler = Callable[[Project, argparse.Namespace], int]


def project(args: argparse.Namespace) -> Project:
    """The project for a command's ``--config-file``, ``--today`` and content folder."""
    return load_project(args.config_file, getattr(args, "today", None), start=getattr(args, "path", None))
