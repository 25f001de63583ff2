"""Every link in every built page resolves, however the site is published.

The example wiki is built once per set-up and the whole output crawled: each internal ``href``
and ``src`` must lead to a file of the site (a folder URL to its ``index.html`` — except under
Material's ``offline`` plugin, where pages open from disk and a browser shows a folder listing),
and no file may carry a path of the build machine. The set-ups are the ways a team publishes:
folder URLs (the default), ``use_directory_urls: false``, a GitHub Pages project site (a
``site_url`` with a sub-path), Material's ``offline`` plugin, and the plain Markdown that
``goldenthread generate`` writes for another generator, built without the plugin by MkDocs
(both URL styles) and by Zensical (the README's route: ``--no-directory-urls``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from goldenthread.cli import main
from site_helpers import build_site, copy_example, example_site, parse_html

PROJECT_SITE_URL = "https://acme.github.io/wiki/"
#: Where the crawler pretends a site is served; a link that leaves this prefix leaves the site.
#: Without a ``site_url`` MkDocs assumes a domain root (its 404 page links ``/assets/…``).
AT_ROOT = "http://site.invalid/"
AT_SUB_PATH = "http://site.invalid/wiki/"
#: Output files that are text and could carry a build-machine path.
TEXT_SUFFIXES = {".html", ".js", ".json", ".xml", ".css", ".txt", ".svg", ".map"}
#: Attributes holding a URL the browser fetches or follows.
URL_ATTRS = ("href", "src")
EXTERNAL_SCHEMES = ("http", "https", "mailto", "tel", "data", "javascript", "blob")


@dataclass(frozen=True)
class Built:
    name: str
    site_dir: Path
    #: the folders of the build (the copied project, tmp_path) that must not leak into the output
    machine_paths: tuple[str, ...]
    #: a folder URL (``…/``) counts only where a web server serves ``index.html`` for it
    folder_urls_ok: bool = True
    #: absolute URLs under this prefix are internal links too; a sub-path is served at AT_SUB_PATH
    site_url: str = ""

    @property
    def served_at(self) -> str:
        return AT_SUB_PATH if self.site_url else AT_ROOT


def _config_with(config_file: Path, extra: str) -> Path:
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.rstrip("\n") + "\n" + extra, encoding="utf-8")
    return config_file


def _machine_paths(root: Path) -> tuple[str, ...]:
    # the temporary folder with and without its leading "/", as the broken links carried it
    resolved = str(root.resolve())
    return (resolved, resolved.lstrip("/"), "/root/", "/work/")


def _build(tmp_path_factory: pytest.TempPathFactory, name: str, extra: str, **kw: object) -> Built:
    root = tmp_path_factory.mktemp(f"crawl-{name}")
    config_file = _config_with(copy_example(root), extra)
    site_dir = build_site(config_file, root / "site")
    return Built(name, site_dir, _machine_paths(root), **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def directory_urls(tmp_path_factory: pytest.TempPathFactory) -> Built:
    site = example_site(tmp_path_factory)  # the session's shared build: use_directory_urls true
    return Built("directory-urls", site.site_dir, _machine_paths(site.root))


@pytest.fixture(scope="module")
def html_urls(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory, "html-urls", "use_directory_urls: false\n")


@pytest.fixture(scope="module")
def project_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(tmp_path_factory, "project-site", f"site_url: {PROJECT_SITE_URL}\n", site_url=PROJECT_SITE_URL)


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("crawl-offline")
    config_file = copy_example(root)
    text = config_file.read_text(encoding="utf-8").replace("  - search\n", "  - search\n  - offline\n", 1)
    assert "  - offline\n" in text
    config_file.write_text(text, encoding="utf-8")
    site_dir = build_site(config_file, root / "site")
    return Built("offline", site_dir, _machine_paths(root), folder_urls_ok=False)


def _generated(tmp_path_factory: pytest.TempPathFactory, name: str, *flags: str) -> Built:
    root = tmp_path_factory.mktemp(f"crawl-{name}")
    config = copy_example(root / "project")
    out, plain = root / "markdown", root / "plain" / "mkdocs.yml"
    mp = pytest.MonkeyPatch()
    mp.chdir(config.parent)
    try:
        assert main(["generate", str(out), "--mkdocs-yml", str(plain), *flags]) == 0
    finally:
        mp.undo()
    site_dir = build_site(plain, root / "site")
    return Built(name, site_dir, _machine_paths(root))


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _generated(tmp_path_factory, "generate")


@pytest.fixture(scope="module")
def generated_html_urls(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _generated(tmp_path_factory, "generate-html-urls", "--no-directory-urls")


def _zensical() -> str:
    script = Path(sys.executable).with_name("zensical")
    assert script.exists(), "zensical is a test dependency (pip install -e '.[test]')"
    return str(script)


@pytest.fixture(scope="module")
def zensical_project_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The README's Zensical route: ``generate --no-directory-urls``, built by Zensical for a project site.

    Zensical rewrites relative links in raw HTML as if written from the source file's folder,
    which is right only when a page's URL sits in that folder (``page.html``, not ``page/``).
    """
    root = tmp_path_factory.mktemp("crawl-zensical")
    config = copy_example(root / "project")
    out, plain = root / "markdown", root / "mkdocs.yml"  # Zensical wants docs_dir inside its folder
    mp = pytest.MonkeyPatch()
    mp.chdir(config.parent)
    try:
        assert main(["generate", str(out), "--mkdocs-yml", str(plain), "--no-directory-urls"]) == 0
    finally:
        mp.undo()
    plain.write_text(f"site_url: {PROJECT_SITE_URL}\n" + plain.read_text(encoding="utf-8"), encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [_zensical(), "build", "-f", str(plain)], cwd=root, env=env, capture_output=True, text=True, timeout=300
    )
    log = done.stdout + done.stderr
    assert done.returncode == 0 and "does not exist" not in log, log
    return Built("zensical", root / "site", _machine_paths(root), site_url=PROJECT_SITE_URL)


