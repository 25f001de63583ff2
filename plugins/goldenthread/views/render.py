"""The Jinja2 environment that turns view models into page Markdown.

Autoescape is on for every template, so a value from content is HTML-escaped unless a view
explicitly marks it safe after escaping it for its own context (see :mod:`.escape`).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context
from markupsafe import Markup

from .escape import anchor, attr, json_ld, md_prose, md_text, mermaid_label


def money(value: Any, currency: str = "", cents: bool = False) -> str:
    """``USD 53,333``: whole currency units, or with cents (where there are any) when ``cents``."""
    if value is None or value == "":
        return ""
    amount = float(value)
    text = f"{amount:,.2f}" if cents and abs(amount - round(amount)) >= 0.005 else f"{amount:,.0f}"
    return f"{currency} {text}".strip()


@pass_context
def money_filter(context: Context, value: Any, currency: str = "") -> str:
    """The ``money`` filter: cents when the render's ``money_cents`` says so (see View.render)."""
    return money(value, currency, bool(context.get("money_cents")))


def number(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{int(value):,}" if isinstance(value, (int, float)) else str(value)


def fmt_value(value: float | None, unit: str) -> str:
    """A KPI value with its unit: ``3.4%``, ``USD 14,000,000``, ``540``."""
    if value is None:
        return ""
    text = number(value)
    if unit == "%":
        return f"{text}%"
    if len(unit) == 3 and unit.isalpha() and unit.isupper():
        return f"{unit} {text}"
    if unit in ("", "count"):
        return text
    return f"{text} {unit}"


def short_number(value: float, digits: int = 2, small_digits: int | None = None) -> str:
    """``14000000`` -> ``14M``, ``3.25`` -> ``3.25``: axis labels and other compact figures.

    ``digits`` are the decimals kept once scaled to k, M or B; ``small_digits`` those below a
    thousand (``digits`` unless given). Trailing zeros go.
    """
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= limit:
            return _trim(f"{value / limit:.{digits}f}") + suffix
    return _trim(f"{value:.{digits if small_digits is None else small_digits}f}") or "0"


def short_money(value: float, currency: str = "") -> str:
    """An amount for a chart axis or tooltip: ``USD 1.5M``, ``250``."""
    return f"{currency} {short_number(value, 1, 0)}".strip()


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


def date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


_BLANK_RE = re.compile(r"\n\s*\n")
#: A placeholder: ``<!--gt:block:NONCE:N-->``. The nonce is random per :class:`Blocks`, so text from
#: content (a title in front matter, a comment in a page) cannot name one of the blocks.
BLOCK_RE = re.compile(r"<!--gt:block:([0-9a-f]+):(\d+)-->")
#: What every placeholder starts with (a cheap test for "has blocks").
BLOCK_MARK = "<!--gt:block:"


class Blocks:
    """HTML kept out of Markdown: pages carry ``<!--gt:block:NONCE:N-->`` and the HTML is put back after.

    Python-Markdown re-parses every raw HTML block it meets (md_in_html); matrices and cards
    for thousands of items made that the largest cost of a build. Placeholders cost nothing.
    """

    def __init__(self) -> None:
        self.html: list[str] = []
        self.nonce = secrets.token_hex(6)

    def add(self, html: str) -> str:
        self.html.append(html)
        return f"<!--gt:block:{self.nonce}:{len(self.html) - 1}-->"

    def restore(self, text: str) -> str:
        """Put the HTML back (into rendered HTML, or into Markdown for other generators)."""
        if BLOCK_MARK not in text:
            return text
        blocks, nonce = self.html, self.nonce

        def block(m: re.Match[str]) -> str:
            n = int(m.group(2))
            return blocks[n] if m.group(1) == nonce and n < len(blocks) else m.group(0)

        return BLOCK_RE.sub(block, text)


def _tidy(value: Any) -> str:
    text = str(value).strip()
    text = "\n".join(line.strip() for line in text.split("\n"))
    return _BLANK_RE.sub("\n", text)


@pass_context
def html_block(context: Context, value: Any) -> Markup:
    """Raw HTML for a Markdown page; kept aside as a block when the render has a ``blocks`` store."""
    blocks = context.get("blocks")
    text = _tidy(value)
    if isinstance(blocks, Blocks):
        return Markup(blocks.add(text))
    return Markup(text)


def filters() -> dict[str, Any]:
    """The filters templates use, by the name they use (one per output context or format)."""
    escaping = (md_text, md_prose, json_ld, attr, anchor)
    formats = (number, percent, date, html_block)
    return {
        **{f.__name__: f for f in (*escaping, *formats)},
        "mermaid": mermaid_label,
        "money": money_filter,
    }


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("goldenthread", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # the templates ship in the package and do not change while it runs: no file check at
        # every include (a card per item made that thousands of stat calls a build)
        auto_reload=False,
    )
    env.filters.update(filters())
    return env


def render(template: str, blocks: Blocks | None = None, **context: Any) -> str:
    return environment().get_template(template).render(blocks=blocks, **context)
