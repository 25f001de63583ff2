"""What the change-review commands (diff, review, lock, codeowners, rename) share: the project."""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from ..analysis import Analysis, analyse
from ..core.config import Settings, read_project_config
from ..review.diff import git_toplevel


@dataclass
class Project:
    """The project of ``mkdocs.yml`` (or the working directory): settings, folders, repository."""

    settings: Settings
    root: Path
    docs_dir: Path
    #: the git work tree's top folder, when the project is in one
    toplevel: Path | None

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


def add_project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-f", "--config-file", type=Path, help="mkdocs.yml to read options from")
    parser.add_argument("--today", help="the date to check review freshness against (YYYY-MM-DD)")


def project(args: argparse.Namespace) -> Project:
    """The project for a command's ``--config-file`` and ``--today`` (ConfigError propagates)."""
    from ..cli import settings_for

    settings, docs_dir = settings_for(args.config_file, getattr(args, "today", None))
    root = read_project_config(args.config_file).root
    return Project(settings, root, docs_dir, git_toplevel(root))


def fail(message: str, code: int = 1) -> int:
    print(f"goldenthread: error: {message}", file=sys.stderr)
    return code
