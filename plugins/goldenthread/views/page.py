"""What every page generator shares: the generated page, its front matter, the render entry point.

Item pages (:mod:`.pages`) and the dashboards (:mod:`.dashboards`) both build on :class:`View`,
so neither imports the other's module to render.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from .render import Blocks, render
from .wiki import Wiki

#: Marks a page that uses the whole window (the CSS widens the grid of a page holding it).
WIDE_MARK = '\n<div class="gt-wide-page" hidden></div>\n'

#: Front matter of wide pages: no navigation or table-of-contents sidebar.
WIDE_HIDE = ["navigation", "toc"]


@dataclass
class GeneratedPage:
    src: str
    content: str
    title: str
    #: docs-relative source file for "Edit this page" (None for views)
    edit_src: str | None = None


def front_matter(title: str, tags: list[str] | None = None, **extra: Any) -> str:
    data: dict[str, Any] = {"title": title}
    if tags:
        data["tags"] = sorted(set(tags))
    data.update({k: v for k, v in extra.items() if v is not None})
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000).strip()


class View:
    """A page generator: the wiki it links within, and the block store its HTML goes to."""

    def __init__(self, wiki: Wiki, blocks: Blocks) -> None:
        self.wiki = wiki
        #: HTML of every page, kept out of Markdown until the page is rendered (see Blocks)
        self.blocks = blocks
        self.analysis = wiki.analysis
        self.model = wiki.analysis.model
        self.options = wiki.options

    def render(self, template: str, **context: Any) -> str:
        """A template rendered to page Markdown, its HTML blocks kept in this view's store."""
        return render(template, self.blocks, money_cents=self.analysis.settings.money_cents, **context)

    def page(self, src: str, title: str, template: str, *, wide: bool = False, **context: Any) -> GeneratedPage:
        """A generated page; ``wide`` ones (dashboards, matrices) use the whole window."""
        content = self.render(template, **context)
        if wide:
            content += WIDE_MARK
        return GeneratedPage(src, content, title)
