"""``goldenthread export``: the whole model as versioned JSON and the traceability matrix as CSV.

Writes ``goldenthread.json`` and ``traceability.csv`` into a folder (default: the current
one). ``--schema`` prints the JSON Schema of ``goldenthread.json`` instead. Content errors do
not stop the export: they are in its ``diagnostics`` list.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..analysis import analyse
from ..review.export import EXPORT_FILE, EXPORT_SCHEMA, TRACEABILITY_FILE, dumps, export_data, traceability_csv
from .errors import CommandError
from .options import add_content_path, add_project_options, project


def register(sub: Any) -> None:
    p = sub.add_parser(
        "export",
        help="write the model as JSON and the traceability matrix as CSV",
        description=__doc__.split("\n")[0] if __doc__ else None,
    )
    add_content_path(p)
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("."),
        help=f"folder to write {EXPORT_FILE} and {TRACEABILITY_FILE} into (default: .)",
    )
    p.add_argument("--schema", action="store_true", help=f"print the JSON Schema of {EXPORT_FILE} and exit")
    add_project_options(p)
    p.set_defaults(run=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    if args.schema:
        sys.stdout.write(dumps(EXPORT_SCHEMA))
        return 0
    proj = project(args)
    path = proj.content_folder(args)
    out: Path = args.output
    if out.exists() and not out.is_dir():
        raise CommandError(f"{out} is not a folder", 2)
    analysis = analyse(path, proj.settings)
    data = export_data(analysis)
    out.mkdir(parents=True, exist_ok=True)
    (out / EXPORT_FILE).write_text(dumps(data), encoding="utf-8")
    # newline="" keeps the CSV's own CRLF line ends (RFC 4180); the BOM makes Excel read it as UTF-8
    with (out / TRACEABILITY_FILE).open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write(traceability_csv(analysis))
    errors, warnings = analysis.counts()
    print(
        f"goldenthread: exported {len(data['items'])} items ({errors} errors, {warnings} warnings) "
        f"to {out / EXPORT_FILE} and {out / TRACEABILITY_FILE}",
        file=sys.stderr,
    )
    return 0