SETUPS = (
    "directory_urls",
    "html_urls",
    "project_site",
    "offline_site",
    "generated",
    "generated_html_urls",
    "zensical_project_site",
)


# -- the crawler ------------------------------------------------------------------------------
class _Links:
    """Every (attribute, value) of URL attributes in a page, and the ids it defines."""

    def __init__(self, text: str) -> None:
        doc = parse_html(text)
        self.urls: list[str] = []
        self.ids: set[str] = set()
        for node in doc.iter():
            for attr in URL_ATTRS:
                value = node.get(attr)
                if value is not None:
                    self.urls.append(value)
            if node.id:
                self.ids.add(node.id)
            if node.tag == "a" and node.get("name"):
                self.ids.add(str(node.get("name")))


def _page_url(site_dir: Path, path: Path) -> str:
    return path.relative_to(site_dir).as_posix()


def _target(built: Built, page: str, url: str) -> tuple[str, str] | None:
    """(site-relative path, fragment) an internal URL leads to, or None for an external one.

    Raises AssertionError for a URL that leaves the site's folder (``/x`` on a project site).
    """
    served_at = built.served_at
    if built.site_url and url.startswith(built.site_url):
        url = served_at + url[len(built.site_url) :]
    parts = urlsplit(url)
    if not url.startswith(served_at):
        if parts.scheme in EXTERNAL_SCHEMES or (parts.netloc and not parts.scheme):
            return None
        if parts.scheme:
            raise AssertionError(f"has an unexpected scheme {parts.scheme!r}")
    absolute = urlsplit(urljoin(served_at + page, url))
    full = f"{absolute.scheme}://{absolute.netloc}{absolute.path}"
    if not full.startswith(served_at):
        raise AssertionError(f"leaves the site (served at {served_at}) to {full}")
    return unquote(full[len(served_at) :]), unquote(absolute.fragment)


