"""Benchmark ``mkdocs serve`` rebuilds: a first build, then one-item edits, as serve drives them.

In ONE process per size (a fresh one, like one serve session), as ``mkdocs/commands/serve.py``
(MkDocs 1.6) does: load the config, call
``config.plugins.on_startup(command="serve", dirty=False)``, set ``site_url`` to the serve URL
and ``build(config, serve_url=..., dirty=False)``. Each later rebuild **reloads the config**
(``load_config`` again, as serve's ``builder()`` does) and builds again. MkDocs keeps the
instance of a plugin that defines ``on_startup`` across those reloads (``Plugins.plugin_cache``),
so goldenthread's parse cache (keyed by path, mtime and size) survives; the benchmark checks
that it is the same instance and reports the cache's hits and misses per rebuild.

Each edit changes the title of one item in one YAML file (a tactic, then a campaign, …); the
time is that of serve's ``builder()`` (config reload + build), not the file watcher's delay.

Goal (issue 6): a one-item edit on a 1,000-item site rebuilds in < 2 s.

Usage: ``.venv/bin/python bench/serve.py [--sizes 1000] [--edits 5] [--json | --save FILE] [--profile]``
(``--profile`` prints a cProfile of the last edit rebuild). The report ends with where the median
rebuild's time goes (:class:`Phases`, also used by ``site.py --phases``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import logging
import os
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate

GOAL_N = 1_000
GOAL_SECONDS = 2.0
TITLE_RE = re.compile(r"^(\s+title: )(.*)$", re.MULTILINE)


def _site_module() -> Any:
    """bench/site.py (not importable as ``site``: that name is the standard library's)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_site", Path(__file__).with_name("site.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def vm(field: str) -> float:
    """``VmHWM`` / ``VmRSS`` of this process in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Counter(logging.Handler):
    """Counts WARNING and ERROR records of the build (serve logs them; nothing may go wrong here)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(f"{record.levelname}: {record.getMessage()[:300]}")


class Phases:
    """Wall time (and growth of peak memory) per phase of a build, by wrapping MkDocs' build
    steps, plugin events and goldenthread's steps in ``on_files``; per page for the page loops.

    Events run inside MkDocs' steps (``on_files`` inside the build, ``on_page_markdown`` /
    ``on_page_content`` inside "Markdown -> HTML", ``on_page_context`` inside "theme + write"),
    so the lines overlap; :data:`PHASE_LAYOUT` indents what is part of what.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.peak_growth_mb: dict[str, float] = {}
        self.per_page: dict[str, float] = {}
        self._saved: list[tuple[Any, str, Any]] = []

    def _add(self, name: str, seconds: float, hwm_before: float | None = None) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if hwm_before is not None:
            self.peak_growth_mb[name] = self.peak_growth_mb.get(name, 0.0) + vm("VmHWM") - hwm_before

    def _wrap(self, owner: Any, attr: str, name: str, per_page: bool = False) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            hwm, start = vm("VmHWM"), time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                seconds = time.perf_counter() - start
                self._add(name, seconds, hwm)
                if per_page:
                    src = args[0].file.src_uri
                    self.per_page[src] = self.per_page.get(src, 0.0) + seconds

        self._saved.append((owner, attr, original))
        setattr(owner, attr, timed)

    def __enter__(self) -> Phases:
        from mkdocs.commands import build
        from mkdocs.plugins import PluginCollection

        import goldenthread.plugin
        import goldenthread.views.dashboards
        from goldenthread.views.pages import Pages

        self._wrap(build, "_populate_page", "pages: Markdown -> HTML", per_page=True)
        self._wrap(build, "_build_page", "pages: theme + write", per_page=True)
        self._wrap(build, "_build_theme_template", "theme templates (404, sitemap)")
        self._wrap(goldenthread.plugin, "analyse", "goldenthread: analyse (parse cache, model, rules)")
        self._wrap(Pages, "all", "goldenthread: generate pages")
        for view in ("item_pages", "type_indexes", "traceability", "graph", "faq", "overview"):
            self._wrap(Pages, view, f"view: {view}")
        self._wrap(goldenthread.views.dashboards, "dashboard_pages", "view: dashboards and KPI pages")
        self._wrap(goldenthread.plugin, "site_files", "goldenthread: goldenthread.json, schema")
        original = PluginCollection.run_event

        def run_event(collection: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
            hwm, start = vm("VmHWM"), time.perf_counter()
            try:
                return original(collection, name, item, **kwargs)
            finally:
                self._add(f"on_{name}", time.perf_counter() - start, hwm)

        self._saved.append((PluginCollection, "run_event", original))
        PluginCollection.run_event = run_event  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        for owner, attr, original in reversed(self._saved):
            setattr(owner, attr, original)


#: How the report nests the phases: (name, indent, note).
PHASE_LAYOUT = (
    ("load_config", 0, "mkdocs.yml, plugins, theme"),
    ("build (all)", 0, "mkdocs.commands.build.build"),
    ("on_config", 1, "all plugins"),
    ("on_files", 1, "goldenthread: content -> generated pages"),
    ("goldenthread: analyse (parse cache, model, rules)", 2, ""),
    ("goldenthread: generate pages", 2, "views, Jinja templates"),
    ("view: item_pages", 3, "item cards, one page per data file"),
    ("view: type_indexes", 3, ""),
    ("view: traceability", 3, "three matrices"),
    ("view: graph", 3, "Mermaid"),
    ("view: faq", 3, ""),
    ("view: overview", 3, ""),
    ("view: dashboards (issue 4)", 3, "budget, timeline, RACI, owners, freshness, misalignment"),
    ("view: KPI pages, signals, home dashboard", 3, ""),
    ("goldenthread: goldenthread.json, schema", 2, ""),
    ("pages: Markdown -> HTML", 1, "Python-Markdown per page, with:"),
    ("on_page_markdown", 2, "goldenthread: [[ID]] links, item cards"),
    ("on_page_content", 2, "goldenthread: sanitize, put HTML blocks back"),
    ("pages: theme + write", 1, "Material's main.html per page, with:"),
    ("on_page_context", 2, "Material search: parse each indexed page"),
    ("theme templates (404, sitemap)", 1, ""),
    ("on_post_build", 1, "search index write, goldenthread search entries, gc"),
)


def format_phases(
    phases: dict[str, float], growth: dict[str, float], slowest: list[tuple[float, str]], title: str
) -> list[str]:
    """The phase table of one build (see :data:`PHASE_LAYOUT`)."""
    total = phases.get("load_config", 0.0) + phases.get("build (all)", 0.0)
    lines = [
        f"{title}: {total:.2f} s (nested lines are part of the line above; "
        f"peak+ = growth of peak memory during the phase)"
    ]
    shown = 0.0
    for name, indent, note in PHASE_LAYOUT:
        if name not in phases:
            continue
        secs = phases[name]
        shown += secs if indent == 1 else 0.0
        more = growth.get(name, 0.0)
        line = (
            f"  {'    ' * indent}{secs:7.3f} s {100 * secs / total:5.1f}%"
            f"{f'  peak+{more:5.0f} MB' if more >= 1 else ' ' * 16}  {name}"
        )
        lines.append(line + (f"  ({note})" if note else ""))
    lines.append(
        f"      {phases.get('build (all)', 0.0) - shown:7.3f} s         {' ' * 16}  rest of the build "
        f"(static files, nav, ...)"
    )
    lines.append(
        "  slowest pages (Markdown -> HTML + theme): " + ", ".join(f"{src} {secs:.2f} s" for secs, src in slowest[:5])
    )
    return lines


def edit_targets(content: Path) -> list[Path]:
    """YAML files to edit in turn: tactics, campaigns, then strategy files."""
    files = sorted(content.glob("plans/*/tactics-*.yml")) + sorted(content.glob("plans/*/campaigns-*.yml"))
    return files + sorted(content.glob("strategy/*/*.yml"))


def edit_one_title(path: Path, k: int) -> str:
    """Change the title of one item in ``path`` (the first); returns the new title."""
    text = path.read_text(encoding="utf-8")
    match = TITLE_RE.search(text)
    assert match, f"no title in {path}"
    new = f"{match.group(2).strip(chr(34))} (edit {k})"
    text = text[: match.start()] + f'{match.group(1)}"{new}"' + text[match.end() :]
    path.write_text(text, encoding="utf-8")
    return new


def serve_session(config_file: Path, edits: int, profile: bool = False, top: int = 30) -> dict[str, Any]:
    """First build and ``edits`` one-item edit rebuilds, driven like ``mkdocs serve``.

    Run it once per process: the plugin instance MkDocs keeps is per process, not per config.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import _serve_url

    counter = Counter()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(counter)
    mkdocs_log.setLevel(logging.WARNING)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")

    def get_config() -> Any:
        config = load_config(config_file=str(config_file), site_dir=site_dir)
        config.watch.extend([])
        return config

    rebuilds: list[dict[str, Any]] = []
    try:
        start = time.perf_counter()
        config = get_config()
        config.plugins.on_startup(command="serve", dirty=False)
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = serve_url = _serve_url(host, port, mount_path)
        plugin = config.plugins["goldenthread"]

        def builder(config: Any = None, phases: Phases | None = None) -> Any:
            if config is None:
                start = time.perf_counter()
                config = get_config()
                config.site_url = serve_url
                if phases:
                    phases._add("load_config", time.perf_counter() - start)
            start = time.perf_counter()
            build(config, serve_url=serve_url, dirty=False)
            if phases:
                phases._add("build (all)", time.perf_counter() - start)
            return config

        builder(config)
        first = time.perf_counter() - start
        first_cache = (plugin.cache.hits, plugin.cache.misses)
        html = sum(1 for _ in Path(site_dir).rglob("*.html"))
        content = Path(config.docs_dir)
        targets = edit_targets(content)
        profiled = ""
        for k in range(edits):
            path = targets[k % len(targets)]
            title = edit_one_title(path, k + 1)
            hits, misses = plugin.cache.hits, plugin.cache.misses
            profiler = cProfile.Profile() if profile and k == edits - 1 else None
            with Phases() as phases:
                start, cpu = time.perf_counter(), time.process_time()
                cfg = profiler.runcall(builder, None, phases) if profiler else builder(None, phases)
                seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
            same = cfg.plugins["goldenthread"] is plugin
            shown = _title_shown(Path(site_dir), title)
            rebuilds.append(
                {
                    "file": path.relative_to(content).as_posix(),
                    "seconds": seconds,
                    "cpu_seconds": cpu,
                    "hits": plugin.cache.hits - hits,
                    "misses": plugin.cache.misses - misses,
                    "same_plugin": same,
                    "title_in_site": shown,
                    "rss_mb": vm("VmRSS"),
                    "profiled": profiler is not None,
                    "phases": {k: round(v, 4) for k, v in phases.seconds.items()},
                    "peak_growth_mb": {k: round(v, 1) for k, v in phases.peak_growth_mb.items()},
                    "slowest_pages": sorted(((round(v, 4), k) for k, v in phases.per_page.items()), reverse=True)[:8],
                }
            )
            if profiler:
                buf = io.StringIO()
                stats = pstats.Stats(profiler, stream=buf)
                stats.sort_stats("cumulative").print_stats(r"goldenthread|mkdocs/|material/", top)
                stats.sort_stats("tottime").print_stats(top)
                profiled = buf.getvalue()
        # For comparison: the same one-item edit with the parse cache emptied first (every file parsed).
        edit_one_title(targets[0], edits + 1)
        plugin.cache.entries.clear()
        with Phases() as phases:
            start = time.perf_counter()
            builder(None, phases)
            uncached = {
                "seconds": time.perf_counter() - start,
                "analyse_s": phases.seconds.get("goldenthread: analyse (parse cache, model, rules)", 0.0),
            }
        config.plugins.on_shutdown()
    finally:
        mkdocs_log.removeHandler(counter)
        shutil.rmtree(site_dir, ignore_errors=True)
    timed = [r for r in rebuilds if not r["profiled"]] or rebuilds
    secs = [r["seconds"] for r in timed]
    cpus = [r["cpu_seconds"] for r in timed]
    # the phases of the median rebuild (not profiled)
    median = sorted(timed, key=lambda r: r["seconds"])[len(timed) // 2]
    return {
        "first_s": first,
        "first_hits": first_cache[0],
        "first_misses": first_cache[1],
        "pages": html,
        "rebuilds": rebuilds,
        "rebuild_best_s": min(secs),
        "rebuild_median_s": statistics.median(secs),
        "rebuild_median_cpu_s": statistics.median(cpus),
        "rebuild_worst_s": max(secs),
        "median_phases": median["phases"],
        "median_peak_growth_mb": median["peak_growth_mb"],
        "uncached": uncached,
        "median_slowest_pages": median["slowest_pages"],
        "peak_mb": vm("VmHWM"),
        "log": counter.records[:20],
        "profile": profiled,
    }


def _title_shown(site: Path, title: str) -> bool:
    """Whether the edited title reached the built site (the rebuild used the new data)."""
    needle = title.replace("&", "&amp;")
    return any(
        needle in p.read_text(encoding="utf-8", errors="replace") for p in (site / "items" / "data").rglob("*.html")
    )


def run_size(n: int, edits: int, seed: int, profile: bool, top: int) -> dict[str, Any]:
    site = _site_module()
    with tempfile.TemporaryDirectory(prefix=f"gt-serve-{n}-") as tmp:
        root = Path(tmp)
        gen = generate(root / "content", site.content_items(n), seed)
        (root / "mkdocs.yml").write_text(site.WIKI_CONFIG, encoding="utf-8")
        load = os.getloadavg()[0]
        out = serve_session(root / "mkdocs.yml", edits, profile, top)
    return {"n": n, "items": gen.total, "files": gen.files, "loadavg": load, **out}


def _ok(flag: bool) -> str:
    return "MET" if flag else "NOT MET"


def print_report(info: dict[str, Any], rows: list[dict[str, Any]], out: Callable[[str], None] = print) -> None:
    out(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, MkDocs {info['mkdocs']}, "
        f"Material {info['mkdocs-material']}; {info['date']}; load average (1 min) at start "
        f"{info['loadavg_1min']:.2f}"
    )
    out(
        "one process, as mkdocs serve: config reloaded per rebuild, plugin instance kept (on_startup); "
        "rebuild = config reload + build\n"
    )
    head = (
        f"{'plan items':>10} {'pages':>6} {'first s':>8} {'edit best s':>11} {'median s':>8} "
        f"{'worst s':>8} {'hits/misses per edit':>20} {'peak MB':>8}"
    )
    out(head)
    out("-" * len(head))
    for r in rows:
        hm = sorted({f"{e['hits']}/{e['misses']}" for e in r["rebuilds"]})
        out(
            f"{r['n']:>10,} {r['pages']:>6} {r['first_s']:>8.2f} {r['rebuild_best_s']:>11.2f} "
            f"{r['rebuild_median_s']:>8.2f} {r['rebuild_worst_s']:>8.2f} {', '.join(hm):>20} {r['peak_mb']:>8.0f}"
        )
    out("")
    for r in rows:
        out(f"  N={r['n']:,} first build: {r['first_misses']} files parsed (cache misses), {r['first_hits']} hits")
        for e in r["rebuilds"]:
            out(
                f"  N={r['n']:,} edit {e['file']}: {e['seconds']:.2f} s ({e['cpu_seconds']:.2f} s CPU), "
                f"cache {e['hits']} hits / "
                f"{e['misses']} misses, plugin kept: {'yes' if e['same_plugin'] else 'NO'}, "
                f"new title in site: {'yes' if e['title_in_site'] else 'NO'}, RSS {e['rss_mb']:.0f} MB"
            )
        un = r["uncached"]
        analyse = r["median_phases"].get("goldenthread: analyse (parse cache, model, rules)", 0.0)
        out(
            f"  N={r['n']:,} the same edit with the parse cache emptied first: {un['seconds']:.2f} s "
            f"(analyse {un['analyse_s']:.3f} s, against {analyse:.3f} s with the cache)"
        )
        for line in r["log"]:
            out(f"  N={r['n']:,} log: {line}")
    for r in rows:
        out("")
        for line in format_phases(
            r["median_phases"],
            r["median_peak_growth_mb"],
            r["median_slowest_pages"],
            f"where the median rebuild goes, N={r['n']:,}",
        ):
            out(line)
    goal = next((r for r in rows if r["n"] == GOAL_N), None)
    if goal:
        out(
            f"\ngoal: a one-item edit on a {GOAL_N:,}-item site rebuilds in < {GOAL_SECONDS:.0f} s: "
            f"{_ok(goal['rebuild_median_s'] < GOAL_SECONDS)} — median {goal['rebuild_median_s']:.2f} s "
            f"(best {goal['rebuild_best_s']:.2f} s; median CPU time {goal['rebuild_median_cpu_s']:.2f} s) against a "
            f"first build of {goal['first_s']:.2f} s"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[GOAL_N], help="plan items (default 1000)")
    parser.add_argument("--edits", type=int, default=5, help="one-item edit rebuilds per size (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--save", type=Path, help="also write the JSON results to this file")
    parser.add_argument("--profile", action="store_true", help="cProfile the last edit rebuild of each size")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    parser.add_argument("--worker", type=int, metavar="N", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # serve logs through MkDocs' handlers; here only the counter above listens, and errors go to stderr.
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    if args.worker:
        print(json.dumps(run_size(args.worker, args.edits, args.seed, args.profile, args.top)))
        return 0
    info = _site_module().machine()
    # One fresh process per size, as one `mkdocs serve` session: MkDocs keeps plugin instances
    # (and with them the parse cache) for the life of the process.
    rows = []
    for n in args.sizes:
        cmd = [
            sys.executable,
            __file__,
            "--worker",
            str(n),
            "--edits",
            str(args.edits),
            "--seed",
            str(args.seed),
            "--top",
            str(args.top),
            *(["--profile"] if args.profile else []),
        ]
        rows.append(json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout))
    result = json.dumps({"machine": info, "results": rows}, indent=2)
    if args.save:
        args.save.write_text(result + "\n", encoding="utf-8")
    if args.json:
        print(result)
    else:
        print_report(info, rows)
        for r in rows:
            if r["profile"]:
                print(f"\ncProfile of the last edit rebuild, N={r['n']:,}:\n{r['profile']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
