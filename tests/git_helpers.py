"""Small git work trees for the tests that read review dates from git history."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

#: Skips a test where no ``git`` binary is installed.
needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(cwd: Path, *args: str, date: str | None = None) -> None:
    """Run ``git args`` in ``cwd`` as a fixed author, dated ``date`` (YYYY-MM-DD, noon UTC) if given."""
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00+00:00"
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def git_repo(root: Path, files: dict[str, tuple[str, str]]) -> None:
    """A git work tree at ``root`` with each file committed on its own date: {path: (text, date)}."""
    git(root, "init", "-q")
    for path, (text, date) in sorted(files.items(), key=lambda kv: kv[1][1]):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        git(root, "add", path)
        git(root, "commit", "-q", "-m", f"add {path}", date=date)
