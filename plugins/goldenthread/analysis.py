"""One call from a content folder to a validated model: what the CLI and the plugin both run."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .core.config import Settings
from .core.diagnostics import Diagnostic, Reporter, Severity, count
from .core.graph import Graph
from .core.load import ParseCache, load
from .core.model import Model
from .domain.actuals import Actuals, load_actuals
from .domain.kpis import Scorecard, scorecards
from .domain.lock import Lock, LockError, find_suspects, read_lock, suspects_by_item
from .domain.owners import People, read_people
from .domain.signals import Signal, feedback_signals
from .validate import check_signals, validate


@dataclass
class Analysis:
    settings: Settings
    model: Model
    graph: Graph
    diagnostics: list[Diagnostic]
    #: KPI values and spend recorded in CSV files and YAML (see actuals.py)
    actuals: Actuals = field(default_factory=Actuals)
    #: who the handles are (the people file), None without one
    people: People | None = None
    #: objective KPI targets against actuals (see kpis.py), and the feedback signals they raise
    cards: list[Scorecard] = field(default_factory=list)
    signals: list[Signal] = field(default_factory=list)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    def counts(self) -> tuple[int, int]:
        return count(self.diagnostics)

    @functools.cached_property
    def signals_by_item(self) -> dict[str, list[Signal]]:
        """Item ID -> the signals that concern it (as their subject or a related item)."""
        out: dict[str, list[Signal]] = {}
        for signal in self.signals:
            for item_id in dict.fromkeys((signal.subject, *signal.related)):
                out.setdefault(item_id, []).append(signal)
        return out

    @functools.cached_property
    def lock(self) -> Lock | None:
        """The suspect-links lock file (see domain/lock.py), None without a usable one (GT133 says why)."""
        try:
            return read_lock(self.settings.lock_path)
        except LockError:
            return None

    @functools.cached_property
    def suspects(self) -> dict[str, list[str]]:
        """Plan item ID -> strategy items it links to that changed since its review (see lock.py)."""
        return suspects_by_item(find_suspects(self.model, self.graph, self.lock))


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small acyclic objects.

    Loading allocates hundreds of thousands of nodes that are never garbage; collection passes
    over them cost more than the loading itself (2.7 s vs 1.1 s for 5,000 items).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            # Freeze what was built: otherwise the next collection walks every node just made
            # (0.3 s at 10,000 items) and lands on whoever allocates next. The model holds no
            # reference cycles, so reference counting still frees it.
            gc.freeze()
            gc.enable()


#: Codes for files that could not be read at all: every other diagnostic may follow from these.
ROOT_CAUSES = frozenset({"GT010", "GT012", "GT015", "GT016"})


def analyse(
    docs_dir: Path, settings: Settings, *, label_root: Path | None = None, cache: ParseCache | None = None
) -> Analysis:
    """Load, link and validate ``docs_dir``. Bad content yields diagnostics, never an exception."""
    report = Reporter(settings.severities)
    with no_gc_pauses():
        model = load(Path(docs_dir), settings, report, label_root=label_root, cache=cache)
        graph = Graph.build(model, settings)
        people = read_people(settings.people_path, report)  # read once: rules (GT131/GT132) and views
        validate(model, graph, settings, report, people)
        actuals = load_actuals(Path(docs_dir), settings, report, model)
        cards = scorecards(model, actuals, settings)
        signals = feedback_signals(graph, actuals, cards, settings)
        check_signals(model, signals, report)  # GT180–GT185: signals in check output, info by default
    # Unreadable files first: an unknown ID elsewhere is often declared in the file that failed.
    diagnostics = sorted(report.items, key=lambda d: (d.code not in ROOT_CAUSES, *d.sort_key()))
    return Analysis(settings, model, graph, diagnostics, actuals, people, cards, signals)
