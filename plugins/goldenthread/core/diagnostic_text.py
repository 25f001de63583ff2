"""Rendering diagnostics as text, JSON or GitHub Actions annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from .diagnostics import RULES, Code, Diagnostic, Severity, count

#: Beyond this many diagnostics of one rule, the text output summarises the rest.
PER_RULE_CAP = 50


def _escape_property(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def summary(diagnostics: Sequence[Diagnostic], files: int, items: int) -> str:
    errors, warnings = count(diagnostics)
    if not errors and not warnings:
        return f"goldenthread: {items} items in {files} files, no problems"
    parts = []
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"goldenthread: {' and '.join(parts)} in {items} items ({files} files)"


def as_text(diagnostics: Sequence[Diagnostic], *, cap: int | None = PER_RULE_CAP) -> list[str]:
    """``path:line:col: error[GT001] message`` with the hint indented beneath; capped per rule."""
    lines: list[str] = []
    shown: dict[Code, int] = {}
    hidden: dict[Code, int] = {}
    for d in diagnostics:
        n = shown.get(d.code, 0)
        if cap is not None and n >= cap:
            hidden[d.code] = hidden.get(d.code, 0) + 1
            continue
        shown[d.code] = n + 1
        lines.append(f"{d.location()}: {d.severity}[{d.code}] {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    for code, n in sorted(hidden.items()):
        lines.append(f"… and {n} more {code} ({RULES[code].name}) not shown; use --format json for all")
    return lines


def as_json(diagnostics: Sequence[Diagnostic], files: int, items: int) -> str:
    errors, warnings = count(diagnostics)
    return json.dumps(
        {
            "version": 1,
            "files": files,
            "items": items,
            "errors": errors,
            "warnings": warnings,
            "diagnostics": [d.to_dict() for d in diagnostics],
        },
        indent=2,
        ensure_ascii=False,
    )


def as_github(diagnostics: Sequence[Diagnostic]) -> list[str]:
    out = []
    for d in diagnostics:
        level = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity, "notice")
        title = f"{d.code} {d.rule.name}"
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        out.append(
            f"::{level} file={_escape_property(d.file)},line={d.line},col={d.column},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )
    return out
