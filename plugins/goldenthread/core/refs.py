"""``[[ID]]`` references in Markdown prose: finding them (outside code) and their positions."""

from __future__ import annotations

import re
from collections.abc import Callable

from .model import Pos, Reference

#: ``[[OBJ-GROWTH]]`` or ``[[OBJ-GROWTH|custom text]]``
REF_RE = re.compile(r"\[\[\s*([^\[\]\n|]+?)\s*(?:\|\s*([^\[\]\n]+?)\s*)?\]\]")
_FENCE_RE = re.compile(r"^(\s*)(`{3,}|~{3,})")
#: an inline code span (`` `x` ``, ``` ``x`` ```): references and links inside it are text
INLINE_CODE_RE = re.compile(r"(`+)(?:(?!\1).)+?\1")


def code_mask(text: str) -> list[bool]:
    """For each line: True when it lies inside a fenced code block (or is a fence)."""
    mask: list[bool] = []
    fence: str | None = None
    for line in text.split("\n"):
        m = _FENCE_RE.match(line)
        if fence is None:
            if m:
                fence = m.group(2)[0] * len(m.group(2))
                mask.append(True)
                continue
            mask.append(False)
        else:
            mask.append(True)
            if m and m.group(2).startswith(fence) and not line.strip()[len(m.group(2)) :].strip():
                fence = None
    return mask


def code_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each inline code span in one line."""
    return [(m.start(), m.end()) for m in INLINE_CODE_RE.finditer(line)]


def find_references(text: str, file: str, first_line: int) -> list[Reference]:
    """Every ``[[ID]]`` in ``text`` outside code, positioned from ``first_line`` (1-based)."""
    if "[[" not in text:
        return []
    out: list[Reference] = []
    mask = code_mask(text)
    for n, line in enumerate(text.split("\n")):
        if mask[n] or "[[" not in line:
            continue
        spans = code_spans(line)
        for m in REF_RE.finditer(line):
            if any(a <= m.start() < b for a, b in spans):
                continue
            out.append(Reference(m.group(1), Pos(file, first_line + n, m.start() + 1), m.group(2)))
    return out


def replace_references(text: str, render: Callable[[str, str | None], str | None]) -> str:
    """Replace references outside code with ``render(id, label)``; None leaves one as written."""
    if "[[" not in text:
        return text
    mask = code_mask(text)
    lines = text.split("\n")
    for n, line in enumerate(lines):
        if mask[n] or "[[" not in line:
            continue
        spans = code_spans(line)

        def sub(m: re.Match[str], spans: list[tuple[int, int]] = spans) -> str:
            if any(a <= m.start() < b for a, b in spans):
                return m.group(0)
            out = render(m.group(1), m.group(2))
            return m.group(0) if out is None else out

        lines[n] = REF_RE.sub(sub, line)
    return "\n".join(lines)
