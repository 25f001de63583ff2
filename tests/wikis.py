"""The shared test wikis and the one date the tests run on.

Each wiki is a folder under ``tests/fixtures/wikis/``, read as ``{relpath: text}`` so a test can
add a file, change one (:func:`edit`) and write the result with ``write_content`` or
``site_helpers.write_site``. Test modules import wikis and dates from here, never from each other.

* ``minimal/`` (:data:`VALID_WIKI`): one objective with a target, two KPIs, a plan, a campaign and
  its tactic; no errors and no warnings on :data:`TODAY`. Rule tests add one mistake each; site
  tests build it as it is or with one named change.
* ``dashboards/`` (:data:`PLANS`): two plans (EUR 2026 and USD 2027), a campaign split 2:1 between
  two objectives, budget lines with and without a period, tactics that overrun their campaign,
  milestones, RACI mistakes, review dates and deliberate misalignments (quietened by
  :data:`QUIET_RULES`). Its figures are worked out by hand for :data:`PLANS_TODAY`.
* ``matrices/`` (:data:`MATRIX_WIKI`): eight objectives with long titles (the most a matrix must
  show at 1280 px without scrolling), an annual plan and a quarterly plan inside it, and a
  campaign whose budget splits into thirds (cents, unless shown in whole units).
* ``kpis/`` (:data:`KPI_WIKI`): a 2026 wiki whose actuals exercise every KPI status and every
  feedback signal on :data:`KPI_TODAY`.

:data:`TODAY` is the date every test runs on. A scenario whose figures depend on the day it was
worked out for names its own date below, with the reason; nothing else picks a date of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

WIKIS = Path(__file__).resolve().parent / "fixtures" / "wikis"

#: The date every test checks review freshness, timelines and actuals against, so that no test
#: depends on the machine's date.
TODAY = "2027-06-15"


def wiki(name: str) -> dict[str, str]:
    """The files of ``tests/fixtures/wikis/<name>/`` as ``{relpath: text}``, exactly as on disk."""
    root = WIKIS / name
    files = {p.relative_to(root).as_posix(): p.read_bytes().decode("utf-8") for p in root.rglob("*") if p.is_file()}
    assert files, f"no wiki at {root}"
    return dict(sorted(files.items()))


def edit(files: Mapping[str, str], name: str, old: str, new: str) -> dict[str, str]:
    """``files`` with ``old`` replaced by ``new`` in file ``name``; ``old`` must occur exactly once."""
    assert files[name].count(old) == 1, f"{old!r} is not in {name} exactly once"
    return {**files, name: files[name].replace(old, new)}


#: A small clean wiki: no errors and no warnings on :data:`TODAY`.
VALID_WIKI: dict[str, str] = wiki("minimal")

#: The dashboards wiki, for the plan dashboards' arithmetic and pages.
PLANS: dict[str, str] = wiki("dashboards")

#: The day :data:`PLANS` is read on: CMP-SPLIT is over, CMP-SPREAD's spring send is due in five
#: days, OBJ-GROW's quarterly review is overdue and OBJ-KEEP's monthly one is not, and the today
#: line falls in the PLAN-2027 chart and its Q2 chart but in no 2026 or Q1 chart.
PLANS_TODAY = "2027-05-20"

#: Rules whose findings :data:`PLANS` has on purpose (info, so a strict build still passes).
#: (GT170–GT173: it records reviews without keeping the cadence, and its value propositions and
#: positioning are minimal.)
QUIET_RULES = {
    code: "info"
    for code in (
        *("GT101", "GT102", "GT103", "GT104", "GT105", "GT106", "GT110", "GT111"),
        *("GT170", "GT171", "GT172", "GT173"),
    )
}

#: The matrices wiki, for matrix and dashboard layout and plans inside plans (read on :data:`TODAY`).
MATRIX_WIKI: dict[str, str] = wiki("matrices")

#: The KPI wiki, for scorecards, actuals and feedback signals.
KPI_WIKI: dict[str, str] = wiki("kpis")

#: The day :data:`KPI_WIKI` is read on: the middle of its 2026 window, with actuals up to June, so
#: expected progress is about half way, CMP-F ends on the day and CMP-G has just started.
KPI_TODAY = "2026-07-15"

#: The day the example wiki (``content/``) is read on: its review dates and 2026 actuals were
#: written as of that day, and the tests that build or check the example pin that day's pages
#: (which reviews are overdue, what was spent to date).
EXAMPLE_TODAY = "2026-11-26"