def crawl(built: Built) -> list[str]:
    """Every problem in the built site: unresolved links, wrong fragments, build-machine paths."""
    problems: list[str] = []
    ids: dict[str, set[str]] = {}
    pages: dict[str, list[str]] = {}
    for path in sorted(built.site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        rel = _page_url(built.site_dir, path)
        text = path.read_text(encoding="utf-8", errors="replace")
        for machine in built.machine_paths:
            if machine in text:
                problems.append(f"{rel}: contains the build-machine path {machine!r}")
        if path.suffix == ".html":
            links = _Links(text)
            ids[rel] = links.ids
            pages[rel] = links.urls
    for page, urls in pages.items():
        for url in urls:
            if url in ("", "#"):
                continue
            try:
                target = _target(built, page, url)
            except AssertionError as exc:
                problems.append(f"{page}: {url!r} {exc}")
                continue
            if target is None:
                continue
            path, fragment = target
            file = path
            if path == "" or path.endswith("/"):
                if not built.folder_urls_ok:
                    problems.append(f"{page}: {url!r} is a folder URL (opens a listing from disk)")
                    continue
                file = path + "index.html"
            if not (built.site_dir / file).is_file():
                problems.append(f"{page}: {url!r} -> {file} does not exist")
            elif fragment and file in ids and fragment not in ids[file]:
                problems.append(f"{page}: {url!r} -> no id {fragment!r} on {file}")
    return problems


def _report(problems: list[str]) -> str:
    shown = "\n".join(problems[:40])
    more = f"\n… and {len(problems) - 40} more" if len(problems) > 40 else ""
    return f"{len(problems)} problems:\n{shown}{more}"


@pytest.mark.parametrize("setup", SETUPS)
def test_every_link_resolves_and_no_machine_path(setup: str, request: pytest.FixtureRequest) -> None:
    built: Built = request.getfixturevalue(setup)
    pages = list(built.site_dir.rglob("*.html"))
    assert len(pages) > 100, f"{setup}: only {len(pages)} pages built"
    problems = crawl(built)
    assert not problems, f"{setup}: " + _report(problems)


def test_the_crawler_finds_what_it_is_for(tmp_path: Path) -> None:
    """A planted broken link, folder URL, stray fragment and machine path are each reported."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<a href="a/">a</a><a href="a/index.html#here">ok</a><a href="b.html">b</a>'
        '<a href="a/index.html#nowhere">x</a><a href="/elsewhere/">up</a>'
        '<a href="tmp/build/x.html">m</a><img src="https://example.com/x.png">',
        encoding="utf-8",
    )
    (site / "a" / "index.html").write_text('<h1 id="here">A</h1><a href="../">home</a>', encoding="utf-8")
    built = Built("planted", site, ("/tmp/build", "tmp/build"), site_url="https://acme.github.io/wiki/")
    problems = crawl(built)
    assert any("'b.html'" in p for p in problems)
    assert any("nowhere" in p for p in problems)
    assert any("/elsewhere/" in p and "leaves the site" in p for p in problems)
    assert any("build-machine path 'tmp/build'" in p for p in problems)
    assert not any("'a/'" in p or "#here" in p for p in problems)
    offline = crawl(Built("planted", site, (), folder_urls_ok=False))
    assert any("'a/'" in p and "folder URL" in p for p in offline)


def test_no_link_points_into_a_folder_named_like_the_machine(html_urls: Built) -> None:
    """The regression itself: with ``use_directory_urls: false`` dashboards linked ``tmp/…/x.html``."""
    dashboard = (html_urls.site_dir / "dashboard.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'href="([^"]+)"', dashboard)
    assert any(h.startswith("strategy/objectives/") and h.endswith(".html") for h in hrefs)
    assert not [h for h in hrefs if h.startswith(("tmp/", "root/", "work/"))]
