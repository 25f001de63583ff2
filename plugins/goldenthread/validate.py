"""Model-wide rules: links, the golden thread, cycles, dates, budgets and freshness.

Per-value problems are found while loading (:mod:`goldenthread.coerce`); the rules here need
the whole model. Each rule appends diagnostics and never stops the others, so one run reports
every problem.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from .core.bounds import DEFAULT_WINDOW, MAX_ID_CHARS, DateWindow
from .core.config import Settings
from .core.diagnostics import Code, Reporter, Severity
from .core.git import is_shallow_clone
from .core.graph import Graph, find_cycles
from .core.model import Item, Model, Pos, Reference
from .core.periods import budget_period, period_year
from .core.schema import TypeSpec
from .core.similar import a, did_you_mean
from .domain import signals as sg
from .domain.budget import over_budget_plans, sub_plan_overruns, tactic_overruns
from .domain.cadence import MISSED, keeps_records, plan_cadences, review_entry, strategy_cadence
from .domain.freshness import CADENCE_DAYS, history_sources, page_review
from .domain.lock import check_suspects
from .domain.misalignment import OutsidePeriod, off_thread_kpi_targets, outside_plan_period, unsupported_objectives
from .domain.owners import People, check_owners
from .domain.promises import unmeasured
from .domain.raci import RESERVED_SLUGS, accountable_problems, handle_slug

__all__ = ["CADENCE_DAYS", "check_signals", "validate"]


def validate(model: Model, graph: Graph, settings: Settings, report: Reporter, people: People | None = None) -> None:
    """Every model-wide rule; ``people`` is the people file, read by the caller (see analysis.py)."""
    hints = _Hints(model)
    check_links(model, report, hints)
    check_references(model, report, hints)
    check_cycles(model, report)
    check_thread(model, graph, report)
    check_lookalikes(model, report)
    check_unsupported_objectives(model, graph, report)
    check_dates(model, graph, report, settings.milestone_lead_days)
    check_budgets(model, graph, report, settings.date_window)
    check_freshness(model, settings, report)
    check_history(model, report)
    check_kpi_targets(model, graph, report)
    check_raci(model, report)
    check_page_reviews(model, report, settings.date_window)
    check_handle_pages(model, report)
    # the strategy <-> plan loop (issue 14); signals need actuals: see check_signals
    check_review_cadence(model, settings, report)
    check_value_propositions(model, report)
    check_positionings(model, report)
    # change review: suspect links (GT130, with a lock file) and unknown owners (GT131, with a people file)
    check_suspects(model, graph, settings, report)
    check_owners(model, people, report)


#: At most this many distinct unknown IDs get a "did you mean" search per run: each search
#: compares against every ID, so 10,000 unknown IDs would otherwise take minutes.
MAX_GUESSES = 500


class _Hints:
    """ "did you mean" for unknown IDs: searched among IDs with the same prefix (all IDs when
    none has it), once per distinct target, for at most :data:`MAX_GUESSES` targets."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.cache: dict[str, str] = {}
        self.by_prefix: dict[str, list[str]] | None = None

    def __call__(self, target: str) -> str:
        hint = self.cache.get(target)
        if hint is not None:
            return hint
        guess = None
        if len(self.cache) < MAX_GUESSES:
            if self.by_prefix is None:
                self.by_prefix = defaultdict(list)
                for item_id in self.model.items:
                    self.by_prefix[item_id.split("-", 1)[0]].append(item_id)
            pool = self.by_prefix.get(target.split("-", 1)[0].upper()) or list(self.model.items)
            guess = did_you_mean(target, pool)
        hint = self.cache[target] = f"did you mean {guess!r}?" if guess else "check the ID, or add the item it names"
        return hint


