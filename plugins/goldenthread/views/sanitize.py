"""Sanitising the HTML that Markdown from content renders to: nothing in it can run script.

Authored Markdown pages may use raw HTML on purpose (Material's grid cards, ``<details>``), and
any Markdown may carry a ``[link](javascript:…)``. Content comes from pull requests, so the HTML
rendered from a page's Markdown goes through one allowlist before goldenthread's own blocks go
back in (see :class:`~goldenthread.views.render.Blocks`). The work is done by nh3 (Ammonia, an
HTML5 parser and serialiser in Rust): what the browser parses is exactly what was checked, which
closes the mutation-XSS family (``<noscript>``, ``<svg><style>``, ``math``/``mglyph`` nesting)
that hand-written sanitisers keep rediscovering.

* elements outside :data:`TAGS` are dropped; those in :data:`DROPPED_WITH_CONTENT` take their
  content with them;
* attributes outside the allowlist (every ``on…=`` handler among them) are dropped;
* URLs with a scheme outside :data:`URL_SCHEMES` are dropped (``javascript:``, ``data:``…);
* comments are dropped, except goldenthread's block placeholders and plain-word markers.

A site extends the allowlist with the ``allow_html`` option (:func:`policy_from_options`), for
example iframes from named video hosts. What is removed is reported (:func:`removed`), so the
plugin can warn, naming the page and the element, instead of dropping it silently.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import nh3

#: SVG elements kept, with presentation attributes (Material's icons; goldenthread's charts come as blocks).
SVG_TAGS = frozenset(
    [
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
        "lineargradient",
        "linearGradient",
        "radialgradient",
        "radialGradient",
        "stop",
        "clippath",
        "clipPath",
    ]
)
#: Elements kept.
TAGS = SVG_TAGS | frozenset(
    [
        "a",
        "abbr",
        "address",
        "article",
        "aside",
        "audio",
        "b",
        "bdi",
        "bdo",
        "big",
        "blockquote",
        "br",
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
        "font",
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
        "nobr",
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
    ]
)
#: Elements dropped together with everything inside them.
DROPPED_WITH_CONTENT = frozenset(
    [
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
        "xmp",
        "plaintext",
        "title",
    ]
)
#: Attributes on every kept element.
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex", "style"})
#: Attribute-name prefixes on every kept element.
GENERIC_PREFIXES = frozenset({"data-", "aria-"})
_SVG_PRESENTATION = frozenset(
    [
        "fill",
        "fill-opacity",
        "fill-rule",
        "stroke",
        "stroke-width",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-dasharray",
        "stroke-opacity",
        "opacity",
        "transform",
        "x",
        "y",
        "x1",
        "x2",
        "y1",
        "y2",
        "cx",
        "cy",
        "r",
        "rx",
        "ry",
        "width",
        "height",
        "d",
        "points",
        "viewBox",
        "viewbox",
        "xmlns",
        "preserveAspectRatio",
        "text-anchor",
        "dominant-baseline",
        "font-size",
        "font-weight",
        "offset",
        "stop-color",
        "stop-opacity",
        "gradientUnits",
        "clip-path",
    ]
)
#: Attributes per element, beyond :data:`GENERIC_ATTRIBUTES`. No ``srcset``: Ammonia does not check
#: the URLs inside it.
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "name", "target", "rel", "hreflang", "type", "download"}),
    "img": frozenset({"src", "alt", "width", "height", "loading", "decoding", "sizes", "align"}),
    "input": frozenset({"type", "checked", "disabled", "name", "value", "readonly"}),
    "label": frozenset({"for"}),
    "td": frozenset({"colspan", "rowspan", "align", "valign", "headers"}),
    "th": frozenset({"colspan", "rowspan", "align", "valign", "scope", "headers", "abbr"}),
    "col": frozenset({"span", "width"}),
    "colgroup": frozenset({"span", "width"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "details": frozenset({"open", "name"}),
    "time": frozenset({"datetime"}),
    "data": frozenset({"value"}),
    "blockquote": frozenset({"cite"}),
    "q": frozenset({"cite"}),
    "del": frozenset({"cite", "datetime"}),
    "ins": frozenset({"cite", "datetime"}),
    "audio": frozenset({"src", "controls", "preload", "loop", "muted"}),
    "video": frozenset({"src", "controls", "preload", "loop", "muted", "poster", "width", "height", "playsinline"}),
    "source": frozenset({"src", "type", "media", "sizes"}),
    "track": frozenset({"src", "kind", "srclang", "label", "default"}),
    "progress": frozenset({"value", "max"}),
    "option": frozenset({"value", "selected", "disabled", "label"}),
    "optgroup": frozenset({"label", "disabled"}),
    "select": frozenset({"name", "disabled", "multiple"}),
    "textarea": frozenset({"name", "rows", "cols", "readonly", "disabled"}),
    "output": frozenset({"for", "name"}),
    "font": frozenset({"color", "size", "face"}),
    "math": frozenset({"display", "xmlns"}),
    "mo": frozenset({"stretchy", "fence", "separator", "form"}),
    "mstyle": frozenset({"displaystyle", "scriptlevel"}),
    "annotation": frozenset({"encoding"}),
    **{t: _SVG_PRESENTATION for t in SVG_TAGS},
}
#: URL schemes allowed in ``href``, ``src`` and the like; relative URLs are always allowed.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
#: Inline style properties kept (Markdown tables align cells with ``style="text-align: …"``).
STYLE_PROPERTIES = frozenset(
    {"text-align", "vertical-align", "width", "height", "min-width", "max-width", "color", "background-color"}
)
#: Comments kept: goldenthread's block placeholders and plain markers such as ``material/tags``.
_KEPT_COMMENT_RE = re.compile(r"^(?:gt:block:[0-9a-f]+:\d+|\s*[\w/:. ]{0,80}\s*)$")
_COMMENT_RE = re.compile(r"<!--(.*?)-->", re.S)
#: Start tags and their attribute names, read from HTML for :func:`removed` (not for sanitising).
_START_TAG_RE = re.compile(r"<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTR_NAME_RE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")


class PolicyError(ValueError):
    """An ``allow_html`` option that cannot be used (the adapters turn it into a configuration error)."""


@dataclass(frozen=True)
class Policy:
    """One allowlist: the defaults above, extended by the site's ``allow_html`` option."""

    tags: frozenset[str] = TAGS
    attributes: Mapping[str, frozenset[str]] = field(default_factory=lambda: dict(ATTRIBUTES))
    #: host names an ``<iframe src>`` may point at (https only), when the site allows iframes
    iframe_hosts: frozenset[str] = frozenset()

    def clean(self, text: str) -> str:
        attributes = {tag: set(names) for tag, names in self.attributes.items()}
        attributes["*"] = set(GENERIC_ATTRIBUTES)
        out = nh3.clean(
            text,
            tags=set(self.tags),
            clean_content_tags=set(DROPPED_WITH_CONTENT - self.tags),
            attributes=attributes,
            attribute_filter=self._filter if self.iframe_hosts else None,
            generic_attribute_prefixes=set(GENERIC_PREFIXES),
            url_schemes=set(URL_SCHEMES),
            strip_comments=False,
            link_rel=None,
            filter_style_properties=set(STYLE_PROPERTIES),
        )
        return _COMMENT_RE.sub(lambda m: m.group(0) if _KEPT_COMMENT_RE.match(m.group(1)) else "", out)

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if tag == "iframe" and attribute == "src":
            url = urlsplit(value)
            return value if url.scheme == "https" and url.hostname in self.iframe_hosts else None
        return value


