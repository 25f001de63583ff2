"""``mkdocs serve``: a content error shows as a banner instead of stopping the preview.

A real ``mkdocs serve --livereload`` runs as a subprocess on a free port of 127.0.0.1; every
wait is bounded and the server is always stopped.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from site_helpers import free_port, mkdocs_command, mkdocs_env, parse_html, write_site
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

        # fixed: the banner goes away
        plan_file.write_text(PLAN, encoding="utf-8")
        server.wait_for("the banner to go", lambda: (h := server.get(page)) and _banner(h) is None)

        # an edit shows up in the served page
        plan_file.write_text(PLAN.replace("title: Campaign one", "title: Campaign one, renamed"), encoding="utf-8")
        html = server.wait_for("the new title", lambda: (h := server.get(page)) and "renamed" in h and h)
        assert _h1(html) == "Campaign one, renamed"
        assert _banner(html) is None
        assert server.proc.poll() is None
