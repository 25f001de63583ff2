"""``mkdocs serve``: a content error shows as a banner instead of stopping the preview.

A real ``mkdocs serve --livereload`` runs as a subprocess on a free port of 127.0.0.1; every
wait is bounded and the server is always stopped. Rebuilds whose log or pages are compared line
by line are driven in-process, as ``mkdocs/commands/serve.py`` drives them: ``on_startup`` once,
then ``load_config`` and ``build`` for each rebuild (the plugin instance is kept).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pytest

from site_helpers import capture_mkdocs_warnings, free_port, mkdocs_command, mkdocs_env, parse_html, write_site
from wikis import VALID_WIKI

T = TypeVar("T")
TIMEOUT = 30.0

#: The minimal wiki without its tactic, so that unlinking CMP-ONE is exactly one error.
PLAN = VALID_WIKI["plan.yml"].split("tactics:\n")[0]
WIKI = {**VALID_WIKI, "plan.yml": PLAN}


class Server:
    def __init__(self, proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
        self.proc, self.base, self.log = proc, base, log

    def get(self, path: str) -> str | None:
        """The page's HTML, or None while the server does not answer."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=5) as response:
                return str(response.read().decode("utf-8"))
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return None

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-4000:]

    def wait_for(self, what: str, check: Callable[[], T | None], timeout: float = TIMEOUT) -> T:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"mkdocs serve exited ({self.proc.returncode}):\n{self.output()}"
            value = check()
            if value:
                return value
            time.sleep(0.25)
        pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}\n{self.output()}")


@contextlib.contextmanager
def mkdocs_serve(config_file: Path) -> Iterator[Server]:
    port = free_port()
    log = config_file.parent / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            mkdocs_command("serve", "--livereload", "-a", f"127.0.0.1:{port}", "-f", str(config_file)),
            cwd=config_file.parent,
            env=mkdocs_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    server = Server(proc, f"http://127.0.0.1:{port}/", log)
    try:
        server.wait_for("the server to answer", lambda: server.get(""))
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(10)


def _banner(html: str) -> str | None:
    """The title of the goldenthread error banner on a page, if any."""
    for node in parse_html(html).find_all("div", cls="admonition failure"):
        title = node.find("p", cls="admonition-title")
        if title is not None and title.text().startswith("Content has"):
            return title.text()
    return None


def _h1(html: str) -> str:
    return parse_html(html).one("article", cls="md-content__inner").one("h1").text()


def test_serve_shows_errors_and_recovers(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, WIKI)
    plan_file = tmp_path / "content/plan.yml"
    page = "items/campaigns/cmp-one/"
    with mkdocs_serve(config_file) as server:
        html = server.wait_for("the campaign page", lambda: server.get(page))
        assert _banner(html) is None
        assert _h1(html) == "Campaign one"

        # a content error: the server keeps serving, every page carries the banner
        plan_file.write_text(PLAN.replace("    supports: [OBJ-GROW]\n", ""), encoding="utf-8")
        html = server.wait_for("the error banner", lambda: (h := server.get(page)) and _banner(h) and h)
        assert _banner(html) == "Content has 1 error: this preview would not build"
        doc = parse_html(html)
        banner = next(d for d in doc.find_all("div", cls="admonition failure"))
        (item,) = [li.text() for li in banner.find_all("li")]
        line = PLAN.splitlines().index("  - id: CMP-ONE") + 1
        assert f"content/plan.yml:{line}" in item and "CMP-ONE" in item
        assert _banner(server.get("") or "") is not None, "the home page shows the banner too"
        assert server.proc.poll() is None
        assert "unrecognized relative link" not in server.log.read_text(encoding="utf-8", errors="replace")

        # fixed: the banner goes away
        plan_file.write_text(PLAN, encoding="utf-8")
        server.wait_for("the banner to go", lambda: (h := server.get(page)) and _banner(h) is None)

        # an edit shows up in the served page
        plan_file.write_text(PLAN.replace("title: Campaign one", "title: Campaign one, renamed"), encoding="utf-8")
        html = server.wait_for("the new title", lambda: (h := server.get(page)) and "renamed" in h and h)
        assert _h1(html) == "Campaign one, renamed"
        assert _banner(html) is None
        assert server.proc.poll() is None


# -- in-process rebuilds: the exact log, and what a dirty rebuild writes ---------------------------
SERVE_URL = "http://127.0.0.1:8000/"
#: The line CMP-ONE is declared on in plan.yml (where GT001 points when it loses its supports).
CMP_LINE = PLAN.splitlines().index("  - id: CMP-ONE") + 1
UNLINKED = PLAN.replace("    supports: [OBJ-GROW]\n", "")
#: Authored pages at three depths: the home page, a page in a folder, one two folders down
#: (the banner's link to the health page is written from each), and one that links to CMP-ONE.
AUTHORED = {
    "index.md": "# Test wiki\n",
    "guide/index.md": "# Guide\n\nHow we plan.\n",
    "guide/deep/notes.md": "# Notes\n\nThe campaign: [[CMP-ONE]].\n",
}


