"""Helpers for tests that build a real MkDocs site and look at the HTML a reader gets.

* :func:`write_site` writes a small wiki (``mkdocs.yml`` + ``content/``) into a folder, with the
  same Markdown extensions as the repository's own ``mkdocs.yml``.
* :func:`copy_example` copies the repository's example wiki, pinned to :data:`wikis.EXAMPLE_TODAY`;
  :func:`write_site` pins a small wiki to :data:`wikis.TODAY` unless its options name a day.
* :func:`build_site` builds in-process (``mkdocs.commands.build.build``) with a *warning trap*:
  any WARNING or ERROR the ``mkdocs`` logger emits fails the test unless it was expected.
  :func:`build_failing` is the same for builds that must fail; :func:`run_mkdocs` runs the
  ``mkdocs`` command line as a subprocess, for exit codes.
* :func:`parse_html` is a small DOM over :mod:`html.parser` (no bs4/lxml here), and
  :class:`Site` reads the pages of a built site.
* :func:`serve_directory` serves a built site over HTTP on 127.0.0.1 from a thread.

Nothing here is a pytest fixture: test modules wrap what they need, and :func:`example_site`
memoises the example build so the whole session builds it once.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import yaml

from wikis import EXAMPLE_TODAY, TODAY

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

REPO_ROOT = Path(__file__).resolve().parent.parent
REPO_URL = "https://github.com/example/marketing-wiki"
EDIT_URI = "edit/main/content/"


# -- configuration ---------------------------------------------------------------------------
def _top_level_block(text: str, key: str) -> str:
    """The ``key:`` block of a YAML file, verbatim (tags such as ``!!python/name`` kept)."""
    lines = text.splitlines()
    for n, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            block = [line]
            for rest in lines[n + 1 :]:
                if rest and not rest[0].isspace() and not rest.startswith("#"):
                    break
                block.append(rest)
            return "\n".join(block).rstrip() + "\n"
    raise AssertionError(f"no top-level {key!r} in the repository's mkdocs.yml")


@functools.cache
def repo_blocks() -> tuple[str, str]:
    """The repository's ``markdown_extensions`` and ``validation`` blocks."""
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return _top_level_block(text, "markdown_extensions"), _top_level_block(text, "validation")


def site_config(
    options: Mapping[str, Any] | None = None,
    *,
    site_name: str = "Test wiki",
    extra: Mapping[str, Any] | None = None,
    plugins_before: Iterable[str] = ("search",),
) -> str:
    """``mkdocs.yml`` text for a small wiki: Material, search + goldenthread, the repo's extensions."""
    opts: dict[str, Any] = {"today": TODAY, **(options or {})}
    config: dict[str, Any] = {
        "site_name": site_name,
        "repo_url": REPO_URL,
        "edit_uri": EDIT_URI,
        "docs_dir": "content",
        "theme": {"name": "material", "font": False, "features": ["content.action.edit"]},
        "plugins": [*plugins_before, {"goldenthread": opts}],
        **(extra or {}),
    }
    extensions, validation = repo_blocks()
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True) + extensions + validation


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def write_site(
    root: Path, files: Mapping[str, str | bytes], options: Mapping[str, Any] | None = None, **config: Any
) -> Path:
    """Write ``root/mkdocs.yml`` and ``root/content/<files>``; returns the config file."""
    root.mkdir(parents=True, exist_ok=True)
    write_files(root / "content", {"index.md": "# Test wiki\n", **files})
    config_file = root / "mkdocs.yml"
    config_file.write_text(site_config(options, **config), encoding="utf-8")
    return config_file


def pin_today(config_text: str, today: str = EXAMPLE_TODAY) -> str:
    """Set goldenthread's ``today`` option in an existing ``mkdocs.yml`` text."""
    if re.search(r"^\s+today:", config_text, re.M):
        return re.sub(r"^(\s+)today:.*$", rf"\g<1>today: {today}", config_text, count=1, flags=re.M)
    m = re.search(r"^([ \t]*)- goldenthread:[ \t]*\n", config_text, re.M)
    assert m, "the example mkdocs.yml has no '- goldenthread:' entry with options"
    following = config_text[m.end() :].splitlines()
    indent = next((len(x) - len(x.lstrip()) for x in following if x.strip()), len(m.group(1)) + 4)
    return config_text[: m.end()] + " " * indent + f"today: {today}\n" + config_text[m.end() :]


def copy_example(dest: Path) -> Path:
    """Copy the repository's example wiki (content/, mkdocs.yml, people and lock files)
    into ``dest``.

    Returns the copied config file.
    """
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO_ROOT / "content", dest / "content")
    for name in ("people.yml", "goldenthread.lock"):  # read by the plugin beside mkdocs.yml, as published
        shutil.copy(REPO_ROOT / name, dest / name)
    text = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config_file = dest / "mkdocs.yml"
    config_file.write_text(pin_today(text), encoding="utf-8")
    return config_file


