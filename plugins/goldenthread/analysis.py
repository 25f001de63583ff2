"""One call from a content folder to a validated model: what the CLI and the plugin both run."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import Settings
from .diagnostics import Diagnostic, Reporter, Severity, count
from .graph import Graph
from .load import ParseCache, load
from .model import Model
from .validate import validate


@dataclass
class Analysis:
    settings: Settings
    model: Model
    graph: Graph
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def counts(self) -> tuple[int, int]:
        return count(self.diagnostics)


def analyse(docs_dir: Path, settings: Settings, *, label_root: Path | None = None,
            cache: ParseCache | None = None) -> Analysis:
    """Load, link and validate ``docs_dir``. Bad content yields diagnostics, never an exception."""
    report = Reporter(settings.severities)
    model = load(Path(docs_dir), settings, report, label_root=label_root, cache=cache)
    graph = Graph.build(model, settings)
    validate(model, graph, settings, report)
    return Analysis(settings, model, graph, report.sorted())
