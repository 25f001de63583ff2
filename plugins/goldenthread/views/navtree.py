"""The navigation of a wiki whose ``mkdocs.yml`` has no ``nav:``: the team's pages, then goldenthread's.

MkDocs' automatic nav lists every page by file name, which puts some twenty generated pages in
one flat row. Instead, the team's Markdown pages keep MkDocs' folder order (index first, a
folder's pages before its sub-folders, sections titled from folder names), and the generated
pages follow in named groups. Item pages and owner pages are reached from their indexes, not
listed one by one only in small wikis (a nav entry per item makes large builds quadratic; see
shared/mkdocs-facts.md).
The result is plain ``nav`` data, as a user would write it in ``mkdocs.yml``.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from typing import Any

from .wiki import Options

#: generated views (names as without ``views_dir``), in the order and groups they are shown
GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Strategy and plan", ("overview.md",)),
    ("Traceability", ("traceability.md", "graph.md", "maps/", "health.md")),
    (
        "Dashboards",
        (
            "dashboard.md",
            "budget.md",
            "kpis.md",
            "signals.md",
            "timeline.md",
            "freshness.md",
            "raci.md",
            "owners/index.md",
            "misalignment.md",
            "landscape.md",
        ),
    ),
    ("FAQ", ("faq.md",)),
    ("Reference", ("reference/item-types.md", "reference/rules.md")),
)

#: a folder in GROUPS (a name ending in ``/``) is listed as a section of its pages, under this title
FOLDER_TITLES = {"maps/": "Maps per objective"}

NavEntry = str | dict[str, Any]

#: up to this many generated item pages, each is listed under its type; above it, only the indexes
NAV_ITEM_LIMIT = 200


def dirname_to_title(name: str) -> str:
    """A section title from a folder name, as MkDocs makes it."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def auto_nav(user_pages: Iterable[str], generated: Mapping[str, str], options: Options) -> list[NavEntry]:
    """``nav`` data: ``index.md`` as Home, the team's folders, goldenthread's groups, the team's other pages.

    ``generated`` maps each generated page to its title, in the order the pages were made (types
    in schema order).
    """
    pages = sorted(set(user_pages))
    made = generated
    nav: list[NavEntry] = []
    if "index.md" in pages:
        nav.append({"Home": "index.md"})
    top_files = [p for p in pages if "/" not in p and p != "index.md"]
    nav.extend(_tree([p for p in pages if "/" in p], ""))

    items_index = posixpath.join(options.generated_dir, "index.md")
    type_indexes = [
        p for p in made if p.startswith(options.generated_dir + "/") and p.count("/") == 2 and p.endswith("/index.md")
    ]
    item_pages = [
        p for p in made if p.startswith(options.generated_dir + "/") and p.count("/") == 2 and p not in type_indexes
    ]
    listed = len(item_pages) <= NAV_ITEM_LIMIT
    items: list[NavEntry] = [items_index] if items_index in made else []
    for index in type_indexes:
        folder = posixpath.dirname(index) + "/"
        pages_of_type = sorted(p for p in item_pages if p.startswith(folder)) if listed else []
        if pages_of_type:
            items.append({made[index]: [index, *pages_of_type]})
        else:
            items.append(index)
    if items:
        nav.append({"Items": items})
    for title, names in GROUPS:
        present: list[NavEntry] = []
        for n in names:
            src = options.view_src(n)
            if n.endswith("/"):
                # one page per objective: listed while they are few, like item pages
                inside = sorted(p for p in made if p.startswith(src) and p.count("/") == src.count("/"))
                if inside and len(inside) <= NAV_ITEM_LIMIT:
                    present.append({FOLDER_TITLES[n]: inside})
            elif src in made:
                # an index page among others would become the group's own page (Material's
                # navigation.indexes): it gets a section of its own
                present.append({made[src]: [src]} if src.endswith("/index.md") and len(names) > 1 else src)
        if len(present) == 1 and len(names) == 1:
            nav.append({title: present[0]})
        elif present:
            nav.append({title: present})
    nav.extend(top_files)
    return nav


def _tree(paths: list[str], prefix: str) -> list[NavEntry]:
    """MkDocs' order for the pages under ``prefix``: index, the folder's pages, then its sub-folders."""
    here = [p for p in paths if "/" not in p[len(prefix) :]]
    here.sort(key=lambda p: (posixpath.basename(p) not in ("index.md", "README.md"), p))
    folders = sorted({p[len(prefix) :].split("/", 1)[0] for p in paths if "/" in p[len(prefix) :]})
    entries: list[NavEntry] = list(here)
    for folder in folders:
        sub = prefix + folder + "/"
        children = _tree([p for p in paths if p.startswith(sub)], sub)
        if children:
            entries.append({dirname_to_title(folder): children})
    return entries
