"""``goldenthread diff BASE HEAD``: what a change does to the strategy and plans.

BASE and HEAD are two content folders, or two git refs of the repository (each materialised
with ``git archive`` into a temporary folder; the work tree is never checked out). The report
is Markdown for a pull-request comment, or versioned JSON.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..core.diagnostics import display_path
from ..review.diff import RefError, compare, materialise_ref, to_json, to_markdown
from .errors import CommandError
from .options import Project, run_with_project


def register(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="report what changed between two versions of the content",
        description=__doc__.split("\n")[0] if __doc__ else None,
    )
    p.add_argument(
        "base",
        help="the content before: a content folder, a checkout of the project (a folder "
        "with mkdocs.yml) or a git ref (main, origin/main, a SHA)",
    )
    p.add_argument("head", help="the content after: a folder or a git ref (HEAD)")
    p.add_argument("--format", choices=("markdown", "json"), default="markdown")
    p.add_argument("-o", "--output", type=Path, help="write the report to this file instead of stdout")
    p.add_argument("--fail-on-errors", action="store_true", help="exit 1 when HEAD has content errors")
    run_with_project(p, cmd_diff)


def _folder_side(proj: Project, folder: Path) -> tuple[Path, Path | None, Path | None]:
    """A content folder (or a checkout of the project: a folder with mkdocs.yml and the
    docs_dir), with the lock and people files placed as the project places them."""
    docs_rel = os.path.relpath(proj.docs_dir, proj.root)
    checkout = any((folder / n).is_file() for n in ("mkdocs.yml", "mkdocs.yaml")) and (folder / docs_rel).is_dir()
    docs = Path(os.path.normpath(folder / docs_rel)) if checkout else folder

    def beside(path: Path | None) -> Path | None:
        if path is None:
            return None
        return Path(os.path.normpath(docs / os.path.relpath(path, proj.docs_dir)))

    return docs, beside(proj.settings.lock_path), beside(proj.settings.people_path)


def _ref_side(proj: Project, ref: str, dest: Path) -> tuple[Path, Path | None, Path | None]:
    if proj.toplevel is None:
        raise RefError(f"{ref!r} is not a folder, and {proj.root} is not in a git repository")
    paths = [proj.rel(proj.docs_dir)]
    extra = [proj.settings.lock_path, proj.settings.people_path]
    paths += [proj.rel(p) for p in extra if p is not None]
    materialise_ref(proj.toplevel, ref, paths, dest)

    def moved(path: Path | None) -> Path | None:
        return dest / proj.rel(path) if path is not None else None

    return dest / proj.rel(proj.docs_dir), moved(proj.settings.lock_path), moved(proj.settings.people_path)


def cmd_diff(proj: Project, args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="goldenthread-diff-") as tmp:
        analyses: list[Analysis] = []
        names: dict[str, str] = {}
        for n, spec in enumerate((args.base, args.head)):
            try:
                folder = Path(spec)
                if folder.is_dir():
                    docs, lock, people = _folder_side(proj, folder)
                else:
                    docs, lock, people = _ref_side(proj, spec, Path(tmp) / ("base", "head")[n])
            except RefError as exc:
                raise CommandError(str(exc), 2) from None
            for path, real in ((lock, proj.settings.lock_path), (people, proj.settings.people_path)):
                if path is not None and real is not None:
                    names[display_path(path)] = proj.rel(real)
            analyses.append(proj.analyse(docs, lock=lock, people=people, sides=True))
        base, head = analyses
        report = compare(
            base,
            head,
            base_label=args.base,
            head_label=args.head,
            prefix=proj.prefix,
            files=lambda label: names.get(label, proj.prefix + label),
        )
    text = to_json(report) if args.format == "json" else to_markdown(report)
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if args.fail_on_errors and report["summary"]["head_errors"] else 0
