"""Analyse a content folder and assert on its diagnostics: :func:`run_check` and its :class:`Result`.

The ``check`` fixture in ``conftest.py`` is :func:`run_check`; import it from here where a fixture
cannot be used, as in hypothesis tests.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from goldenthread.analysis import Analysis, analyse
from goldenthread.core.config import parse_settings
from goldenthread.core.diagnostics import Diagnostic
from wikis import TODAY


@dataclass
class Result:
    """An :class:`Analysis` with helpers for asserting on its diagnostics."""

    analysis: Analysis

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return self.analysis.diagnostics

    @property
    def codes(self) -> list[str]:
        return [d.code for d in self.diagnostics]

    def of(self, code: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code == code]

    def one(self, code: str) -> Diagnostic:
        """The single diagnostic with ``code``; fails showing everything otherwise."""
        found = self.of(code)
        assert len(found) == 1, f"expected one {code}, got:\n{self.dump()}"
        return found[0]

    def where(self) -> set[tuple[str, str, int, int]]:
        """(code, file, line, column) of every diagnostic."""
        return {(d.code, d.file, d.line, d.column) for d in self.diagnostics}

    def dump(self) -> str:
        return (
            "\n".join(f"{d.location()}: {d.severity}[{d.code}] {d.message} | {d.hint}" for d in self.diagnostics)
            or "(no diagnostics)"
        )

    @property
    def items(self) -> dict[str, Any]:
        return self.analysis.model.items


#: Feedback signals as diagnostics (info, GT180–GT185) follow from dates and actuals in almost every
#: wiki; tests of other rules leave them off unless they name them under ``rules``.
SIGNAL_CODES = ("GT180", "GT181", "GT182", "GT183", "GT184", "GT185")


def run_check(docs_dir: Path, **options: Any) -> Result:
    """Analyse ``docs_dir`` on :data:`wikis.TODAY` unless ``today`` is given; labels relative to its parent.

    Signal rules (:data:`SIGNAL_CODES`) are off unless ``rules`` names them."""
    options.setdefault("today", TODAY)
    options["rules"] = {**{code: "off" for code in SIGNAL_CODES}, **(options.get("rules") or {})}
    settings = parse_settings(options)
    return Result(analyse(docs_dir, settings, label_root=docs_dir.parent))


SIGNAL_RE = re.compile(r"\[GT18[0-5]\]|title=GT18[0-5] ")


def without_signals(out: str) -> str:
    """`goldenthread check` output without feedback-signal diagnostics (GT180–GT185, info) and their
    hints, for tests about other rules."""
    if out.lstrip().startswith("{") and '"diagnostics"' in out:
        data = json.loads(out)
        data["diagnostics"] = [d for d in data["diagnostics"] if not d["code"].startswith("GT18")]
        return json.dumps(data)
    lines, skip = [], False
    for line in out.splitlines(keepends=True):
        if skip and line.startswith("    hint:"):
            continue
        skip = bool(SIGNAL_RE.search(line))
        if not skip and not re.match(r"… and \d+ more GT18[0-5] ", line):
            lines.append(line)
    return "".join(lines)
