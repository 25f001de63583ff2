"""goldenthread side by side with sphinx-needs: the same campaigns built, loaded and filtered by both.

The workload (issue 12): N campaigns, each supporting 1–2 of 20 objectives, in one plan. For
goldenthread they are YAML items, 50 per file; for sphinx-needs the same campaigns are needs
(``.. campaign::`` with a ``supports`` link type), 50 per document, with the objectives and the
plan as needs too and one page holding two needtables (every campaign; every objective with the
campaigns that support it). Both carry the same fields: title, owner, status, plan, channel,
start, end, budget, supports and a one- or two-sentence description.

For each N, in one run so that a drifting machine affects both sides alike:

* **build**: ``mkdocs build --strict`` and ``sphinx-build -b html`` (each a fresh process; best
  of ``--repeat``), wall and CPU time, pages written and the size of the site on disk;
* **page loads**: every ``.html`` page of both sites is served from 127.0.0.1 and opened in
  headless Chromium (Playwright, /usr/bin/chromium), each in a fresh browser context (cold
  cache): time to the ``load`` event, time until the main thread is free again after it (the
  next frame after ``load``: scripts that run on load, Mermaid, table set-up), and the bytes
  the page fetched up to ``load``. The slowest goldenthread page and the needtable page are
  then loaded again, alternately, best of ``--repeat``;
* **tables**: on the pages with the most table rows, the time from an ``input`` event in the
  table's filter box (or a click on a column heading) until the table has changed and the next
  frame is painted. sphinx-needs' filter waits 100 ms after a keystroke before it filters (by
  design); that wait is in its figure.

Goals (issue 12): at 10,000 campaigns the slowest goldenthread page loads no slower than
sphinx-needs' needtable page; filtering or sorting any table answers in under 100 ms; at 5,000
and 10,000 the build is at least 5x faster than sphinx-needs and the site no larger.

Usage: ``.venv/bin/python bench/peer.py [--sizes 1000 5000 10000] [--repeat 1] [--only goldenthread]
[--keep DIR] [--json | --save FILE]``. sphinx-needs comes from the ``bench`` extra
(``pip install -e '.[bench]'``); ``--only goldenthread`` measures goldenthread alone.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
KINDS = ("goldenthread", "sphinx-needs")
OBJECTIVES = 20
PER_FILE = 50
YEAR = 2027
TODAY = dt.date(YEAR, 1, 15)
#: goals of issue 12
GOAL_BUILD_SPEEDUP = 5.0
GOAL_TABLE_MS = 100.0
GOAL_SIZES = (5_000, 10_000)
#: how many pages per site get their biggest table filtered and sorted
TABLE_PAGES = 4
LOAD_TIMEOUT_MS = 300_000

HANDLES = ("@dana", "@priya", "@marco", "@lea", "@sam", "@yuki", "@omar", "@ines")
CHANNELS = ("paid search", "paid social", "email", "webinar", "events", "seo", "partner", "podcast")
TOPICS = ("close", "audit", "forecast", "compliance", "payables", "consolidation", "cash", "reporting")
SEGMENTS = ("mid-market", "enterprise", "multi-entity", "manufacturing", "regulated", "global")
NOUNS = ("pipeline", "retention", "awareness", "conversion", "expansion", "activation", "share", "advocacy")
SENTENCES = (
    "This campaign brings the {topic} story to {segment} finance teams through {channel}.",
    "Results are reviewed at the monthly plan review and budget moves when a channel underperforms.",
    "Sales leadership is consulted before launch so that follow-up capacity is in place.",
    "Most of the effect is expected in the second half, once the {topic} content ships.",
)


# -- the workload ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Campaign:
    id: str
    title: str
    owner: str
    status: str
    channel: str
    start: dt.date
    end: dt.date
    budget: int
    supports: tuple[str, ...]
    description: str


@dataclass(frozen=True)
class Workload:
    """What both sides are given: one plan, 20 objectives, N campaigns."""

    plan_id: str
    plan_budget: int
    objectives: tuple[tuple[str, str, str], ...]  # id, title, owner
    campaigns: tuple[Campaign, ...]

    @property
    def chunks(self) -> list[tuple[Campaign, ...]]:
        return [self.campaigns[i : i + PER_FILE] for i in range(0, len(self.campaigns), PER_FILE)]


def workload(n: int, seed: int = 0) -> Workload:
    """N campaigns over 20 objectives (each objective supported), deterministic for a seed."""
    rng = random.Random(seed)
    objectives = tuple(
        (
            f"OBJ-{NOUNS[i % len(NOUNS)].upper()}-{i + 1:02d}",
            f"{rng.choice(('Grow', 'Raise', 'Protect', 'Lift'))} {NOUNS[i % len(NOUNS)]} "
            f"among {rng.choice(SEGMENTS)} teams",
            rng.choice(HANDLES),
        )
        for i in range(OBJECTIVES)
    )
    obj_ids = [o[0] for o in objectives]
    campaigns = []
    for i in range(n):
        start = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randint(0, 270))
        end = start + dt.timedelta(days=rng.randint(30, (dt.date(YEAR, 12, 31) - start).days))
        supports = list(dict.fromkeys([obj_ids[i % OBJECTIVES], *rng.sample(obj_ids, rng.randint(0, 1))]))
        channel = rng.choice(CHANNELS)
        text = " ".join(
            rng.choice(SENTENCES).format(topic=rng.choice(TOPICS), segment=rng.choice(SEGMENTS), channel=channel)
            for _ in range(rng.randint(1, 2))
        )
        campaigns.append(
            Campaign(
                id=f"CMP-{i + 1:05d}",
                title=f"{rng.choice(TOPICS).capitalize()} {channel} push, {rng.choice(SEGMENTS)} segment",
                owner=rng.choice(HANDLES),
                status=rng.choice(("active", "active", "planned", "done")),
                channel=channel,
                start=start,
                end=end,
                budget=rng.randint(2, 60) * 1000,
                supports=tuple(supports),
                description=text,
            )
        )
    total = sum(c.budget for c in campaigns)
    return Workload(f"PLAN-{YEAR}", -(-total * 11 // 10000) * 1000, objectives, tuple(campaigns))


# -- goldenthread side ---------------------------------------------------------------------------
def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


GT_CONFIG = f"""\
site_name: goldenthread side by side
docs_dir: content
theme:
  name: material
  font: false
  features:
    - navigation.tabs
    - navigation.sections
    - navigation.indexes
    - navigation.top
    - navigation.prune
    - search.suggest
    - search.highlight
    - toc.follow
