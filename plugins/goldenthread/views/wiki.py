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
from ..domain import freshness as fr
from ..domain import raci as rc
from ..domain.kpis import Scorecard
from ..domain.owners import Person
from .escape import md_text
from .render import money
from .urls import relative_src, relative_url

#: ``item_pages: auto`` gives YAML items their own page up to this many, else one page per file.
AUTO_OWN_PAGE_LIMIT = 1000
#: The folder (under ``views_dir``) of the per-objective strategy maps: one page, one diagram each.
MAPS_DIR = "maps"


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

    def map_src(self, objective_id: str) -> str:
        """The page of one objective's strategy map."""
        return self.view_src(f"{MAPS_DIR}/{slug(objective_id)}.md")


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
    _docs: list[fr.Doc] | None = None
    _owner_slugs: dict[str, str] | None = None
    _owner_links: dict[tuple[str, str], Markup] = field(default_factory=dict)

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
        """An HTML link to an item: its title, and its ID beside it (``show_id``) or on hover."""
        item = self.analysis.model.items.get(item_id)
        if item is None or item_id not in self.locations:
            return Markup('<span class="gt-missing">{}</span>').format(item_id)
        # Hot path on large wikis: plain concatenation of escaped parts (Markup.format is slow).
        title = self._escaped_titles.get(item_id)
        if title is None:
            title = self._escaped_titles[item_id] = str(escape(item.title))
        ident = str(escape(item.id))
        href = escape(self.href(from_src, item_id))
        if show_id:  # the ID is in the text: a tooltip would only repeat it
            return Markup(f'<a class="gt-ref" href="{href}">{title} <span class="gt-id">{ident}</span></a>')
        return Markup(f'<a class="gt-ref" href="{href}" title="{ident}: {title}">{title}</a>')

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

    def scorecards(self) -> list[Scorecard]:
        """Every objective target against its KPI's actuals (computed once by the analysis, for every page)."""
        return self.analysis.cards

    # -- owners ------------------------------------------------------------------------------
    def documents(self) -> list[fr.Doc]:
        """Living documents, with git dates where the content gives no last_reviewed (computed once)."""
        if self._docs is None:
            settings = self.analysis.settings
            self._docs = fr.documents(
                self.analysis.model, settings.effective_today(), settings.review_due_days, settings.date_window
            )
        return self._docs

    def owner_handles(self) -> list[str]:
        """Everyone who owns an item or a page, or holds a RACI role: each has an owner page."""
        model = self.analysis.model
        found = {i.owner for i in model.items.values() if i.owner}
        found.update(h for a in rc.assignments(model) for h in a.roles)
        found.update(d.owner for d in self.documents() if d.owner)
        return sorted(found, key=lambda h: ("/" in h, h.lower()))

    @property
    def owner_slugs(self) -> dict[str, str]:
        """Handle -> the slug of its owner page."""
        if self._owner_slugs is None:
            self._owner_slugs = rc.handle_slugs(self.owner_handles())
        return self._owner_slugs

    def person(self, handle: str) -> Person | None:
        """Who a handle is, from the people file (``people_file``) when there is one."""
        people = self.analysis.people
        return people.entries.get(handle) if people is not None else None

    def owner_link(self, from_src: str, handle: str | None, *, by_name: bool = True) -> Markup:
        """The owner's name from the people file (the handle when unknown), linked to their owner page;
        the handle and role on hover. ``by_name=False`` shows the handle, the name on hover (lists of
        handles, such as the owners index)."""
        key = (from_src, ("" if by_name else "@") + (handle or ""))
        found = self._owner_links.get(key)
        if found is None:
            found = self._owner_links[key] = self._owner_link(from_src, handle, by_name)
        return found

    def _owner_link(self, from_src: str, handle: str | None, by_name: bool) -> Markup:
        if not handle:
            return Markup('<span class="gt-missing-owner">no owner</span>')
        person = self.person(handle)
        role = person.role if person is not None else ""
        if by_name:
            name = person.name if person is not None and person.name else handle
            hover = " — ".join(x for x in (handle, role) if x)
        else:
            name = handle
            hover = " — ".join(x for x in (person.name if person is not None else "", role) if x)
        slug = self.owner_slugs.get(handle)
        title = Markup(' title="{}"').format(hover) if hover else Markup("")
        if slug is None:
            return Markup('<span class="gt-owner"{} data-handle="{}">{}</span>').format(title, handle, name)
        href = self.page_href(from_src, self.options.view_src(f"owners/{slug}.md"))
        return Markup('<a class="gt-owner" href="{}"{} data-handle="{}">{}</a>').format(href, title, handle, name)

    def money(self, value: object, currency: str = "") -> str:
        """An amount as the settings show money (whole units unless ``money_cents``)."""
        return money(value, currency, self.analysis.settings.money_cents)

    def items_on(self, page: str) -> list[Item]:
        return [self.analysis.model.items[i] for i in self.grouped.get(page, [])]

    def type_index(self, type_name: str) -> str:
        plural = self.analysis.model.schema.types[type_name].plural
        return posixpath.join(self.options.generated_dir, plural.replace("_", "-"), "index.md")
