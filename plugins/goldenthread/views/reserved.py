"""The addresses goldenthread generates pages at, and authored pages that would take one.

An authored ``content/health.md`` hides the generated health page: MkDocs keeps the authored file
and the plugin can only warn, so ``mkdocs build --strict`` fails while ``goldenthread check
--strict`` (which renders nothing) passed. Naming the addresses here lets both report the same
GT152 at the authored file. tests/views/test_reserved.py holds this list to every page
:meth:`Pages.all` generates.
"""

from __future__ import annotations

import posixpath

from ..analysis import ROOT_CAUSES, Analysis
from ..core.diagnostics import Pos, Reporter
from .wiki import MAPS_DIR, Options

#: Pages every site gets, relative to ``views_dir`` (the dashboards and the reference).
VIEW_PAGES = frozenset(
    {
        "budget.md",
        "dashboard.md",
        "faq.md",
        "freshness.md",
        "graph.md",
        "health.md",
        "kpis.md",
        "landscape.md",
        "misalignment.md",
        "overview.md",
        "raci.md",
        "reference/item-types.md",
        "reference/rules.md",
        "signals.md",
        "timeline.md",
        "traceability.md",
    }
)
#: Folders, relative to ``views_dir``, whose pages are all generated (one page per owner, one
#: strategy map per objective).
VIEW_FOLDERS = ("owners", MAPS_DIR)


def reserved_by(src: str, options: Options) -> str | None:
    """What a docs-relative page source is reserved for, or None when goldenthread generates nothing there."""
    gen = options.generated_dir
    if src.startswith(gen + "/"):
        return f"the generated item pages (generated_dir: {gen})"
    views = options.views_dir
    rel = src[len(views) + 1 :] if views and src.startswith(views + "/") else (None if views else src)
    if rel is None:
        return None
    if rel in VIEW_PAGES:
        return f"the generated page {src}"
    for folder in VIEW_FOLDERS:
        if rel.startswith(folder + "/"):
            return f"the generated pages under {posixpath.join(views, folder)}/"
    return None


def add_collisions(analysis: Analysis, options: Options) -> None:
    """Add GT152 to ``analysis`` for every authored Markdown page at a reserved address."""
    report = Reporter(analysis.settings.severities)
    model = analysis.model
    for label in model.pages:
        src = model.src_path(label)
        taken = reserved_by(src, options)
        if taken is None:
            continue
        report.add(
            "GT152",
            Pos(label, 1, 1),
            f"this page has the address of {taken}, which it would hide",
            "rename or move the page, or set generated_dir / views_dir to another folder",
        )
    if report.items:
        analysis.diagnostics.extend(report.items)
        analysis.diagnostics.sort(key=lambda d: (d.code not in ROOT_CAUSES, *d.sort_key()))


def options_for(analysis: Analysis, use_directory_urls: bool = True) -> Options:
    """The page options of ``analysis``'s settings (the folders are what matter here)."""
    s = analysis.settings
    return Options(
        use_directory_urls=use_directory_urls,
        item_pages=s.item_pages,
        generated_dir=s.generated_dir,
        views_dir=s.views_dir,
    )
