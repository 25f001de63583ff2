"""views/urls.py lays pages out exactly as MkDocs does, and never depends on the machine.

Compared with MkDocs' own ``File.url`` and link resolution for every pair of a set of source paths,
under both ``use_directory_urls`` settings, and run from a working directory that would show
any use of it (``posixpath.relpath`` against ``"/"`` once produced ``tmp/…/x.html``).
"""

from __future__ import annotations

import itertools
import posixpath
from pathlib import Path
from urllib.parse import urljoin

import pytest
from mkdocs.structure.files import File

from goldenthread.views.urls import page_url, relative_path, relative_src, relative_url

SOURCES = [
    "index.md",
    "README.md",
    "dashboard.md",
    "a/index.md",
    "a/README.md",
    "a/b.md",
    "a/b/c.md",
    "a/b/index.md",
    "x/y.md",
    "strategy/objectives/cac.md",
]
BASE = "http://site.invalid/sub/"


def _mkdocs_url(src: str, use_directory_urls: bool) -> str:
    url = File(src, "/docs", "/site", use_directory_urls).url
    return "" if url == "./" else url  # Page.url of the home page


@pytest.fixture(autouse=True)
def _deep_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    deep = tmp_path / "tmp" / "build"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_page_url_is_mkdocs_url(use_directory_urls: bool) -> None:
    for src in SOURCES:
        assert page_url(src, use_directory_urls) == _mkdocs_url(src, use_directory_urls), src


@pytest.mark.parametrize("use_directory_urls", [True, False])
def test_relative_url_leads_where_mkdocs_puts_the_page(use_directory_urls: bool) -> None:
    for a, b in itertools.product(SOURCES, SOURCES):
        here, there = _mkdocs_url(a, use_directory_urls), _mkdocs_url(b, use_directory_urls)
        href = relative_url(a, b, "", use_directory_urls)
        assert not href.startswith("/") and "tmp" not in href, (a, b, href)
        assert urljoin(BASE + here, href) == BASE + there, (a, b, href)
        with_anchor = relative_url(a, b, "x", use_directory_urls)
        assert urljoin(BASE + here, with_anchor) == BASE + there + "#x"


def test_without_directory_urls_no_link_is_a_folder() -> None:
    """Pages opened from disk (Material's offline plugin) cannot follow ``a/`` to ``a/index.html``."""
    for a, b in itertools.product(SOURCES, SOURCES):
        assert not relative_url(a, b, "", False).endswith("/"), (a, b)


def test_relative_src_and_path() -> None:
    for a, b in itertools.product(SOURCES, SOURCES):
        assert posixpath.normpath(posixpath.join(posixpath.dirname(a), relative_src(a, b))) == b
    assert relative_path("a/b", "") == "a/b"
    assert relative_path("", "a/b") == "../.."
    assert relative_path("a", "a") == "."
