"""Long tables and long link lists sent as compact data, not HTML.

At 10,000 campaigns a dozen pages each list every campaign, and an item link is ~200 bytes of
HTML (``<a class="gt-ref" href=… title=…>Title <span class="gt-id">ID</span></a>``): those pages
made the site twice the size of the same content in sphinx-needs, and sorting them meant reading
every cell back from the DOM. A table of more than :data:`COMPACT_MIN_ROWS` rows therefore keeps
its first :data:`FIRST_ROWS` rows as HTML (the page is never empty without JavaScript) and carries
all rows as JSON in a ``<script type="application/json" class="gt-rows">`` after the table; a list
of more than :data:`COMPACT_MIN_LINKS` item links keeps its first links and carries the rest as IDs.

Links inside the data are tokens (``<@ID>``, ``<~@handle>``…) that ``goldenthread.js`` expands
from one shared index (:data:`LINK_INDEX`, a script every such page loads, cached by the browser),
so a title and a URL are written once per site, not once per row; runs of empty cells are counts,
and cells a table repeats are written once. A token replaces only an anchor that is exactly what
the index rebuilds (checked here), and a row becomes cells only when every character of it is in
a cell whose attributes parse; anything else stays as HTML (with tokens) inside the data.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from markupsafe import escape

from .urls import page_url
from .wiki import Wiki

#: Tables with more rows than this are sent as row data (smaller ones stay whole HTML).
COMPACT_MIN_ROWS = 200
#: Rows a compacted table keeps as HTML: goldenthread.js's page size.
FIRST_ROWS = 50
#: Link lists longer than this keep their first :data:`FIRST_LINKS` links as HTML.
COMPACT_MIN_LINKS = 100
FIRST_LINKS = 50
#: The shared index, a site file next to goldenthread.js.
LINK_INDEX = "links.js"

_TABLE_RE = re.compile(r"<table\b[^>]*\bdata-gt-sortable\b[^>]*>.*?</table>", re.S)
_TBODY_RE = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.S)
_ROW_RE = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
_CELL_RE = re.compile(r"<(t[dh])\b([^>]*)>(.*?)</\1>", re.S)
#: An item or owner link as the wiki writes them (text: plain, or a title and an ID span).
_ANCHOR_RE = re.compile(r'<a class="gt-(?:ref|owner)" href="[^"]*"[^>]*>[^<]*(?:<span class="gt-id">[^<]*</span>)?</a>')
#: The ID of an item link: in its tooltip, or beside its title
_REF_ID_RE = re.compile(r'(?:title="|<span class="gt-id">)([A-Z][A-Z0-9-]*)(?:: |</span>)')
_HANDLE_RE = re.compile(r'data-handle="(@[^"]*)"')
_LIST_RE = re.compile(rf"<ul>((?:<li>{_ANCHOR_RE.pattern}</li>){{{COMPACT_MIN_LINKS + 1},}})</ul>")
_LI_RE = re.compile(r"<li>(" + _ANCHOR_RE.pattern + r")</li>")


def _json(data: Any) -> str:
    """JSON safe inside ``<script>``: no ``</`` to end it, no ``<!--`` to change its parsing."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\u0021--")


