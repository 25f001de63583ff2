"""``goldenthread init [DIR]``: scaffold a content-only wiki repository that builds ``--strict``.

The files come from the package (``goldenthread/scaffold/``): ``repo/`` for what every wiki
repository has (workflows that install the pinned ``requirements.txt``, pre-commit, README,
``.gitignore``) plus ``starter/`` (short commented content, one item of each type) or, with
``--example``, ``example/`` (the full Ledgerwell example this repository builds). The lock file
and CODEOWNERS are then computed from the content written, so the workflows' ``lock --check``
and ``codeowners --check`` pass from the first commit.

Names in the scaffold: a leading ``dot-`` becomes ``.`` (package data keeps no dotfiles), and a
``.tmpl`` suffix is dropped after ``@GOLDENTHREAD_VERSION@`` is replaced by this version.
Existing files are never overwritten without ``--force`` (exit 2, naming them).
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath
from typing import Any

from ..core.diagnostics import Reporter
from ..core.version import __version__
from ..domain.lock import current_entries, render_lock
from ..domain.owners import codeowners_block, merge_codeowners, read_people
from .errors import CommandError
from .options import load_project

VERSION_MARK = "@GOLDENTHREAD_VERSION@"
LOCK_FILE = "goldenthread.lock"
CODEOWNERS = ".github/CODEOWNERS"


def register(sub: Any) -> None:
    p = sub.add_parser(
        "init",
        help="create a wiki repository: mkdocs.yml, starter content, workflows, pre-commit, README",
        description="Create a content-only wiki repository that builds with `mkdocs build --strict`: "
        "mkdocs.yml, starter content (or --example), people file, actuals CSV, GitHub workflows that "
        "install the pinned requirements.txt, pre-commit, CODEOWNERS, README and .gitignore. "
        "Existing files are never overwritten without --force.",
    )
    p.add_argument("dir", nargs="?", type=Path, default=Path("."), help="folder to create it in (default: .)")
    p.add_argument("--example", action="store_true", help="write the full Ledgerwell example instead of the starter")
    p.add_argument("--force", action="store_true", help="overwrite files that already exist")
    p.set_defaults(run=cmd_init)


def _walk(node: Traversable, rel: PurePosixPath) -> Iterator[tuple[PurePosixPath, Traversable]]:
    for child in sorted(node.iterdir(), key=lambda c: c.name):
        if child.name == "__pycache__":
            continue
        name = "." + child.name[len("dot-") :] if child.name.startswith("dot-") else child.name
        if child.is_dir():
            yield from _walk(child, rel / name)
        else:
            yield rel / name, child


def scaffold_files(example: bool = False) -> dict[str, bytes]:
    """Repository-relative path -> content, for the starter or the example (without lock and CODEOWNERS)."""
    root = resources.files("goldenthread").joinpath("scaffold")
    files: dict[str, bytes] = {}
    for part in ("repo", "example" if example else "starter"):
        for rel, node in _walk(root.joinpath(part), PurePosixPath()):
            data = node.read_bytes()
            if rel.suffix == ".tmpl":
                rel = rel.with_suffix("")
                data = data.replace(VERSION_MARK.encode(), __version__.encode())
            files[rel.as_posix()] = data
    return files


def cmd_init(args: argparse.Namespace) -> int:
    target: Path = args.dir
    if target.exists() and not target.is_dir():
        raise CommandError(f"{target} is not a folder", 2)
    files = scaffold_files(args.example)
    planned = sorted({*files, CODEOWNERS, LOCK_FILE})
    existing = [rel for rel in planned if (target / rel).exists() or (target / rel).is_symlink()]
    if existing and not args.force:
        shown = "\n".join(f"  {target / rel}" for rel in existing)
        raise CommandError(
            f"{len(existing)} file{'s' if len(existing) != 1 else ''} already "
            f"exist{'s' if len(existing) == 1 else ''}; nothing was written:\n{shown}\n"
            "Use another folder, or --force to overwrite them.",
            2,
        )
    for rel, data in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()
        path.write_bytes(data)
    _derived_files(target, write_lock=LOCK_FILE not in files)
    what = "the Ledgerwell example" if args.example else "a starter wiki"
    print(f"goldenthread: wrote {what} ({len(planned)} files) into {target}")
    print(
        "Next:\n"
        f"  cd {target}\n"
        "  pip install -r requirements.txt   # goldenthread " + __version__ + ", MkDocs, Material\n"
        "  mkdocs serve                      # the wiki at http://127.0.0.1:8000\n"
        "  git init && git add . && git commit -m 'Marketing wiki'\n"
        "README.md says how to edit and what each pull-request check means."
    )
    return 0


def _derived_files(target: Path, *, write_lock: bool) -> None:
    """The lock file (every link reviewed as it is now) and CODEOWNERS, from the content written."""
    project = load_project(target / "mkdocs.yml")
    settings = project.settings
    analysis = project.analyse()
    if write_lock and settings.lock_path is not None:
        settings.lock_path.write_text(render_lock(current_entries(analysis.model, analysis.graph)), encoding="utf-8")
    people = read_people(settings.people_path, Reporter())
    prefix = project.docs_dir.relative_to(project.root).as_posix() + "/"
    block = codeowners_block(analysis.model, people, prefix)
    owners = target / CODEOWNERS
    owners.parent.mkdir(parents=True, exist_ok=True)
    owners.write_text(merge_codeowners(None, block), encoding="utf-8")
