#!/usr/bin/env python3
"""The gh-pages branch for the wiki and its pull-request previews (used by .github/workflows).

The published wiki lives at the root of the ``gh-pages`` branch; the preview of pull request
N lives in ``pr-N/`` beside it. Each command clones the branch (one commit deep), changes only
its own part, commits and pushes, and starts over from the new tip when another workflow
pushed first. Standard library only; runs with the runner's ``python3``.

    previews.py validate ARTIFACT          check a preview artifact, print its PR number
    previews.py deploy SITE --into pr-N    replace pr-N/ with SITE
    previews.py deploy SITE --root         replace the published wiki, keeping every pr-N/
    previews.py prune --open FILE          remove pr-N/ for each N not listed in FILE
    previews.py comment-body --pr N ...    the preview comment (Markdown) for pull request N

A preview artifact comes from a pull request, possibly from a fork, so it is data to check and
copy, never code to run: ``validate`` refuses anything but a plain number, regular files and
folders, within size limits.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

BRANCH = "gh-pages"
MARKER = "<!-- goldenthread-preview -->"
PR_RE = re.compile(r"[1-9][0-9]{0,9}")
PREVIEW_DIR_RE = re.compile(r"pr-([1-9][0-9]{0,9})")
#: root entries of the branch that a publish keeps unless the site brings its own
KEEP_AT_ROOT = (".nojekyll", "CNAME")
MAX_FILES = 100_000
MAX_BYTES = 1 << 30
COMMENT_LIMIT = 60_000  # GitHub refuses comments over 65,536 characters
BOT = ("-c", "user.name=github-actions[bot]", "-c", "user.email=41898282+github-actions[bot]@users.noreply.github.com")


class Refused(Exception):
    """Input that must not be deployed."""


# -- checking an artifact ------------------------------------------------------------------------
def check_tree(root: Path) -> None:
    """Only regular files and folders (no links, devices, fifos), at most MAX_FILES and MAX_BYTES."""
    files = size = 0
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath, name)
            if path.is_symlink():
                raise Refused(f"{path.relative_to(root)} is a symbolic link")
            if name in filenames and not path.is_file():
                raise Refused(f"{path.relative_to(root)} is not a regular file")
            if name == ".git":
                raise Refused(f"{path.relative_to(root)}: a .git entry")
        files += len(filenames)
        size += sum(Path(dirpath, f).stat().st_size for f in filenames)
        if files > MAX_FILES or size > MAX_BYTES:
            raise Refused(f"more than {MAX_FILES} files or {MAX_BYTES} bytes")


def validate(artifact: Path) -> str:
    """The pull request number of a preview artifact (``pr-number``, ``site/``, ``diff.md``)."""
    number_file = artifact / "pr-number"
    if number_file.is_symlink() or not number_file.is_file() or number_file.stat().st_size > 32:
        raise Refused("pr-number is missing or not a small file")
    number = number_file.read_text(encoding="ascii", errors="replace").strip()
    if not PR_RE.fullmatch(number):
        raise Refused(f"pr-number {number!r} is not a pull request number")
    site = artifact / "site"
    if site.is_symlink() or not (site / "index.html").is_file():
        raise Refused("site/index.html is missing")
    check_tree(artifact)
    return number


# -- the branch ----------------------------------------------------------------------------------
def git(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *BOT, *args], cwd=cwd, check=check, text=True, capture_output=True)


def default_remote() -> str:
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    repository = os.environ.get("GITHUB_REPOSITORY")
    if not repository:
        raise SystemExit("previews.py: give --remote or set GITHUB_REPOSITORY")
    return f"{server}/{repository}.git"


def checkout(workdir: Path, remote: str, branch: str) -> None:
    """``workdir`` holding the tip of ``branch`` (one commit deep), or a new orphan branch."""
    git("init", "-q", str(workdir), cwd=workdir.parent)
    git("remote", "add", "origin", remote, cwd=workdir)
    found = git("ls-remote", "--exit-code", "--heads", "origin", branch, cwd=workdir, check=False)
    if found.returncode == 0:
        git("fetch", "-q", "--depth", "1", "origin", branch, cwd=workdir)
        git("checkout", "-q", "-B", branch, "FETCH_HEAD", cwd=workdir)
    elif found.returncode != 2:  # 2: no such branch yet; anything else: the remote is unreachable
        raise SystemExit(f"previews.py: cannot read {branch} from the remote: {found.stderr.strip()}")
    else:
        git("symbolic-ref", "HEAD", f"refs/heads/{branch}", cwd=workdir)  # the first commit starts it


def copy_tree(src: Path, dst: Path) -> None:
    """Copy files and folders only (a link would copy what it points to: refused instead)."""
    check_tree(src)
    shutil.copytree(src, dst, symlinks=True, dirs_exist_ok=True)


def into_subdir(site: Path, name: str) -> Callable[[Path], str]:
    if not PREVIEW_DIR_RE.fullmatch(name):
        raise Refused(f"{name!r} is not a preview folder (pr-N)")

    def apply(tree: Path) -> str:
        shutil.rmtree(tree / name, ignore_errors=True)
        copy_tree(site, tree / name)
        (tree / ".nojekyll").touch()
        return f"Deploy the preview {name}/"

    return apply


def at_root(site: Path) -> Callable[[Path], str]:
    clashes = [p.name for p in site.iterdir() if PREVIEW_DIR_RE.fullmatch(p.name)]
    if clashes:
        raise Refused(f"the site has top-level {', '.join(sorted(clashes))}, which previews use")

    def apply(tree: Path) -> str:
        for entry in tree.iterdir():
            if entry.name == ".git" or (entry.is_dir() and PREVIEW_DIR_RE.fullmatch(entry.name)):
                continue
            if entry.name in KEEP_AT_ROOT and not (site / entry.name).exists():
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        copy_tree(site, tree)
        (tree / ".nojekyll").touch()  # serve folders that start with _ as they are
        return "Publish the wiki"

    return apply


def without_closed(open_numbers: Iterable[str]) -> Callable[[Path], str]:
    keep = {n.strip() for n in open_numbers if n.strip()}
    bad = [n for n in keep if not PR_RE.fullmatch(n)]
    if bad:
        raise Refused(f"not pull request numbers: {bad[:5]}")

    def apply(tree: Path) -> str:
        removed = []
        for entry in sorted(tree.iterdir()):
            m = PREVIEW_DIR_RE.fullmatch(entry.name)
            if m and entry.is_dir() and m.group(1) not in keep:
                shutil.rmtree(entry)
                removed.append(f"#{m.group(1)}")
        return "Remove the previews of closed pull requests " + ", ".join(removed)

    return apply


def publish(
    remote: str, apply: Callable[[Path], str], *, branch: str = BRANCH, attempts: int = 5, pause: float = 3.0
) -> str:
    """Apply a change to a fresh clone of the branch, commit and push; retried when the push loses a race."""
    for attempt in range(1, attempts + 1):
        with tempfile.TemporaryDirectory(prefix="gh-pages-") as tmp:
            tree = Path(tmp) / "tree"
            tree.mkdir()
            checkout(tree, remote, branch)
            message = apply(tree)
            git("add", "-A", cwd=tree)
            if git("diff", "--cached", "--quiet", cwd=tree, check=False).returncode == 0:
                return "unchanged"
            git("commit", "-q", "-m", message, cwd=tree)
            pushed = git("push", "-q", "origin", f"HEAD:refs/heads/{branch}", cwd=tree, check=False)
            if pushed.returncode == 0:
                return "pushed"
            print(f"previews.py: push {attempt} of {attempts} refused: {pushed.stderr.strip()}", file=sys.stderr)
        time.sleep(pause * attempt)
    raise SystemExit(f"previews.py: could not push to {branch} after {attempts} attempts")


# -- the pull request comment ------------------------------------------------------------------
def pages_url(repository: str, override: str | None = None) -> str:
    """Where GitHub Pages serves the branch: ``https://OWNER.github.io/REPO/`` unless overridden."""
    if override:
        if not re.fullmatch(r"https://[^\s\"'<>]+", override):
            raise Refused(f"pages URL {override!r} is not an https URL")
        return override.rstrip("/") + "/"
    owner, _, repo = repository.partition("/")
    host = f"{owner.lower()}.github.io"
    return f"https://{host}/" if repo.lower() == host else f"https://{host}/{repo}/"