plugins:
  - search
  - tags
  - goldenthread:
      today: {TODAY.isoformat()}
      # like for like: sphinx-needs writes no needs.json unless needs_build_json is set
      publish_model: false
markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true
  - pymdownx.details
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
validation:
  omitted_files: info
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
nav:
  - Home: index.md
  - Campaigns: items/campaigns/index.md
  - Objectives: items/objectives/index.md
  - Traceability: traceability.md
  - Dashboard: dashboard.md
"""


def write_goldenthread(root: Path, wl: Workload) -> None:
    """``root/mkdocs.yml`` and ``root/content``: objectives, the plan, campaigns 50 per file."""
    content = root / "content"
    (content / "strategy").mkdir(parents=True, exist_ok=True)
    (content / "plans").mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text(GT_CONFIG, encoding="utf-8")
    (content / "index.md").write_text(
        f"# Side-by-side workload\n\n{len(wl.campaigns):,} campaigns in [[{wl.plan_id}]].\n", encoding="utf-8"
    )
    review = f"    last_reviewed: {TODAY - dt.timedelta(days=20)}\n    review_cadence: quarterly\n"
    objectives = "objectives:\n" + "".join(
        f"  - id: {oid}\n    title: {_q(title)}\n    owner: {_q(owner)}\n    status: active\n{review}"
        f"    horizon: {{start: {YEAR}-01-01, end: {YEAR + 2}-12-31}}\n"
        for oid, title, owner in wl.objectives
    )
    (content / "strategy" / "objectives.yml").write_text(objectives, encoding="utf-8")
    (content / "plans" / "plan.yml").write_text(
        f"plans:\n  - id: {wl.plan_id}\n    title: {YEAR} marketing plan\n    owner: '@dana'\n    status: active\n"
        f"{review}    period: {{start: {YEAR}-01-01, end: {YEAR}-12-31}}\n    currency: USD\n"
        f"    budget: {wl.plan_budget}\n",
        encoding="utf-8",
    )
    for n, chunk in enumerate(wl.chunks, start=1):
        text = "campaigns:\n" + "".join(
            f"  - id: {c.id}\n    title: {_q(c.title)}\n    owner: {_q(c.owner)}\n    status: {c.status}\n{review}"
            f"    plan: {wl.plan_id}\n    supports: [{', '.join(c.supports)}]\n    channels: [{c.channel}]\n"
            f"    start: {c.start}\n    end: {c.end}\n"
            f"    budget: [{{channel: {c.channel}, amount: {c.budget}}}]\n"
            f"    description: {_q(c.description)}\n"
            for c in chunk
        )
        (content / "plans" / f"campaigns-{n:03d}.yml").write_text(text, encoding="utf-8")


# -- sphinx-needs side ---------------------------------------------------------------------------
SPHINX_CONF = """\
project = "sphinx-needs side by side"
extensions = ["sphinx_needs"]
exclude_patterns = ["_build"]
needs_id_regex = r"^[A-Z0-9_-]{5,}"
needs_id_required = True
needs_types = [
    {"directive": "objective", "title": "Objective", "prefix": "OBJ-", "color": "#BFD8D2", "style": "node"},
    {"directive": "plan", "title": "Plan", "prefix": "PLAN-", "color": "#FEDCD2", "style": "node"},
    {"directive": "campaign", "title": "Campaign", "prefix": "CMP-", "color": "#DF744A", "style": "node"},
]
needs_fields = {
    name: {"description": name, "nullable": True}
    for name in ("owner", "plan", "channel", "start", "end", "budget", "currency", "horizon")
}
needs_links = {"supports": {"incoming": "supported by", "outgoing": "supports"}}
"""


def _need(directive: str, nid: str, title: str, options: dict[str, str], body: str = "") -> str:
    lines = [f".. {directive}:: {title}", f"   :id: {nid}"] + [f"   :{k}: {v}" for k, v in options.items()]
    return "\n".join(lines) + ("\n\n   " + body if body else "") + "\n\n"


def write_sphinx(root: Path, wl: Workload) -> None:
    """``root/src``: conf.py, the objectives, the plan, campaigns 50 per document, two needtables."""
    src = root / "src"
    (src / "campaigns").mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(SPHINX_CONF, encoding="utf-8")
    docs = [f"campaigns/campaigns-{n:03d}" for n in range(1, len(wl.chunks) + 1)]
    (src / "index.rst").write_text(
        "Side-by-side workload\n=====================\n\n"
        f"{len(wl.campaigns):,} campaigns in one plan.\n\n"
        ".. toctree::\n   :maxdepth: 1\n\n   objectives\n   plan\n   tables\n" + "".join(f"   {d}\n" for d in docs),
        encoding="utf-8",
    )
    (src / "objectives.rst").write_text(
        "Objectives\n==========\n\n"
        + "".join(
            _need("objective", oid, title, {"owner": owner, "status": "active", "horizon": f"{YEAR}-{YEAR + 2}"})
            for oid, title, owner in wl.objectives
        ),
        encoding="utf-8",
    )
    (src / "plan.rst").write_text(
        "Plan\n====\n\n"
        + _need(
            "plan",
            wl.plan_id,
            f"{YEAR} marketing plan",
            {"owner": "@dana", "status": "active", "currency": "USD", "budget": str(wl.plan_budget)},
        ),
        encoding="utf-8",
    )
    (src / "tables.rst").write_text(
        "Tables\n======\n\nCampaigns\n---------\n\n.. needtable::\n   :types: campaign\n"
        "   :columns: id;title;status;owner;plan;channel;start;end;budget;supports\n\n"
        "Objectives\n----------\n\n.. needtable::\n   :types: objective\n"
        '   :columns: id;title;status;owner;supports_back as "Supported by"\n',
        encoding="utf-8",
    )
    for doc, chunk in zip(docs, wl.chunks, strict=True):
        title = f"Campaigns {chunk[0].id} to {chunk[-1].id}"
        text = f"{title}\n{'=' * len(title)}\n\n" + "".join(
            _need(
                "campaign",
                c.id,
                c.title,
                {
                    "owner": c.owner,
                    "status": c.status,
                    "plan": wl.plan_id,
                    "channel": c.channel,
                    "start": str(c.start),
                    "end": str(c.end),
                    "budget": str(c.budget),
                    "supports": ", ".join(c.supports),
                },
                c.description,
            )
            for c in chunk
        )
        (src / f"{doc}.rst").write_text(text, encoding="utf-8")


#: the needtable page of the sphinx-needs site, the reference page of the load goal
NEEDTABLE_PAGE = "tables.html"


# -- building ------------------------------------------------------------------------------------
def timed(cmd: list[str], cwd: Path) -> dict[str, Any]:
    """Run ``cmd``; wall and CPU seconds (its own, read with wait4), warnings in its log."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        err.seek(0)
        log = err.read().decode("utf-8", "replace")
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({code}) in {cwd}:\n{log[-4000:]}")
    return {"seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime, "log": log}


def build(kind: str, root: Path, repeat: int) -> dict[str, Any]:
    """Best of ``repeat`` clean builds; the site directory, its pages and its size."""
    if kind == "goldenthread":
        out = root / "site"
        cmd = [str(BIN / "mkdocs"), "build", "--strict", "--quiet", "--site-dir", str(out)]
        cwd = root
    else:
        out = root / "html"
        cmd = [str(BIN / "sphinx-build"), "-b", "html", "-q", "-d", str(root / "doctrees"), "src", str(out)]
        cwd = root
    runs = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(root / "doctrees", ignore_errors=True)
        runs.append(timed(cmd, cwd))
    best = min(runs, key=lambda r: r["seconds"])
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = sorted(str(p.relative_to(out)) for p in files if p.suffix == ".html")
    warnings = [line for line in best["log"].splitlines() if "WARNING" in line]
    return {
        "seconds": best["seconds"],
        "cpu_seconds": best["cpu_seconds"],
        "site_dir": str(out),
        "pages": pages,
        "pages_built": len(pages),
        "site_bytes": sum(p.stat().st_size for p in files),
        "warnings": warnings[:20],
    }


# -- serving and loading -------------------------------------------------------------------------
class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a browser context closed while a response was on its way (BrokenPipeError): not news


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """``directory`` over HTTP on 127.0.0.1 (a free port); yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


#: After ``load``: bytes fetched so far, the biggest table, and when the main thread is free again.
PAGE_PROBE = """async () => {
  const nav = performance.getEntriesByType("navigation")[0];
  let bytes = nav.encodedBodySize || 0;
  for (const r of performance.getEntriesByType("resource")) bytes += r.encodedBodySize || 0;
  await new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  return {load: nav.loadEventEnd, settled: performance.now(), bytes};
}"""

TABLE_RE = re.compile(r"<table\b([^>]*)>(.*?)</table>", re.S)
ROWS_ATTR_RE = re.compile(r'data-gt-rows="(\d+)"')


def table_rows(html: str) -> int:
    """Rows of the biggest table in a page as served (``data-gt-rows`` when rows come as data)."""
    best = 0
    for attrs, body in TABLE_RE.findall(html):
        m = ROWS_ATTR_RE.search(attrs)
        _, _, tbody = body.partition("<tbody")
        best = max(best, int(m.group(1)) if m else tbody.count("<tr"))
    return best


#: Filter then sort the biggest table: input/click until the table changed and a frame was painted.
TABLE_PROBE = """async ([kind, query]) => {
  const tables = Array.from(document.querySelectorAll("table"));
  const size = (t) => Number(t.getAttribute("data-gt-rows")) || t.querySelectorAll("tbody tr").length;
  const table = tables.sort((a, b) => size(b) - size(a))[0];
  if (!table) return null;
  const rows = size(table);
  // goldenthread puts a table's filter box just before the table (or its scroll wrapper);
  // sphinx-needs puts its search box in the table's wrapper.
  const box = table.parentElement;
  const anchor = box.classList.contains("gt-scroll") || box.classList.contains("gt-matrix-wrap") ? box : table;
  const scope = kind === "goldenthread"
    ? (table.closest(".gt-table-scope") || anchor.parentElement)
    : (table.closest(".needstable-wrapper") || table.parentElement.parentElement);
  const before = anchor.previousElementSibling;
  const input = kind === "goldenthread"
    ? (table.closest(".gt-table-scope") ? scope.querySelector("input.gt-filter")
       : (before && before.matches("input.gt-filter") ? before : null))
    : scope.querySelector("input.needstable-search-input");
  const heading = kind === "goldenthread"
    ? table.querySelector("thead th[data-gt-sort]")
    : table.querySelector("thead th button.needstable-sort");
  const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
  async function answer(act) {
    await frame();
    const start = performance.now();
    let changed = false;
    const seen = new Promise((done) => {
      const obs = new MutationObserver(() => { changed = true; obs.disconnect(); done(); });
      obs.observe(scope, {childList: true, subtree: true, attributes: true, characterData: true});
      setTimeout(() => { obs.disconnect(); done(); }, 3000);
    });
    act();
    await seen;
    await frame();
    return changed ? performance.now() - start : null;
  }
  const out = {rows, filter_ms: null, clear_ms: null, sort_ms: null};
  if (input) {
    out.filter_ms = await answer(() => { input.value = query;
      input.dispatchEvent(new Event("input", {bubbles: true})); });
    out.clear_ms = await answer(() => { input.value = "";
      input.dispatchEvent(new Event("input", {bubbles: true})); });
  }
  if (heading) out.sort_ms = await answer(() => heading.click());
  return out;
}"""


@dataclass
class Browser:
    """One headless Chromium; every page load in a fresh context (no cache), local requests only."""

    browser: Any
    loads: int = field(default=0)

    def open(self, url: str) -> tuple[Any, Any, dict[str, Any]]:
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        context.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort(),
        )
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        start = time.perf_counter()
        response = page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        wall = time.perf_counter() - start
        probe = page.evaluate(PAGE_PROBE)
        self.loads += 1
        probe.update(wall_ms=wall * 1000, status=response.status if response else 0, errors=errors[:3], url=url)
        return context, page, probe

    def load(self, url: str) -> dict[str, Any]:
        context, _, probe = self.open(url)
        context.close()
        return probe

    def tables(self, url: str, kind: str, query: str) -> dict[str, Any] | None:
        context, page, _ = self.open(url)
        try:
            result: dict[str, Any] | None = page.evaluate(TABLE_PROBE, [kind, query])
        finally:
            context.close()
        return result


@contextlib.contextmanager
def chromium() -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield Browser(browser)
        finally:
            browser.close()


def load_site(b: Browser, kind: str, site: dict[str, Any], say: Any, limit: int | None = None) -> dict[str, Any]:
    """Every page once (or the ``limit`` with the biggest tables); then the biggest tables filtered and sorted."""
    directory = Path(site["site_dir"])
    loads: dict[str, dict[str, Any]] = {}
    pages = site["pages"]
    if limit is not None:
        # a sample for smoke runs: the pages with the biggest tables first
        rows = {rel: table_rows((directory / rel).read_text(encoding="utf-8", errors="replace")) for rel in pages}
        pages = sorted(pages, key=lambda rel: -rows[rel])[:limit]
        site["pages"] = pages
    with serve(directory) as base:
        for n, rel in enumerate(pages, start=1):
            loads[rel] = b.load(base + rel)
            loads[rel]["rows"] = table_rows((directory / rel).read_text(encoding="utf-8", errors="replace"))
            if n % 50 == 0:
                say(f"    {kind}: {n}/{len(pages)} pages loaded")
        biggest = sorted(loads, key=lambda r: -loads[r]["rows"])[:TABLE_PAGES]
        tables = {}
        for rel in biggest:
            if loads[rel]["rows"] >= 2:
                tables[rel] = b.tables(base + rel, kind, "CMP-0001")
    bad = {rel: p["status"] for rel, p in loads.items() if p["status"] != 200}
    return {"loads": loads, "tables": tables, "bad_status": bad}


def head_to_head(b: Browser, sites: dict[str, dict[str, Any]], pages: dict[str, str], repeat: int) -> dict[str, Any]:
    """The given page of each site loaded again, alternately; best of ``repeat`` each."""
    best: dict[str, dict[str, Any]] = {}
    with contextlib.ExitStack() as stack:
        bases = {kind: stack.enter_context(serve(Path(sites[kind]["site_dir"]))) for kind in pages}
        for _ in range(repeat):
            for kind, rel in pages.items():
                probe = b.load(bases[kind] + rel)
                if kind not in best or probe["load"] < best[kind]["load"]:
                    best[kind] = {**probe, "page": rel}
    return best


# -- one size --------------------------------------------------------------------------------------
def run_size(
    n: int, kinds: Sequence[str], repeat: int, seed: int, keep: Path | None, say: Any, limit: int | None = None
) -> dict[str, Any]:
    wl = workload(n, seed)
    with tempfile.TemporaryDirectory(prefix=f"gt-peer-{n}-") as tmp:
        base = keep / f"n{n}" if keep else Path(tmp)
        result: dict[str, Any] = {"n": n, "sites": {}}
        for kind in kinds:
            root = base / kind
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir(parents=True)
            (write_goldenthread if kind == "goldenthread" else write_sphinx)(root, wl)
            say(f"  N={n:,} {kind}: building")
            result["sites"][kind] = build(kind, root, repeat)
        with chromium() as b:
            for kind in kinds:
                site = result["sites"][kind]
                say(f"  N={n:,} {kind}: loading {len(site['pages'])} pages")
                site.update(load_site(b, kind, site, say, limit))
            slowest = max(result["sites"]["goldenthread"]["loads"].items(), key=lambda kv: kv[1]["load"])[0]
            pages = {"goldenthread": slowest}
            if "sphinx-needs" in kinds:
                pages["sphinx-needs"] = NEEDTABLE_PAGE
            result["head_to_head"] = head_to_head(b, result["sites"], pages, max(repeat, 3))
    for site in result["sites"].values():
        site.pop("site_dir")
    return result


# -- report ----------------------------------------------------------------------------------------
def summary(site: dict[str, Any]) -> dict[str, Any]:
    loads = site["loads"]
    slow = max(loads, key=lambda r: loads[r]["load"])
    tables = [t for t in site["tables"].values() if t]
    answers = [v for t in tables for v in (t["filter_ms"], t["clear_ms"], t["sort_ms"]) if v is not None]
    return {
        "build_s": site["seconds"],
        "build_cpu_s": site["cpu_seconds"],
        "pages": site["pages_built"],
        "site_mb": site["site_bytes"] / 1e6,
        "slowest_page": slow,
        "slowest_load_s": loads[slow]["load"] / 1000,
        "slowest_settled_s": loads[slow]["settled"] / 1000,
        "slowest_mb": loads[slow]["bytes"] / 1e6,
        "median_load_s": statistics.median(p["load"] for p in loads.values()) / 1000,
        "total_load_s": sum(p["load"] for p in loads.values()) / 1000,
        # rows as served (the needtable and goldenthread's pages keep most rows out of the document)
        "biggest_table_rows": max((loads[rel]["rows"] for rel, t in site["tables"].items() if t), default=0),
        "worst_table_ms": max(answers, default=None),
        "table_answers": len(answers),
    }


def verdict(rows: list[dict[str, Any]]) -> list[str]:
    out = []
    for row in rows:
        s = {k: summary(v) for k, v in row["sites"].items()}
        gt = s["goldenthread"]
        worst = gt["worst_table_ms"]
        ok = worst is not None and worst < GOAL_TABLE_MS
        out.append(
            f"N={row['n']:,}: filter/sort answers in < {GOAL_TABLE_MS:.0f} ms: {'MET' if ok else 'NOT MET'} — "
            f"worst {worst if worst is None else round(worst)} ms over {gt['table_answers']} actions"
        )
        if "sphinx-needs" not in s:
            continue
        sn = s["sphinx-needs"]
        h = row["head_to_head"]
        g_load, s_load = h["goldenthread"]["load"], h["sphinx-needs"]["load"]
        out.append(
            f"N={row['n']:,}: slowest goldenthread page ({h['goldenthread']['page']}) loads no slower than the "
            f"needtable page: {'MET' if g_load <= s_load else 'NOT MET'} — {g_load / 1000:.2f} s vs "
            f"{s_load / 1000:.2f} s ({g_load / s_load:.2f}x), best of {max(1, row.get('repeat', 3))}"
        )
        if row["n"] in GOAL_SIZES:
            speed = sn["build_s"] / gt["build_s"]
            out.append(
                f"N={row['n']:,}: build >= {GOAL_BUILD_SPEEDUP:.0f}x faster: "
                f"{'MET' if speed >= GOAL_BUILD_SPEEDUP else 'NOT MET'} — {speed:.1f}x "
                f"({gt['build_s']:.1f} s vs {sn['build_s']:.1f} s)"
            )
            out.append(
                f"N={row['n']:,}: site no larger: {'MET' if gt['site_mb'] <= sn['site_mb'] else 'NOT MET'} — "
                f"{gt['site_mb']:.1f} MB vs {sn['site_mb']:.1f} MB ({gt['site_mb'] / sn['site_mb']:.2f}x)"
            )
    return out


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "int":
        return f"{value:,}"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


METRICS = (
    ("build s", "build_s", "s"),
    ("build CPU s", "build_cpu_s", "s"),
    ("pages", "pages", "int"),
    ("site MB", "site_mb", "s"),
    ("slowest page load s", "slowest_load_s", "s"),
    ("  its main thread free s", "slowest_settled_s", "s"),
    ("  its MB fetched", "slowest_mb", "s"),
    ("median page load s", "median_load_s", "s"),
    ("all pages, sum of loads s", "total_load_s", "s"),
    ("biggest table rows", "biggest_table_rows", "int"),
    ("worst filter/sort ms", "worst_table_ms", "s"),
)


def print_report(info: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    print(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"goldenthread {info['versions'].get('goldenthread')}, MkDocs {info['versions'].get('mkdocs')}, "
        f"Material {info['versions'].get('mkdocs-material')}, sphinx-needs {info['versions'].get('sphinx-needs')}, "
        f"Sphinx {info['versions'].get('sphinx')}, Chromium via Playwright {info['versions'].get('playwright')}; "
        f"load average {info['loadavg_start']:.1f} at the start, {info['loadavg_end']:.1f} at the end"
    )
    for row in rows:
        s = {k: summary(v) for k, v in row["sites"].items()}
        print(f"\nN = {row['n']:,} campaigns")
        head = f"{'':28}{'goldenthread':>14}{'sphinx-needs':>14}{'ratio gt/sn':>13}"
        print(head + "\n" + "-" * len(head))
        for label, key, unit in METRICS:
            g = s["goldenthread"][key]
            p = s.get("sphinx-needs", {}).get(key)
            ratio = f"{g / p:.2f}x" if isinstance(g, int | float) and isinstance(p, int | float) and p else ""
            print(f"{label:28}{_fmt(g, unit):>14}{_fmt(p, unit):>14}{ratio:>13}")
        h = row["head_to_head"]
        pages = ", ".join(f"{k}: {v['page']} {v['load'] / 1000:.2f} s" for k, v in h.items())
        print(f"head to head (best of {row['repeat']}): {pages}")
        for kind, site in row["sites"].items():
            for rel, t in site["tables"].items():
                if t:
                    print(
                        f"  {kind} {rel}: {site['loads'][rel]['rows']:,} rows, filter {_fmt(t['filter_ms'], 's')} ms, "
                        f"clear {_fmt(t['clear_ms'], 's')} ms, sort {_fmt(t['sort_ms'], 's')} ms"
                    )
            if site["bad_status"]:
                print(f"  {kind}: pages not served 200: {site['bad_status']}")
            errors = {rel: p["errors"] for rel, p in site["loads"].items() if p["errors"]}
            if errors:
                print(f"  {kind}: script errors on {len(errors)} pages, e.g. {next(iter(errors.items()))}")
            if site["warnings"]:
                print(f"  {kind}: build warnings: {site['warnings'][:3]}")
    print()
    for line in verdict(rows):
        print(line)


def machine() -> dict[str, Any]:
    sys.path.insert(0, str(BENCH))
    import run as check_bench  # bench/run.py

    info = check_bench.machine()
    versions = {}
    for name in ("goldenthread", "mkdocs", "mkdocs-material", "sphinx", "sphinx-needs", "playwright"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[name] = metadata.version(name)
    return {**info, "versions": versions}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 5_000, 10_000])
    parser.add_argument(
        "--repeat", type=int, default=1, help="builds per site (best of); page loads best of max(3, this)"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--only", choices=KINDS, help="measure one side only")
    parser.add_argument("--keep", type=Path, help="write the sites here and keep them")
    parser.add_argument("--page-limit", type=int, help="load only this many pages per site (smoke runs)")
    parser.add_argument("--report", type=Path, help="print the report of a run saved with --save, and stop")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print JSON instead of the table")
    out.add_argument("--save", type=Path, help="also write the JSON to this file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.report:
        saved = json.loads(args.report.read_text(encoding="utf-8"))
        print_report(saved["machine"], saved["results"])
        return 0
    kinds = [args.only] if args.only else list(KINDS)
    if "sphinx-needs" in kinds and shutil.which("sphinx-build", path=str(BIN)) is None:
        raise SystemExit("sphinx-build not found next to this Python: pip install -e '.[bench]'")

    def say(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    info = {**machine(), "seed": args.seed, "loadavg_start": os.getloadavg()[0]}
    rows = []
    for n in args.sizes:
        row = run_size(n, kinds, args.repeat, args.seed, args.keep, say, args.page_limit)
        row["repeat"] = max(args.repeat, 3)
        rows.append(row)
    info["loadavg_end"] = os.getloadavg()[0]
    result = {"machine": info, "results": rows, "verdict": verdict(rows)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print_report(info, rows)
        if args.save:
            args.save.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