def check_links(model: Model, report: Reporter, hints: _Hints | None = None) -> None:
    items = model.items
    hints = hints or _Hints(model)
    for item in items.values():
        spec = model.schema.types[item.type]
        for link in item.links:
            target = items.get(link.target)
            where = link.pos
            if target is None:
                report.add(
                    "GT002",
                    where,
                    f"{link.field} links to unknown ID {_shown_id(link.target)}",
                    hints(link.target)
                    if len(link.target) <= MAX_ID_CHARS
                    else f"IDs are at most {MAX_ID_CHARS} characters",
                    item.id,
                )
                continue
            if target.id == item.id:
                report.add(
                    "GT017",
                    where,
                    f"{item.id} links to itself through {link.field!r}",
                    "remove the link or point it at another item",
                    item.id,
                )
                continue
            fspec = spec.fields.get(link.record or link.spec_field)
            if fspec is not None and link.record:
                fspec = fspec.sub(link.spec_field)
            if fspec is not None and "*" not in fspec.to and target.type not in fspec.to:
                allowed = " or ".join(fspec.to)
                report.add(
                    "GT003",
                    where,
                    f"{link.field} of {item.id} must link to {a(allowed)}, but {target.id} is {a(target.type)}",
                    f"link {a(allowed)} here (IDs starting "
                    f"{' / '.join(model.schema.types[t].prefix + '-' for t in fspec.to)})",
                    item.id,
                )


def _check_refs(model: Model, refs: list[Reference], report: Reporter, item_id: str | None, hints: _Hints) -> None:
    for ref in refs:
        if ref.target not in model.items:
            report.add(
                "GT018",
                ref.pos,
                f"reference [[{ref.target}]] names no item",
                hints(ref.target),
                item_id,
            )


def check_references(model: Model, report: Reporter, hints: _Hints | None = None) -> None:
    hints = hints or _Hints(model)
    for item in model.items.values():
        _check_refs(model, item.references, report, item.id, hints)
    for page in model.pages.values():
        if page.item_id is None:
            _check_refs(model, page.references, report, None, hints)


def check_cycles(model: Model, report: Reporter) -> None:
    for cycle in find_cycles(model):
        first = cycle[0]
        path = " → ".join([*(lk.source for lk in cycle), cycle[0].source])
        report.add(
            "GT009",
            first.pos,
            f"{first.spec_field or first.field} links form a cycle: {path}",
            "break the cycle: one of these links points the wrong way",
            first.source,
            related=[lk.pos for lk in cycle[1:]],
        )


def check_thread(model: Model, graph: Graph, report: Reporter) -> None:
    thread_fields = graph.settings.thread
    for item in model.items.values():
        fields = thread_fields.get(item.type)
        if not fields or graph.thread(item.id):
            continue
        direct = [f for f in fields if model.schema.types[item.type].fields[f].to == ("objective",)]
        via = [f for f in fields if f not in direct]
        written = [f for f in fields if f in item.positions]  # also an empty 'supports: []'
        where = item.pos_of(written[0]) if written else item.pos
        if via and any(f in item.values for f in via):
            parents = ", ".join(
                str(item.values[f]) if isinstance(item.values[f], str) else ", ".join(item.values[f])
                for f in via
                if f in item.values
            )
            why = f"its {' / '.join(via)} ({parents}) reaches no objective"
            if direct:
                why += f" and it has no '{direct[0]}'"
        else:
            why = f"it has no {' and no '.join(repr(f) for f in (via + direct) or fields)} link to an objective"
        spec = model.schema.types[item.type]
        # A required link it lacks comes first: adding 'supports' alone would only trade GT001 for GT005.
        required = [f for f in via if spec.fields[f].required and f not in item.values]
        if required:
            field = spec.fields[required[0]]
            target = model.schema.types.get(field.to[0]) if field.to else None
            example = f"{target.prefix}-…" if target else "…"
            hint = (
                f"add '{field.name}: {example}' naming the {field.to[0] if field.to else 'item'} this "
                f"{item.type} belongs to: it then follows that {field.to[0] if field.to else 'item'}'s thread"
            )
        elif direct:
            hint = f"add '{direct[0]}: [OBJ-…]' naming the objective this {item.type} serves"
        else:
            hint = f"link it through {' or '.join(fields)} to work that serves an objective"
        report.add(
            "GT001",
            where,
            f"{item.type} {item.id} has no golden thread: {why}",
            hint,
            item.id,
        )


