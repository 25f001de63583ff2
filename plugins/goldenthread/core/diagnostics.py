"""Diagnostics are data: every problem found in content is one of these, never an exception.

The CLI, the MkDocs plugin and CI annotations all render the same records, so a rule is
written once and reads the same everywhere.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, NamedTuple


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` over diagnostics gives the worst one."""

    OFF = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str) -> Severity:
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning, info or off)") from None

    def __str__(self) -> str:
        return self.name.lower()


class Pos(NamedTuple):
    """Where a value was written. A named tuple: hundreds of thousands are made per load, and
    a tuple is built in half the time of a frozen dataclass."""

    file: str
    line: int
    column: int


#: Every rule code, so mypy rejects a typo at a ``Reporter.add`` call. The rules themselves are
#: in ``RULES`` (tests/core/test_diagnostics_codes.py checks the two list the same codes).
Code = Literal[
    "GT001",
    "GT002",
    "GT003",
    "GT004",
    "GT005",
    "GT006",
    "GT007",
    "GT008",
    "GT009",
    "GT010",
    "GT011",
    "GT012",
    "GT013",
    "GT014",
    "GT015",
    "GT016",
    "GT017",
    "GT018",
    "GT019",
    "GT020",
    "GT021",
    "GT101",
    "GT102",
    "GT103",
    "GT104",
    "GT105",
    "GT106",
    "GT107",
    "GT108",
    "GT110",
    "GT111",
    "GT112",
    "GT113",
    "GT120",
    "GT121",
    "GT122",
    "GT123",
    "GT124",
    "GT125",
    "GT126",
    "GT127",
    "GT130",
    "GT131",
    "GT132",
    "GT133",
    "GT140",
    "GT141",
    "GT150",
    "GT151",
    "GT152",
    "GT170",
    "GT171",
    "GT172",
    "GT173",
    "GT180",
    "GT181",
    "GT182",
    "GT183",
    "GT184",
    "GT185",
]


@dataclass(frozen=True, slots=True)
class Rule:
    code: Code
    name: str
    severity: Severity
    summary: str


def _rules(*rules: Rule) -> dict[Code, Rule]:
    return {r.code: r for r in rules}


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

