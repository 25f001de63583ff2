"""The ``preview`` feature: pull-request preview builds carry a banner and noindex; ordinary builds do not.

The preview is named by GOLDENTHREAD_PREVIEW_PR / GOLDENTHREAD_PREVIEW_URL (what the workflows set)
or by the plugin's ``preview`` option; the plugin alone does it, no repository hook.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from goldenthread.views.preview import PreviewError, mark, resolve_preview
from site_helpers import capture_mkdocs_warnings, parse_html, write_site

PR_URL = "https://github.com/ledgerwell/marketing-wiki/pull/42"
BANNER_TEXT = "Preview of pull request #42 — not the published wiki"

FILES = {
    "index.md": "# Test wiki\n\nSee [the strategy](strategy.md).\n",
    "strategy.md": "# Strategy\n\nGrow.\n",
}


def _mkdocs(config: Path, *, strict: bool) -> tuple[Path, list[str], bool]:
    """Build in-process with the environment as the test set it: (site_dir, warnings and errors, built?).

    site_helpers.build_site clears the preview variables for every other test, so not used here.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    site_dir = config.parent / "site"
    with capture_mkdocs_warnings() as records:
        try:
            cfg = load_config(config_file=str(config), strict=strict, site_dir=str(site_dir))
            cfg.plugins.on_startup(command="build", dirty=False)
            try:
                build(cfg)
            finally:
                cfg.plugins.on_shutdown()
            built = True
        except Abort:
            built = False
    return site_dir, [f"{r.levelname}: {r.getMessage()}" for r in records], built


def _env(monkeypatch: pytest.MonkeyPatch, pr: str | None, url: str | None) -> None:
    for name, value in (("GOLDENTHREAD_PREVIEW_PR", pr), ("GOLDENTHREAD_PREVIEW_URL", url)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)


def _build(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pr: str | None,
    url: str | None = None,
    *,
    strict: bool = True,
    allow: tuple[str, ...] = (),
    options: dict[str, Any] | None = None,
) -> Path:
    _env(monkeypatch, pr, url)
    config = write_site(tmp_path, FILES, options)
    site, messages, built = _mkdocs(config, strict=strict)
    unexpected = [m for m in messages if not any(re.search(p, m) for p in allow)]
    assert built and not unexpected, messages
    return site


def _build_failing(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    pr: str | None,
    url: str | None = None,
    *,
    strict: bool = False,
    options: dict[str, Any] | None = None,
) -> list[str]:
    _env(monkeypatch, pr, url)
    config = write_site(tmp_path, FILES, options)
    _, messages, built = _mkdocs(config, strict=strict)
    assert not built, messages
    return messages


def _html_pages(site: Path) -> list[Path]:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 5, pages  # the two pages above, goldenthread's generated ones and 404.html
    return pages


def test_without_the_variable_nothing_changes(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, None)
    for page in _html_pages(site):
        text = page.read_text(encoding="utf-8")
        assert "gt-preview-banner" not in text, page
        assert 'name="robots"' not in text, page
        assert "preview of" not in text, page


def test_empty_variable_is_an_ordinary_build(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, "", PR_URL)
    assert "gt-preview-banner" not in (site / "index.html").read_text(encoding="utf-8")


def test_preview_build_has_banner_link_and_noindex_on_every_page(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, "42", PR_URL)
    for page in _html_pages(site):
        doc = parse_html(page.read_text(encoding="utf-8"))
        head = doc.one("head")
        robots = head.one("meta", attrs={"name": "robots"})
        assert robots.get("content") == "noindex, nofollow", page
        banner = doc.one("aside", id="gt-preview-banner")
        assert banner.text() == BANNER_TEXT, page
        link = banner.one("a")
        assert link.get("href") == PR_URL
        assert "(preview of #42)" in head.one("title").text(), page
        # in Material's announcement slot, above the header
        assert any(a.get("data-md-component") == "announce" for a in banner.ancestors()), page


def test_banner_without_url_has_no_link(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, "42")
    banner = parse_html((site / "index.html").read_text(encoding="utf-8")).one("aside", id="gt-preview-banner")
    assert banner.text() == BANNER_TEXT
    assert banner.find("a") is None


