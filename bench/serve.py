"""Benchmark ``mkdocs serve`` rebuilds: a first build, then one-item edits, as serve drives them.

In ONE process, as ``mkdocs/commands/serve.py`` (MkDocs 1.6) does: load the config, call
``config.plugins.on_startup(command="serve", dirty=False)``, set ``site_url`` to the serve URL
and ``build(config, serve_url=..., dirty=False)``. Each later rebuild **reloads the config**
(``load_config`` again, as serve's ``builder()`` does) and builds again. MkDocs keeps the
instance of a plugin that defines ``on_startup`` across those reloads (``Plugins.plugin_cache``),
so goldenthread's parse cache (keyed by path, mtime and size) survives; the benchmark checks
that it is the same instance and reports the cache's hits and misses per rebuild.

Each edit changes the title of one item in one YAML file (a tactic, then a campaign, …); the
time is that of serve's ``builder()`` (config reload + build), not the file watcher's delay.

Goal (issue 6): a one-item edit on a 1,000-item site rebuilds in < 2 s.

Usage: ``.venv/bin/python bench/serve.py [--sizes 1000] [--edits 5] [--json] [--profile]``
(``--profile`` prints a cProfile of one edit rebuild).
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
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as check_bench  # bench/run.py: machine()
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
    text = text[:match.start()] + f'{match.group(1)}"{new}"' + text[match.end():]
    path.write_text(text, encoding="utf-8")
    return new


def serve_session(config_file: Path, edits: int, profile: bool = False, top: int = 30) -> dict[str, Any]:
    """First build and ``edits`` one-item edit rebuilds, driven like ``mkdocs serve``."""
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

        def builder(config: Any = None) -> Any:
            if config is None:
                config = get_config()
                config.site_url = serve_url
            build(config, serve_url=serve_url, dirty=False)
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
            start = time.perf_counter()
            cfg = profiler.runcall(builder) if profiler else builder()
            seconds = time.perf_counter() - start
            same = cfg.plugins["goldenthread"] is plugin
            shown = _title_shown(Path(site_dir), title)
            rebuilds.append({"file": path.relative_to(content).as_posix(), "seconds": seconds,
                             "hits": plugin.cache.hits - hits, "misses": plugin.cache.misses - misses,
                             "same_plugin": same, "title_in_site": shown, "rss_mb": vm("VmRSS")})
            if profiler:
                buf = io.StringIO()
                stats = pstats.Stats(profiler, stream=buf)
                stats.sort_stats("cumulative").print_stats(r"goldenthread|mkdocs/|material/", top)
                stats.sort_stats("tottime").print_stats(top)
                profiled = buf.getvalue()
        config.plugins.on_shutdown()
    finally:
        mkdocs_log.removeHandler(counter)
        shutil.rmtree(site_dir, ignore_errors=True)
    secs = [r["seconds"] for r in rebuilds]
    return {"first_s": first, "first_hits": first_cache[0], "first_misses": first_cache[1], "pages": html,
            "rebuilds": rebuilds, "rebuild_best_s": min(secs), "rebuild_median_s": statistics.median(secs),
            "rebuild_worst_s": max(secs), "peak_mb": vm("VmHWM"), "log": counter.records[:20],
            "profile": profiled}


def _title_shown(site: Path, title: str) -> bool:
    """Whether the edited title reached the built site (the rebuild used the new data)."""
    needle = title.replace("&", "&amp;")
    return any(needle in p.read_text(encoding="utf-8", errors="replace")
               for p in (site / "items" / "data").rglob("*.html"))


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
    out(f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}; "
        f"load average (1 min) at start {info['loadavg_1min']:.2f}")
    out("one process, as mkdocs serve: config reloaded per rebuild, plugin instance kept (on_startup); "
        "rebuild = config reload + build\n")
    head = (f"{'plan items':>10} {'pages':>6} {'first s':>8} {'edit best s':>11} {'median s':>8} "
            f"{'worst s':>8} {'hits/misses per edit':>20} {'peak MB':>8}")
    out(head)
    out("-" * len(head))
    for r in rows:
        hm = sorted({f"{e['hits']}/{e['misses']}" for e in r["rebuilds"]})
        out(f"{r['n']:>10,} {r['pages']:>6} {r['first_s']:>8.2f} {r['rebuild_best_s']:>11.2f} "
            f"{r['rebuild_median_s']:>8.2f} {r['rebuild_worst_s']:>8.2f} {', '.join(hm):>20} {r['peak_mb']:>8.0f}")
    out("")
    for r in rows:
        for e in r["rebuilds"]:
            out(f"  N={r['n']:,} edit {e['file']}: {e['seconds']:.2f} s, cache {e['hits']} hits / "
                f"{e['misses']} misses, plugin kept: {'yes' if e['same_plugin'] else 'NO'}, "
                f"new title in site: {'yes' if e['title_in_site'] else 'NO'}, RSS {e['rss_mb']:.0f} MB")
        for line in r["log"]:
            out(f"  N={r['n']:,} log: {line}")
    goal = next((r for r in rows if r["n"] == GOAL_N), None)
    if goal:
        out(f"\ngoal: a one-item edit on a {GOAL_N:,}-item site rebuilds in < {GOAL_SECONDS:.0f} s: "
            f"{_ok(goal['rebuild_median_s'] < GOAL_SECONDS)} — median {goal['rebuild_median_s']:.2f} s "
            f"(best {goal['rebuild_best_s']:.2f} s) against a first build of {goal['first_s']:.2f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[GOAL_N], help="plan items (default 1000)")
    parser.add_argument("--edits", type=int, default=5, help="one-item edit rebuilds per size (default 5)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--profile", action="store_true", help="cProfile the last edit rebuild of each size")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    args = parser.parse_args(argv)
    # serve logs through MkDocs' handlers; here only the counter above listens, and errors go to stderr.
    logging.basicConfig(level=logging.ERROR, stream=sys.stderr)
    info = check_bench.machine()
    rows = [run_size(n, args.edits, args.seed, args.profile, args.top) for n in args.sizes]
    if args.json:
        print(json.dumps({"machine": info, "results": rows}, indent=2))
    else:
        print_report(info, rows)
        for r in rows:
            if r["profile"]:
                print(f"\ncProfile of the last edit rebuild, N={r['n']:,}:\n{r['profile']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
