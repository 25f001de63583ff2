"""Review cadence: whether the meetings of the strategy <-> plan loop happen.

Item freshness (:mod:`.freshness`) says when each document was last looked at; this module
says whether the *reviews* were held: a ``monthly-plan`` review for every plan in its period,
and a ``quarterly-strategy`` review for the strategy. A review counts for a plan when its
``covers`` names the plan or an item of the plan (a campaign, a tactic of one of its campaigns).

The rules (GT170/GT171) apply only once the content keeps review records (at least one review
item): a team that does not record reviews is not nagged about them, a team that does is held
to its calendar. :func:`moved_since` lists what changed between two reviews of one kind, from
git when its history covers the span, otherwise from ``last_reviewed`` dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..core.git import Commit
from ..core.model import Item, Model, Pos

MONTHLY_PLAN = "monthly-plan"
QUARTERLY_STRATEGY = "quarterly-strategy"
#: the layer of items a review of each kind looks at
KIND_LAYER = {MONTHLY_PLAN: "plan", QUARTERLY_STRATEGY: "strategy", "weekly": "plan"}

# where a plan or the strategy stands
ON_SCHEDULE, DUE, MISSED, NOT_STARTED, ENDED = "on schedule", "due", "missed", "not started", "ended"
# what happened in one month or quarter of the calendar
HELD, UPCOMING = "held", "upcoming"
#: plans whose status says they are not being executed
INACTIVE_PLAN = frozenset({"draft", "cancelled", "retired", "done"})
#: the calendar shows at most this many months or quarters before a plan's period or today
MAX_EARLIER_SLOTS = 6


@dataclass(frozen=True)
class Slot:
    """One month (plans) or quarter (strategy) of the review calendar."""

    label: str
    start: dt.date
    end: dt.date
    state: str
    reviews: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Cadence:
    """Where the reviews of one plan, or of the strategy, stand on ``today``."""

    kind: str
    #: the plan (None for the strategy)
    plan: Item | None
    #: reviews held (dated on or before today), oldest first
    reviews: tuple[Item, ...]
    every_days: int
    last: dt.date | None
    next_due: dt.date | None
    status: str
    #: where the rule points: the plan, or the strategy page
    pos: Pos
    slots: tuple[Slot, ...]

    @property
    def key(self) -> str:
        return self.plan.id if self.plan is not None else "strategy"

    def late_by(self, today: dt.date) -> int | None:
        """Days past the due date (None unless missed with a due date)."""
        if self.status != MISSED or self.next_due is None:
            return None
        return (today - self.next_due).days


def keeps_records(model: Model) -> bool:
    """Whether the content records reviews at all (the cadence rules apply only then)."""
    return any(True for _ in model.of_type("review"))


def held_reviews(model: Model, kind: str, today: dt.date) -> list[Item]:
    """Reviews of ``kind`` dated on or before ``today``, oldest first."""
    found = [r for r in model.of_type("review") if r.get("kind") == kind and (r.date("date") or today) <= today]
    return sorted((r for r in found if r.date("date")), key=lambda r: (r.date("date") or dt.date.min, r.id))


def plans_of(model: Model, item_id: str, depth: int = 3) -> set[str]:
    """The plans an item belongs to: itself if a plan, else the plans its plan-layer links lead to."""
    item = model.items.get(item_id)
    if item is None:
        return set()
    if item.type == "plan":
        return {item.id}
    if depth == 0 or model.schema.types[item.type].layer != "plan":
        return set()
    found: set[str] = set()
    for link in item.links:
        target = model.items.get(link.target)
        if target is not None and model.schema.types[target.type].layer == "plan" and target.id != item.id:
            found |= plans_of(model, target.id, depth - 1)
    return found


def _standing(
    last: dt.date | None, anchor: dt.date | None, every: int, today: dt.date, due_days: int
) -> tuple[dt.date | None, str]:
    """(next due, status) from the last review (or the date the clock started)."""
    start = last or anchor
    if start is None:
        return None, MISSED
    due = start + dt.timedelta(days=every)
    if due < today:
        return due, MISSED
    if (due - today).days <= due_days:
        return due, DUE
    return due, ON_SCHEDULE


def _month(day: dt.date) -> tuple[dt.date, dt.date]:
    start = day.replace(day=1)
    nxt = dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _quarter(day: dt.date) -> tuple[dt.date, dt.date]:
    q = (day.month - 1) // 3
    start = dt.date(day.year, 3 * q + 1, 1)
    nxt = dt.date(day.year + 1, 1, 1) if q == 3 else dt.date(day.year, 3 * q + 4, 1)
    return start, nxt - dt.timedelta(days=1)


def _slots(
    first: dt.date, last: dt.date, unit: str, reviews: list[Item], today: dt.date, status: str
) -> tuple[Slot, ...]:
    """Months or quarters from ``first`` to ``last``, each held, missed, due or upcoming."""
    step = _month if unit == "month" else _quarter
    out: list[Slot] = []
    start, end = step(first)
    while start <= last:
        held = tuple(r for r in reviews if start <= (r.date("date") or dt.date.min) <= end)
        if held:
            state = HELD
        elif end < today:
            state = MISSED
        elif start <= today:
            state = MISSED if status == MISSED else DUE
        else:
            state = UPCOMING
        label = start.strftime("%b %Y") if unit == "month" else f"{start.year}-Q{(start.month - 1) // 3 + 1}"
        out.append(Slot(label, start, end, state, held))
        start, end = step(end + dt.timedelta(days=1))
    return tuple(out)


def _earliest(first_review: dt.date | None, start: dt.date, unit: str) -> dt.date:
    """Where the calendar starts: the first review, at most MAX_EARLIER_SLOTS units before ``start``."""
    if first_review is None or first_review >= start:
        return start
    months = MAX_EARLIER_SLOTS * (1 if unit == "month" else 3)
    limit_month = start.year * 12 + start.month - 1 - months
    limit = dt.date(limit_month // 12, limit_month % 12 + 1, 1)
    return max(first_review, limit)


def plan_cadences(model: Model, today: dt.date, every_days: int = 35, due_days: int = 7) -> list[Cadence]:
    """Every plan's monthly reviews: held, due or missed (plans in file order)."""
    reviews = held_reviews(model, MONTHLY_PLAN, today)
    covering: dict[str, list[Item]] = {}
    for review in reviews:
        plans: set[str] = set()
        for link in review.links:
            if link.spec_field == "covers":
                plans |= plans_of(model, link.target)
        for plan_id in plans:
            covering.setdefault(plan_id, []).append(review)
    out = []
    for plan in model.of_type("plan"):
        start, end = plan.span("period")
        held = covering.get(plan.id, [])
        last = held[-1].date("date") if held else None
        if plan.status in INACTIVE_PLAN:
            due, status = None, NOT_STARTED if plan.status == "draft" else ENDED
        elif start is not None and today < start:  # the first review falls due once it runs
            due, status = start + dt.timedelta(days=every_days), NOT_STARTED
        elif end is not None and today > end:
            due, status = None, ENDED
        else:
            due, status = _standing(last, start, every_days, today, due_days)
        slots: tuple[Slot, ...] = ()
        if start is not None and end is not None and start <= end:
            first = _earliest(held[0].date("date") if held else None, start, "month")
            slots = _slots(first, end, "month", held, today, status)
            # before the period, only the months in which a review was held
            slots = tuple(s for s in slots if s.end >= start or s.state == HELD)
        out.append(Cadence(MONTHLY_PLAN, plan, tuple(held), every_days, last, due, status, plan.pos, slots))
    return out


