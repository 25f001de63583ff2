"""Escaping content for the contexts it reaches: Markdown text, Markdown prose, Mermaid, JSON-LD.

HTML text and attributes are escaped by Jinja's autoescape; these cover the rest. Content comes
from pull requests, so nothing from it reaches the page as markup.
"""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup, escape

from ..core.refs import INLINE_CODE_RE, code_mask

#: Markdown characters replaced by numeric entities so text renders literally in any extension set.
_MD_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]()#!|~^=<>&$"}
_MD_RE = re.compile("[" + re.escape("".join(_MD_SPECIAL)) + "]")
_AUTOLINK_RE = re.compile(r"<(https?://[^\s<>]+|mailto:[^\s<>]+)>")
#: a link target (inline ``](…`` or a reference definition ``[id]: …``) with a scheme that runs script;
#: browsers ignore tabs and newlines inside a scheme, so they may appear between its letters
_SCHEME = "|".join(r"[\t\r\n]*".join(word) for word in ("javascript", "vbscript", "data"))
_SCRIPT_URL_RE = re.compile(rf"(\]\(\s*<?\s*|^ {{0,3}}\[[^\]\n]+\]:\s*<?\s*)((?:{_SCHEME})\s*:)", re.I)
_SCRIPT_INLINE_RE = re.compile(rf"(\]\(\s*<?\s*)((?:{_SCHEME})\s*:)", re.I)


def md_text(value: Any) -> Markup:
    """Plain text made safe to place in Markdown (headings, list items): no markup survives."""
    text = " ".join(str(value).split())
    text = _MD_RE.sub(lambda m: _MD_SPECIAL[m.group(0)], text)
    if text[:1] in ("-", "+") or re.match(r"^\d+\.", text):  # would start a list
        text = f"&#{ord(text[0])};" + text[1:]
    return Markup(text)


def md_prose(value: Any) -> str:
    """Markdown from content with raw HTML neutralised (code and autolinks kept).

    Descriptions and FAQ answers are Markdown on purpose; raw HTML inside them is not, since
    a pull request could carry ``<script>``. Links keep working, except those to a scheme that
    runs script: ``[x](javascript:…)`` becomes a link to ``unsafe-javascript:…``, which no
    browser runs (the site's HTML is also sanitised, see :mod:`.sanitize`).
    """
    text = str(value)
    if "<" not in text and "&" not in text and ":" not in text:
        return text
    lines = text.split("\n")
    mask = code_mask(text)
    for n, line in enumerate(lines):
        # An indented line is not always code (it may continue a paragraph or a list item), so it
        # is neutralised too: only fenced code is left as written.
        if mask[n] or ("<" not in line and "&" not in line and ":" not in line):
            continue
        out: list[str] = []
        pos = 0
        for m in INLINE_CODE_RE.finditer(line):
            out.append(_neutralise(line[pos : m.start()], pos == 0))
            out.append(m.group(0))
            pos = m.end()
        out.append(_neutralise(line[pos:], pos == 0))
        lines[n] = "".join(out)
    return "\n".join(lines)


def _neutralise(segment: str, line_start: bool) -> str:
    if ":" in segment:
        pattern = _SCRIPT_URL_RE if line_start else _SCRIPT_INLINE_RE
        segment = pattern.sub(lambda m: m.group(1) + "unsafe-" + re.sub(r"\s+", "", m.group(2)), segment)
    if "<" not in segment and "&" not in segment:
        return segment
    links: list[str] = []

    def keep(m: re.Match[str]) -> str:
        links.append(m.group(0))
        return f"\x00{len(links) - 1}\x00"

    segment = _AUTOLINK_RE.sub(keep, segment)
    segment = segment.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"\x00(\d+)\x00", lambda m: links[int(m.group(1))], segment)


def mermaid_label(value: Any, limit: int = 60) -> str:
    """Text for a quoted Mermaid label: entity-encoded, one line, bounded length."""
    text = " ".join(str(value).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    out = []
    for ch in text:
        if ch.isalnum() or ch in " -_.,/()'":
            out.append(ch)
        else:
            out.append(f"#{ord(ch)};")
    return "".join(out)


def json_ld(data: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block that cannot close the script."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, indent=None)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def anchor(value: Any) -> Markup:
    """An HTML id / attr_list anchor from content text: lower-case ASCII letters, digits and '-'."""
    return Markup(re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-") or "x")


def attr(value: Any) -> Markup:
    return escape(str(value))