DEFAULT_POLICY = Policy()

#: What a site may write under ``allow_html`` (documented in the README).
IFRAME_ATTRIBUTES = frozenset(
    {"src", "width", "height", "allow", "allowfullscreen", "loading", "referrerpolicy", "title"}
)


def policy_from_options(raw: Any) -> Policy:
    """The ``allow_html`` option: ``{tags: [...], attributes: {tag: [...]}, iframe_hosts: [...]}``.

    Script-running elements stay out whatever the site says; ``iframe`` is allowed only together
    with ``iframe_hosts`` (https URLs on those hosts; other ``src`` values are dropped).
    """
    if raw in (None, {}):
        return DEFAULT_POLICY
    if not isinstance(raw, Mapping):
        raise PolicyError("allow_html must be a mapping with tags, attributes and iframe_hosts")
    unknown = sorted(set(raw) - {"tags", "attributes", "iframe_hosts"})
    if unknown:
        raise PolicyError(f"allow_html: unknown key {unknown[0]!r} (known: tags, attributes, iframe_hosts)")
    tags = _names(raw.get("tags", []), "allow_html.tags")
    never = sorted(tags & (DROPPED_WITH_CONTENT - {"iframe"}))
    if never:
        raise PolicyError(f"allow_html.tags: {never[0]!r} can run script or load code and cannot be allowed")
    hosts = _names(raw.get("iframe_hosts", []), "allow_html.iframe_hosts")
    if "iframe" in tags and not hosts:
        raise PolicyError("allow_html.tags: 'iframe' needs allow_html.iframe_hosts (the hosts its src may name)")
    extra_attributes = raw.get("attributes", {})
    if not isinstance(extra_attributes, Mapping):
        raise PolicyError("allow_html.attributes must map a tag to a list of attribute names")
    attributes = dict(ATTRIBUTES)
    if "iframe" in tags:
        attributes["iframe"] = IFRAME_ATTRIBUTES
    for tag, names in extra_attributes.items():
        allowed = _names(names, f"allow_html.attributes.{tag}")
        bad = sorted(n for n in allowed if n.lower().startswith("on") or n.lower() in ("srcdoc", "formaction"))
        if bad:
            raise PolicyError(f"allow_html.attributes.{tag}: {bad[0]!r} can run script and cannot be allowed")
        attributes[str(tag)] = attributes.get(str(tag), frozenset()) | allowed
    return Policy(TAGS | tags, attributes, hosts)