def _skeleton(item_id: str) -> str:
    return item_id.replace("0", "O").replace("1", "I")


def check_lookalikes(model: Model, report: Reporter) -> None:
    by_skeleton: dict[str, list[Item]] = defaultdict(list)
    for item in model.items.values():
        by_skeleton[_skeleton(item.id)].append(item)
    for group in by_skeleton.values():
        if len(group) < 2:
            continue
        first, *rest = group
        for other in rest:
            report.add(
                "GT019",
                other.pos,
                f"ID {other.id!r} looks like {first.id!r} ({first.file}:{first.pos.line})",
                "readers will confuse them: rename one (O/0 and I/1 look alike)",
                other.id,
                related=[first.pos],
            )


def check_unsupported_objectives(model: Model, graph: Graph, report: Reporter) -> None:
    for obj in unsupported_objectives(graph):
        report.add(
            "GT101",
            obj.pos,
            f"objective {obj.id} is not supported by any plan item",
            "add it to a campaign's 'supports:' or mark it retired",
            obj.id,
        )


def check_dates(model: Model, graph: Graph, report: Reporter, lead_days: int = 90) -> None:
    outside: dict[str, list[OutsidePeriod]] = defaultdict(list)
    for o in outside_plan_period(graph):
        outside[o.item.id].append(o)
    for item in (*model.of_type("campaign"), *model.of_type("tactic")):
        start, end = item.date("start"), item.date("end")
        if start and end and end < start:
            report.add(
                "GT007",
                item.pos_of("end"),
                f"{item.type} {item.id} ends ({end}) before it starts ({start})",
                "swap the dates or correct the typo",
                item.id,
            )
    for cmp in model.of_type("campaign"):
        start, end = cmp.date("start"), cmp.date("end")
        for o in outside.get(cmp.id, ()):
            report.add(
                "GT102",
                o.pos,
                f"campaign {cmp.id} {o.field}s {o.value}, "
                f"outside its plan {o.plan.id} ({o.period_start} to {o.period_end})",
                "move the date into the plan period or attach the campaign to another plan",
                cmp.id,
            )
        if not (start and end):
            continue
        # preparation (creative, set-up, testing) comes before the start: allowed within the lead time
        earliest = dt.date.fromordinal(max(1, start.toordinal() - lead_days))
        for n, ms in enumerate(cmp.get("milestones") or []):
            d = ms.get("date")
            if isinstance(d, dt.date) and not earliest <= d <= end:
                before = f"more than {lead_days} days before" if d < start else "after"
                report.add(
                    "GT103",
                    cmp.pos_of(f"milestones[{n}].date"),
                    f"milestone {ms.get('title', '')!r} on {d} is {before} campaign {cmp.id} ({start} to {end})",
                    f"move the milestone, extend the campaign, or raise milestone_lead_days ({lead_days})"
                    if d < start
                    else "move the milestone or extend the campaign",
                    cmp.id,
                )


