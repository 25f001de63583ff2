"""Turning raw YAML nodes into typed item values, one field spec at a time.

Every mistake a stakeholder can make in a value (``10k`` for a budget, ``next week`` for a
date, a single ID where a list belongs) is reported here with the value's own position and a
hint that says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from .bounds import DEFAULT_WINDOW, MAX_ID_CHARS, NUMBER_HINT, DateWindow, number_problem
from .diagnostics import Code, Reporter
from .model import Link, Pos
from .schema import FieldSpec, TypeSpec
from .similar import a, did_you_mean
from .source import Mapping, Node, Scalar, Sequence, describe, is_rejected

ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
HANDLE_RE = re.compile(r"^@[A-Za-z0-9](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?(?:/[A-Za-z0-9](?:[A-Za-z0-9_.-]*))?$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NUMBER_RE = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$")
ONE_LINE_FIELDS = frozenset({"title", "question"})
#: Field kinds written as one scalar, and as a list.
_SCALAR_KINDS = frozenset({"text", "markdown", "handle", "date", "number", "money", "integer", "bool", "enum", "link"})
_LIST_KINDS = frozenset({"texts", "handles", "links", "records"})
TAG_RE = re.compile(r"^[^<>&\"'`\\\x00-\x1f]+$")


def id_problem(text: str, prefix: str | None) -> tuple[str, str] | None:
    """(message, hint) when ``text`` is not a well-formed ID (with ``prefix`` when given)."""
    for ch in text:
        if ord(ch) > 127:
            name = unicodedata.name(ch, "unknown character")
            return (
                f"ID {text!r} contains the non-ASCII character {ch!r} (U+{ord(ch):04X} {name})",
                "IDs use only A–Z, 0–9 and '-'; retype the character",
            )
    if len(text) > MAX_ID_CHARS:
        return (
            f"ID {text[:30]!r}… is {len(text):,} characters long; the limit is {MAX_ID_CHARS}",
            "IDs name pages and URLs: shorten it",
        )
    if not ID_RE.match(text):
        upper = re.sub(r"[^A-Z0-9-]+", "-", text.upper()).strip("-")
        hint = f"write {upper!r}" if upper and ID_RE.match(upper) else "use upper-case letters, digits and '-'"
        return f"ID {text!r} is not upper-case letters and digits joined by '-'", hint
    if prefix and not text.startswith(prefix + "-"):
        return f"ID {text!r} does not start with the prefix '{prefix}-'", f"rename it to '{prefix}-…'"
    return None


class Coercer:
    """Converts the fields of one item, collecting its typed values, positions and links."""

    def __init__(
        self,
        report: Reporter,
        file: str,
        item_id: str | None,
        spec: TypeSpec,
        window: DateWindow = DEFAULT_WINDOW,
    ) -> None:
        self.report = report
        self.window = window
        self.file = file
        self.item_id = item_id
        self.spec = spec
        self.values: dict[str, Any] = {}
        self.positions: dict[str, Pos] = {}
        self.links: list[Link] = []

    # -- reporting -------------------------------------------------------------------------
    def bad(self, code: Code, node: Node, message: str, hint: str) -> None:
        self.report.add(code, node.at(self.file), message, hint, self.item_id)

    def pos(self, node: Node) -> Pos:
        return node.at(self.file)

    def single(self, node: Node, message: str, hint: str) -> Scalar | None:
        """``node`` when it is one value; else None, reported as GT006 unless already rejected."""
        if isinstance(node, Scalar) and not node.is_null:
            return node
        if not is_rejected(node):
            self.bad("GT006", node, message, hint)
        return None

    def unknown_field(self, key: Node, name: str, where: str, known: Iterable[str], otherwise: str) -> None:
        """GT020 at ``key``, suggesting the closest of the ``known`` fields (else ``otherwise``)."""
        guess = did_you_mean(name, known)
        self.bad("GT020", key, f"unknown field {name!r} {where}", f"did you mean {guess!r}?" if guess else otherwise)

    # -- fields ----------------------------------------------------------------------------
    def item_fields(self, mapping: Mapping, skip: frozenset[str] = frozenset()) -> None:
        fields = self.spec.fields
        file, positions, values = self.file, self.positions, self.values
        for name, (key, node) in mapping.entries.items():
            if name in skip:
                continue
            fspec = fields.get(name)
            if fspec is None:
                hint = "declare custom fields under the plugin's 'fields:' option"
                self.unknown_field(key, name, f"for {a(self.spec.name)}", fields, hint)
                continue
            positions[name] = node.at(file)
            value = self.value(fspec, node, name)
            if value is not None:
                values[name] = value
        for fspec in fields.values():
            if fspec.required and fspec.name not in skip and self.values.get(fspec.name) in (None, "", []):
                if fspec.name in self.values or fspec.name in mapping.entries:
                    node = mapping.entries[fspec.name][1]
                    if is_rejected(node) or not (
                        isinstance(node, Scalar) and (node.is_null or node.text.strip() == "")
                    ):
                        continue  # wrong value already reported
                    self.bad(
                        "GT005",
                        node,
                        f"required field {fspec.name!r} is empty",
                        f"give the {self.spec.name} {a(fspec.name)}",
                    )
                else:
                    self.bad(
                        "GT005",
                        mapping,
                        f"required field {fspec.name!r} is missing",
                        f"add '{fspec.name}:' to the {self.spec.name}",
                    )

    def value(self, fspec: FieldSpec, node: Node, path: str) -> Any:
        kind = fspec.kind
        if type(node) is Scalar:
            if node.rejected or (node.tag == "null" and not node.quoted):  # Scalar.is_null, inlined
                return None
            if kind in _SCALAR_KINDS:
                return self.scalar(fspec, node, path)
        elif kind in _SCALAR_KINDS:
            example = "a single value" if kind != "link" else "one ID"
            self.bad(
                "GT006",
                node,
                f"{fspec.name!r} expects {example}, not {describe(node)}",
                f"write {fspec.name}: <value> on one line" if kind != "link" else f"write {fspec.name}: <ID>",
            )
            return None
        if kind in _LIST_KINDS:
            if not isinstance(node, Sequence):
                self.bad(
                    "GT006",
                    node,
                    f"{fspec.name!r} expects a list, not {describe(node)}",
                    f"write {fspec.name}: [{node.text if isinstance(node, Scalar) else '…'}]",
                )
                return None
            out: list[Any] = []
            positions, file = self.positions, self.file
            first_at: dict[str, Pos] = {}
            for n, child in enumerate(node.items):
                sub = f"{path}[{n}]"
                positions[sub] = child.at(file)
                if kind == "links":
                    before = len(self.links)
                    self.link_entry(fspec, child, sub)
                    if len(self.links) > before:
                        self.once(first_at, self.links[-1])
                    continue
                if kind == "records":
                    rec = self.record(fspec, child, sub)
                    if rec is not None:
                        out.append(rec)
                    continue
                problem = f"each entry of {fspec.name!r} must be a single value, not {describe(child)}"
                entry = self.single(child, problem, "write one value per list entry")
                if entry is None:
                    continue
                one = self.scalar(fspec, entry, sub, "handle" if kind == "handles" else "text")
                if one is not None and fspec.name == "tags" and not TAG_RE.match(one):
                    # Tags become theme markup and URL anchors (Material's tags plugin): plain words only.
                    self.bad(
                        "GT006",
                        child,
                        f"tag {one!r} contains markup characters",
                        "tags are plain words: remove < > & quotes and backslashes",
                    )
                    continue
                if one is not None:
                    out.append(one)
            if kind == "links":
                return [ln.target for ln in self.links if ln.field.startswith(path + "[")] or None
            return out
        if kind in ("record", "period"):
            return self.record(fspec, node, path)
        raise AssertionError(kind)  # pragma: no cover - kinds are validated in schema

    def record(self, fspec: FieldSpec, node: Node, path: str) -> dict[str, Any] | None:
        if not isinstance(node, Mapping):
            names = ", ".join(f.name for f in fspec.fields)
            self.bad(
                "GT006",
                node,
                f"{fspec.name!r} entries must be mappings ({names}), not {describe(node)}",
                f"write each entry as {{{names}}}",
            )
            return None
        out: dict[str, Any] = {}
        by_name = {f.name: f for f in fspec.fields}
        #: the number a comma split so far: `{amount: 1,250,000}` reads as amount 1 plus keys "250", "000"
        split: list[str] = []
        for name, (key, child) in node.entries.items():
            sub = by_name.get(name)
            if sub is None and name.isdigit() and len(name) == 3 and split:
                if len(split) == 1:  # once per number, at its first separator
                    groups = [split[0], *_digit_keys_from(node, name)]
                    whole, grouped = "".join(groups), ",".join(groups)
                    self.bad(
                        "GT006",
                        key,
                        f"{fspec.name!r} entry has a number split by a comma (key {name!r})",
                        f"remove the thousands separator: write {whole}, not {grouped}",
                    )
                split.append(name)
                continue
            split = [child.text] if isinstance(child, Scalar) and child.text.isdigit() else []
            if sub is None:
                self.unknown_field(key, name, f"in {fspec.name!r}", by_name, f"known fields: {', '.join(by_name)}")
                continue
            subpath = f"{path}.{name}"
            self.positions[subpath] = child.at(self.file)
            value = self.value(sub, child, subpath)
            if value is not None:
                out[name] = value
        for sub in fspec.fields:
            if sub.required and sub.name not in out and sub.name not in node.entries:
                self.bad(
                    "GT005", node, f"{fspec.name!r} entry is missing {sub.name!r}", f"add '{sub.name}:' to this entry"
                )
        if fspec.kind == "period" or ("start" in out and "end" in out and "start" in by_name):
            self.check_order(out, node, path)
        return out

    def check_order(self, rec: dict[str, Any], node: Node, path: str) -> None:
        start, end = rec.get("start"), rec.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            where = self.positions.get(f"{path}.end", self.pos(node))
            self.report.add(
                "GT007",
                where,
                f"{path} ends ({end}) before it starts ({start})",
                "swap the dates or correct the typo",
                self.item_id,
            )

    def link_entry(self, fspec: FieldSpec, node: Node, path: str) -> None:
        weight: float | None = None
        note = ""
        target_node: Node | None = node
        if isinstance(node, Mapping):
            target_node = node.get("id")
            for key, (knode, _) in node.entries.items():
                if key not in ("id", "weight", "note"):
                    self.bad("GT020", knode, f"unknown key {key!r} in a link", "a link takes id, weight and note")
            wnode = node.get("weight")
            if isinstance(wnode, Scalar) and not wnode.is_null:
                w = self.number(fspec, wnode, "link weight")
                if w is not None and w <= 0:
                    self.bad(
                        "GT006",
                        wnode,
                        f"link weight must be positive, not {wnode.text}",
                        "use a positive number such as 1 or 2",
                    )
                elif w is not None:
                    weight = float(w)
            nnode = node.get("note")
            if isinstance(nnode, Scalar):
                note = "" if nnode.is_null else " ".join(nnode.text.split())
            elif nnode is not None:
                self.bad(
                    "GT006",
                    nnode,
                    f"a link's note must be text, not {describe(nnode)}",
                    "write note: <why this link> on one line",
                )
            if target_node is None:
                self.bad("GT005", node, "link is missing its 'id'", "write {id: OBJ-…, weight: 1}")
                return
        problem = f"{fspec.name!r} entries must be IDs, not {describe(node)}"
        target = self.single(target_node or node, problem, "write one ID per entry")
        if target is not None:
            self.add_link(fspec, target, path, weight, note)

    def once(self, first_at: dict[str, Pos], link: Link) -> None:
        """Drop ``link`` (just added) when its list already names the target: a repeat would
        count the target twice, e.g. in the split of a campaign's budget across objectives."""
        first = first_at.get(link.target)
        if first is None:
            first_at[link.target] = link.pos
            return
        self.links.pop()
        self.report.add(
            "GT021",
            link.pos,
            f"{link.spec_field!r} names {link.target} twice (first at line {first.line})",
            "remove the repeat; to give an objective more of the budget, use a weight: {id: OBJ-…, weight: 2}"
            if link.spec_field == "supports"
            else "remove the repeat",
            self.item_id,
            related=[first],
        )

    def add_link(self, fspec: FieldSpec, node: Scalar, path: str, weight: float | None = None, note: str = "") -> str:
        target = node.text.strip()
        self.links.append(
            Link(
                self.item_id or "",
                path,
                target,
                self.pos(node),
                weight,
                fspec.name,
                path.split("[", 1)[0] if "." in path else "",
                note,
            )
        )
        return target

    # -- scalars ---------------------------------------------------------------------------
    def scalar(self, fspec: FieldSpec, node: Scalar, path: str, kind: str | None = None) -> Any:
        kind = kind or fspec.kind
        text = node.text
        if kind == "text" and fspec.name in ONE_LINE_FIELDS:
            # Titles and questions are one line wherever they appear (nav, <title>, front matter):
            # any run of whitespace, line breaks of every kind included, becomes one space.
            return " ".join(text.split())
        if kind in ("text", "markdown"):
            return text
        if kind == "handle":
            value = text.strip()
            if not HANDLE_RE.match(value):
                self.bad(
                    "GT006",
                    node,
                    f'{fspec.name!r} must be a handle like "@name" or "@org/team", not {value!r}',
                    'write the handle in quotes: "@name"',
                )
                return None
            return value
        if kind == "date":
            return self.date(fspec, node)
        if kind in ("number", "money", "integer"):
            number = self.number(fspec, node)
            if number is None:
                return None
            if kind == "money" and number < 0:
                self.bad("GT008", node, f"{fspec.name!r} is negative ({text})", "amounts are zero or more")
                return None
            if kind == "integer" and number != int(number):
                self.bad("GT006", node, f"{fspec.name!r} must be a whole number, not {text}", "drop the decimals")
                return None
            return number
        if kind == "bool":
            low = text.strip().lower()
            if low in ("true", "yes", "on"):
                return True
            if low in ("false", "no", "off"):
                return False
            self.bad("GT006", node, f"{fspec.name!r} must be true or false, not {text!r}", "write true or false")
            return None
        if kind == "enum":
            value = text.strip()
            if value not in fspec.values:
                low = value.lower().replace(" ", "-").replace("_", "-")
                fixed = next((v for v in fspec.values if v.replace("_", "-") == low), None)
                guess = fixed or did_you_mean(value, fspec.values)
                self.bad(
                    "GT006",
                    node,
                    f"{fspec.name!r} is {value!r}, which is not one of: {', '.join(fspec.values)}",
                    f"did you mean {guess!r}?" if guess else f"use one of: {', '.join(fspec.values)}",
                )
                return None
            return value
        if kind == "link":
            return self.add_link(fspec, node, path)
        raise AssertionError(kind)  # pragma: no cover

    def date(self, fspec: FieldSpec, node: Scalar) -> dt.date | None:
        text = node.text.strip()
        if DATE_RE.match(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                self.bad(
                    "GT006", node, f"{fspec.name!r} is {text!r}, which is not a real date", "check the month and day"
                )
                return None
            problem = self.window.problem(day)
            if problem:
                self.bad("GT151", node, f"{fspec.name!r} is {text}: {problem}", self.window.hint())
                return None
            return day
        self.bad(
            "GT006",
            node,
            f"{fspec.name!r} must be a date (YYYY-MM-DD), not {text!r}",
            "write the date as YYYY-MM-DD, e.g. 2027-03-31",
        )
        return None

    def number(self, fspec: FieldSpec, node: Scalar, what: str = "") -> float | int | None:
        """The number a scalar holds; ``what`` names it in messages (default: the field's name)."""
        text = node.text.strip().replace("_", "") if node.tag in ("int", "float") else node.text.strip()
        if NUMBER_RE.match(text) and not re.match(r"^[+-]?0\d+$", text):
            value = float(text)
            problem = number_problem(value)
            if problem:
                shown = text if len(text) <= 40 else f"{text[:20]}…({len(text):,} characters)"
                self.bad("GT150", node, f"{what or repr(fspec.name)} {shown} {problem}", NUMBER_HINT)
                return None
            return int(value) if value.is_integer() and "." not in text else value
        hint = "write a plain number, e.g. 12000"
        low = text.lower()
        short = len(text) <= 30  # hints that rewrite the number only for numbers a person types
        if re.match(r"^[+-]?0\d+$", text) and short:
            # YAML 1.1 reads 010 as octal 8, a spreadsheet as 10: ambiguous, so neither is guessed
            hint = f"write it without the leading zero: {int(text)}"
        elif re.match(r"^[+-]?0x[0-9a-f]+$", low) and short:
            hint = f"write it in decimal: {int(low, 16)}"
        elif re.match(r"^[+-]?(\d+(\.\d*)?|\.\d+)e[+-]?\d{1,3}$", low) and short:
            hint = f"write it out in full: {float(low):.15g}" if abs(float(low)) < 1e15 else hint
        elif re.match(r"^[+-]?\d[\d,]*(\.\d+)?$", text) and "," in text:
            hint = f"remove the thousands separators: {text.replace(',', '')}"
        elif re.match(r"^[+-]?\d+(\.\d+)?\s*[km]$", low) and short:
            factor = 1_000 if low.endswith("k") else 1_000_000
            hint = f"write the full number: {float(low[:-1].strip()) * factor:.0f}"
        elif re.match(r"^[$€£]\s*\d", text) or re.match(r"^\d[\d.]*\s*(usd|eur|gbp)$", low):
            hint = "leave out the currency; the plan's currency applies"
        elif re.match(r"^[+-]?\d+(\.\d+)?%$", text):
            hint = "write the number without '%'"
        shown = text if len(text) <= 40 else text[:39] + "…"
        self.bad("GT006", node, f"{fspec.name!r} must be a number, not {shown!r}", hint)
        return None


def _digit_keys_from(node: Mapping, start: str) -> list[str]:
    """The run of three-digit keys from ``start`` on: the groups of a number a comma split."""
    names = list(node.entries)
    run: list[str] = []
    for name in names[names.index(start) :]:
        if not (name.isdigit() and len(name) == 3):
            break
        run.append(name)
    return run
