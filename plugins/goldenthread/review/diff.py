"""A semantic diff of two versions of the content: what a pull request does to strategy and plans.

:func:`compare` takes two analyses (BASE and HEAD) and returns a JSON-ready report: items added,
removed and changed (field by field), links added, removed and re-weighted, objectives that
lost or gained plan coverage, budget moved per objective and per channel, plan items that
became suspect (see :mod:`goldenthread.lock`), and diagnostics new in HEAD. :func:`to_markdown`
renders that report for a pull-request comment; :func:`to_json` serialises it. Both are
deterministic: the same inputs give byte-identical output.

:func:`materialise_ref` writes the content of a git ref (and its lock and people files) to a
folder with ``git archive``/``git show``, without touching the work tree.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import subprocess
import tarfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ..analysis import Analysis
from ..core.diagnostics import Diagnostic, Severity
from ..core.graph import Graph
from ..core.model import Item, Link, Model
from ..domain.lock import LockError, canonical_fields, find_suspects, fingerprint, read_lock, tracked_links
from ..domain.rollup import budget_by_objective, item_budget, plan_currency
from ..domain.signals import KINDS as SIGNAL_KINDS
from ..domain.signals import Signal

DIFF_VERSION = 1
#: feedback signals as diagnostics: reported in their own section, not as new problems
SIGNAL_CODES = frozenset({"GT180", "GT181", "GT182", "GT183", "GT184", "GT185"})
#: The first line of the Markdown report, so a workflow can find and update its own comment.
MARKER = "<!-- goldenthread-diff -->"
#: Text longer than this (or on several lines) is summarised instead of shown.
SHORT_TEXT = 80
#: Lists longer than this (as Markdown) are summarised as counts of entries added and removed.
LIST_CELL = 200
#: Rows shown per Markdown table; the JSON report has them all.
MAX_ROWS = 100
#: GitHub rejects comments over 65,536 characters.
MAX_MARKDOWN = 60_000


# -- values ----------------------------------------------------------------------------------
def _num(value: float) -> float | int:
    value = round(value, 2)
    return int(value) if float(value).is_integer() else value


def _item_ref(item: Item, prefix: str) -> dict[str, Any]:
    return {
        "id": item.id,
        "type": item.type,
        "title": item.title,
        "owner": item.owner,
        "file": prefix + item.file,
        "line": item.pos.line,
    }


# -- items -------------------------------------------------------------------------------------
def _items(base: Model, head: Model, prefix: str) -> dict[str, Any]:
    added = [_item_ref(head.items[i], prefix) for i in sorted(head.items.keys() - base.items.keys())]
    removed = [_item_ref(base.items[i], prefix) for i in sorted(base.items.keys() - head.items.keys())]
    changed: list[dict[str, Any]] = []
    for item_id in sorted(base.items.keys() & head.items.keys()):
        old, new = base.items[item_id], head.items[item_id]
        fields: list[dict[str, Any]] = []
        if old.type != new.type:
            fields.append({"field": "type", "old": old.type, "new": new.type})
        if old.file != new.file:
            fields.append({"field": "file", "old": prefix + old.file, "new": prefix + new.file})
        a, b = canonical_fields(old, base.schema), canonical_fields(new, head.schema)
        for name in [*a, *(n for n in b if n not in a)]:
            if a.get(name) != b.get(name):
                fields.append({"field": name, "old": a.get(name), "new": b.get(name)})
        if fields:
            changed.append({**_item_ref(new, prefix), "fields": fields})
    return {"added": added, "removed": removed, "changed": changed}


# -- links -------------------------------------------------------------------------------------
def _link_field(link: Link) -> str:
    return f"{link.record}.{link.spec_field}" if link.record else link.spec_field


def _link_map(model: Model) -> dict[tuple[str, str, str], float | int | None]:
    out: dict[tuple[str, str, str], float | int | None] = {}
    for item in model.items.values():
        for link in item.links:
            key = (link.source, _link_field(link), link.target)
            if key not in out:
                out[key] = _num(link.weight) if link.weight is not None else None
    return out


def _links(base: Model, head: Model) -> dict[str, Any]:
    a, b = _link_map(base), _link_map(head)

    def row(key: tuple[str, str, str], weight: float | int | None) -> dict[str, Any]:
        return {"source": key[0], "field": key[1], "target": key[2], "weight": weight}

    return {
        "added": [row(k, b[k]) for k in sorted(b.keys() - a.keys())],
        "removed": [row(k, a[k]) for k in sorted(a.keys() - b.keys())],
        "reweighted": [
            {"source": k[0], "field": k[1], "target": k[2], "old_weight": a[k], "new_weight": b[k]}
            for k in sorted(a.keys() & b.keys())
            if a[k] != b[k]
        ],
    }


# -- coverage ----------------------------------------------------------------------------------
def _coverage(base: Analysis, head: Analysis) -> list[dict[str, Any]]:
    before, after = base.graph.supported_objectives(), head.graph.supported_objectives()
    rows: list[dict[str, Any]] = []
    for obj in sorted(o.id for o in head.model.of_type("objective")):
        old = set(before.get(obj, ())) if obj in base.model.items else set()
        new = set(after.get(obj, ()))
        if old == new:
            continue
        change = "lost" if old and not new else "gained" if new and not old else "changed"
        rows.append(
            {
                "objective": obj,
                "title": head.model.items[obj].title,
                "change": change,
                "before": len(old),
                "after": len(new),
                "added": sorted(new - old),
                "removed": sorted(old - new),
            }
        )
    return rows


# -- budget ------------------------------------------------------------------------------------
def _money_items(graph: Graph) -> list[tuple[Item, str]]:
    """Items that carry plan money (those linked to a plan: campaigns), with their plan's currency.

    Tactic budgets are a breakdown of their campaign's budget, so they are not counted again.
    """
    model = graph.model
    out: list[tuple[Item, str]] = []
    for item in model.items.values():
        plans = [
            ln.target
            for ln in graph.outgoing.get(item.id, ())
            if ln.spec_field == "plan" and not ln.record and model.items[ln.target].type == "plan"
        ]
        if plans:
            out.append((item, plan_currency(graph, item)))
    return out


def _channel_amounts(item: Item) -> dict[str, float]:
    budget = item.get("budget")
    out: dict[str, float] = {}
    if isinstance(budget, list):
        for line in budget:
            if isinstance(line, dict):
                channel = str(line.get("channel") or "")
                out[channel] = out.get(channel, 0.0) + float(line.get("amount") or 0)
    elif item_budget(item):
        channel = item.get("channel") or next(iter(item.get("channels") or []), "")
        out[str(channel)] = item_budget(item)
    return out


def _budget_maps(a: Analysis) -> tuple[dict[tuple[str, str], float], dict[tuple[str, str], float]]:
    by_obj: dict[tuple[str, str], float] = {}
    by_channel: dict[tuple[str, str], float] = {}
    for item, currency in _money_items(a.graph):
        split = budget_by_objective(a.graph, item)
        if not split and item_budget(item):
            split = {"": item_budget(item)}
        for obj, amount in split.items():
            by_obj[(obj, currency)] = by_obj.get((obj, currency), 0.0) + amount
        for channel, amount in _channel_amounts(item).items():
            by_channel[(channel, currency)] = by_channel.get((channel, currency), 0.0) + amount
    return by_obj, by_channel


def _moves(
    a: dict[tuple[str, str], float],
    b: dict[tuple[str, str], float],
    key: str,
    titles: Callable[[str], str | None] | None = None,
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for k in sorted(a.keys() | b.keys(), key=lambda k: (k[0] == "", k[0].lower(), k[0], k[1])):
        old, new = a.get(k, 0.0), b.get(k, 0.0)
        if abs(new - old) < 0.005:
            continue
        row: dict[str, Any] = {key: k[0] or None}
        if titles is not None:
            row["title"] = titles(k[0]) if k[0] else None
        row.update({"currency": k[1], "before": _num(old), "after": _num(new), "change": _num(new - old)})
        rows.append(row)
    return rows


def _budget(base: Analysis, head: Analysis) -> dict[str, Any]:
    (ao, ac), (bo, bc) = _budget_maps(base), _budget_maps(head)

    def title(obj: str) -> str | None:
        item = head.model.items.get(obj) or base.model.items.get(obj)
        return item.title if item is not None else None

    return {"by_objective": _moves(ao, bo, "objective", title), "by_channel": _moves(ac, bc, "channel")}


# -- suspects ----------------------------------------------------------------------------------
def _lock_of(a: Analysis) -> tuple[bool, Any]:
    try:
        lock = read_lock(a.settings.lock_path)
    except LockError:
        return False, None
    return lock is not None, lock


def _suspects(base: Analysis, head: Analysis, prefix: str) -> dict[str, Any]:
    has_lock, head_lock = _lock_of(head)
    head_links = tracked_links(head.model, head.graph)
    if has_lock:
        _, base_lock = _lock_of(base)
        now = {(s.source, s.target) for s in find_suspects(head.model, head.graph, head_lock)}
        before = {(s.source, s.target) for s in find_suspects(base.model, base.graph, base_lock)}
        became = now - before
        cleared = {p for p in before - now if p in head_links}
        mode = "lock"
    else:
        base_links = tracked_links(base.model, base.graph)
        prints: dict[str, bool] = {}
        became = set()
        for source, target in head_links:
            if (source, target) not in base_links:
                continue
            if target not in prints:
                prints[target] = fingerprint(base.model.items[target], base.model.schema) != fingerprint(
                    head.model.items[target], head.model.schema
                )
            if prints[target]:
                became.add((source, target))
        cleared = set()
        mode = "changes"

    def rows(pairs: set[tuple[str, str]]) -> list[dict[str, Any]]:
        by_source: dict[str, list[str]] = {}
        for source, target in pairs:
            by_source.setdefault(source, []).append(target)
        out: list[dict[str, Any]] = []
        for source in sorted(by_source):
            item = head.model.items[source]
            thread = head.settings.thread
            below = sorted(
                {
                    ln.source
                    for ln in head.graph.incoming.get(source, ())
                    if ln.spec_field in thread.get(head.model.items[ln.source].type, ()) and not ln.record
                }
            )
            out.append({**_item_ref(item, prefix), "because": sorted(by_source[source]), "below": below})
        return out

    return {"mode": mode, "became": rows(became), "cleared": rows(cleared), "touched": _touched(base, head, prefix)}


def _touched(base: Analysis, head: Analysis, prefix: str) -> list[dict[str, Any]]:
    """Plan items linking to a strategy item whose meaning the change alters, and where each stands.

    A branch that changes an objective and re-reviews its campaigns leaves nothing suspect on
    either side; the reviewer still needs to see which plan items were looked at, and by whom.
    """
    changed: dict[str, bool] = {}
    by_source: dict[str, list[str]] = {}
    for source, target in tracked_links(head.model, head.graph):
        if target not in base.model.items:
            continue
        if target not in changed:
            changed[target] = fingerprint(base.model.items[target], base.model.schema) != fingerprint(
                head.model.items[target], head.model.schema
            )
        if changed[target]:
            by_source.setdefault(source, []).append(target)
    lock, base_lock = head.lock, base.lock
    out: list[dict[str, Any]] = []
    for source in sorted(by_source):
        recorded = lock.entries.get(source, {}) if lock is not None else {}
        before = base_lock.entries.get(source, {}) if base_lock is not None else {}
        by = on = ""
        if lock is None:
            status = "no lock file"
        elif head.suspects.get(source):
            status = "needs review"
        elif any(t not in recorded for t in by_source[source]):
            status = "new link (not in the lock file yet)"
        elif any(recorded[t] != before.get(t) for t in by_source[source]):
            status = "re-reviewed"
            reviewer = lock.reviewers.get(source)
            if reviewer is not None:
                by, on = reviewer.by, reviewer.on.isoformat()
        else:
            status = "up to date"
        out.append(
            {
                **_item_ref(head.model.items[source], prefix),
                "through": sorted(by_source[source]),
                "status": status,
                "by": by,
                "on": on,
            }
        )
    return out


# -- feedback signals --------------------------------------------------------------------------
def _signal_map(a: Analysis) -> dict[tuple[str, str], Signal]:
    return {(sig.kind, sig.subject): sig for sig in a.signals}


def _signals(base: Analysis, head: Analysis, prefix: str) -> dict[str, Any]:
    """Signals the change raises (in HEAD, not in BASE) and clears (in BASE, not in HEAD), by kind and item."""
    before, after = _signal_map(base), _signal_map(head)

    def row(sig: Signal, a: Analysis) -> dict[str, Any]:
        item = a.model.items[sig.subject]
        return {
            **_item_ref(item, prefix),
            "kind": sig.kind,
            "signal": SIGNAL_KINDS[sig.kind][0],
            "related": list(sig.related),
            "message": sig.message,
        }

    order = list(SIGNAL_KINDS)

    def key(k: tuple[str, str]) -> tuple[int, str]:
        return order.index(k[0]), k[1]

    return {
        "raised": [row(after[k], head) for k in sorted(after.keys() - before.keys(), key=key)],
        "cleared": [row(before[k], base) for k in sorted(before.keys() - after.keys(), key=key)],
    }


# -- diagnostics -------------------------------------------------------------------------------
def _diag_key(d: Diagnostic) -> tuple[str, str, str]:
    return (d.code, d.item or "", d.message)


def _new(diags: Iterable[Diagnostic], other: Iterable[Diagnostic]) -> list[Diagnostic]:
    seen = Counter(_diag_key(d) for d in other)
    out: list[Diagnostic] = []
    for d in diags:
        key = _diag_key(d)
        if seen[key]:
            seen[key] -= 1
        else:
            out.append(d)
    return sorted(out, key=Diagnostic.sort_key)


def _diag_row(d: Diagnostic, files: Callable[[str], str]) -> dict[str, Any]:
    return {
        "code": d.code,
        "rule": d.rule.name,
        "severity": str(d.severity),
        "file": files(d.file),
        "line": d.line,
        "column": d.column,
        "item": d.item,
        "message": d.message,
        "hint": d.hint,
    }


# -- the report --------------------------------------------------------------------------------
def compare(
    base: Analysis,
    head: Analysis,
    *,
    base_label: str,
    head_label: str,
    prefix: str = "",
    files: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """The diff of two analyses as JSON-ready data.

    Both analyses should label files relative to their docs_dir; ``prefix`` (``content/``) is
    put before those labels in the report. ``files`` maps other diagnostic file labels (the
    lock and people files) to how the report shows them.
    """

    def show(label: str) -> str:
        return files(label) if files is not None else prefix + label

    items = _items(base.model, head.model, prefix)
    links = _links(base.model, head.model)
    coverage = _coverage(base, head)
    budget = _budget(base, head)
    suspects = _suspects(base, head, prefix)
    signals = _signals(base, head, prefix)
    # suspect links (GT130) and feedback signals (GT180–GT185) have their own sections
    own = {"GT130", *SIGNAL_CODES}
    head_diags = [d for d in head.diagnostics if d.code not in own]
    base_diags = [d for d in base.diagnostics if d.code not in own]
    new = _new(head_diags, base_diags)
    resolved = _new(base_diags, head_diags)
    errors, warnings = head.counts()

    def sev(ds: list[Diagnostic], s: Severity) -> int:
        return sum(1 for d in ds if d.severity is s)

    summary = {
        "items_added": len(items["added"]),
        "items_removed": len(items["removed"]),
        "items_changed": len(items["changed"]),
        "links_added": len(links["added"]),
        "links_removed": len(links["removed"]),
        "links_reweighted": len(links["reweighted"]),
        "objectives_lost_coverage": sum(1 for r in coverage if r["change"] == "lost"),
        "objectives_gained_coverage": sum(1 for r in coverage if r["change"] == "gained"),
        "budget_moved": bool(budget["by_objective"] or budget["by_channel"]),
        "became_suspect": len(suspects["became"]),
        "suspect_cleared": len(suspects["cleared"]),
        "signals_raised": len(signals["raised"]),
        "signals_cleared": len(signals["cleared"]),
        "new_errors": sev(new, Severity.ERROR),
        "new_warnings": sev(new, Severity.WARNING),
        "resolved": len(resolved),
        "head_errors": errors,
        "head_warnings": warnings,
    }
    return {
        "version": DIFF_VERSION,
        "base": base_label,
        "head": head_label,
        "summary": summary,
        "items": items,
        "links": links,
        "coverage": coverage,
        "budget": budget,
        "suspects": suspects,
        "signals": signals,
        "diagnostics": {"new": [_diag_row(d, show) for d in new], "resolved": [_diag_row(d, show) for d in resolved]},
    }


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


# -- Markdown ----------------------------------------------------------------------------------
_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|~#$"})


def md(text: Any) -> str:
    """Plain text for a Markdown table cell: one line, markup escaped, no @mentions."""
    out = " ".join(str(text).split()).translate(_MD_ESCAPE)
    return out.replace("@", "@&#8203;")


def code(text: Any) -> str:
    """A code span for a table cell (IDs, handles, values): backticks and pipes kept literal."""
    value = " ".join(str(text).split()).replace("|", "\\|")
    if not value:
        return "—"
    fence = "`"
    while fence in value:
        fence += "`"
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


def _money(amount: float | int, currency: str, sign: bool = False) -> str:
    text = f"{abs(amount):,.0f}" if float(amount).is_integer() else f"{abs(amount):,.2f}"
    lead = ("+" if amount > 0 else "−" if amount < 0 else "") if sign else ("−" if amount < 0 else "")
    return f"{lead}{currency + ' ' if currency else ''}{text}"


def _entry(value: Any) -> str:
    if isinstance(value, dict) and set(value) == {"id", "weight"}:
        return f"{value['id']} ×{value['weight']}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_entry(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "[" + ", ".join(_entry(v) for v in value) + "]"
    return _scalar(value)


def _scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _is_long_text(value: Any) -> bool:
    return isinstance(value, str) and ("\n" in value.strip() or len(value) > SHORT_TEXT)


def _value_cells(field: str, old: Any, new: Any) -> tuple[str, str]:
    """(before, after) cells for one changed field: values in code, long text and records summarised."""
    if field == "description" or _is_long_text(old) or _is_long_text(new):
        a = str(old or "").strip().split("\n") if old else []
        b = str(new or "").strip().split("\n") if new else []
        delta = list(difflib.ndiff(a, b))
        plus, minus = sum(1 for d in delta if d.startswith("+ ")), sum(1 for d in delta if d.startswith("- "))

        def lines(n: int) -> str:
            return f"{n} line{'s' if n != 1 else ''}"

        before = f"text, {lines(len(a))}" if old else "—"
        same_words = " ".join(str(old or "").split()) == " ".join(str(new or "").split())
        after = f"text, {lines(len(b))} ({'re-wrapped only' if same_words else f'+{plus} −{minus}'})" if new else "—"
        return before, after
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [k for k in [*old, *(k for k in new if k not in old)] if old.get(k) != new.get(k)]

        def part(d: dict[str, Any]) -> str:
            shown = [f"{md(k)}: {code(_entry(d[k]))}" for k in keys if k in d]
            return "; ".join(shown) or "—"

        return part(old), part(new)
    if isinstance(old, list) or isinstance(new, list):
        a_list, b_list = old if isinstance(old, list) else [], new if isinstance(new, list) else []

        def listing(values: list[Any], present: bool) -> str | None:
            text = "; ".join(code(_entry(v)) for v in values) if values else "—"
            return text if len(text) <= LIST_CELL or not present else None

        shown = listing(a_list, old is not None), listing(b_list, new is not None)
        if shown[0] is not None and shown[1] is not None:
            return shown[0], shown[1]
        a_keys = Counter(json.dumps(v, sort_keys=True) for v in a_list)
        b_keys = Counter(json.dumps(v, sort_keys=True) for v in b_list)
        plus, minus = sum((b_keys - a_keys).values()), sum((a_keys - b_keys).values())

        def count(n: int) -> str:
            return f"{n} entr{'ies' if n != 1 else 'y'}"

        return (
            count(len(a_list)) if old is not None else "—",
            f"{count(len(b_list))} (+{plus} −{minus})" if new is not None else "—",
        )
    return (code(_scalar(old)) if old is not None else "—"), (code(_scalar(new)) if new is not None else "—")


def _table(header: list[str], rows: list[list[str]], cap: int) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[:cap]]
    if len(rows) > cap:
        out += ["", f"… and {len(rows) - cap} more (see `goldenthread diff --format json`)."]
    return out


def _section(title: str, header: list[str], rows: list[list[str]], cap: int, lead: str = "") -> list[str]:
    """A ``###`` section: its title, a lead paragraph and the table; nothing without rows."""
    if not rows:
        return []
    return ["", f"### {title}", "", *([lead, ""] if lead else []), *_table(header, rows, cap)]


