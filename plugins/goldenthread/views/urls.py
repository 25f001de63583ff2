"""Where pages land and how one page links to another, as MkDocs lays out a site.

Kept here, without MkDocs, so generated HTML can carry correct relative links and so the same
pages can be written out as plain Markdown for another generator. Every path here is
site-relative POSIX text: nothing depends on the working directory or the build machine
(``posixpath.relpath`` on a relative path does; a base of ``"/"`` once made links into the
build folder, so the arithmetic below is done by hand).
"""

from __future__ import annotations

import posixpath
from functools import lru_cache

#: Source names MkDocs publishes as their folder's index page.
INDEX_NAMES = ("index", "README")


@lru_cache(maxsize=65536)
def page_url(src: str, use_directory_urls: bool = True) -> str:
    """Site-relative URL of a Markdown source path, as MkDocs' ``File.url`` gives it.

    ``a/b.md`` -> ``a/b/`` (or ``a/b.html``); ``a/index.md`` -> ``a/`` (or ``a/index.html``);
    the home page -> ``""`` (or ``index.html``).
    """
    stem, _ = posixpath.splitext(src)
    directory, name = posixpath.split(stem)
    if name in INDEX_NAMES:
        if use_directory_urls:
            return (directory + "/") if directory else ""
        return posixpath.join(directory, "index.html")
    if use_directory_urls:
        return stem + "/"
    return stem + ".html"


def _parts(path: str) -> list[str]:
    return [p for p in path.split("/") if p and p != "."]


def relative_path(to: str, base_dir: str) -> str:
    """``to`` (a site-relative path) as seen from the folder ``base_dir`` (site-relative too)."""
    target, base = _parts(to), _parts(base_dir)
    common = 0
    while common < min(len(target), len(base)) and target[common] == base[common]:
        common += 1
    rel = [".."] * (len(base) - common) + target[common:]
    return "/".join(rel) or "."


def relative_url(from_src: str, to_src: str, anchor: str = "", use_directory_urls: bool = True) -> str:
    """A link from the page built from ``from_src`` to ``to_src`` (and ``#anchor``)."""
    if anchor:  # to the page itself, the anchor alone
        return _relative_page(from_src, to_src, use_directory_urls, same="") + f"#{anchor}"
    return _relative_page(from_src, to_src, use_directory_urls)


@lru_cache(maxsize=262144)
def _relative_page(from_src: str, to_src: str, use_directory_urls: bool, same: str | None = None) -> str:
    """The page part of :func:`relative_url`; cached per pair of pages, as a large wiki links to
    thousands of anchors on the same few hundred pages. A link to the page itself is ``same``
    when given (``""`` before an anchor), else the page's own address."""
    here = page_url(from_src, use_directory_urls)
    there = page_url(to_src, use_directory_urls)
    if here == there:
        if same is not None:
            return same
        return "./" if here.endswith("/") or not here else posixpath.basename(here)
    # the folder a browser resolves relative links against: the URL up to its last "/"
    base = here.rsplit("/", 1)[0] if "/" in here else ""
    rel = relative_path(there, base)
    if there.endswith("/") or there == "":
        rel = "./" if rel == "." else rel + "/"
    return rel


def relative_src(from_src: str, to_src: str) -> str:
    """A Markdown link path from one source file to another (MkDocs resolves these)."""
    return relative_path(to_src, posixpath.dirname(from_src))
