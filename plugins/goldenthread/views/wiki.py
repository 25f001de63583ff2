"""Where every item lives in the wiki, and links between pages.

Markdown items are pages of their own. YAML items get a generated page each, or, for large
wikis, share one generated page per data file as anchored sections (a nav entry or page per
item makes MkDocs builds quadratic; see shared/mkdocs-facts.md).
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from ..analysis import Analysis
from ..core.model import Item
from .escape import md_text
from .render import money
from .urls import relative_src, relative_url

#: ``item_pages: auto`` gives YAML items their own page up to this many, else one page per file.
AUTO_OWN_PAGE_LIMIT = 1000


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


@dataclass
class Options:
    use_directory_urls: bool = True
    item_pages: str = "auto"  # auto | own | file
    generated_dir: str = "items"
    views_dir: str = ""

    def view_src(self, name: str) -> str:
        return posixpath.join(self.views_dir, name) if self.views_dir else name


@dataclass
class Wiki:
    analysis: Analysis
    options: Options
    #: item ID -> (docs-relative page source, anchor)
    locations: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: generated page source -> item IDs placed on it, in order
    grouped: dict[str, list[str]] = field(default_factory=dict)
    #: generated page source -> data file it shows (for "Edit this page")
    sources: dict[str, str] = field(default_factory=dict)
    _escaped_titles: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(cls, analysis: Analysis, options: Options) -> Wiki:
        wiki = cls(analysis, options)
        model = analysis.model
        yaml_items = [i for i in model.items.values() if i.form == "yaml"]
        mode = options.item_pages
        if mode == "auto":
            mode = "own" if len(yaml_items) <= AUTO_OWN_PAGE_LIMIT else "file"
        gen = options.generated_dir
        for item in model.items.values():
            src = model.src_path(item.file)
            if item.form == "markdown":
                wiki.locations[item.id] = (src, "")
                continue
            plural = model.schema.types[item.type].plural
            if mode == "own":
                page = posixpath.join(gen, plural.replace("_", "-"), item.id.lower() + ".md")
                anchor = ""
            else:
                page = posixpath.join(gen, "data", posixpath.splitext(src)[0] + ".md")
                anchor = item.id.lower()
            wiki.locations[item.id] = (page, anchor)
            wiki.grouped.setdefault(page, []).append(item.id)
            wiki.sources[page] = src
        return wiki

    # -- links -------------------------------------------------------------------------------
    def href(self, from_src: str, item_id: str) -> str:
        page, anchor = self.locations[item_id]
        return relative_url(from_src, page, anchor, self.options.use_directory_urls)

    def page_href(self, from_src: str, to_src: str, anchor: str = "") -> str:
        return relative_url(from_src, to_src, anchor, self.options.use_directory_urls)

    def link(self, from_src: str, item_id: str, *, show_id: bool = False) -> Markup:
        """An HTML link to an item, titled with its title (its ID for unknown targets)."""
        item = self.analysis.model.items.get(item_id)
        if item is None or item_id not in self.locations:
            return Markup('<span class="gt-missing">{}</span>').format(item_id)
        # Hot path on large wikis: plain concatenation of escaped parts (Markup.format is slow).
        title = self._escaped_titles.get(item_id)
        if title is None:
            title = self._escaped_titles[item_id] = str(escape(item.title))
        ident = str(escape(item.id))
        text = f'{title} <span class="gt-id">{ident}</span>' if show_id else title
        href = escape(self.href(from_src, item_id))
        return Markup(f'<a class="gt-ref" href="{href}" title="{ident}: {title}">{text}</a>')

    def md_link(self, from_src: str, item_id: str, label: str | None = None) -> str | None:
        """A Markdown link for ``[[ID]]`` (MkDocs resolves and validates it); None if unknown."""
        item = self.analysis.model.items.get(item_id)
        if item is None:
            return None
        page, anchor = self.locations[item_id]
        target = relative_src(from_src, page) + (f"#{anchor}" if anchor else "")
        if page == from_src:  # the page itself: MkDocs validates a link to its own file name, not "./"
            target = f"#{anchor}" if anchor else posixpath.basename(page)
        return f'[{md_text(label or item.title)}]({target} "{item.id}")'

    def money(self, value: object, currency: str = "") -> str:
        """An amount as the settings show money (whole units unless ``money_cents``)."""
        return money(value, currency, self.analysis.settings.money_cents)

    def items_on(self, page: str) -> list[Item]:
        return [self.analysis.model.items[i] for i in self.grouped.get(page, [])]

    def type_index(self, type_name: str) -> str:
        plural = self.analysis.model.schema.types[type_name].plural
        return posixpath.join(self.options.generated_dir, plural.replace("_", "-"), "index.md")