def _owner(row: dict[str, Any]) -> str:
    return code(row["owner"]) if row["owner"] else "—"


def _money_cells(row: dict[str, Any]) -> list[str]:
    """Before, after and the change of a budget row, in its currency."""
    currency = row["currency"]
    return [_money(row["before"], currency), _money(row["after"], currency), _money(row["change"], currency, sign=True)]


def _ids(values: Iterable[str]) -> str:
    return ", ".join(code(v) for v in values) or "—"


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _tally(s: dict[str, Any], noun: str, counts: tuple[tuple[str, str], ...]) -> list[str]:
    """``["items: 2 added, 1 changed"]``; nothing when every count is 0."""
    shown = [f"{s[key]} {what}" for key, what in counts if s[key]]
    total = sum(s[key] for key, _ in counts)
    return [f"{noun if total == 1 else noun + 's'}: " + ", ".join(shown)] if shown else []


def _summary_line(s: dict[str, Any]) -> str:
    parts = _tally(s, "item", (("items_added", "added"), ("items_removed", "removed"), ("items_changed", "changed")))
    parts += _tally(
        s, "link", (("links_added", "added"), ("links_removed", "removed"), ("links_reweighted", "re-weighted"))
    )
    if s["objectives_lost_coverage"]:
        parts.append(f"{_plural(s['objectives_lost_coverage'], 'objective')} lost plan coverage")
    if s["objectives_gained_coverage"]:
        parts.append(f"{_plural(s['objectives_gained_coverage'], 'objective')} gained plan coverage")
    if s["budget_moved"]:
        parts.append("budget moved")
    if s["became_suspect"]:
        parts.append(f"{_plural(s['became_suspect'], 'plan item')} became suspect")
    if s.get("signals_raised"):
        parts.append(f"{_plural(s['signals_raised'], 'signal')} raised")
    if s.get("signals_cleared"):
        parts.append(f"{_plural(s['signals_cleared'], 'signal')} cleared")
    if s["new_errors"]:
        parts.append(f"{_plural(s['new_errors'], 'new error')}")
    if s["new_warnings"]:
        parts.append(f"{_plural(s['new_warnings'], 'new warning')}")
    if s["resolved"]:
        parts.append(f"{_plural(s['resolved'], 'problem')} resolved")
    return " · ".join(parts)