# -- building --------------------------------------------------------------------------------
class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def capture_mkdocs_warnings() -> Iterator[list[logging.LogRecord]]:
    """Every WARNING+ record of the ``mkdocs`` logger (and its children) while the block runs."""
    logger = logging.getLogger("mkdocs")
    handler = _ListHandler()
    old_level = logger.level
    if logger.getEffectiveLevel() > logging.WARNING:
        logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler.records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _messages(records: Iterable[logging.LogRecord]) -> list[str]:
    return [f"{r.levelname}: {r.getMessage()}" for r in records]


#: Environment that turns a build into something else (a pull-request preview): not for these tests.
BUILD_ENV_IGNORED = ("GOLDENTHREAD_PREVIEW_PR", "GOLDENTHREAD_PREVIEW_URL")


@contextlib.contextmanager
def _ordinary_build_env() -> Iterator[None]:
    saved = {k: os.environ.pop(k) for k in BUILD_ENV_IGNORED if k in os.environ}
    try:
        yield
    finally:
        os.environ.update(saved)


def _run_build(config_file: Path, site_dir: Path, strict: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _ordinary_build_env():
        cfg = load_config(config_file=str(config_file), strict=strict, site_dir=str(site_dir))
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()


def build_site(
    config_file: Path, site_dir: Path | None = None, *, strict: bool = True, allow: Iterable[str] = ()
) -> Path:
    """Build in-process; fail the test on any WARNING/ERROR not matched by a regex in ``allow``."""
    from mkdocs.exceptions import Abort

    site_dir = site_dir or config_file.parent / "site"
    patterns = [re.compile(p) for p in allow]
    with capture_mkdocs_warnings() as records:
        try:
            _run_build(config_file, site_dir, strict)
        except Abort as exc:
            pytest.fail(f"mkdocs build failed ({exc}):\n" + "\n".join(_messages(records)))
    unexpected = [r for r in records if not any(p.search(r.getMessage()) for p in patterns)]
    assert not unexpected, "unexpected warnings during the build:\n" + "\n".join(_messages(unexpected))
    return site_dir


def build_failing(config_file: Path, site_dir: Path | None = None, *, strict: bool = False) -> list[str]:
    """Build in-process expecting the build to abort; returns the ERROR messages logged."""
    from mkdocs.exceptions import Abort

    site_dir = site_dir or config_file.parent / "site"
    with capture_mkdocs_warnings() as records, pytest.raises(Abort):
        _run_build(config_file, site_dir, strict)
    return [r.getMessage() for r in records if r.levelno >= logging.ERROR]


def mkdocs_env() -> dict[str, str]:
    env = dict(os.environ)
    env["NO_MKDOCS_2_WARNING"] = "1"
    for key in BUILD_ENV_IGNORED:
        env.pop(key, None)
    return env


def mkdocs_command(*args: str) -> list[str]:
    """The ``mkdocs`` console script of the running interpreter's environment (.venv/bin/mkdocs)."""
    script = Path(sys.executable).with_name("mkdocs")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "mkdocs", *args]


def run_mkdocs(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        mkdocs_command(*args), cwd=cwd, env=mkdocs_env(), capture_output=True, text=True, timeout=timeout, check=False
    )


# -- HTML ------------------------------------------------------------------------------------
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


