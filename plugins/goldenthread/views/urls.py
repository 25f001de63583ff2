"""Where pages land and how one page links to another, as MkDocs lays out a site.

Kept here, without MkDocs, so generated HTML can carry correct relative links and so the same
pages can be written out as plain Markdown for another generator.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache


@lru_cache(maxsize=65536)
def page_url(src: str, use_directory_urls: bool = True) -> str:
    """Site-relative URL of a Markdown source path (``a/b.md`` -> ``a/b/``)."""
    stem, _ = posixpath.splitext(src)
    directory, name = posixpath.split(stem)
    if name in ("index", "README"):
        return (directory + "/") if directory else ""
    if use_directory_urls:
        return stem + "/"
    return stem + ".html"


def relative_url(from_src: str, to_src: str, anchor: str = "", use_directory_urls: bool = True) -> str:
    """A link from the page built from ``from_src`` to ``to_src`` (and ``#anchor``)."""
    frag = f"#{anchor}" if anchor else ""
    rel = _relative_page(from_src, to_src, use_directory_urls)
    if not rel:
        return frag or "./"
    return rel + frag


@lru_cache(maxsize=262144)
def _relative_page(from_src: str, to_src: str, use_directory_urls: bool) -> str:
    """The page part of :func:`relative_url` ("" for the same page); cached per pair of pages, as a
    large wiki links to thousands of anchors on the same few hundred pages."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    if here == there:
        return ""
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    rel = posixpath.relpath(there or ".", base or ".")
    if there.endswith("/") or there == "":
        rel = rel.rstrip("/") + "/"
        if rel == "./" or rel == "/":
            rel = "./"
    return rel


def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link path from one source file to another (MkDocs resolves these)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