@dataclass
class LinkIndex:
    """Every item's title and place, and every owner's link parts: one copy for the whole site."""

    wiki: Wiki
    pages: list[str] = field(default_factory=list)
    _page_no: dict[str, int] = field(default_factory=dict)
    #: item ID -> (escaped title, page number, anchor)
    items: dict[str, tuple[str, int, str]] = field(default_factory=dict)
    #: handle -> (name, hover by name, hover by handle, owner page URL): escaped
    owners: dict[str, tuple[str, str, str, str]] = field(default_factory=dict)

    @classmethod
    def build(cls, wiki: Wiki) -> LinkIndex:
        index = cls(wiki)
        model, directory = wiki.analysis.model, wiki.options.use_directory_urls
        for item_id, (src, anchor) in wiki.locations.items():
            item = model.items.get(item_id)
            if item is None:
                continue
            url = page_url(src, directory)
            number = index._page_no.get(url)
            if number is None:
                number = index._page_no[url] = len(index.pages)
                index.pages.append(url)
            index.items[item_id] = (str(escape(item.title)), number, anchor)
        for handle, slug in wiki.owner_slugs.items():
            person = wiki.person(handle)
            role = person.role if person is not None else ""
            name = person.name if person is not None and person.name else handle
            by_name = " — ".join(x for x in (handle, role) if x)
            by_handle = " — ".join(x for x in (person.name if person is not None else "", role) if x)
            url = page_url(wiki.options.view_src(f"owners/{slug}.md"), directory)
            index.owners[handle] = (str(escape(name)), str(escape(by_name)), str(escape(by_handle)), url)
        return index

    def script(self) -> bytes:
        """``links.js``: the index as a global that goldenthread.js reads."""
        items: dict[str, list[Any]] = {}
        for item_id, (title, number, anchor) in self.items.items():
            entry: list[Any] = [title, number]
            if anchor:
                entry.append(1 if anchor == item_id.lower() else anchor)
            items[item_id] = entry
        data = {"p": self.pages, "i": items, "o": {h: list(v) for h, v in self.owners.items()}}
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        return f"window.goldenthreadLinks={text};\n".encode()

    # -- the anchors the index stands for, as the wiki writes them on one page -------------------
    def root(self, src: str) -> str:
        """The way up from a page to the site root (``../../``): the script prefixes index URLs with it."""
        url = page_url(src, self.wiki.options.use_directory_urls)
        return "../" * url.count("/")

    def anchor(self, src: str, token: str) -> str | None:
        """The HTML the wiki writes on page ``src`` for a token, or None for an unknown one.

        The script writes the same from this index (the same titles, names and places), but with
        ``root + URL`` as the href: another spelling of the same target.
        """
        kind, key = token[0], token[1:]
        wiki = self.wiki
        if kind in "@$#" and key in self.items:
            if kind == "#":  # the ID alone, its title on hover (a matrix's column heading)
                title = self.items[key][0]
                return f'<a class="gt-ref" href="{escape(wiki.href(src, key))}" title="{key}: {title}">{key}</a>'
            return str(wiki.link(src, key, show_id=kind == "@"))
        if kind in "~^" and key in self.owners:
            return str(wiki.owner_link(src, key, by_name=kind == "~"))
        return None