@pytest.mark.parametrize(
    "url",
    [
        'https://github.com/o/r/pull/42"><script>alert(1)</script>',
        "javascript:alert(1)//https://github.com/o/r/pull/42",
        "https://github.com.evil.example/o/r/pull/42",
        "http://github.com/o/r/pull/42",
        "https://github.com/o/r/pull/43",  # another pull request than the one built
        "https://github.com/o/r/pull/42/../../../../settings",
    ],
)
def test_a_url_that_is_not_this_pull_request_is_refused(tmp_path, monkeypatch, url):
    site = _build(tmp_path, monkeypatch, "42", url, strict=False, allow=(r"GOLDENTHREAD_PREVIEW_URL ignored",))
    text = (site / "index.html").read_text(encoding="utf-8")
    banner = parse_html(text).one("aside", id="gt-preview-banner")
    assert banner.text() == BANNER_TEXT
    assert banner.find("a") is None
    assert "<script>alert" not in text and "evil.example" not in text and "javascript:" not in text


def test_a_refused_url_fails_a_strict_build(tmp_path, monkeypatch):
    _build_failing(tmp_path, monkeypatch, "42", "https://evil.example/pull/42", strict=True)


@pytest.mark.parametrize("number", ["4x2", "42; rm -rf /", "0", "-1", "<b>1</b>", "1" * 11])
def test_a_malformed_number_fails_the_build(tmp_path, monkeypatch, number):
    errors = _build_failing(tmp_path, monkeypatch, number)
    assert any("GOLDENTHREAD_PREVIEW_PR" in e and "not a pull request number" in e for e in errors), errors


def test_the_option_names_the_preview_without_the_environment(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, None, options={"preview": {"pr": 42, "url": PR_URL}})
    banner = parse_html((site / "index.html").read_text(encoding="utf-8")).one("aside", id="gt-preview-banner")
    assert banner.text() == BANNER_TEXT and banner.one("a").get("href") == PR_URL


def test_preview_false_ignores_the_environment(tmp_path, monkeypatch):
    site = _build(tmp_path, monkeypatch, "42", PR_URL, options={"preview": False})
    assert "gt-preview-banner" not in (site / "index.html").read_text(encoding="utf-8")


def test_a_bad_preview_option_fails_the_build(tmp_path, monkeypatch):
    errors = _build_failing(tmp_path, monkeypatch, None, options={"preview": {"number": 42}})
    assert any("preview: unknown key" in e for e in errors), errors


def test_mark_without_material_puts_the_banner_after_body():
    preview, warnings = resolve_preview(
        None, {"GOLDENTHREAD_PREVIEW_PR": "7", "GOLDENTHREAD_PREVIEW_URL": "https://github.com/a/b/pull/7"}
    )
    assert preview is not None and warnings == []
    out = mark("<html><head><title>x</title></head><body class='x'><p>hi</p></body></html>", preview)
    doc = parse_html(out)
    assert doc.one("head").one("meta", attrs={"name": "robots"}).get("content") == "noindex, nofollow"
    body = doc.one("body")
    assert body.child_elements()[0].id == "gt-preview-banner"
    assert body.child_elements()[0].one("a").get("href") == "https://github.com/a/b/pull/7"
    # marking twice does not duplicate the robots meta
    assert mark(out, preview).count('name="robots"') == 1


def test_resolve_preview():
    assert resolve_preview(None, {}) == (None, [])
    assert resolve_preview(None, {"GOLDENTHREAD_PREVIEW_URL": PR_URL}) == (None, [])
    preview, _ = resolve_preview(None, {"GOLDENTHREAD_PREVIEW_PR": " 42 "})
    assert preview is not None and preview.number == "42"
    # the option wins over the environment, and false turns previews off
    preview, _ = resolve_preview({"pr": "9"}, {"GOLDENTHREAD_PREVIEW_PR": "42"})
    assert preview is not None and preview.number == "9"
    assert resolve_preview(False, {"GOLDENTHREAD_PREVIEW_PR": "42"}) == (None, [])
    with pytest.raises(PreviewError, match="not a pull request number"):
        resolve_preview({"pr": "4x"}, {})
    with pytest.raises(PreviewError):
        resolve_preview("yes", {})