#: Every rule goldenthread knows. Codes are stable: never renumber, only add.
RULES: dict[Code, Rule] = _rules(
    Rule("GT001", "missing-thread", E, "A plan item does not link, directly or through its parent, to an objective."),
    Rule("GT002", "unknown-id", E, "A link points at an ID that no item declares."),
    Rule("GT003", "wrong-link-type", E, "A link points at an item of a type the field does not accept."),
    Rule("GT004", "duplicate-id", E, "Two items declare the same ID."),
    Rule("GT005", "missing-field", E, "A required field is missing or empty."),
    Rule("GT006", "invalid-value", E, "A value has the wrong kind: not a number, not a date, not an allowed choice…"),
    Rule("GT007", "end-before-start", E, "A period ends before it starts."),
    Rule("GT008", "negative-amount", E, "A money amount is negative."),
    Rule("GT009", "link-cycle", E, "Links form a cycle (objective parents, KPI leads_to…)."),
    Rule("GT010", "yaml-syntax", E, "A YAML file or front matter block cannot be parsed."),
    Rule("GT011", "duplicate-key", E, "A YAML mapping has the same key twice; only one value would survive."),
    Rule("GT012", "unreadable-file", E, "A file is not UTF-8 text (binary, NUL bytes, another encoding)."),
    Rule(
        "GT013",
        "invalid-id",
        E,
        "An ID is not upper-case ASCII with its type's prefix, is not a string, or is longer than 100 characters.",
    ),
    Rule("GT014", "invalid-structure", E, "A file or item is not shaped as goldenthread expects (unknown type…)."),
    Rule("GT015", "yaml-limits", E, "YAML exceeds safety limits (alias expansion, nesting depth, size)."),
    Rule("GT016", "unsafe-yaml-tag", E, "A YAML tag would construct an object; only plain data is accepted."),
    Rule("GT017", "self-link", E, "An item links to itself."),
    Rule("GT018", "unknown-reference", E, "A [[ID]] reference in prose names no item."),
    Rule("GT019", "id-lookalike", W, "Two IDs differ only by look-alike characters (O and 0, I and 1)."),
    Rule("GT020", "unknown-field", W, "A field is not declared for the item's type (a typo?)."),
    Rule("GT021", "duplicate-link", W, "A list of links names the same ID twice; the repeat is ignored."),
    Rule("GT101", "unsupported-objective", W, "No plan item supports this objective."),
    Rule("GT102", "outside-plan-period", W, "A campaign's dates fall outside its plan's period."),
    Rule(
        "GT103",
        "milestone-outside-campaign",
        W,
        "A milestone falls after its campaign ends, or before it starts by more than milestone_lead_days.",
    ),
    Rule(
        "GT104",
        "plan-over-budget",
        W,
        "Campaign budgets (its sub-plans' included) add up to more than the plan budget.",
    ),
    Rule("GT105", "review-overdue", W, "The item is overdue for review according to its cadence."),
    Rule("GT106", "kpi-target-off-thread", W, "A campaign KPI target is neither an objective KPI nor leads to one."),
    Rule("GT107", "tabs-in-yaml", W, "A YAML file indents with tabs."),
    Rule(
        "GT108",
        "sub-plans-over-budget",
        W,
        "A plan's own campaigns and its sub-plans' budgets add up to more than its budget.",
    ),
    Rule("GT110", "raci-accountable", W, "A RACI names no accountable handle, or more than one."),
    Rule(
        "GT111",
        "tactics-over-campaign-budget",
        W,
        "Tactic budgets add up to more than their campaign's budget (they are a breakdown of it).",
    ),
    Rule(
        "GT112",
        "page-review-metadata",
        W,
        "A page's owner, last_reviewed or review_cadence front matter cannot be read.",
    ),
    Rule(
        "GT113",
        "shallow-history",
        W,
        "Review dates come from git history, but the clone is shallow: files look last changed at the "
        "cut-off commit. Fetch the whole history (fetch-depth: 0 in actions/checkout).",
    ),
    Rule(
        "GT120",
        "actuals-bad-row",
        E,
        "A CSV file of actuals is not shaped as expected: missing or extra columns, a bad header, "
        "another separator, an unclosed quote.",
    ),
    Rule("GT121", "actuals-unknown-id", E, "An actual names an ID that no item declares."),
    Rule(
        "GT122",
        "actuals-wrong-item",
        E,
        "An actual names an item of the wrong type: KPI values need a KPI, spend a campaign or objective.",
    ),
    Rule(
        "GT123",
        "actuals-bad-number",
        E,
        "An actual's value is not a plain number (thousands separators, currency, units…).",
    ),
    Rule("GT124", "actuals-bad-period", E, "An actual's period is not YYYY-MM, YYYY-Qn or YYYY-MM-DD."),
    Rule("GT125", "actuals-unknown-kind", E, "An actuals row's kind is neither kpi nor spend."),
    Rule(
        "GT126",
        "actuals-duplicate",
        E,
        "Two actuals give the same KPI a value for the same date, or spend for overlapping periods.",
    ),
    Rule("GT127", "actuals-future-period", W, "An actual is recorded for a period that has not started yet."),
    # change review (suspect links, owners): goldenthread.lock, goldenthread.owners
    Rule(
        "GT130",
        "suspect-link",
        W,
        "A plan item links to a strategy item that changed since the plan item was last reviewed "
        "(only with a lock file; goldenthread review clears it).",
    ),
    Rule("GT131", "unknown-owner", W, "An owner or other handle is not in the people file (only with a people file)."),
    Rule("GT132", "invalid-people-file", W, "The people file is not shaped as expected (bad YAML, handles, fields)."),
    Rule("GT133", "invalid-lock-file", W, "The suspect-links lock file cannot be read (a merge conflict, bad YAML)."),
    # the strategy <-> plan loop: review cadence, measurable promises, positioning (issue 14)
    Rule(
        "GT170",
        "plan-review-missed",
        W,
        "A plan in its period has no monthly-plan review in the last plan_review_days days "
        "(only once the content keeps review records).",
    ),
    Rule(
        "GT171",
        "strategy-review-missed",
        W,
        "The strategy has no quarterly-strategy review in the last strategy_review_days days "
        "(only once the content keeps review records).",
    ),
    Rule(
        "GT172",
        "unmeasured-value-proposition",
        W,
        "A value proposition has neither a kpi nor a quantified proof (a proof that states a number).",
    ),
    Rule(
        "GT173",
        "positioning-without-alternative",
        W,
        "A positioning names no competitor or alternative it is set against (alternatives).",
    ),
    # feedback signals (domain/signals.py) as diagnostics: info by default, promotable per rule
    Rule("GT180", "signal-kpi-off-track", INFO, "Signal: an objective's KPI was off track two periods running."),
    Rule("GT181", "signal-over-budget", INFO, "Signal: a campaign's actual spend is above its planned budget."),
    Rule("GT182", "signal-spending-ahead", INFO, "Signal: a campaign is spending ahead of its planned pace."),
    Rule("GT183", "signal-ended-without-actuals", INFO, "Signal: a campaign ended with no spend recorded."),
    Rule("GT184", "signal-no-active-campaign", INFO, "Signal: no campaign serves an objective this quarter."),
    Rule("GT185", "signal-leading-kpi-wrong-way", INFO, "Signal: a leading KPI moved against its direction twice."),
    # files and links that lead out of content/ (hostile or mistaken input)
    Rule(
        "GT140",
        "symlink-outside-content",
        E,
        "A symbolic link under content/ leads outside it (or loops); it is neither read nor published.",
    ),
    Rule(
        "GT141",
        "link-outside-content",
        E,
        "A Markdown link in content prose leads out of content/: an absolute path, a file: URL, or ../ "
        "climbing above content/.",
    ),
    # bounds (core/bounds.py): values YAML reads but no page, sum or date arithmetic can hold
    Rule(
        "GT150",
        "number-out-of-range",
        E,
        "A number (money, link weight, KPI value or target, actual) is not finite or is larger than "
        "10^15 (1,000,000,000,000,000) in size.",
    ),
    Rule(
        "GT151",
        "date-out-of-range",
        E,
        "A date or period falls outside the date window: years 1900–2200 unless the plugin option "
        "date_window sets another.",
    ),
    Rule(
        "GT152",
        "name-collision",
        E,
        "A name (an owner handle, an ID) would give a page the address of a page goldenthread generates.",
    ),
)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem, pinned to the offending value's position (1-based line and column)."""

    code: Code
    severity: Severity
    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    item: str | None = None
    related: tuple[Pos, ...] = field(default=())

    @property
    def rule(self) -> Rule:
        return RULES[self.code]

    @property
    def pos(self) -> Pos:
        return Pos(self.file, self.line, self.column)

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "rule": self.rule.name,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "item": self.item,
            "message": self.message,
            "hint": self.hint,
            "related": [{"file": f, "line": ln, "column": c} for f, ln, c in self.related],
        }

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line, self.column, self.code, self.message)