@dataclass(eq=False)
class Node:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)
    parent: Node | None = field(default=None, repr=False)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    @property
    def classes(self) -> set[str]:
        return set((self.attrs.get("class") or "").split())

    @property
    def id(self) -> str | None:
        return self.attrs.get("id")

    def text(self, *, squash: bool = True) -> str:
        parts: list[str] = []

        def walk(node: Node) -> None:
            for c in node.children:
                if isinstance(c, str):
                    parts.append(c)
                else:
                    walk(c)

        walk(self)
        out = "".join(parts)
        return " ".join(out.split()) if squash else out

    def iter(self) -> Iterator[Node]:
        for c in self.children:
            if isinstance(c, Node):
                yield c
                yield from c.iter()

    def find_all(
        self,
        tag: str | None = None,
        *,
        cls: str | None = None,
        id: str | None = None,
        attrs: Mapping[str, str | None] | None = None,
        where: Callable[[Node], bool] | None = None,
    ) -> list[Node]:
        def ok(n: Node) -> bool:
            if tag is not None and n.tag != tag:
                return False
            if cls is not None and not set(cls.split()) <= n.classes:
                return False
            if id is not None and n.id != id:
                return False
            for k, v in (attrs or {}).items():
                if k not in n.attrs or (v is not None and n.attrs[k] != v):
                    return False
            return where is None or where(n)

        return [n for n in self.iter() if ok(n)]

    def find(self, tag: str | None = None, **kw: Any) -> Node | None:
        found = self.find_all(tag, **kw)
        return found[0] if found else None

    def one(self, tag: str | None = None, **kw: Any) -> Node:
        found = self.find_all(tag, **kw)
        assert len(found) == 1, f"expected one <{tag or '*'} {kw}>, found {len(found)}"
        return found[0]

    def ancestors(self) -> Iterator[Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def child_elements(self) -> list[Node]:
        return [c for c in self.children if isinstance(c, Node)]


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, dict(attrs), parent=self.stack[-1])
        self.stack[-1].children.append(node)
        if tag not in VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Node(tag, dict(attrs), parent=self.stack[-1]))

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, 0, -1):
            if self.stack[n].tag == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(text: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def json_ld(doc: Node) -> list[Any]:
    """Every ``<script type="application/ld+json">`` block, parsed."""
    return [json.loads(s.text(squash=False)) for s in doc.find_all("script", attrs={"type": "application/ld+json"})]


@dataclass
class Site:
    """A built site: its config file and site_dir, with cached page parsing."""

    root: Path
    config_file: Path
    site_dir: Path
    _cache: dict[str, Node] = field(default_factory=dict, repr=False)

    def file(self, url: str) -> Path:
        path = self.site_dir / unquote(url.split("#", 1)[0])
        return path / "index.html" if url == "" or url.endswith("/") else path

    def exists(self, url: str) -> bool:
        return self.file(url).is_file()

    def html(self, url: str) -> str:
        path = self.file(url)
        assert path.is_file(), f"{url!r} was not built ({path} missing)"
        return path.read_text(encoding="utf-8")

    def page(self, url: str) -> Node:
        if url not in self._cache:
            self._cache[url] = parse_html(self.html(url))
        return self._cache[url]

    def article(self, url: str) -> Node:
        """The page's content (Material's ``article.md-content__inner``), without the nav."""
        return self.page(url).one("article", cls="md-content__inner")

    def pages(self) -> list[str]:
        """URLs of every HTML page, site-relative (``items/campaigns/cmp-x/``)."""
        out = []
        for path in sorted(self.site_dir.rglob("*.html")):
            rel = path.relative_to(self.site_dir).as_posix()
            out.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        return out

    def resolve(self, page_url: str, href: str) -> tuple[str, str]:
        """(site-relative URL, fragment) of a relative ``href`` on ``page_url``."""
        absolute = urlsplit(urljoin("http://site.invalid/" + page_url, href))
        assert absolute.netloc == "site.invalid", f"{href!r} on {page_url!r} leaves the site"
        return unquote(absolute.path.lstrip("/")), unquote(absolute.fragment)


_EXAMPLE: dict[str, Site] = {}


def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's example wiki built once per test session (strict, no warnings allowed)."""
    if "site" not in _EXAMPLE:
        root = tmp_path_factory.mktemp("example")
        config_file = copy_example(root)
        site_dir = build_site(config_file, root / "site")
        _EXAMPLE["site"] = Site(root, config_file, site_dir)
    return _EXAMPLE["site"]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def example_plan_items(plural: str) -> list[dict[str, Any]]:
    """The example's ``plural`` items (``plans``, ``campaigns``, ``tactics``) from every data file
    under content/plans/, in the order the wiki lists them (by file path, then as written)."""
    out: list[dict[str, Any]] = []
    for path in sorted((REPO_ROOT / "content" / "plans").rglob("*.yml")):
        out.extend((load_yaml(path) or {}).get(plural) or [])
    return out


def money(amount: float, currency: str = "USD", cents: bool = False) -> str:
    """How the wiki writes an amount (``USD 40,000``; with ``money_cents``, ``USD 33,333.33``)."""
    text = f"{amount:,.2f}" if cents and abs(amount - round(amount)) >= 0.005 else f"{amount:,.0f}"
    return f"{currency} {text}"


def unescape(text: str) -> str:
    return html.unescape(text)


# -- serving ---------------------------------------------------------------------------------
class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) from a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- editing YAML ----------------------------------------------------------------------------
def remove_key(text: str, list_key: str, item_id: str, key: str) -> str:
    """Remove ``key`` (flow or block style, with its value) from the item ``item_id`` under ``list_key``.

    Positions come from PyYAML's composer, so comments and the rest of the file stay as written.
    """
    root = yaml.compose(text)
    assert isinstance(root, yaml.MappingNode)
    seq = next(v for k, v in root.value if k.value == list_key)
    for entry in seq.value:
        pairs = {k.value: (k, v) for k, v in entry.value}
        if pairs.get("id", (None, None))[1].value != item_id:
            continue
        key_node, value_node = pairs[key]
        lines = text.splitlines(keepends=True)
        first = key_node.start_mark.line
        end = value_node.end_mark
        # A block value ends at the start of the next line (column 0 or its indentation).
        if end.line < len(lines) and lines[end.line][: end.column].strip():
            last = end.line
        else:  # back over blank and comment lines that follow the value
            last = end.line - 1
            while last > first and (not lines[last].strip() or lines[last].lstrip().startswith("#")):
                last -= 1
        prefix = lines[first][: key_node.start_mark.column]
        if prefix.strip() == "-":  # "- supports: ..." is the entry's first key: keep the dash
            raise AssertionError(f"{item_id}: cannot remove the first key of an entry")
        return "".join(lines[:first] + lines[last + 1 :])
    raise AssertionError(f"{item_id} not found under {list_key}")
