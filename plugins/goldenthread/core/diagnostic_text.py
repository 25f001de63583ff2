"""Rendering diagnostics as text, JSON or GitHub Actions annotations.

The text form is the same in ``goldenthread check`` and in the ``mkdocs build`` log: one
:func:`format_diagnostic` per problem, capped per rule by :func:`cap_per_rule`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .diagnostics import RULES, Code, Diagnostic, Severity, count

#: Beyond this many diagnostics of one rule, text output (CLI and build log) summarises the rest,
#: so 10,000 problems stay readable.
PER_RULE_CAP = 50


@dataclass(frozen=True, slots=True)
class Hidden:
    """Diagnostics of one rule left out by the cap: how many, and the worst severity among them."""

    code: Code
    count: int
    severity: Severity

    def text(self) -> str:
        return (
            f"… and {self.count} more {self.code} ({RULES[self.code].name}) not shown; "
            "run 'goldenthread check --all' for every one"
        )


def cap_per_rule(
    diagnostics: Iterable[Diagnostic], cap: int | None = PER_RULE_CAP
) -> tuple[list[Diagnostic], list[Hidden]]:
    """The first ``cap`` diagnostics of each rule (all with ``cap=None``), and what was left out."""
    shown: list[Diagnostic] = []
    per_code: dict[Code, int] = {}
    hidden: dict[Code, tuple[int, Severity]] = {}
    for d in diagnostics:
        n = per_code.get(d.code, 0)
        if cap is not None and n >= cap:
            left, worst = hidden.get(d.code, (0, d.severity))
            hidden[d.code] = (left + 1, max(worst, d.severity))
            continue
        per_code[d.code] = n + 1
        shown.append(d)
    return shown, [Hidden(code, n, worst) for code, (n, worst) in sorted(hidden.items())]


def format_diagnostic(d: Diagnostic) -> str:
    """``path:line:col: error[GT001] message``, with the hint on an indented line beneath."""
    text = f"{d.location()}: {d.severity}[{d.code}] {d.message}"
    hint = d.hint.replace("\n", "\n          ")  # a multi-line hint (a YAML entry to paste) keeps its shape
    return f"{text}\n    hint: {hint}" if d.hint else text


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
    """Every diagnostic formatted, capped per rule, then one line per rule the cap shortened."""
    shown, hidden = cap_per_rule(diagnostics, cap)
    return [*(format_diagnostic(d) for d in shown), *(h.text() for h in hidden)]


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
