"""The content's git history, read once: what freshness (last changed) and the review cadence
("what moved" between reviews) both need. Never fails a build: without git, outside a work
tree, or on any error, there is simply no history."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from .model import Model

GIT_TIMEOUT_SECONDS = 20
#: (committer date, paths relative to the folder), newest commit first
Commit = tuple[dt.date, tuple[str, ...]]


def run_git(root: Path, args: Sequence[str], timeout: float = GIT_TIMEOUT_SECONDS) -> bytes | None:
    """``git ARGS`` in ``root``: its standard output, or None when git is missing or fails."""
    if not root.is_dir():
        return None
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    try:
        result = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def git_commits(root: Path, timeout: float = GIT_TIMEOUT_SECONDS) -> list[Commit]:
    """Every commit touching ``root``, newest first, in one ``git log`` pass (``[]`` without history)."""
    args = ["-c", "core.quotepath=off", "log", "--relative", "--name-only", "--no-renames"]
    out = run_git(root, [*args, "--format=%x00%cs", "--", "."], timeout)
    return [] if out is None else parse_commits(out.decode("utf-8", "replace"))


def parse_commits(output: str) -> list[Commit]:
    """Parse ``git log --name-only --format=%x00%cs`` output into (date, paths) per commit."""
    out: list[Commit] = []
    day: dt.date | None = None
    paths: list[str] = []
    for line in [*output.split("\n"), "\x00end"]:
        if line.startswith("\x00"):
            if day is not None:
                out.append((day, tuple(paths)))
            try:
                day = dt.date.fromisoformat(line[1:].strip())
            except ValueError:
                day = None
            paths = []
        elif line.strip():
            paths.append(line.strip())
    return out


def last_changed(commits: Iterable[Commit]) -> dict[str, dt.date]:
    """Path -> date of the newest commit that touched it (``commits`` newest first)."""
    dates: dict[str, dt.date] = {}
    for day, paths in commits:
        for path in paths:
            dates.setdefault(path, day)
    return dates


def commits_for(model: Model) -> list[Commit]:
    """The docs folder's commits, read once per build however many rules and views ask."""
    if not model.docs_dir:
        return []
    cached = model.memo.get("git_commits")
    if cached is None:
        cached = model.memo["git_commits"] = git_commits(Path(model.docs_dir))
    return list(cached)


def is_shallow_clone(root: Path, timeout: float = GIT_TIMEOUT_SECONDS) -> bool:
    """Whether ``root`` is inside a shallow clone (``actions/checkout`` fetches one commit by default).

    There, every file last changed before the cut-off shows the cut-off commit's date, so a page
    unreviewed for months looks freshly reviewed. False when git is missing or anything fails.
    """
    return run_git(root, ["rev-parse", "--is-shallow-repository"], timeout) in (b"true\n", b"true")