def strategy_pos(model: Model, page: str) -> Pos | None:
    """Where the strategy is: the configured strategy page, else the latest strategy review or
    the first strategy item (None when the content has no strategy at all)."""
    for p in model.pages.values():
        if model.src_path(p.path) == page:
            return Pos(p.path, 1, 1)
    strategy = model.in_layer("strategy")
    if not strategy:
        return None
    objectives = [i for i in strategy if i.type == "objective"]
    return (objectives or strategy)[0].pos


def strategy_cadence(
    model: Model, today: dt.date, every_days: int = 100, due_days: int = 7, page: str = "strategy/index.md"
) -> Cadence | None:
    """The strategy's quarterly reviews (None when the content has no strategy item or page)."""
    pos = strategy_pos(model, page)
    if pos is None:
        return None
    held = held_reviews(model, QUARTERLY_STRATEGY, today)
    last = held[-1].date("date") if held else None
    due, status = _standing(last, None, every_days, today, due_days)
    first = _earliest(held[0].date("date") if held else None, _quarter(today)[0], "quarter")
    after = _quarter(today)[1] + dt.timedelta(days=1)
    slots = _slots(first, _quarter(after)[1], "quarter", held, today, status)
    return Cadence(QUARTERLY_STRATEGY, None, tuple(held), every_days, last, due, status, pos, slots)


