"""Helpers shared by the hardening tests (bad input, escaping, determinism, accessibility).

* :func:`run_cli` runs ``goldenthread`` in-process from a folder, returning (exit code, output).
* :func:`start_builds` / :class:`Build` run several ``mkdocs build`` subprocesses at once.
* :func:`code_span` writes any text as one Markdown code span.
* :func:`require_chromium` and :func:`launch_chromium` are the browser set-up of test_browser.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from browser_helpers import launch_chromium, require_chromium
from site_helpers import mkdocs_command, mkdocs_env

__all__ = ["launch_chromium", "require_chromium"]


@contextlib.contextmanager
def chdir(path: Path) -> Iterator[None]:
    old = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(old)


def run_cli(cwd: Path, args: Sequence[str]) -> tuple[int, str]:
    """``goldenthread ARGS`` run in-process from ``cwd``: (exit code, stdout + stderr)."""
    from goldenthread.cli import main

    out = io.StringIO()
    with chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse usage errors
            code = int(exc.code or 0)
    return code, out.getvalue()


@dataclass
class Build:
    """A ``mkdocs build`` subprocess started in ``root``."""

    root: Path
    proc: subprocess.Popen[str]
    timeout: float = 300

    def result(self) -> tuple[int, str]:
        out, _ = self.proc.communicate(timeout=self.timeout)
        return self.proc.returncode, out


def start_build(root: Path, *args: str, env: Mapping[str, str] | None = None) -> Build:
    proc = subprocess.Popen(
        mkdocs_command("build", *args),
        cwd=root,
        env={**mkdocs_env(), **(env or {})},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    return Build(root, proc)


def run_builds(
    roots: Sequence[Path], *args: str, parallel: int = 2, env: Callable[[int], Mapping[str, str]] | None = None
) -> dict[Path, tuple[int, str]]:
    """Build each folder with ``mkdocs build ARGS``, ``parallel`` at a time: {root: (exit code, output)}.

    ``env(n)`` adds environment variables for the n-th build.
    """
    results: dict[Path, tuple[int, str]] = {}
    pending = list(enumerate(roots))
    running: list[Build] = []
    while pending or running:
        while pending and len(running) < parallel:
            n, root = pending.pop(0)
            running.append(start_build(root, *args, env=env(n) if env else None))
        build = running.pop(0)
        results[build.root] = build.result()
    return results


def code_span(text: str) -> str:
    """``text`` as one Markdown code span, whatever backticks it holds (on one line)."""
    text = " ".join(text.split("\n"))
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{fence}{pad}{text}{pad}{fence}"
