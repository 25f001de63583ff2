"""Renaming an ID everywhere it is written, by source position, leaving everything else as it is.

The loader knows the exact line and column of every ID: the item's ``id:`` value, each link
value (block and flow lists, ``{id: X, weight: 2}`` mappings, single link fields, record links
such as ``kpi_targets[].kpi``), each ``[[ID]]`` reference in prose, and the id cell of each
CSV actuals row. :func:`plan_rename`
collects those positions; :func:`apply_edits` checks that each one holds exactly the old ID
(quoted or not) and replaces just that token. Comments, quoting, spacing, line endings and
every other occurrence of the text (in comments, in code spans) stay untouched. A position
that does not hold the ID aborts the whole rename before any file is written.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from ..analysis import ROOT_CAUSES, Analysis
from ..core.coerce import id_problem
from ..core.model import Pos
from ..core.refs import REF_RE
from ..core.similar import did_you_mean
from ..domain.lock import Lock, fingerprint, render_lock

_BREAK_RE = re.compile(r"\r\n|\r|\n")
_ID_CHAR = re.compile(r"[A-Za-z0-9_-]")


class RenameError(ValueError):
    """A rename that must not happen (the message says why); nothing was written."""


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the ID at ``pos``: ``kind`` is "id" or "link" (a YAML scalar) or "ref" (``[[ID]]``)."""

    pos: Pos
    kind: str


def plan_rename(analysis: Analysis, old: str, new: str, *, prefix: str = "") -> list[Edit]:
    """Every position to edit, in file order; :class:`RenameError` when the rename is refused.

    ``prefix`` is put before file labels in messages.
    """
    model = analysis.model
    broken = [d for d in analysis.diagnostics if d.code in ROOT_CAUSES]
    if broken:
        d = broken[0]
        raise RenameError(
            f"the content has YAML syntax errors ({prefix}{d.location()}: {d.message}); "
            "fix them first (see `goldenthread check`)"
        )
    if old == new:
        raise RenameError(f"{old} and {new} are the same ID")
    item = model.items.get(old)
    if item is None:
        guess = did_you_mean(old, model.items)
        raise RenameError(f"no item has the ID {old}" + (f" (did you mean {guess}?)" if guess else ""))
    if any(d.id == old for d in model.duplicates):
        raise RenameError(f"{old} is declared more than once; fix the duplicate ID first")
    if new in model.items or any(d.id == new for d in model.duplicates):
        other = model.items.get(new) or next(d for d in model.duplicates if d.id == new)
        raise RenameError(f"{new} already exists ({prefix}{other.pos.file}:{other.pos.line})")
    prefix = model.schema.types[item.type].prefix
    problem = id_problem(new, prefix)
    if problem:
        raise RenameError(f"{new} is not a valid {item.type} ID: {problem[0]} ({problem[1]})")
    edits: dict[tuple[str, int, int], Edit] = {}

    def add(pos: Pos, kind: str) -> None:
        edits.setdefault((pos.file, pos.line, pos.column), Edit(pos, kind))

    add(item.pos, "id")
    for source in [*model.items.values(), *model.duplicates]:
        for link in source.links:
            if link.target == old:
                add(link.pos, "link")
        for ref in source.references:
            if ref.target == old:
                add(ref.pos, "ref")
    for page in model.pages.values():
        for ref in page.references:
            if ref.target == old:
                add(ref.pos, "ref")
    for row in analysis.actuals.rows:  # the id column of CSV actuals (KPI values, spend)
        if row.id == old and row.id_pos is not None:
            add(row.id_pos, "link")
    return [edits[k] for k in sorted(edits)]


