"""``goldenthread schema``: the JSON Schema of content data files, custom types included."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..review.schema_export import content_schema
from .options import Project, run_with_project


def register(sub: Any) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of content data files")
    p.add_argument("-o", "--output", type=Path, help="write to this file instead of stdout (- for stdout)")
    run_with_project(p, cmd_schema, today=False)


def cmd_schema(proj: Project, args: argparse.Namespace) -> int:
    text = json.dumps(content_schema(proj.settings.schema), indent=2, ensure_ascii=False) + "\n"
    if args.output and str(args.output) != "-":
        args.output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0
