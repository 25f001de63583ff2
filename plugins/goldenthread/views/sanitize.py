"""Sanitising the HTML that Markdown from content renders to: nothing in it can run script.

Authored Markdown pages may use raw HTML on purpose (Material's grid cards, ``<details>``), and
any Markdown may carry a ``[link](javascript:…)``. Content comes from pull requests, so the HTML
rendered from a page's Markdown is rebuilt from its parse before goldenthread's own blocks go
back in (see :class:`~goldenthread.views.render.Blocks`):

* elements that run or load code (``script``, ``iframe``, ``object``, ``style``, ``base``…)
  are dropped with their content;
* event-handler attributes (``onerror=``…) are dropped;
* URLs in ``href``, ``src`` and the like with a ``javascript:``, ``vbscript:`` or ``data:``
  scheme (images excepted) are dropped;
* comments are dropped, except goldenthread's block placeholders and plain-word markers;
* text is re-escaped, so what the parser read as text stays text in the browser.

The output is canonical HTML rebuilt from tokens, so a browser cannot read it differently from
the parser. Nothing here imports MkDocs.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

#: Dropped together with everything inside them.
DROPPED = frozenset(
    {
        "script",
        "style",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "noscript",
        "noembed",
        "noframes",
        "template",
        "base",
        "meta",
        "link",
        "xmp",
        "plaintext",
        "title",
        "portal",
        "fencedframe",
    }
)
#: Elements kept; any other tag (``<gt-x>``, ``<animate>``, ``<foreignObject>``…) is dropped, its text kept.
ALLOWED = frozenset(
    {
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "blockquote",
        "br",
        "button",
        "caption",
        "center",
        "cite",
        "code",
        "col",
        "colgroup",
        "data",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "label",
        "legend",
        "li",
        "main",
        "mark",
        "nav",
        "ol",
        "optgroup",
        "option",
        "output",
        "p",
        "picture",
        "pre",
        "progress",
        "q",
        "rp",
        "rt",
        "ruby",
        "s",
        "samp",
        "section",
        "select",
        "small",
        "source",
        "span",
        "strike",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "track",
        "tt",
        "u",
        "ul",
        "var",
        "video",
        "wbr",
        "font",
        "big",
        "nobr",
        "svg",
        "g",
        "path",
        "circle",
        "ellipse",
        "line",
        "polyline",
        "polygon",
        "rect",
        "text",
        "tspan",
        "defs",
        "symbol",
        "use",
        "lineargradient",
        "radialgradient",
        "stop",
        "clippath",
        "desc",
        "math",
        "mi",
        "mn",
        "mo",
        "ms",
        "mtext",
        "mrow",
        "msup",
        "msub",
        "msubsup",
        "mfrac",
        "msqrt",
        "mroot",
        "mtable",
        "mtr",
        "mtd",
        "mspace",
        "mstyle",
        "semantics",
        "annotation",
    }
)
#: Elements without an end tag.
VOID = frozenset(
    {
        "area",
        "br",
        "col",
        "hr",
        "img",
        "input",
        "source",
        "track",
        "wbr",
        "param",
        "keygen",
        "base",
        "meta",
        "link",
        "embed",
    }
)
#: Attributes that hold a URL.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "xlink:href",
        "data",
        "poster",
        "background",
        "lowsrc",
        "dynsrc",
        "codebase",
        "cite",
        "longdesc",
        "usemap",
        "srcset",
        "ping",
        "manifest",
        "icon",
    }
)
_UNSAFE_SCHEME_RE = re.compile(r"^(?:javascript|vbscript|data|livescript|mocha):", re.I)
_SAFE_DATA_RE = re.compile(r"^data:image/(?:png|gif|jpe?g|webp|avif|bmp);", re.I)
_CONTROL_RE = re.compile(r"[\x00-\x20\x7f]+")
#: Comments kept: goldenthread's block placeholders and plain markers such as ``material/tags``.
_KEPT_COMMENT_RE = re.compile(r"^(?:gt:block:[0-9a-f]+:\d+|\s*[\w/:. ]{0,80}\s*)$")


def unsafe_url(value: str) -> bool:
    """Whether a URL would run script (or load a document) when followed or loaded."""
    compact = _CONTROL_RE.sub("", value)
    return bool(_UNSAFE_SCHEME_RE.match(compact)) and not _SAFE_DATA_RE.match(compact)


class _Sanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []  # open dropped elements (their content goes too)

    # -- tags ------------------------------------------------------------------------------------
    def _tag(self, tag: str, attrs: list[tuple[str, str | None]], close: bool) -> str:
        parts = [tag]
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on") or name in ("srcdoc", "formaction") or not re.match(r"^[a-z_:][-\w:.]*$", name):
                continue
            if value is None:
                parts.append(name)
                continue
            if name in URL_ATTRIBUTES and (unsafe_url(value) or (name == "srcset" and "javascript:" in value.lower())):
                continue
            parts.append(f'{name}="{html.escape(value, quote=True)}"')
        return "<" + " ".join(parts) + (" />" if close else ">")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if tag in DROPPED:
            if tag not in VOID:
                self.dropping.append(tag)
            return
        if tag in ALLOWED:
            self.out.append(self._tag(tag, attrs, False))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag not in ALLOWED:
            return
        self.out.append(self._tag(tag, attrs, True))

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag in self.dropping:
                while self.dropping and self.dropping.pop() != tag:
                    pass
            return
        if tag in ALLOWED and tag not in VOID:
            self.out.append(f"</{tag}>")

    # -- everything else ---------------------------------------------------------------------------
    def handle_data(self, data: str) -> None:
        if not self.dropping:
            self.out.append(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        if not self.dropping and _KEPT_COMMENT_RE.match(data):
            self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:  # <!DOCTYPE …>: never in page content
        pass

    def unknown_decl(self, data: str) -> None:  # <![CDATA[ … ]]>
        pass

    def handle_pi(self, data: str) -> None:  # <? … >
        pass


def sanitize_html(text: str) -> str:
    """``text`` (HTML rendered from content Markdown) with everything that could run script removed."""
    if "<" not in text and "&" not in text:
        return text
    parser = _Sanitizer()
    parser.feed(text)
    parser.close()
    return "".join(parser.out)
