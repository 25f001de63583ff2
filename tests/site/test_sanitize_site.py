"""Raw HTML in authored pages, in a real build: removed with a warning naming the page and element."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import build_failing, build_site, capture_mkdocs_warnings, parse_html, write_site

PAGE = (
    "# Launch notes\n\n"
    "Watch the recording:\n\n"
    '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Recording" width="560" height="315">'
    "</iframe>\n\n"
    '<img src="chart.png" alt="chart" onerror="alert(1)">\n'
)


def test_removed_html_is_a_warning_naming_the_page_and_the_element(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"notes.md": PAGE, "chart.png": b"\x89PNG\r\n\x1a\n"})
    with capture_mkdocs_warnings() as records:
        build_failing(config, strict=True)
    warnings = [r.getMessage() for r in records if "removed HTML" in r.getMessage()]
    assert warnings == [
        "goldenthread: notes.md: removed HTML that is not allowed: <iframe>, onerror= on <img> "
        "(raw HTML that could run script; a site allows more with the allow_html option)"
    ]


def test_without_strict_the_page_builds_without_the_removed_html(tmp_path: Path) -> None:
    config = write_site(tmp_path, {"notes.md": PAGE, "chart.png": b"\x89PNG\r\n\x1a\n"})
    site = build_site(config, strict=False, allow=[r"notes\.md: removed HTML"])
    doc = parse_html((site / "notes" / "index.html").read_text(encoding="utf-8"))
    article = doc.find("article")
    assert article is not None
    assert article.find_all("iframe") == [] and "onerror" not in str(article)
    assert [i.attrs.get("alt") for i in article.find_all("img")] == ["chart"]


def test_a_site_allows_video_iframes_from_named_hosts(tmp_path: Path) -> None:
    allow = {"tags": ["iframe"], "iframe_hosts": ["www.youtube-nocookie.com"]}
    page = PAGE.replace(' onerror="alert(1)"', "")
    config = write_site(tmp_path, {"notes.md": page, "chart.png": b"\x89PNG\r\n\x1a\n"}, {"allow_html": allow})
    site = build_site(config)
    article = parse_html((site / "notes" / "index.html").read_text(encoding="utf-8")).find("article")
    assert article is not None
    frames = article.find_all("iframe")
    assert [f.attrs.get("src") for f in frames] == ["https://www.youtube-nocookie.com/embed/abc"]


@pytest.mark.parametrize(
    "allow, message",
    [
        ({"tags": ["script"]}, "'script' can run script or load code and cannot be allowed"),
        ({"tags": ["iframe"]}, "'iframe' needs allow_html.iframe_hosts"),
    ],
)
def test_an_unsafe_allow_html_fails_the_build_at_config_time(tmp_path: Path, allow: object, message: str) -> None:
    config = write_site(tmp_path, {}, {"allow_html": allow})
    errors = build_failing(config)
    assert any(message in e for e in errors), errors
