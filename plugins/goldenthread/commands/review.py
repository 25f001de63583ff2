"""``goldenthread review`` and ``goldenthread lock``: record that plan items were re-reviewed.

* ``review ID…`` records the current fingerprints of the strategy items each plan item links
  to, clearing its suspect links. A strategy item's ID accepts its change for every plan item
  that links to it.
* ``review --all`` accepts everything (``review --init`` and ``lock`` write the first lock).
* ``lock`` brings the lock file up to date without accepting any change: links it did not know
  are added as they are now, links that are gone are dropped. ``lock --check`` exits 1 when
  the file is out of date (for CI).
"""

from __future__ import annotations

import argparse
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..domain.lock import (
    Lock,
    LockError,
    Reviewer,
    current_entries,
    read_lock,
    render_lock,
    suspects_by_item,
    updated_entries,
    write_lock,
)
from ..domain.lock import find_suspects as _find_suspects
from .errors import CommandError
from .options import Project, add_project_options, project, run_with_project


def git_user(root: Path) -> str | None:
    """git's ``user.name`` for the project (who ran the review), None without git or a name."""
    try:
        result = subprocess.run(
            ["git", "config", "user.name"], cwd=root, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    name = result.stdout.strip()
    return name or None


def register(sub: Any) -> None:
    review = sub.add_parser("review", help="mark plan items as re-reviewed, clearing their suspect links")
    review.add_argument(
        "ids",
        nargs="*",
        metavar="ID",
        help="plan items that were reviewed (a strategy item: every plan item linking to it)",
    )
    review.add_argument("--all", action="store_true", help="accept every change: all links become reviewed")
    review.add_argument("--init", action="store_true", help="write the lock file (same as `goldenthread lock`)")
    review.add_argument(
        "--by", metavar="NAME", help="who reviewed, recorded in the lock file (default: git's user.name)"
    )
    add_project_options(review)
    review.set_defaults(run=cmd_review)

    lock = sub.add_parser("lock", help="write or update the suspect-links lock file (accepts no change)")
    lock.add_argument("--check", action="store_true", help="exit 1 when the lock file is missing or out of date")
    run_with_project(lock, cmd_lock)


def _prepare(proj: Project) -> tuple[Analysis, Lock | None, Path]:
    """The analysis, the lock file as it is (None when there is none yet) and its path."""
    path = proj.settings.lock_path
    if path is None:  # pragma: no cover - the CLI always has a project root
        raise CommandError("no lock file location", 2)
    analysis = proj.analyse()
    try:
        lock = read_lock(path)
    except LockError as exc:
        raise CommandError(
            f"{proj.rel(path)}:{exc.line}: {exc}; resolve it (or restore the file "
            "from the main branch) and run the command again"
        ) from None
    return analysis, lock, path


def cmd_lock(proj: Project, args: argparse.Namespace) -> int:
    analysis, lock, path = _prepare(proj)
    entries = updated_entries(lock, current_entries(analysis.model, analysis.graph), lambda s, t: False)
    name = proj.rel(path)
    if args.check:
        reviewers = lock.reviewers if lock is not None else {}
        if not path.is_file() or path.read_text(encoding="utf-8") != render_lock(entries, reviewers):
            print(f"goldenthread: {name} is out of date: run `goldenthread lock`")
            return 1
        print(f"goldenthread: {name} is up to date")
        return 0
    changed = write_lock(path, entries, lock.reviewers if lock is not None else {})
    links = sum(len(t) for t in entries.values())
    items = len(entries)
    print(
        f"goldenthread: {'wrote' if changed else 'unchanged:'} {name} "
        f"({links} link{'s' if links != 1 else ''} of {items} plan item{'s' if items != 1 else ''})"
    )
    suspects = suspects_by_item(_find_suspects(analysis.model, analysis.graph, read_lock(path)))
    if suspects:
        print(
            f"goldenthread: {len(suspects)} plan item{'s' if len(suspects) != 1 else ''} still to review: "
            + ", ".join(sorted(suspects))
        )
    return 0


def cmd_review(args: argparse.Namespace) -> int:
    if args.init:
        if args.ids or args.all:
            raise CommandError("--init takes no IDs and no --all", 2)
        return cmd_lock(project(args), argparse.Namespace(**{**vars(args), "check": False}))
    if not args.ids and not args.all:
        raise CommandError("name the plan items you reviewed (or give --all to accept every change)", 2)
    proj = project(args)
    analysis, lock, path = _prepare(proj)
    model = analysis.model
    current = current_entries(model, analysis.graph)
    before = suspects_by_item(_find_suspects(model, analysis.graph, lock))
    accept: Callable[[str, str], bool]
    if args.all:
        accept = lambda s, t: True  # noqa: E731
    else:
        unknown = [i for i in args.ids if i not in model.items]
        if unknown:
            raise CommandError(f"unknown ID{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}", 2)
        layers = {i: model.schema.types[model.items[i].type].layer for i in args.ids}
        wrong = [i for i, layer in layers.items() if layer not in ("plan", "strategy")]
        if wrong:
            raise CommandError(f"{', '.join(wrong)}: only plan items (and strategy items) are reviewed", 2)
        sources = {i for i, layer in layers.items() if layer == "plan"}
        targets = {i for i, layer in layers.items() if layer == "strategy"}
        accept = lambda s, t: s in sources or t in targets  # noqa: E731
    entries = updated_entries(lock, current, accept)
    cleared = sorted(s for s, ts in before.items() if any(accept(s, t) for t in ts))
    reviewers = dict(lock.reviewers) if lock is not None else {}
    by = (args.by or git_user(proj.root) or "").strip()
    if by:
        named = {i for i in args.ids if i in current} if not args.all else set()
        for source in named | set(cleared):
            reviewers[source] = Reviewer(by, proj.settings.effective_today())
    write_lock(path, entries, reviewers)
    remaining = sorted(set(before) - set(cleared))
    name = proj.rel(path)
    print(f"goldenthread: reviewed {', '.join(cleared) if cleared else 'nothing suspect'}; updated {name}")
    if remaining:
        print(f"goldenthread: still to review: {', '.join(remaining)}")
    return 0