def check_budgets(model: Model, graph: Graph, report: Reporter, window: DateWindow = DEFAULT_WINDOW) -> None:
    for cmp in model.of_type("campaign"):
        for n, line in enumerate(cmp.get("budget") or []):
            period = line.get("period")
            if not isinstance(period, str):
                continue
            p = cmp.pos_of(f"budget[{n}].period")
            year = period_year(period)
            if year is not None and not window.has_year(year):
                report.add(
                    "GT151",
                    p,
                    f"budget period {period.strip()!r}: year {year} is outside {window}",
                    window.hint(),
                    cmp.id,
                )
            elif budget_period(period) is None:
                report.add(
                    "GT006",
                    p,
                    f"budget period {period!r} is not YYYY, YYYY-MM or YYYY-Qn",
                    "write e.g. 2027-03 or 2027-Q1, or leave it out to spread over the campaign",
                    cmp.id,
                )
    for over in over_budget_plans(graph):
        inner = sorted({p.id for i in over.parts for p in graph.targets(i.id, "plan")} - {over.item.id})
        where = f"{over.item.id} and its sub-plans ({', '.join(inner)})" if inner else over.item.id
        report.add(
            "GT104",
            over.pos,
            f"campaign budgets in {where} add up to {over.allocated:,.0f}, above the plan budget {over.budget:,.0f}",
            "trim campaign budgets or raise the plan budget"
            + (" (a sub-plan's campaigns are paid from its parent's budget too)" if inner else ""),
            over.item.id,
        )
    for over in sub_plan_overruns(graph):
        report.add(
            "GT108",
            over.pos,
            f"{over.item.id}'s own campaigns and its sub-plans ({', '.join(p.id for p in over.parts)}) "
            f"take {over.allocated:,.0f}, above the plan budget {over.budget:,.0f}",
            "a sub-plan's budget is carved out of its parent's: trim the sub-plan budgets or the parent's own "
            "campaigns, or raise the parent's budget",
            over.item.id,
            related=[p.pos_of("budget") if "budget" in p.positions else p.pos for p in over.parts],
        )
    for over in tactic_overruns(graph):
        report.add(
            "GT111",
            over.pos,
            f"tactic budgets of {over.item.id} add up to {over.allocated:,.0f}, "
            f"above its own budget {over.budget:,.0f}",
            "tactic budgets are a breakdown of the campaign's budget: trim them or raise the campaign's",
            over.item.id,
            related=[t.pos_of("budget") for t in over.parts],
        )


def check_freshness(model: Model, settings: Settings, report: Reporter) -> None:
    today = settings.effective_today()
    for item in model.items.values():
        cadence = item.get("review_cadence")
        last = item.date("last_reviewed")
        if not isinstance(cadence, str) or last is None:
            continue
        due = last + dt.timedelta(days=CADENCE_DAYS[cadence])
        if due < today:
            report.add(
                "GT105",
                item.pos_of("last_reviewed"),
                f"{item.id} was last reviewed {last}; its {cadence} review was due {due}",
                "review it with its owner and update last_reviewed",
                item.id,
            )


def check_history(model: Model, report: Reporter) -> None:
    """GT113: review dates come from git, but the clone is shallow (the dates would be the cut-off's)."""
    if not model.docs_dir or report.severity_of("GT113") is Severity.OFF:
        return
    sources = history_sources(model)
    if not sources or not is_shallow_clone(Path(model.docs_dir)):
        return
    first = min(sources, key=lambda p: (p.file, p.line, p.column))
    n = len(sources)
    report.add(
        "GT113",
        first,
        f"this is a shallow git clone, so the review dates of {n} living document{'s' if n != 1 else ''} "
        "without last_reviewed come from the clone's cut-off commit, not from their last change: "
        "they may look fresh when they are overdue",
        "fetch the whole history: 'fetch-depth: 0' under 'with:' of actions/checkout, "
        "or 'git fetch --unshallow' locally; or give each document a last_reviewed date",
    )


def check_kpi_targets(model: Model, graph: Graph, report: Reporter) -> None:
    for cmp, link in off_thread_kpi_targets(graph):
        report.add(
            "GT106",
            link.pos,
            f"KPI target {link.target} of {cmp.id} is no objective's KPI and leads to none",
            "target a KPI an objective measures, or add 'leads_to' from this KPI",
            cmp.id,
        )


def check_raci(model: Model, report: Reporter) -> None:
    for problem in accountable_problems(model):
        p, item = problem.pos, problem.item
        if problem.accountable:
            message = (
                f"{item.type} {item.id} has {len(problem.accountable)} accountable handles "
                f"({', '.join(problem.accountable)}); RACI allows exactly one"
            )
            hint = "keep one handle under 'accountable' and move the others to 'responsible' or 'consulted'"
        else:
            message = f"{item.type} {item.id} has a RACI but no accountable handle"
            hint = 'name exactly one handle under raci.accountable, e.g. accountable: ["@name"]'
        report.add("GT110", p, message, hint, item.id)


