"""Mermaid Gantt charts whose names from content cannot be read as Gantt syntax."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..escape import mermaid_label

#: Above this many campaigns, a Gantt chart draws the earliest ones and the table lists all.
MAX_GANTT_BARS = 60

_GANTT_KEYWORD_RE = re.compile(
    r"^(?:gantt|dateformat|inclusiveenddates|topaxis|axisformat|tickinterval|includes|excludes|"
    r"todaymarker|weekday|weekend|title|accdescription|acctitle|accdescr|section|click|vert)\b"
    r"|^\d{4}-\d{2}-\d{2}",
    re.IGNORECASE,
)


def gantt_label(text: str, limit: int = 60) -> str:
    """A Gantt task or section name that cannot be read as syntax.

    :func:`mermaid_label` entity-encodes every character that could end the name (``:``), start
    task data or a comment (``#``, ``;``, ``%``); Mermaid turns ``#NN;`` back into the character
    after parsing. A name starting with a Gantt keyword (``section``, ``title``…) or a date would
    be read as that statement, so it gets an invisible zero-width space first.
    """
    label = mermaid_label(text, limit).strip() or "untitled"
    if _GANTT_KEYWORD_RE.match(label):
        label = "#8203;" + label
    return label


@dataclass
class Gantt:
    title: str
    #: drawn as a vertical line when given
    today: dt.date | None
    #: days the chart spans: short charts label days, long ones months
    span_days: int = 365
    lines: list[str] = field(default_factory=list)
    tasks: int = 0

    def section(self, name: str) -> None:
        self.lines.append(f"    section {gantt_label(name)}")

    def task(self, name: str, start: dt.date, end: dt.date, tags: Sequence[str] = ()) -> None:
        self.tasks += 1
        data = [*tags, f"t{self.tasks}", start.isoformat(), end.isoformat()]
        self.lines.append(f"    {gantt_label(name)} :{', '.join(data)}")

    def milestone(self, name: str, day: dt.date, crit: bool = False, done: bool = False) -> None:
        self.tasks += 1
        tags = [t for t, on in (("crit", crit), ("done", done)) if on]
        data = [*tags, "milestone", f"t{self.tasks}", day.isoformat(), "0d"]
        self.lines.append(f"    {gantt_label(name)} :{', '.join(data)}")

    def text(self) -> str:
        head = [
            "gantt",
            f"    title {gantt_label(self.title, 80)}",
            "    dateFormat YYYY-MM-DD",
            "    axisFormat " + ("%d %b" if self.span_days <= 100 else "%b %Y"),
            "    tickInterval "
            + ("1week" if self.span_days <= 100 else "1month" if self.span_days <= 730 else "3month"),
            "    inclusiveEndDates",
            # Mermaid's own marker shows the reader's clock; the build's "today" is drawn instead,
            # so the chart agrees with the tables (and with the configured today in tests).
            "    todayMarker off",
        ]
        if self.today is not None:
            head.append(f"    Today {self.today.isoformat()} :vert, today, {self.today.isoformat()}, 0d")
        return "\n".join(head + self.lines)
