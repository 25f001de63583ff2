"""Measurable promises: a value proposition is measured by a KPI or by a proof that states a number.

"Audit-ready every month" is a promise; "246 hours of audit preparation fell to 92" is evidence.
A proof counts as quantified when it contains a digit: a simple test a marketer can predict.
"""

from __future__ import annotations

from ..core.model import Item, Model


def quantified(proof: object) -> bool:
    return isinstance(proof, str) and any(ch.isdigit() for ch in proof)


def measured(vp: Item) -> bool:
    """Whether the value proposition names a KPI or a proof with a number in it."""
    return bool(vp.get("kpi")) or any(quantified(p) for p in vp.get("proof") or [])


def unmeasured(model: Model) -> list[Item]:
    """Value propositions with no measure behind them (GT172)."""
    return [vp for vp in model.of_type("value_proposition") if not measured(vp)]