def review_entry(model: Model, kind: str, today: dt.date, plan: Item | None, indent: str = "  ") -> str:
    """A review record ready to paste under ``reviews:`` (YAML), with an ID no item has yet."""
    subject = plan.id.removeprefix(model.schema.types["plan"].prefix + "-") if plan is not None else "STRATEGY"
    prefix = model.schema.types["review"].prefix
    base = f"{prefix}-{today:%Y-%m}-{subject}".upper()
    ident, n = base, 2
    while ident in model.items:
        ident, n = f"{base}-{n}", n + 1
    if plan is not None:
        title = f"{today:%B %Y} plan review: {plan.title}"
        covers = f"[{plan.id}]"
        owner = plan.owner
    else:
        title = f"{today.year}-Q{(today.month - 1) // 3 + 1} quarterly strategy review"
        objectives = [o.id for o in model.of_type("objective")][:6]
        covers = "[" + ", ".join(objectives) + "]"
        owner = None
    lines = [
        f"- id: {ident}",
        f"  title: {_yaml_text(title)}",
        f'  owner: "{owner}"' if owner else '  owner: "@you"',
        f"  date: {today.isoformat()}",
        f"  kind: {kind}",
        f"  covers: {covers}",
        f'  attendees: ["{owner or "@you"}"]',
        "  decisions:",
        "    - What was decided",
    ]
    return "\n".join(indent + line for line in lines)


def _yaml_text(text: str) -> str:
    """A YAML scalar that reads back as ``text``."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# -- what moved between two reviews -----------------------------------------------------------
@dataclass(frozen=True)
class Moved:
    """What changed between the previous review of a kind and this one."""

    previous: Item | None
    #: "git" (commits in the span), "last_reviewed" (dates in the content) or "" (first review)
    source: str
    #: (item, date it changed), newest first
    items: tuple[tuple[Item, dt.date], ...] = ()
    #: commits in the span (git only)
    commits: int = 0


def previous_review(model: Model, review: Item) -> Item | None:
    """The latest review of the same kind before ``review``."""
    day, kind = review.date("date"), review.get("kind")
    if day is None:
        return None
    earlier = [
        r
        for r in model.of_type("review")
        if r.id != review.id and r.get("kind") == kind and (r.date("date") or dt.date.max) < day
    ]
    return max(earlier, key=lambda r: (r.date("date") or dt.date.min, r.id), default=None)


def moved_since(model: Model, review: Item, commits: list[Commit] | None = None) -> Moved:
    """Items of the review's layer that changed after the previous review of its kind, up to this one.

    ``commits`` (newest first, paths relative to docs_dir) are used when they reach back to the
    previous review; otherwise items whose ``last_reviewed`` falls in the span are listed.
    """
    prev = previous_review(model, review)
    day = review.date("date")
    if prev is None or day is None:
        return Moved(prev, "")
    since = prev.date("date") or dt.date.min
    layer = KIND_LAYER.get(str(review.get("kind")), "plan")
    relevant = [i for i in model.items.values() if model.schema.types[i.type].layer == layer]
    if commits and commits[-1][0] <= since:
        in_span = [(d, paths) for d, paths in commits if since < d <= day]
        changed: dict[str, dt.date] = {}
        for when, paths in in_span:
            for path in paths:
                changed.setdefault(path, when)
        items = [(i, changed[model.src_path(i.file)]) for i in relevant if model.src_path(i.file) in changed]
        items.sort(key=lambda pair: (-pair[1].toordinal(), pair[0].id))
        return Moved(prev, "git", tuple(items), len(in_span))
    found = [(i, on) for i in relevant if (on := i.date("last_reviewed")) is not None and since < on <= day]
    found.sort(key=lambda pair: (-pair[1].toordinal(), pair[0].id))
    return Moved(prev, "last_reviewed", tuple(found))