@dataclass
class Compactor:
    """Turns one page's long tables and link lists into row data (see the module docstring)."""

    index: LinkIndex
    _tokens: dict[tuple[str, str], str] = field(default_factory=dict)

    def page(self, html: str, src: str) -> str:
        if "data-gt-sortable" in html:
            html = _TABLE_RE.sub(lambda m: self._table(m.group(0), src), html)
        if "<ul><li><a " in html:
            html = _LIST_RE.sub(lambda m: self._list(m.group(0), src), html)
        return html

    # -- links -------------------------------------------------------------------------------
    def _tokenise(self, html: str, src: str) -> str:
        if '<a class="gt-' not in html:
            return html
        return _ANCHOR_RE.sub(lambda m: self._token(m.group(0), src), html)

    def _token(self, anchor: str, src: str) -> str:
        """``<@ID>`` for the anchor when the index rebuilds it exactly; else the anchor itself."""
        key = (src, anchor)
        found = self._tokens.get(key)
        if found is not None:
            return found
        token = anchor
        if anchor.startswith('<a class="gt-ref"'):
            m = _REF_ID_RE.search(anchor)
            kinds = "@$#"
        else:
            m = _HANDLE_RE.search(anchor)
            kinds = "~^"
        if m is not None:
            for kind in kinds:
                if self.index.anchor(src, kind + m.group(1)) == anchor:
                    token = f"<{kind}{m.group(1)}>"
                    break
        self._tokens[key] = token
        return token

    # -- tables ------------------------------------------------------------------------------
    def _table(self, table: str, src: str) -> str:
        bodies = list(_TBODY_RE.finditer(table))
        if sum(b.group(2).count("<tr") for b in bodies) <= COMPACT_MIN_ROWS:
            return table
        groups: list[list[Any]] = []
        kept = 0
        parts: list[str] = []
        end = 0
        for body in bodies:
            text = body.group(2)
            first = _ROW_RE.search(text)
            head = first.group(0) if first is not None and "gt-group" in first.group(1) else ""
            rows = text[first.end() :] if first is not None and head else text
            shown = [head] if head else []
            for row in _ROW_RE.finditer(rows):  # the first rows stay HTML, as written
                if kept >= FIRST_ROWS:
                    break
                shown.append(row.group(0))
                kept += 1
            # every row as data: links to tokens once for the whole body, then row by row
            groups.append([_row(piece) for piece in self._tokenise(rows, src).split("</tr>") if not piece.isspace()])
            parts.append(table[end : body.start()] + body.group(1) + "\n" + "\n".join(shown) + "\n" + body.group(3))
            end = body.end()
        parts.append(table[end:])
        total = sum(len(g) for g in groups)
        # how many rows the table has, for the script and for tools reading the page
        parts[0] = parts[0].replace("<table ", f'<table data-gt-rows="{total}" ', 1)
        common, groups = _shared_cells(groups)
        payload = _json({"n": total, "r": self.index.root(src), "g": groups, "s": common})
        note = (
            f'<noscript><p class="gt-rows-note">The first {min(FIRST_ROWS, total):,} of {total:,} rows; '
            "the whole table, with its filter and sorting, needs JavaScript.</p></noscript>"
        )
        return "".join(parts) + f'\n<script type="application/json" class="gt-rows">{payload}</script>{note}'

    # -- link lists --------------------------------------------------------------------------
    def _list(self, html: str, src: str) -> str:
        links = [m.group(1) for m in _LI_RE.finditer(html)]
        tokens = [self._tokenise(a, src) for a in links]
        shown = "".join(f"<li>{a}</li>" for a in links[:FIRST_LINKS])
        rest = len(links) - FIRST_LINKS
        payload = _json({"r": self.index.root(src), "l": tokens[FIRST_LINKS:]})
        return (
            f'<ul class="gt-more-list">{shown}</ul>'
            f'<p class="gt-more" data-gt-more="{rest}">… and {rest:,} more.</p>'
            f'<script type="application/json" class="gt-links">{payload}</script>'
        )


_ATTR_RE = re.compile(r'([a-z][a-z-]*)="([^"]*)"')


def _row(piece: str) -> Any:
    """One row (its text up to ``</tr>``, links already tokens) as data: ``[cell, …]`` (a number
    for that many empty cells),
    ``{"a": row attributes, "c": cells}``, or its HTML when it does not split into cells exactly.
    String splits and one ``findall``: this runs for every row of every long table."""
    text = piece.strip()
    close = text.find(">")
    if not text.startswith("<tr") or close < 0 or (close > 3 and text[3] != " "):
        return text + "</tr>"
    attrs, body = text[4:close], text[close + 1 :]
    found = _CELL_RE.findall(body)
    # every character of the row is in a cell: "<td" + attributes + ">" + inner + "</td>"
    if sum(9 + len(raw) + len(inner) for _, raw, inner in found) != len(body):
        return text + "</tr>"
    cells = [inner if not raw and tag == "td" else _cell(tag, raw, inner) for tag, raw, inner in found]
    if None in cells:
        return text + "</tr>"
    if "" in cells:
        cells = _runs(cells)
    return {"a": attrs, "c": cells} if attrs else cells


#: A cell written this many times in one table goes to the table's list of shared cells.
SHARED_CELL_MIN = 8