def to_markdown(report: dict[str, Any], *, cap: int = MAX_ROWS) -> str:
    """The report as GitHub-flavoured Markdown for a pull-request comment."""
    text = _markdown(report, cap)
    if len(text) > MAX_MARKDOWN and cap > 10:
        text = _markdown(report, 10)
    if len(text) > MAX_MARKDOWN:
        cut = text.rfind("\n", 0, MAX_MARKDOWN)
        text = text[:cut] + "\n\n… (report truncated; see `goldenthread diff --format json`)\n"
    return text


def _markdown(report: dict[str, Any], cap: int) -> str:
    s = report["summary"]
    out = [MARKER, "## goldenthread: strategy and plan changes", ""]
    line = _summary_line(s)
    out.append(
        f"Comparing {code(report['base'])} → {code(report['head'])}: "
        + (line + "." if line else "no changes to items, links, plan coverage, budgets or problems.")
    )
    if s["head_errors"]:
        out += ["", f"**The head has {_plural(s['head_errors'], 'error')}: the wiki will not build.**"]
    elif s["head_warnings"]:
        out += [
            "",
            f"**The head has {_plural(s['head_warnings'], 'warning')}: the strict gate "
            "(`mkdocs build --strict`, `goldenthread check --strict`) will fail until they are fixed.**",
        ]

    sus = report["suspects"]
    out += _section(
        "Became suspect",
        ["Plan item", "Title", "Owner", "Changed", "Below it"],
        [[code(r["id"]), md(r["title"]), _owner(r), _ids(r["because"]), _ids(r["below"])] for r in sus["became"]],
        cap,
        "These plan items link to strategy items that changed. Their owners should check that "
        "they still fit, then run `goldenthread review ID`.",
    )
    out += _section(
        "Reviewed",
        ["Plan item", "Title", "Reviewed against"],
        [[code(r["id"]), md(r["title"]), _ids(r["because"])] for r in sus["cleared"]],
        cap,
    )
    out += _section(
        "Plan items the change touches",
        ["Plan item", "Title", "Through", "Status"],
        [
            [
                code(r["id"]),
                md(r["title"]),
                _ids(r["through"]),
                md(
                    f"re-reviewed by {r['by']} on {r['on']}"
                    if r["status"] == "re-reviewed" and r["by"]
                    else r["status"]
                ),
            ]
            for r in sus.get("touched") or []
        ],
        cap,
        "Plan items that link to a strategy item this change alters, and whether they were re-reviewed.",
    )

    sig = report.get("signals") or {"raised": [], "cleared": []}
    out += _section(
        "Feedback signals",
        ["Change", "Signal", "Item", "Owner", "What"],
        [
            [change, md(r["signal"]), code(r["id"]), _owner(r), md(r["message"])]
            for change, rows in (("**raised**", sig["raised"]), ("cleared", sig["cleared"]))
            for r in rows
        ],
        cap,
        "What execution data says to look at again, as the change leaves it (see the wiki's feedback signals page).",
    )

    items = report["items"]
    item_head = ["Item", "Type", "Title", "Owner", "File"]
    out += _section(
        "Items added",
        item_head,
        [
            [code(r["id"]), r["type"], md(r["title"]), _owner(r), code(f"{r['file']}:{r['line']}")]
            for r in items["added"]
        ],
        cap,
    )
    out += _section(
        "Items removed",
        item_head,
        [[code(r["id"]), r["type"], md(r["title"]), _owner(r), code(r["file"])] for r in items["removed"]],
        cap,
    )
    if items["changed"]:
        out += ["", "### Items changed", ""]
        rows = []
        for r in items["changed"]:
            for f in r["fields"]:
                before, after = _value_cells(f["field"], f["old"], f["new"])
                rows.append([code(r["id"]), code(f["field"]), before, after])
        out += _table(["Item", "Field", "Before", "After"], rows, cap)

    links = report["links"]
    link_rows = [
        [
            "added" if r["weight"] is None else f"added (weight {r['weight']})",
            code(r["source"]),
            code(r["field"]),
            code(r["target"]),
        ]
        for r in links["added"]
    ]
    link_rows += [["removed", code(r["source"]), code(r["field"]), code(r["target"])] for r in links["removed"]]
    link_rows += [
        [
            f"weight {r['old_weight'] or 1} → {r['new_weight'] or 1}",
            code(r["source"]),
            code(r["field"]),
            code(r["target"]),
        ]
        for r in links["reweighted"]
    ]
    out += _section("Links", ["Change", "From", "Field", "To"], link_rows, cap)

    labels = {"lost": "**lost all plan coverage**", "gained": "gained plan coverage", "changed": "changed"}
    out += _section(
        "Plan coverage of objectives",
        ["Objective", "Title", "Coverage", "Plan items", "Added", "Removed"],
        [
            [
                code(r["objective"]),
                md(r["title"]),
                labels[r["change"]],
                f"{r['before']} → {r['after']}",
                _ids(r["added"]),
                _ids(r["removed"]),
            ]
            for r in report["coverage"]
        ],
        cap,
    )

    budget = report["budget"]
    out += _section(
        "Budget by objective",
        ["Objective", "Title", "Before", "After", "Change"],
        [
            [
                code(r["objective"]) if r["objective"] else "(no objective)",
                md(r["title"]) if r["title"] else "—",
                *_money_cells(r),
            ]
            for r in budget["by_objective"]
        ],
        cap,
    )
    out += _section(
        "Budget by channel",
        ["Channel", "Before", "After", "Change"],
        [[md(r["channel"]) if r["channel"] else "(no channel)", *_money_cells(r)] for r in budget["by_channel"]],
        cap,
    )

    diags = report["diagnostics"]
    out += _section(
        "New problems",
        ["Severity", "Rule", "Where", "Problem"],
        [[d["severity"], code(d["code"]), code(f"{d['file']}:{d['line']}"), md(d["message"])] for d in diags["new"]],
        cap,
    )
    if diags["resolved"]:
        out += [
            "",
            f"{_plural(len(diags['resolved']), 'problem')} of the base "
            f"{'is' if len(diags['resolved']) == 1 else 'are'} resolved.",
        ]
    return "\n".join(out) + "\n"