_MENTION_RE = re.compile(r"@(?=[A-Za-z0-9])")


def comment_body(number: str, preview_url: str, sha: str, report: str | None) -> str:
    """The one preview comment of a pull request: the marker, the link and the change report.

    The report comes from the pull request's own run, so it is treated as text: the marker is
    removed from it (the comment is found by that marker), ``@handles`` do not notify anyone
    (a zero-width joiner follows the ``@``) and its length is capped.
    """
    if not PR_RE.fullmatch(number) or not re.fullmatch(r"[0-9a-f]{7,40}", sha):
        raise Refused("bad pull request number or commit")
    lines = [
        MARKER,
        "## Wiki preview",
        "",
        f"**[Open the preview of this pull request]({preview_url})**, built from {sha[:7]}. "
        "It carries a banner, is hidden from search engines, and is removed when the pull request closes.",
        "",
    ]
    if report and report.strip():
        text = _MENTION_RE.sub("@\u2060", report.replace(MARKER, ""))
        room = COMMENT_LIMIT - sum(len(x) + 1 for x in lines) - 200
        if len(text) > room:
            cut = text[: text.rfind("\n", 0, room) + 1]
            text = cut + "\n… the report is cut here; the run's artifact has all of it.\n"
        lines.append(text.rstrip("\n"))
    else:
        lines.append("_No change report was produced._")
    return "\n".join(lines) + "\n"