def _shared_cells(groups: list[list[Any]]) -> tuple[list[Any], list[list[Any]]]:
    """Cells a table repeats (a type, a status badge, an empty matrix hit) written once: in the
    rows, ``-k`` stands for the k-th shared cell (counting from 1). Plain loops: this sees every
    cell of every long table."""
    keys: list[Any] = []
    add = keys.append
    for group in groups:
        for row in group:
            for cell in row if type(row) is list else row["c"] if type(row) is dict else ():
                kind = type(cell)
                if kind is str:
                    if len(cell) > 3:
                        add(cell)
                elif kind is list:
                    add(tuple(cell))
    common = [cell for cell, n in Counter(keys).most_common(999) if n >= SHARED_CELL_MIN]
    if not common:
        return [], groups
    codes = {cell: -k for k, cell in enumerate(common, start=1)}
    get = codes.get

    def encode(cells: list[Any]) -> list[Any]:
        return [get(c, c) if type(c) is str else get(tuple(c), c) if type(c) is list else c for c in cells]

    out = [
        [
            encode(row) if type(row) is list else {**row, "c": encode(row["c"])} if type(row) is dict else row
            for row in group
        ]
        for group in groups
    ]
    return [list(c) if type(c) is tuple else c for c in common], out


def _runs(cells: list[Any]) -> list[Any]:
    """Runs of empty cells as their length (a matrix row is mostly empty cells)."""
    out: list[Any] = []
    empty = 0
    for cell in [*cells, None]:
        if cell == "":
            empty += 1
            continue
        if empty:
            out.append(empty if empty > 1 else "")
            empty = 0
        if cell is not None:
            out.append(cell)
    return out


def _cell(tag: str, raw: str, inner: str) -> Any:
    """A cell as data: ``"html"`` for a bare ``<td>``; else ``[html, sort, attributes, kind]``,
    trailing defaults left off: ``sort`` its ``data-sort`` (0: none), ``attributes`` the others,
    ``kind`` 1 for ``<th scope="row">``, 2 for another ``<th>``. The script writes the attributes
    back in that order (the same cell); None when they do not parse exactly."""
    if not raw and tag == "td":
        return inner
    shape = _cell_shape(tag, raw)
    if shape is None:
        return None
    out: list[Any] = [inner, *shape]
    while len(out) > 1 and out[-1] in (0, ""):
        out.pop()
    return out


def _cell_shape(tag: str, raw: str) -> tuple[Any, str, int] | None:
    """``(sort, other attributes, kind)`` of a cell's attribute text (see :func:`_cell`)."""
    # the commonest cells first, without parsing (a value holds no '"': it is escaped)
    pairs = raw.count('="')
    if pairs == 1 and raw.startswith(' data-sort="') and raw.endswith('"'):
        return raw[12:-1], "", 0 if tag == "td" else 2
    if pairs == 2 and tag == "th" and raw.startswith(' scope="row" data-sort="') and raw.endswith('"'):
        return raw[24:-1], "", 1
    key = (tag, raw)
    if key in _SHAPES:
        return _SHAPES[key]
    shape = _parse_shape(tag, raw)
    if len(_SHAPES) < 4096:
        _SHAPES[key] = shape
    return shape


#: Attribute texts seen before (``scope="row"``, ``class="gt-hit"`` …), most of a table's cells.
_SHAPES: dict[tuple[str, str], tuple[Any, str, int] | None] = {}


def _parse_shape(tag: str, raw: str) -> tuple[Any, str, int] | None:
    pairs = _ATTR_RE.findall(raw)
    if raw != "".join(f' {k}="{v}"' for k, v in pairs) or len({k for k, _ in pairs}) != len(pairs):
        return None
    attrs = dict(pairs)
    sort: Any = attrs.pop("data-sort", 0)
    kind = 0
    if tag == "th":
        kind = 1 if attrs.get("scope") == "row" else 2
        if kind == 1:
            del attrs["scope"]
    return sort, " ".join(f'{k}="{v}"' for k, v in attrs.items()), kind
