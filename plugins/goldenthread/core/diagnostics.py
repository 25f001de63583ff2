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
from typing import Literal, NamedTuple, cast


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


#: Every rule goldenthread knows, one a line: code, name, default severity, summary (a long
#: summary goes on in indented lines; ``#`` lines are notes). Read once, into ``RULES``: a table
#: is easier to scan and to extend than sixty constructor calls. Codes are stable: never
#: renumber, only add (and add the code to ``Code`` too).
_RULE_TABLE = """\
GT001 missing-thread                  error   A plan item does not link, directly or through its parent, to an
                                              objective.
GT002 unknown-id                      error   A link points at an ID that no item declares.
GT003 wrong-link-type                 error   A link points at an item of a type the field does not accept.
GT004 duplicate-id                    error   Two items declare the same ID.
GT005 missing-field                   error   A required field is missing or empty.
GT006 invalid-value                   error   A value has the wrong kind: not a number, not a date, not an allowed
                                              choice…
GT007 end-before-start                error   A period ends before it starts.
GT008 negative-amount                 error   A money amount is negative.
GT009 link-cycle                      error   Links form a cycle (objective parents, KPI leads_to…).
GT010 yaml-syntax                     error   A YAML file or front matter block cannot be parsed.
GT011 duplicate-key                   error   A YAML mapping has the same key twice; only one value would survive.
GT012 unreadable-file                 error   A file is not UTF-8 text (binary, NUL bytes, another encoding).
GT013 invalid-id                      error   An ID is not upper-case ASCII with its type's prefix, is not a string, or
                                              is longer than 100 characters.
GT014 invalid-structure               error   A file or item is not shaped as goldenthread expects (unknown type…).
GT015 yaml-limits                     error   YAML exceeds safety limits (alias expansion, nesting depth, size).
GT016 unsafe-yaml-tag                 error   A YAML tag would construct an object; only plain data is accepted.
GT017 self-link                       error   An item links to itself.
GT018 unknown-reference               error   A [[ID]] reference in prose names no item.
GT019 id-lookalike                    warning Two IDs differ only by look-alike characters (O and 0, I and 1).
GT020 unknown-field                   warning A field is not declared for the item's type (a typo?).
GT021 duplicate-link                  warning A list of links names the same ID twice; the repeat is ignored.
GT101 unsupported-objective           warning No plan item supports this objective.
GT102 outside-plan-period             warning A campaign's dates fall outside its plan's period.
GT103 milestone-outside-campaign      warning A milestone falls after its campaign ends, or before it starts by more
                                              than milestone_lead_days.
GT104 plan-over-budget                warning Campaign budgets (its sub-plans' included) add up to more than the plan
                                              budget.
GT105 review-overdue                  warning The item is overdue for review according to its cadence.
GT106 kpi-target-off-thread           warning A campaign KPI target is neither an objective KPI nor leads to one.
GT107 tabs-in-yaml                    warning A YAML file indents with tabs.
GT108 sub-plans-over-budget           warning A plan's own campaigns and its sub-plans' budgets add up to more than
                                              its budget.
GT110 raci-accountable                warning A RACI names no accountable handle, or more than one.
GT111 tactics-over-campaign-budget    warning Tactic budgets add up to more than their campaign's budget (they are a
                                              breakdown of it).
GT112 page-review-metadata            warning A page's owner, last_reviewed or review_cadence front matter cannot be
                                              read.
GT113 shallow-history                 warning Review dates come from git history, but the clone is shallow: files look
                                              last changed at the cut-off commit. Fetch the whole history (fetch-depth:
                                              0 in actions/checkout).
GT120 actuals-bad-row                 error   A CSV file of actuals is not shaped as expected: missing or extra columns,
                                              a bad header, another separator, an unclosed quote.
GT121 actuals-unknown-id              error   An actual names an ID that no item declares.
GT122 actuals-wrong-item              error   An actual names an item of the wrong type: KPI values need a KPI, spend a
                                              campaign or objective.
GT123 actuals-bad-number              error   An actual's value is not a plain number (thousands separators, currency,
                                              units…).
GT124 actuals-bad-period              error   An actual's period is not YYYY-MM, YYYY-Qn or YYYY-MM-DD.
GT125 actuals-unknown-kind            error   An actuals row's kind is neither kpi nor spend.
GT126 actuals-duplicate               error   Two actuals give the same KPI a value for the same date, or spend for
                                              overlapping periods.
GT127 actuals-future-period           warning An actual is recorded for a period that has not started yet.
# change review: suspect links (goldenthread.lock) and owners (the people file)
GT130 suspect-link                    warning A plan item links to a strategy item that changed since the plan item was
                                              last reviewed (only with a lock file; goldenthread review clears it).
GT131 unknown-owner                   warning An owner or other handle is not in the people file (only with a people
                                              file).
GT132 invalid-people-file             warning The people file is not shaped as expected (bad YAML, handles, fields).
GT133 invalid-lock-file               warning The suspect-links lock file cannot be read (a merge conflict, bad YAML).
# the strategy <-> plan loop: review cadence, measurable promises, positioning
GT170 plan-review-missed              warning A plan in its period has no monthly-plan review in the last
                                              plan_review_days days (only once the content keeps review records).
GT171 strategy-review-missed          warning The strategy has no quarterly-strategy review in the last
                                              strategy_review_days days (only once the content keeps review records).
GT172 unmeasured-value-proposition    warning A value proposition has neither a kpi nor a quantified proof (a proof that
                                              states a number).
GT173 positioning-without-alternative warning A positioning names no competitor or alternative it is set against
                                              (alternatives).
# feedback signals (domain/signals.py): info by default, promotable per rule
GT180 signal-kpi-off-track            info    Signal: an objective's KPI was off track two periods running.
GT181 signal-over-budget              info    Signal: a campaign's actual spend is above its planned budget.
GT182 signal-spending-ahead           info    Signal: a campaign is spending ahead of its planned pace.
GT183 signal-ended-without-actuals    info    Signal: a campaign ended with no spend recorded.
GT184 signal-no-active-campaign       info    Signal: no campaign serves an objective this quarter.
GT185 signal-leading-kpi-wrong-way    info    Signal: a leading KPI moved against its direction twice.
# files and links that lead out of content/ (hostile or mistaken input)
GT140 symlink-outside-content         error   A symbolic link under content/ leads outside it (or loops); it is neither
                                              read nor published.
GT141 link-outside-content            error   A Markdown link in content prose leads out of content/: an absolute path,
                                              a file: URL, or ../ climbing above content/.
# bounds (core/bounds.py): values YAML reads but no page, sum or date arithmetic can hold
GT150 number-out-of-range             error   A number (money, link weight, KPI value or target, actual) is not finite
                                              or is larger than 10^15 (1,000,000,000,000,000) in size.
GT151 date-out-of-range               error   A date or period falls outside the date window: years 1900–2200 unless the
                                              plugin option date_window sets another.
GT152 name-collision                  error   A name (an owner handle, an ID) would give a page the address of a page
                                              goldenthread generates.
"""


def _parse_rules(table: str) -> dict[Code, Rule]:
    rows: list[list[str]] = []
    for line in table.splitlines():
        if line.startswith(" "):
            rows[-1][3] += " " + line.strip()
        elif line and not line.startswith("#"):
            rows.append(line.split(None, 3))
    return {
        cast(Code, code): Rule(cast(Code, code), name, Severity.parse(severity), summary)
        for code, name, severity, summary in rows
    }


RULES: dict[Code, Rule] = _parse_rules(_RULE_TABLE)


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
