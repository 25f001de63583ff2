"""``goldenthread check``: validate the content and report every problem, without building a site.

Exit codes: 0 clean, 1 content errors (or warnings with ``--strict``), 2 usage or configuration.
"""

from __future__ import annotations

import argparse
from typing import Any

from ..analysis import analyse
from ..core.diagnostic_text import PER_RULE_CAP, as_github, as_json, as_text, summary
from ..views.reserved import add_collisions, options_for
from .options import Project, add_content_path, run_with_project


def register(sub: Any) -> None:
    p = sub.add_parser("check", help="validate content and report every problem")
    add_content_path(p)
    p.add_argument("--format", choices=("text", "json", "github"), default="text")
    p.add_argument("--strict", action="store_true", help="fail on warnings too")
    p.add_argument("--all", action="store_true", help="do not cap repeated diagnostics per rule")
    run_with_project(p, cmd_check)


def cmd_check(proj: Project, args: argparse.Namespace) -> int:
    result = analyse(proj.content_folder(args), proj.settings)
    add_collisions(result, options_for(result))  # as the build does: pages that would hide generated ones
    diags = result.diagnostics
    files, items = len(result.model.files), len(result.model.items)
    if args.format == "json":
        print(as_json(diags, files, items))
    elif args.format == "github":
        for line in as_github(diags):
            print(line)
        print(summary(diags, files, items))
    else:
        for line in as_text(diags, cap=None if args.all else PER_RULE_CAP):
            print(line)
        print(summary(diags, files, items))
    errors, warnings = result.counts()
    return 1 if errors or (args.strict and warnings) else 0
