"""``goldenthread codeowners``: CODEOWNERS entries from the owners of the items in each content file.

The entries go between ``# BEGIN goldenthread`` and ``# END goldenthread`` lines: other lines of
an existing CODEOWNERS file are kept, and the section is appended when it is not there yet.
Owners are mapped to GitHub handles (or e-mail addresses) through the people file.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core.diagnostic_text import format_diagnostic
from ..core.diagnostics import Reporter
from ..domain.owners import codeowners_block, merge_codeowners, read_people
from .options import Project, run_with_project


def register(sub: Any) -> None:
    p = sub.add_parser("codeowners", help="write CODEOWNERS entries so item owners review changes to them")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        help="the CODEOWNERS file (default: .github/CODEOWNERS of the repository); - for stdout",
    )
    p.add_argument("--check", action="store_true", help="exit 1 when the file is out of date; write nothing")
    run_with_project(p, cmd_codeowners)


def cmd_codeowners(proj: Project, args: argparse.Namespace) -> int:
    analysis = proj.analyse()
    report = Reporter()
    people = read_people(proj.settings.people_path, report)
    for d in report.items:
        print(format_diagnostic(d), file=sys.stderr)
    block = codeowners_block(analysis.model, people, proj.prefix)
    if str(args.output) == "-":
        sys.stdout.write(block)
        return 0
    output: Path = args.output or proj.base / ".github" / "CODEOWNERS"
    existing = output.read_text(encoding="utf-8") if output.is_file() else None
    text = merge_codeowners(existing, block)
    name = proj.rel(output) if output.resolve().is_relative_to(proj.base.resolve()) else str(output)
    if args.check:
        if existing != text:
            print(f"goldenthread: {name} is out of date: run `goldenthread codeowners`")
            return 1
        print(f"goldenthread: {name} is up to date")
        return 0
    if existing == text:
        print(f"goldenthread: {name} is up to date")
        return 0
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    files = sum(1 for line in block.split("\n") if line.startswith("/"))
    print(f"goldenthread: wrote {name} ({files} content files)")
    return 0