def _lines(text: str) -> list[list[str]]:
    """[content, line break] pairs; breaks as in the file (\\r\\n, \\r or \\n), as the loader counts lines."""
    out: list[list[str]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        out.append([text[start : m.start()], m.group(0)])
        start = m.end()
    out.append([text[start:], ""])
    return out


_SCALAR_RE_CACHE: dict[str, re.Pattern[str]] = {}


def _scalar_span(line: str, column: int, old: str) -> tuple[int, int] | None:
    """Where ``old`` sits in the YAML scalar starting at ``column`` (after a tag or anchor, in quotes)."""
    pattern = _SCALAR_RE_CACHE.get(old)
    if pattern is None:
        pattern = _SCALAR_RE_CACHE[old] = re.compile(r"(?:[!&][^\s]*[ \t]+)*([\"']?)(" + re.escape(old) + r")\1")
    m = pattern.match(line, column - 1)
    if m is None:
        return None
    if not m.group(1) and m.end() < len(line) and _ID_CHAR.match(line[m.end()]):
        return None  # OBJ-X is only the start of OBJ-XY
    return m.start(2), m.end(2)


def _ref_span(line: str, column: int, old: str) -> tuple[int, int] | None:
    m = REF_RE.match(line, column - 1)
    if m is None or m.group(1) != old:
        return None
    return m.start(1), m.end(1)


def apply_edits(docs_dir: Path, edits: list[Edit], old: str, new: str) -> dict[str, tuple[str, str]]:
    """File label -> (text before, text after) for every edited file. Writes nothing.

    Labels are relative to ``docs_dir`` (analyse with ``label_root=docs_dir``).
    """
    by_file: dict[str, list[Edit]] = {}
    for edit in edits:
        by_file.setdefault(edit.pos.file, []).append(edit)
    out: dict[str, tuple[str, str]] = {}
    for label, file_edits in sorted(by_file.items()):
        path = docs_dir / label
        raw = path.read_bytes().decode("utf-8")
        bom = "\ufeff" if raw.startswith("\ufeff") else ""
        text = raw[len(bom) :]
        lines = _lines(text)
        for edit in sorted(file_edits, key=lambda e: (e.pos.line, -e.pos.column)):
            where = f"{label}:{edit.pos.line}:{edit.pos.column}"
            if not 1 <= edit.pos.line <= len(lines):
                raise RenameError(f"{where}: no such line; nothing was changed")
            content = lines[edit.pos.line - 1][0]
            span = (_ref_span if edit.kind == "ref" else _scalar_span)(content, edit.pos.column, old)
            if span is None:
                raise RenameError(
                    f"{where}: expected {old} here but found {content[edit.pos.column - 1 :][:40]!r}; "
                    "nothing was changed"
                )
            lines[edit.pos.line - 1][0] = content[: span[0]] + new + content[span[1] :]
        out[label] = (raw, bom + "".join(c + b for c, b in lines))
    return out


def rename_in_lock(lock: Lock, old: str, new: str, before: Analysis, after: Analysis) -> str | None:
    """The lock text after renaming ``old`` to ``new``; None when the rename does not touch it.

    Entries follow the renamed ID. A strategy item whose fields name the old ID (``parent:
    OBJ-OLD``, ``[[OBJ-OLD]]`` in its description) gets a new fingerprint from the rename
    alone, so a link that was up to date (recorded fingerprint = the one before the rename)
    takes the fingerprint after it: a rename makes nothing suspect.
    """

    def renamed(item_id: str) -> str:
        return new if item_id == old else item_id

    prints_before: dict[str, str] = {}
    prints_after: dict[str, str] = {}

    def print_of(a: Analysis, item_id: str, memo: dict[str, str]) -> str | None:
        if item_id not in memo:
            item = a.model.items.get(item_id)
            if item is None:
                return None
            memo[item_id] = fingerprint(item, a.model.schema)
        return memo[item_id]

    entries: dict[str, dict[str, str]] = {}
    for source, targets in lock.entries.items():
        for target, recorded in targets.items():
            now = recorded
            if recorded == print_of(before, target, prints_before):
                now = print_of(after, renamed(target), prints_after) or recorded
            entries.setdefault(renamed(source), {})[renamed(target)] = now
    reviewers = {renamed(s): r for s, r in lock.reviewers.items()}
    if entries == lock.entries and reviewers == lock.reviewers:
        return None
    return render_lock(entries, reviewers)


def unified_diff(label: str, before: str, after: str) -> str:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), f"a/{label}", f"b/{label}"
    )
    text = "".join(line if line.endswith(("\n", "\r")) else line + "\n\\ No newline at end of file\n" for line in lines)
    return text
