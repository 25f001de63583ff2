"""Who does what: RACI roles of plan items, and every handle that owns or holds a role.

Items whose type declares a ``raci`` record (campaigns, and custom types that add one) carry
``responsible``, ``accountable``, ``consulted`` and ``informed`` handles. Exactly one handle
must be accountable; an item without a ``raci`` record counts its ``owner`` as accountable.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.model import Item, Model, Pos

ROLES: tuple[tuple[str, str], ...] = (
    ("responsible", "R"),
    ("accountable", "A"),
    ("consulted", "C"),
    ("informed", "I"),
)
ROLE_NAMES = {letter: name for name, letter in ROLES}


@dataclass
class Assignment:
    item: Item
    #: handle -> role letters in R, A, C, I order
    roles: dict[str, list[str]] = field(default_factory=dict)
    #: whether the item has a ``raci`` record (else the owner is taken as accountable)
    declared: bool = False

    @property
    def accountable(self) -> list[str]:
        return [h for h, letters in self.roles.items() if "A" in letters]


def has_raci(model: Model, item: Item) -> bool:
    spec = model.schema.types[item.type].fields.get("raci")
    return spec is not None and spec.kind == "record"


def assignment(item: Item) -> Assignment:
    raci = item.get("raci")
    out = Assignment(item, declared=isinstance(raci, dict))
    if isinstance(raci, dict):
        for name, letter in ROLES:
            for handle in raci.get(name) or []:
                letters = out.roles.setdefault(str(handle), [])
                if letter not in letters:
                    letters.append(letter)
    elif item.owner:
        out.roles[item.owner] = ["A"]
    return out


def assignments(model: Model) -> list[Assignment]:
    """RACI of every item whose type has a ``raci`` record, in content order."""
    return [assignment(i) for i in model.items.values() if has_raci(model, i)]


@dataclass(frozen=True)
class AccountableProblem:
    item: Item
    accountable: tuple[str, ...]
    pos: Pos


def accountable_problems(model: Model) -> list[AccountableProblem]:
    """Items with a ``raci`` record that names no accountable handle, or more than one."""
    out = []
    for a in assignments(model):
        if not a.declared:
            continue
        raci = a.item.get("raci") or {}
        named = [str(h) for h in raci.get("accountable") or []]
        if len(set(named)) != 1:
            pos = a.item.pos_of("raci.accountable") if "raci.accountable" in a.item.positions else a.item.pos_of("raci")
            out.append(AccountableProblem(a.item, tuple(named), pos))
    return out


def people(rows: Iterable[Assignment]) -> list[str]:
    """Every handle with a role, people (``@name``) before teams (``@org/team``)."""
    handles = {h for a in rows for h in a.roles}
    return sorted(handles, key=lambda h: ("/" in h, h.lower()))


def handle_slug(handle: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", handle.lower().lstrip("@")).strip("-") or "x"


#: Owner-page names goldenthread uses itself: ``owners/index.md`` lists every owner, so a handle
#: ``@index`` is refused (GT152) and, if that rule is off, gets ``owners/index-2.md``.
RESERVED_SLUGS = frozenset({"index"})


def handle_slugs(handles: Iterable[str]) -> dict[str, str]:
    """A unique file-name slug per handle (``@marketing/demand-gen`` -> ``marketing-demand-gen``)."""
    out: dict[str, str] = {}
    used: set[str] = set(RESERVED_SLUGS)
    for handle in sorted(set(handles), key=str.lower):
        base = handle_slug(handle)
        candidate, n = base, 2
        while candidate in used:
            candidate, n = f"{base}-{n}", n + 1
        used.add(candidate)
        out[handle] = candidate
    return out


def roles_by_handle(rows: Iterable[Assignment]) -> dict[str, list[tuple[Item, list[str]]]]:
    out: dict[str, list[tuple[Item, list[str]]]] = defaultdict(list)
    for a in rows:
        for handle, letters in a.roles.items():
            out[handle].append((a.item, letters))
    return dict(out)