def check_page_reviews(model: Model, report: Reporter, window: DateWindow = DEFAULT_WINDOW) -> None:
    for page in model.pages.values():
        if page.item_id is not None:
            continue
        review = page_review(page, window)
        for key, text, p, problem, code in review.problems if review else ():
            if code == "GT151":
                report.add("GT151", p, f"page front matter {key}: {text} {problem}", window.hint())
                continue
            report.add(
                "GT112",
                p,
                f"page front matter {key}: {text!r} {problem}",
                'write owner as a quoted handle ("@name"), last_reviewed as YYYY-MM-DD and '
                "review_cadence as weekly, monthly, quarterly or yearly",
            )


def _handles(item: Item, spec_of: TypeSpec) -> Iterator[tuple[str, str]]:
    """(handle, field path) of every handle an item names: owner, RACI roles, custom handle fields."""
    for spec in spec_of.fields.values():
        value = item.values.get(spec.name)
        records = [(spec.name, value)] if spec.kind == "record" else []
        if spec.kind == "records" and isinstance(value, list):
            records = [(f"{spec.name}[{n}]", v) for n, v in enumerate(value)]
        if spec.kind == "handle" and isinstance(value, str):
            yield value, spec.name
        elif spec.kind == "handles" and isinstance(value, list):
            yield from ((h, f"{spec.name}[{n}]") for n, h in enumerate(value) if isinstance(h, str))
        for path, record in records:
            if not isinstance(record, dict):
                continue
            for sub in spec.fields:
                got = record.get(sub.name)
                if sub.kind == "handle" and isinstance(got, str):
                    yield got, f"{path}.{sub.name}"
                elif sub.kind == "handles" and isinstance(got, list):
                    yield from ((h, f"{path}.{sub.name}[{n}]") for n, h in enumerate(got) if isinstance(h, str))


def check_handle_pages(model: Model, report: Reporter) -> None:
    """GT152: a handle whose owner page would take the address of a page goldenthread generates."""

    def refuse(handle: str, pos: Pos, item_id: str | None) -> None:
        report.add(
            "GT152",
            pos,
            f"the handle {handle!r} would get the owner page owners/{handle_slug(handle)}.md, "
            "which is the page listing every owner",
            f"choose another handle: {', '.join(sorted('@' + s for s in RESERVED_SLUGS))} is reserved",
            item_id,
        )

    for item in model.items.values():
        for handle, path in _handles(item, model.schema.types[item.type]):
            if handle_slug(handle) in RESERVED_SLUGS:
                refuse(handle, item.pos_of(path), item.id)
    for page in model.pages.values():
        owner = page.meta.get("owner") if page.item_id is None else None
        if owner is not None and handle_slug(owner[0].strip()) in RESERVED_SLUGS:
            refuse(owner[0].strip(), owner[1], None)


# -- the strategy <-> plan loop (issue 14) -------------------------------------------------------
def _paste_hint(intro: str, entry: str) -> str:
    return f"{intro} (in the file that lists your reviews, under 'reviews:'):\n{entry}"


def check_review_cadence(model: Model, settings: Settings, report: Reporter) -> None:
    """GT170/GT171: plans in their period and the strategy, reviewed on cadence (once reviews are recorded)."""
    if not keeps_records(model):
        return
    today = settings.effective_today()
    due_days = settings.review_due_days
    for c in plan_cadences(model, today, settings.plan_review_days, due_days):
        if c.status != MISSED or c.plan is None:
            continue
        plan = c.plan
        since = f"since {c.last}" if c.last else "since its period started"
        report.add(
            "GT170",
            plan.pos,
            f"plan {plan.id} has had no monthly-plan review {since}: one was due by {c.next_due} "
            f"(every {c.every_days} days while the plan runs)",
            _paste_hint("hold the review and record it", review_entry(model, c.kind, today, plan)),
            plan.id,
        )
    s = strategy_cadence(model, today, settings.strategy_review_days, due_days, settings.strategy_page)
    if s is not None and s.status == MISSED:
        why = f"the last was held {s.last}, and the next was due by {s.next_due}" if s.last else "none is recorded"
        report.add(
            "GT171",
            s.pos,
            f"the strategy has had no quarterly-strategy review in the last {s.every_days} days: {why}",
            _paste_hint("hold the review and record it", review_entry(model, s.kind, today, None)),
        )


