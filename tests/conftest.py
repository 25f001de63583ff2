"""Shared test helpers: write a content folder, analyse it, and query the diagnostics.

Fixtures:

* ``write_content(files, root=None)`` writes ``{relpath: text | bytes}`` under ``<tmp>/content``
  (text is written as UTF-8 exactly as given, no newline translation) and returns that folder.
* ``check(docs_dir, **options)`` runs :func:`goldenthread.analysis.analyse` with
  :func:`goldenthread.core.config.parse_settings` (``today`` defaults to :data:`TODAY`, so no test
  depends on the machine's date). File labels are relative to the folder's parent, e.g.
  ``content/plans.yml``, as ``goldenthread check content`` prints them from a repository root.
* ``valid_wiki`` is a small, clean wiki (objective, KPIs, plan, campaign, tactic) that rule
  tests extend with one mistake each.

:data:`TODAY` and :data:`VALID_WIKI` can also be imported (``from conftest import ...``) where a
fixture cannot be used, as in hypothesis tests.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from goldenthread.analysis import Analysis, analyse
from goldenthread.core.config import parse_settings
from goldenthread.core.diagnostics import Diagnostic

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

# Interim, while test modules still import each other's wikis: tests/domain holds them.
sys.path.insert(0, str(Path(__file__).resolve().parent / "domain"))

#: The date every test checks review freshness against.
TODAY = "2027-06-15"

#: A small clean wiki: no errors and no warnings on :data:`TODAY`.
VALID_WIKI: dict[str, str] = {
    "strategy.yml": """\
objectives:
  - id: OBJ-GROW
    title: Grow pipeline
    targets:
      - {kpi: KPI-SQL, target: 100}
kpis:
  - id: KPI-SQL
    title: Sales-qualified leads
    unit: count
    direction: up
  - id: KPI-MQL
    title: Marketing-qualified leads
    unit: count
    direction: up
    leads_to: [KPI-SQL]
""",
    "plan.yml": """\
plans:
  - id: PLAN-2027
    title: Plan 2027
    period: {start: 2027-01-01, end: 2027-12-31}
    currency: USD
    budget: 100000
campaigns:
  - id: CMP-ONE
    title: Campaign one
    plan: PLAN-2027
    supports: [OBJ-GROW]
    start: 2027-02-01
    end: 2027-03-31
tactics:
  - id: TAC-ONE
    title: Tactic one
    campaign: CMP-ONE
    channel: email
""",
}


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


def _write(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(content.encode("utf-8"))
    return root


@pytest.fixture
def write_content(tmp_path: Path) -> Callable[..., Path]:
    def write(files: Mapping[str, str | bytes], root: Path | None = None) -> Path:
        return _write(root or tmp_path / "content", files)

    return write


#: Feedback signals as diagnostics (info, GT180–GT185) follow from dates and actuals in almost every
#: wiki; tests of other rules leave them off unless they name them under ``rules``.
SIGNAL_CODES = ("GT180", "GT181", "GT182", "GT183", "GT184", "GT185")


def run_check(docs_dir: Path, **options: Any) -> Result:
    options.setdefault("today", TODAY)
    options["rules"] = {**{code: "off" for code in SIGNAL_CODES}, **(options.get("rules") or {})}
    settings = parse_settings(options)
    return Result(analyse(docs_dir, settings, label_root=docs_dir.parent))


@pytest.fixture
def check() -> Callable[..., Result]:
    return run_check


@pytest.fixture
def valid_wiki() -> dict[str, str]:
    return dict(VALID_WIKI)
