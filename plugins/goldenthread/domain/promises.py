"""Measurable promises: a value proposition is measured by a KPI or by a proof that states a number.

"Audit-ready every month" is a promise; "246 hours of audit preparation fell to 92" is evidence.
A proof counts as quantified when it states a number: a digit not glued to a letter, so "8.7 days",
"$20,000" and "40%" count while the names "Q4" or "H1" do not. A simple test a marketer can predict.
"""

from __future__ import annotations

import re

from ..core.model import Item, Model

NUMBER_RE = re.compile(r"(?<![A-Za-z])\d")


def quantified(proof: object) -> bool:
    return isinstance(proof, str) and NUMBER_RE.search(proof) is not None


def measured(vp: Item) -> bool:
    """Whether the value proposition names a KPI or a proof with a number in it."""
    return bool(vp.get("kpi")) or any(quantified(p) for p in vp.get("proof") or [])


def unmeasured(model: Model) -> list[Item]:
    """Value propositions with no measure behind them (GT172)."""
    return [vp for vp in model.of_type("value_proposition") if not measured(vp)]