# -- git refs ----------------------------------------------------------------------------------
class RefError(ValueError):
    """A git ref that cannot be compared (unknown ref, not a git repository)."""


def _git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, env=env, check=False)
    except OSError as exc:
        raise RefError(f"cannot run git: {exc}") from None
    if check and result.returncode != 0:
        raise RefError(result.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
    return result


def git_toplevel(path: Path) -> Path | None:
    try:
        result = _git(path, "rev-parse", "--show-toplevel", check=False)
    except RefError:
        return None
    if result.returncode != 0:
        return None
    return Path(result.stdout.decode("utf-8").strip())


def resolve_ref(repo: Path, ref: str) -> str:
    """The commit SHA a ref names; :class:`RefError` when it names none."""
    if not ref or ref.startswith("-"):
        raise RefError(f"{ref!r} is not a git ref")
    result = _git(repo, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
    if result.returncode != 0:
        raise RefError(f"{ref!r} is neither a folder nor a commit of the repository at {repo}")
    return result.stdout.decode("utf-8").strip()


def materialise_ref(repo: Path, ref: str, paths: Iterable[str], dest: Path) -> str:
    """Write ``paths`` (folders or files, relative to the repository root) as they are at ``ref``
    into ``dest``, with ``git archive`` and ``git show``; the work tree is not touched.

    Paths absent at ``ref`` are skipped (a folder is created empty). Returns the commit SHA.
    """
    sha = resolve_ref(repo, ref)
    dest.mkdir(parents=True, exist_ok=True)
    for rel in paths:
        rel = rel.strip("/") or "."
        kind = _git(repo, "cat-file", "-t", f"{sha}:{rel}", check=False)
        what = kind.stdout.decode("utf-8").strip() if kind.returncode == 0 else ""
        if what == "tree":
            data = _git(repo, "archive", "--format=tar", sha, "--", rel).stdout
            try:
                with tarfile.open(fileobj=io.BytesIO(data)) as archive:
                    archive.extractall(dest, filter="data")
            except (tarfile.TarError, OSError) as exc:
                raise RefError(f"cannot extract {rel} at {ref}: {exc}") from None
        elif what == "blob":
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(repo, "show", f"{sha}:{rel}").stdout)
        elif rel != "." and Path(rel).suffix == "":
            (dest / rel).mkdir(parents=True, exist_ok=True)
    return sha
