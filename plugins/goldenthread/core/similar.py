"""'Did you mean' suggestions for IDs, field names and choices, and small wording helpers."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """The closest candidate, preferring a case-insensitive exact match."""
    pool = list(candidates)
    low = word.lower()
    for c in pool:
        if c.lower() == low:
            return c
    matches = difflib.get_close_matches(word.upper() if word.isupper() or "-" in word else word, pool, n=1, cutoff=0.75)
    if not matches and word != word.upper():
        matches = difflib.get_close_matches(word.upper(), pool, n=1, cutoff=0.75)
    return matches[0] if matches else None


def a(noun: str) -> str:
    """``noun`` with its indefinite article: "an objective", "a campaign", "a unit"."""
    low = noun.lower()
    vowel = low[:1] in ("a", "e", "i", "o", "u") and not low.startswith(("uni", "use", "usu", "one"))
    return f"{'an' if vowel else 'a'} {noun}"