def check_value_propositions(model: Model, report: Reporter) -> None:
    """GT172: a promise with no measure behind it: no kpi and no proof with a number in it."""
    for vp in unmeasured(model):
        where = vp.pos_of("proof") if "proof" in vp.positions else vp.pos_of("benefit")
        has_proof = bool(vp.get("proof"))
        report.add(
            "GT172",
            where,
            f"value proposition {vp.id} is a promise with no measure: no kpi"
            + (", and no proof states a number" if has_proof else " and no proof"),
            "add 'kpi: KPI-…' naming the KPI the promise moves, or a proof with a number "
            '(e.g. "112 customers: median close fell from 8.7 to 4.1 days")',
            vp.id,
        )


def check_positionings(model: Model, report: Reporter) -> None:
    """GT173: a positioning is set against something: at least one competitor or alternative."""
    for pos in model.of_type("positioning"):
        if pos.get("alternatives"):
            continue
        where = pos.pos_of("alternatives") if "alternatives" in pos.positions else pos.pos_of("differentiator")
        report.add(
            "GT173",
            where,
            f"positioning {pos.id} names no competitor or alternative it is set against",
            "add 'alternatives: [COMP-…]': what the audience would do instead (a competitor, "
            "spreadsheets, doing nothing) makes the differentiator mean something",
            pos.id,
        )


#: rule code of each feedback signal kind
SIGNAL_RULES: dict[str, Code] = {
    sg.KPI_OFF_TRACK: "GT180",
    sg.OVER_BUDGET: "GT181",
    sg.SPENDING_AHEAD: "GT182",
    sg.ENDED_WITHOUT_ACTUALS: "GT183",
    sg.NO_ACTIVE_CAMPAIGN: "GT184",
    sg.LEADING_WRONG_WAY: "GT185",
}
SIGNAL_HINTS = {
    sg.KPI_OFF_TRACK: "look at the campaigns that serve it: change the plan, or revisit the target at the "
    "next strategy review",
    sg.OVER_BUDGET: "raise the budget at the next plan review, or record why the overrun is accepted",
    sg.SPENDING_AHEAD: "check the pacing with the campaign owner, or give the budget lines the months "
    "the money is really spent in",
    sg.ENDED_WITHOUT_ACTUALS: "record the campaign's spend in the actuals, or mark it cancelled",
    sg.NO_ACTIVE_CAMPAIGN: "plan a campaign that supports it this quarter, or mark it draft or retired",
    sg.LEADING_WRONG_WAY: "a leading indicator warns before the objective's KPI does: check the campaigns that move it",
}


def check_signals(model: Model, signals: list[sg.Signal], report: Reporter) -> None:
    """GT180–GT185: each feedback signal at its subject item (info unless promoted)."""
    for signal in signals:
        item = model.items.get(signal.subject)
        if item is None:
            continue
        label = sg.KINDS[signal.kind][0]
        report.add(
            SIGNAL_RULES[signal.kind],
            item.pos,
            f"{label}: {item.id}: {signal.message}",
            SIGNAL_HINTS[signal.kind],
            item.id,
            related=[model.items[r].pos for r in signal.related if r in model.items],
        )


def _shown_id(text: str) -> str:
    """An ID for a message: quoted, and cut (with its length) when beyond the ID limit."""
    if len(text) <= MAX_ID_CHARS:
        return repr(text)
    return f"{text[:30]!r}… ({len(text):,} characters)"