def _build(config_file: Path, *, dirty: bool, first: bool) -> list[str]:
    """One serve rebuild into ``site/`` beside ``config_file``; the WARNING+ lines it logged."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with capture_mkdocs_warnings() as records:
        config: Any = load_config(config_file=str(config_file), site_dir=str(config_file.parent / "site"))
        if first:
            config.plugins.on_startup(command="serve", dirty=dirty)
        config.site_url = SERVE_URL
        build(config, serve_url=SERVE_URL, dirty=dirty)
    return [f"{r.levelname}: {r.getMessage()}" for r in records]


def _page(config_file: Path, src: str) -> str:
    return (config_file.parent / "site" / src.removesuffix(".md").removesuffix("index") / "index.html").read_text(
        encoding="utf-8"
    )


def _age_sources(root: Path) -> None:
    """Date every content file an hour back: unchanged files are older than the pages built from them."""
    past = os.path.getmtime(root / "mkdocs.yml") - 3600
    for path in (root / "content").rglob("*"):
        os.utime(path, (past, past))


#: What unlinking CMP-ONE logs: its error, and the objective it leaves without a plan item.
PROBLEMS = [
    f"ERROR: goldenthread: content/plan.yml:{CMP_LINE}:9: error[GT001] campaign CMP-ONE has no golden thread: "
    "it has no 'supports' link to an objective\n"
    "    hint: add 'supports: [OBJ-…]' naming the objective this campaign serves",
    "WARNING: goldenthread: content/strategy.yml:2:9: warning[GT101] objective OBJ-GROW is not supported by any "
    "plan item\n    hint: add it to a campaign's 'supports:' or mark it retired",
]


def test_serve_with_errors_logs_each_problem_once_and_nothing_per_page(tmp_path: Path) -> None:
    config_file = write_site(tmp_path, {**WIKI, **AUTHORED, "plan.yml": UNLINKED})
    assert _build(config_file, dirty=False, first=True) == PROBLEMS
    # the banner's "All problems" link leads to the health page from every depth
    for src, href in [
        ("index.md", "health/"),
        ("guide/index.md", "../health/"),
        ("guide/deep/notes.md", "../../../health/"),
    ]:
        doc = parse_html(_page(config_file, src))
        (banner,) = [d for d in doc.find_all("div", cls="admonition failure")]
        assert [a.attrs.get("href") for a in banner.find_all("a")] == [href], src
    assert _build(config_file, dirty=False, first=False) == PROBLEMS, "a rebuild logs the same"


#: What a dirty build always logs first.
DIRTY = [
    "WARNING: A 'dirty' build is being performed, this will likely lead to inaccurate navigation and other "
    "links within your site. This option is designed for site development purposes only."
]


def _first_dirty_build(tmp_path: Path) -> Path:
    config_file = write_site(tmp_path, {**WIKI, **AUTHORED})
    _age_sources(tmp_path)
    assert _build(config_file, dirty=True, first=True) == DIRTY
    return config_file


def test_serve_dirty_shows_and_clears_the_banner_on_authored_pages(tmp_path: Path) -> None:
    config_file = _first_dirty_build(tmp_path)
    plan_file = tmp_path / "content/plan.yml"
    assert _banner(_page(config_file, "guide/index.md")) is None

    # a content error: every page shows the banner, the authored ones too (none of them changed)
    plan_file.write_text(UNLINKED, encoding="utf-8")
    assert _build(config_file, dirty=True, first=False) == [*DIRTY, *PROBLEMS]
    for src in [*AUTHORED, "items/campaigns/cmp-one.md"]:
        assert _banner(_page(config_file, src)) == "Content has 1 error: this preview would not build", src

    # fixed: the banner goes from every page
    plan_file.write_text(PLAN, encoding="utf-8")
    assert _build(config_file, dirty=True, first=False) == DIRTY
    for src in [*AUTHORED, "items/campaigns/cmp-one.md"]:
        assert _banner(_page(config_file, src)) is None, src


def test_serve_dirty_updates_id_links_on_authored_pages(tmp_path: Path) -> None:
    config_file = _first_dirty_build(tmp_path)
    plan_file = tmp_path / "content/plan.yml"
    plan_file.write_text(PLAN.replace("title: Campaign one", "title: Campaign renamed"), encoding="utf-8")
    assert _build(config_file, dirty=True, first=False) == DIRTY
    doc = parse_html(_page(config_file, "guide/deep/notes.md"))
    article = doc.one("article", cls="md-content__inner")
    (link,) = [a for a in article.find_all("a") if a.attrs.get("title") == "CMP-ONE"]
    assert link.text() == "Campaign renamed"
    assert link.attrs.get("href") == "../../../items/campaigns/cmp-one/"