def _names(value: Any, option: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise PolicyError(f"{option} must be a list of names")
    return frozenset(value)


def sanitize_html(text: str, policy: Policy = DEFAULT_POLICY) -> str:
    """``text`` (HTML rendered from content Markdown) with everything that could run script removed."""
    if "<" not in text and "&" not in text:
        return text
    return policy.clean(text)


def _inventory(text: str) -> tuple[Counter[str], Counter[str]]:
    tags: Counter[str] = Counter()
    attributes: Counter[str] = Counter()
    for m in _START_TAG_RE.finditer(text):
        tag = m.group(1).lower()
        tags[tag] += 1
        for a in _ATTR_NAME_RE.finditer(m.group(2)):
            attributes[f"{tag} {a.group(1).lower()}"] += 1
    return tags, attributes


def removed(before: str, after: str) -> list[str]:
    """What sanitising took out, for a warning: ``<script>``, ``onerror= on <img>``… (sorted, once each).

    Read from the start tags on both sides, so elements the HTML parser only re-nests do not count.
    """
    if before == after:
        return []
    tags_before, attrs_before = _inventory(before)
    tags_after, attrs_after = _inventory(after)
    out = [f"<{t}>" for t in sorted(tags_before - tags_after)]
    kept_tags = set(tags_after)
    for key in sorted(attrs_before - attrs_after):
        tag, name = key.split(" ", 1)
        if tag in kept_tags and name != "/":
            out.append(f"{name}= on <{tag}>")
    return out


def describe(items: Iterable[str], limit: int = 5) -> str:
    """``<script>, onerror= on <img>`` and a count of the rest."""
    items = list(items)
    head = ", ".join(items[:limit])
    return head + (f" and {len(items) - limit} more" if len(items) > limit else "")


#: The type of the sanitiser the plugin calls (a policy's bound ``clean`` or :func:`sanitize_html`).
Sanitizer = Callable[[str], str]
