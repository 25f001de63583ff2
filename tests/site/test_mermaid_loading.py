"""Mermaid (3.5 MB) is loaded by the pages that draw a diagram, and by no other page."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import Site, build_site, example_site, parse_html, write_site

MERMAID_SRC = "assets/goldenthread/mermaid.min.js"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return example_site(tmp_path_factory)


def _mermaid_scripts(site: Site, url: str) -> list[str]:
    scripts = site.page(url).find_all("script")
    return [s.get("src") or "" for s in scripts if (s.get("src") or "").endswith("mermaid.min.js")]


def test_only_pages_with_a_diagram_load_mermaid(site: Site) -> None:
    with_diagram = [url for url in site.pages() if site.page(url).find("pre", cls="mermaid") is not None]
    loading = [url for url in site.pages() if _mermaid_scripts(site, url)]
    assert with_diagram, "the example draws diagrams (strategy map, timeline)"
    assert sorted(loading) == sorted(with_diagram)
    assert len(loading) < len(site.pages()) / 10


def test_the_script_url_resolves_from_the_page(site: Site) -> None:
    for url in ("graph/", "timeline/"):
        (src,) = _mermaid_scripts(site, url)
        target, _ = site.resolve(url, src)
        assert target == MERMAID_SRC and site.file(target).stat().st_size > 1_000_000


def test_a_content_page_with_a_diagram_gets_mermaid_with_flat_urls(tmp_path: Path) -> None:
    files = {
        "index.md": "# Home\n\nNo diagram here.\n",
        "notes/flow.md": "# Flow\n\n``` mermaid\nflowchart LR\n  a --> b\n```\n",
    }
    write_site(tmp_path, files, extra={"use_directory_urls": False})
    site_dir = build_site(tmp_path / "mkdocs.yml", tmp_path / "site")
    flow = parse_html((site_dir / "notes" / "flow.html").read_text(encoding="utf-8"))
    home = parse_html((site_dir / "index.html").read_text(encoding="utf-8"))
    srcs = [s.get("src") for s in flow.find_all("script")]
    assert f"../{MERMAID_SRC}" in srcs
    assert not [s for s in home.find_all("script") if (s.get("src") or "").endswith("mermaid.min.js")]
