"""Markdown links in content prose that lead out of ``content/`` (GT141).

A pull request can link ``[notes](../../etc/passwd)`` or ``![](/etc/passwd)`` or ``file:///…``:
none of these can work on the published wiki (MkDocs publishes only files under ``content/``),
and each names a file on the machine that builds it. They are found here, outside code, with
their positions; :func:`goldenthread.load.load` decides, knowing each file's folder depth.
"""

from __future__ import annotations

import re

from .model import Pos
from .refs import code_mask, code_spans

#: an inline link or image target: ``[text](target`` / ``![alt](<target>``
_INLINE_RE = re.compile(r"\]\(\s*<?([^)\s>]+)")
#: a reference definition: ``[name]: target``
_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)")
_WINDOWS_RE = re.compile(r"^[A-Za-z]:[\\/]")


def _suspicious(target: str) -> bool:
    """Cheap filter: only targets that could leave content/ are kept for :func:`problem`."""
    return (
        ".." in target
        or target.startswith(("/", "\\"))
        or target[:5].lower() == "file:"
        or bool(_WINDOWS_RE.match(target))
    )


def find_links(text: str, file: str, first_line: int) -> list[tuple[str, Pos]]:
    """Link targets in Markdown ``text`` (outside code) that may leave content/, with positions."""
    if "](" not in text and "]:" not in text:
        return []
    out: list[tuple[str, Pos]] = []
    mask = code_mask(text)
    for n, line in enumerate(text.split("\n")):
        if mask[n] or ("](" not in line and "]:" not in line):
            continue
        spans = code_spans(line)
        found = [(m.group(1), m.start(1)) for m in _INLINE_RE.finditer(line)]
        d = _DEFINITION_RE.match(line)
        if d:
            found.append((d.group(1), d.start(1)))
        for target, start in found:
            if _suspicious(target) and not any(a <= start < b for a, b in spans):
                out.append((target, Pos(file, first_line + n, start + 1)))
    return out


def problem(target: str, depth: int) -> tuple[str, str] | None:
    """(why, hint) when a link from a file ``depth`` folders below content/ leaves it."""
    if target[:5].lower() == "file:":
        return ("it is a file: URL", "link to a page in content/, or to a full https:// address")
    if target.startswith("//"):
        return None  # protocol-relative URL of another site
    if target.startswith(("/", "\\")) or _WINDOWS_RE.match(target):
        return (
            "it is an absolute path",
            "link relative to this file (e.g. ../plans/index.md), or use a full https:// address",
        )
    level = depth
    for part in re.split(r"[\\/]", target.split("#", 1)[0].split("?", 1)[0]):
        if part == "..":
            level -= 1
            if level < 0:
                return ("its ../ climb above content/", "link to a file inside content/, relative to this file")
        elif part not in ("", "."):
            level += 1
    return None