class Reporter:
    """Collects diagnostics, applying the configured severity of each rule."""

    def __init__(self, severities: dict[str, Severity] | None = None) -> None:
        self._severities = severities or {}
        self.items: list[Diagnostic] = []

    def severity_of(self, code: Code) -> Severity:
        return self._severities.get(code, RULES[code].severity)

    def add(
        self,
        code: Code,
        pos: Pos,
        message: str,
        hint: str = "",
        item: str | None = None,
        related: Iterable[Pos] = (),
    ) -> None:
        severity = self.severity_of(code)
        if severity is Severity.OFF:
            return
        file, line, column = pos
        self.items.append(Diagnostic(code, severity, file, line, column, message, hint, item, tuple(related)))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        for d in diagnostics:
            severity = self.severity_of(d.code)
            if severity is not Severity.OFF:
                self.items.append(
                    Diagnostic(d.code, severity, d.file, d.line, d.column, d.message, d.hint, d.item, d.related)
                )

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=Diagnostic.sort_key)


def count(diagnostics: Iterable[Diagnostic]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = warnings = 0
    for d in diagnostics:
        if d.severity is Severity.ERROR:
            errors += 1
        elif d.severity is Severity.WARNING:
            warnings += 1
    return errors, warnings


def display_path(path: Path) -> str:
    """A path as diagnostics show it: relative to the working directory when below it."""
    try:
        return (
            Path(os.path.relpath(path.resolve(), Path.cwd().resolve())).as_posix()
            if path.resolve().is_relative_to(Path.cwd().resolve())
            else path.as_posix()
        )
    except (OSError, ValueError):
        return path.as_posix()