# -- command line ------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="previews.py", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate")
    v.add_argument("artifact", type=Path)
    d = sub.add_parser("deploy")
    d.add_argument("site", type=Path)
    where = d.add_mutually_exclusive_group(required=True)
    where.add_argument("--into", metavar="pr-N")
    where.add_argument("--root", action="store_true")
    d.add_argument("--remote")
    p = sub.add_parser("prune")
    p.add_argument("--open", type=Path, required=True, dest="open_file", help="open PR numbers, one a line")
    p.add_argument("--remote")
    c = sub.add_parser("comment-body")
    c.add_argument("--pr", required=True)
    c.add_argument("--sha", required=True)
    c.add_argument("--report", type=Path, help="the change report (Markdown)")
    c.add_argument("--pages-url", default=os.environ.get("PREVIEW_PAGES_URL") or None)
    c.add_argument("--repository", default=os.environ.get("GITHUB_REPOSITORY", ""))
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            print(validate(args.artifact))
        elif args.command == "deploy":
            site: Path = args.site
            if not (site / "index.html").is_file():
                raise Refused(f"{site}/index.html is missing")
            apply = into_subdir(site, args.into) if args.into else at_root(site)
            print(publish(args.remote or default_remote(), apply))
        elif args.command == "prune":
            numbers = args.open_file.read_text(encoding="utf-8").split()
            print(publish(args.remote or default_remote(), without_closed(numbers)))
        else:
            report = None
            if args.report and args.report.is_file() and not args.report.is_symlink():
                report = args.report.read_text(encoding="utf-8", errors="replace")
            url = pages_url(args.repository, args.pages_url) + f"pr-{args.pr}/"
            sys.stdout.write(comment_body(args.pr, url, args.sha, report))
    except Refused as exc:
        print(f"previews.py: refused: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
