"""Review freshness of living documents: items and pages reviewed on a cadence.

A living document is an item that states ``review_cadence`` or ``last_reviewed``, or a plain
Markdown page whose front matter carries ``owner``, ``last_reviewed`` or ``review_cadence``.
Its next review is due one cadence after ``last_reviewed``; where the content gives no
``last_reviewed``, the date the file last changed in git stands in (when the site is built
inside a git work tree; without git, nothing is looked up and nothing fails).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.bounds import DEFAULT_WINDOW, DateWindow
from ..core.coerce import HANDLE_RE
from ..core.git import GIT_TIMEOUT_SECONDS, commits_for, git_commits, last_changed, parse_commits
from ..core.model import Model, Page, Pos
from ..core.schema import CADENCES, PAGE_REVIEW_KEYS

#: Days from one review to the next, per cadence (a month is given its longest length).
CADENCE_DAYS = {"weekly": 7, "monthly": 31, "quarterly": 92, "yearly": 365}

FRESH, DUE, OVERDUE, NO_CADENCE = "fresh", "due", "overdue", "no cadence"
#: Sort order of statuses: the most urgent first.
STATUS_ORDER = {OVERDUE: 0, DUE: 1, FRESH: 2, NO_CADENCE: 3}


def next_due(last: dt.date, cadence: str) -> dt.date:
    try:
        return last + dt.timedelta(days=CADENCE_DAYS[cadence])
    except OverflowError:  # a git commit date can say anything: never reviewed again, not a crash
        return dt.date.max


def status(due: dt.date | None, cadence: str | None, today: dt.date, due_days: int) -> str:
    """fresh / due (within ``due_days``) / overdue (past due, or never reviewed) / no cadence."""
    if cadence is None:
        return NO_CADENCE
    if due is None or due < today:
        return OVERDUE
    if (due - today).days <= due_days:
        return DUE
    return FRESH


@dataclass(frozen=True)
class Doc:
    """One living document and where its review stands."""

    #: the item's ID, or None for a plain page
    item_id: str | None
    #: the file label (``content/strategy/index.md``) and docs-relative path
    file: str
    src: str
    title: str
    owner: str | None
    cadence: str | None
    last_reviewed: dt.date | None
    #: True when ``last_reviewed`` is the file's last commit date, not a date in the content
    from_git: bool
    next_due: dt.date | None
    status: str
    pos: Pos

    def overdue_by(self, today: dt.date) -> int | None:
        """Days past due (None when not overdue or never reviewed)."""
        if self.status != OVERDUE or self.next_due is None:
            return None
        return (today - self.next_due).days


@dataclass(frozen=True)
class PageReview:
    """Review front matter of a plain page, read leniently (bad values are diagnostics)."""

    owner: str | None
    last_reviewed: dt.date | None
    cadence: str | None
    #: (key, raw text, position, problem, rule code) for values that cannot be used
    problems: tuple[tuple[str, str, Pos, str, str], ...] = ()


def page_review(page: Page, window: DateWindow = DEFAULT_WINDOW) -> PageReview | None:
    """The review front matter of a plain page; None when it carries none."""
    meta = page.meta
    if not any(k in meta for k in PAGE_REVIEW_KEYS):
        return None
    problems: list[tuple[str, str, Pos, str, str]] = []
    owner = last = cadence = None
    if "owner" in meta:
        text, pos = meta["owner"]
        if HANDLE_RE.match(text.strip()):
            owner = text.strip()
        else:
            problems.append(("owner", text, pos, 'is not a handle like "@name" or "@org/team"', "GT112"))
    if "last_reviewed" in meta:
        text, pos = meta["last_reviewed"]
        try:
            last = dt.date.fromisoformat(text.strip())
        except ValueError:
            problems.append(("last_reviewed", text, pos, "is not a YYYY-MM-DD date", "GT112"))
        if last is not None and not window.has(last):
            problems.append(("last_reviewed", text, pos, f"is outside the date window {window}", "GT151"))
            last = None
    if "review_cadence" in meta:
        text, pos = meta["review_cadence"]
        if text.strip() in CADENCES:
            cadence = text.strip()
        else:
            problems.append(("review_cadence", text, pos, f"is not one of {', '.join(CADENCES)}", "GT112"))
    return PageReview(owner, last, cadence, tuple(problems))


def living_documents(
    model: Model,
    today: dt.date,
    due_days: int = 7,
    git_dates: Mapping[str, dt.date] | None = None,
    window: DateWindow = DEFAULT_WINDOW,
) -> list[Doc]:
    """Every living document with its next due date and status, most urgent first.

    ``git_dates`` maps docs-relative paths to the date the file last changed in git.
    """
    git_dates = git_dates or {}
    docs: list[Doc] = []
    for item in model.items.values():
        cadence = item.get("review_cadence")
        cadence = cadence if isinstance(cadence, str) and cadence in CADENCE_DAYS else None
        last = item.date("last_reviewed")
        if cadence is None and last is None:
            continue
        src = model.src_path(item.file)
        from_git = last is None and src in git_dates
        if from_git:
            last = git_dates[src]
        due = next_due(last, cadence) if last and cadence else None
        where = item.pos_of("last_reviewed") if "last_reviewed" in item.positions else item.pos
        docs.append(
            Doc(
                item.id,
                item.file,
                src,
                item.title,
                item.owner,
                cadence,
                last,
                from_git,
                due,
                status(due, cadence, today, due_days),
                where,
            )
        )
    for page in model.pages.values():
        if page.item_id is not None:
            continue
        review = page_review(page, window)
        if review is None:
            continue
        src = model.src_path(page.path)
        last = review.last_reviewed
        from_git = last is None and src in git_dates
        if from_git:
            last = git_dates[src]
        due = next_due(last, review.cadence) if last and review.cadence else None
        where = page.meta["last_reviewed"][1] if "last_reviewed" in page.meta else Pos(page.path, 1, 1)
        title = page.title or src.rsplit("/", 1)[-1]
        docs.append(
            Doc(
                None,
                page.path,
                src,
                title,
                review.owner,
                review.cadence,
                last,
                from_git,
                due,
                status(due, review.cadence, today, due_days),
                where,
            )
        )
    docs.sort(key=lambda d: (STATUS_ORDER[d.status], d.next_due or dt.date.min, d.title.lower()))
    return docs


def history_sources(model: Model) -> list[Pos]:
    """Where each living document that takes its review date from git history is declared."""
    out: list[Pos] = []
    for item in model.items.values():
        if item.get("review_cadence") and item.date("last_reviewed") is None:
            out.append(item.pos)
    for page in model.pages.values():
        if page.item_id is None and page.meta and "last_reviewed" not in page.meta:
            out.append(Pos(page.path, 1, 1))
    return out


def needs_history(model: Model) -> bool:
    """Whether some living document has a cadence or owner but no ``last_reviewed`` in the content."""
    for item in model.items.values():
        if item.get("review_cadence") and item.date("last_reviewed") is None:
            return True
    return any(page.item_id is None and page.meta and "last_reviewed" not in page.meta for page in model.pages.values())


def documents(model: Model, today: dt.date, due_days: int = 7, window: DateWindow = DEFAULT_WINDOW) -> list[Doc]:
    """:func:`living_documents`, with dates from git history where the content gives none.

    Git is asked only when some document lacks ``last_reviewed`` and the model knows its folder.
    """
    git: dict[str, dt.date] = {}
    if model.docs_dir and needs_history(model):
        git = last_changed(commits_for(model))  # the one `git log` of the build, shared with cadence
    return living_documents(model, today, due_days, git, window)


# -- git ---------------------------------------------------------------------------------------
def git_last_changed(root: Path, timeout: float = GIT_TIMEOUT_SECONDS) -> dict[str, dt.date]:
    """Path (relative to ``root``) -> committer date of the last commit that touched it.

    ``{}`` without history: a build never fails for want of it. In a shallow clone the oldest
    dates are those of the cut-off (GT113 says so).
    """
    return last_changed(git_commits(root, timeout))


def parse_git_log(output: str) -> dict[str, dt.date]:
    """Parse ``git log --name-only --format=%x00%cs`` output (newest commit first)."""
    return last_changed(parse_commits(output))
