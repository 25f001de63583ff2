"""``goldenthread rename OLD NEW``: rename an ID and every reference to it, keeping the files as written.

Refused (exit 1, nothing written) when OLD does not exist, NEW already exists, NEW is not a
valid ID for OLD's type, or the content has YAML syntax errors. ``--dry-run`` prints the
change as a unified diff. The lock file's entries follow the rename.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..domain.lock import LockError, read_lock
from ..review.rename import RenameError, apply_edits, plan_rename, rename_in_lock, unified_diff
from .errors import CommandError
from .options import Project, run_with_project


def register(sub: Any) -> None:
    p = sub.add_parser("rename", help="rename an ID and every reference to it (YAML, front matter, [[ID]] prose)")
    p.add_argument("old", metavar="OLD", help="the ID to rename")
    p.add_argument("new", metavar="NEW", help="its new ID (same type prefix)")
    p.add_argument("--dry-run", action="store_true", help="print the change as a unified diff; write nothing")
    run_with_project(p, cmd_rename)


def cmd_rename(proj: Project, args: argparse.Namespace) -> int:
    proj.content_folder(args)
    analysis = proj.analyse()
    try:
        edits = plan_rename(analysis, args.old, args.new, prefix=proj.prefix)
        changes = apply_edits(proj.docs_dir, edits, args.old, args.new)
    except (RenameError, OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot rename {args.old} to {args.new}: {exc}") from None
    # (path, display name, before, after) for every file to write
    writes = [(proj.docs_dir / label, proj.prefix + label, before, after) for label, (before, after) in changes.items()]
    lock_path = proj.settings.lock_path
    try:
        lock = read_lock(lock_path)
    except LockError as exc:
        raise CommandError(f"cannot rename {args.old} to {args.new}: the lock file is unusable ({exc})") from None
    if lock is not None and lock_path is not None:
        after = _analyse_renamed(proj, changes)
        text = rename_in_lock(lock, args.old, args.new, analysis, after)
        if text is not None:
            writes.append((lock_path, proj.rel(lock_path), lock_path.read_text(encoding="utf-8"), text))
    refs = len(edits) - 1
    summary = (
        f"{args.old} → {args.new}: the ID and {refs} reference{'s' if refs != 1 else ''} "
        f"in {len(changes)} file{'s' if len(changes) != 1 else ''}"
    )
    if args.dry_run:
        for _, name, before, after_text in writes:
            sys.stdout.write(unified_diff(name, before, after_text))
        print(f"goldenthread: would rename {summary} (dry run: nothing written)", file=sys.stderr)
        return 0
    for path, _, _, after_text in writes:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(after_text)
    print(f"goldenthread: renamed {summary}")
    return 0


def _analyse_renamed(proj: Project, changes: dict[str, tuple[str, str]]) -> Analysis:
    """The content as it will be after the rename, analysed from a temporary copy."""
    with tempfile.TemporaryDirectory(prefix="goldenthread-rename-") as tmp:
        copy = Path(tmp) / "content"
        shutil.copytree(proj.docs_dir, copy, symlinks=True)
        for label, (_, after) in changes.items():
            with open(copy / label, "w", encoding="utf-8", newline="") as fh:
                fh.write(after)
        return proj.analyse(copy)
