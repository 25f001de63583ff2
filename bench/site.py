"""Benchmark ``mkdocs build`` of goldenthread wikis against plain MkDocs builds of as many pages.

For each size N (plan items: plans, campaigns and tactics; the content holds N / 0.8 items in
all, the rest strategy) the content is generated (:mod:`generate`) into a temporary folder with
an ``mkdocs.yml`` like the repository's (Material without web fonts, search + tags +
goldenthread with a fixed ``today``, the same Markdown extensions and validation, a small
explicit nav). Then, each measurement in a **fresh process**, best of ``--repeat``:

* **build**: ``mkdocs build --strict`` of the goldenthread wiki: wall time, CPU time
  (user + system, steadier on a busy machine), pages written (``.html`` files in the site) and
  peak memory;
* **plain floor**: ``mkdocs build --strict`` of a plain site with the *same number of pages*
  (small Markdown pages, a handful in the nav, the rest outside it; Material, search, tags,
  the same extensions; no goldenthread);
* **check**: ``goldenthread check`` (the CLI, wall time of the whole process) and, through
  ``bench/run.py``'s workers, the in-process check (``analyse``) and the YAML parse floor.

Peak memory: each command runs under a small intermediate process (``site.py --worker
spawn``) that starts it and reads its ``ru_maxrss`` with ``os.wait4``. Linux carries the
parent's high-water mark across fork and exec into the child's ``ru_maxrss`` (see
``run.py``); the intermediate is small, so what it carries over is well below any build's peak.

Goals (issues 3 and 6): 5,000 plan items build in < 10 s; 10,000 in at most 2.2x the 5,000
time; peak memory < 1 GiB.

Usage: ``.venv/bin/python bench/site.py [--sizes 1000 5000 10000] [--repeat 3] [--json | --save FILE]
[--phases]``; ``--phases`` adds, per size, one more build (in-process, fresh interpreter) with every
step timed (``serve.Phases``); ``--profile 5000`` prints a cProfile of one build instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as check_bench  # bench/run.py: machine(), measure() (check and YAML floor workers)
from generate import REFERENCE_DATE, generate, split_counts

PLAN_SHARE = 0.8
PLAN_TYPES = ("plan", "campaign", "tactic")
GOAL_N = 5_000
GOAL_SECONDS = 10.0
SCALE_N = 10_000
GOAL_SCALE = 2.2
GOAL_PEAK_MB = 1024.0
BIN = Path(sys.executable).parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# The repository's mkdocs.yml, minus what a benchmark must not depend on (hooks, edit links,
# the example's nav); ``nav`` lists a handful of generated index pages.
MARKDOWN_EXTENSIONS = """\
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
"""
THEME = """\
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
"""
WIKI_CONFIG = f"""\
site_name: goldenthread benchmark
docs_dir: content
{THEME}
plugins:
  - search
  - tags
  - goldenthread:
      today: {REFERENCE_DATE.isoformat()}
{MARKDOWN_EXTENSIONS}
nav:
  - Home: index.md
  - Campaigns: items/campaigns/index.md
  - Tactics: items/tactics/index.md
  - Objectives: items/objectives/index.md
  - Traceability: traceability.md
  - Dashboard: dashboard.md
"""
PLAIN_CONFIG = f"""\
site_name: plain benchmark
docs_dir: content
{THEME}
plugins:
  - search
  - tags
{MARKDOWN_EXTENSIONS}
nav:
  - Home: index.md
  - pages/page-00001.md
  - pages/page-00002.md
  - pages/page-00003.md
  - pages/page-00004.md
  - pages/page-00005.md
"""
PLAIN_PAGE = """\
# Page {i}

A small page of plain Markdown, number {i}, with a [link to the home page](../index.md).

- one
- two
"""


def content_items(n_plan: int) -> int:
    """Items to generate so that ``n_plan`` of them are plan items (N / 0.8 in all)."""
    total = round(n_plan / PLAN_SHARE)
    counts = split_counts(total, PLAN_SHARE)
    assert sum(counts[t] for t in PLAN_TYPES) == n_plan, (n_plan, counts)
    return total


def write_wiki(root: Path, n_plan: int, seed: int) -> dict[str, Any]:
    """Generated content under ``root/content`` and its ``root/mkdocs.yml``."""
    gen = generate(root / "content", content_items(n_plan), seed)
    (root / "mkdocs.yml").write_text(WIKI_CONFIG, encoding="utf-8")
    return {
        "items": gen.total,
        "plan_items": sum(gen.items[t] for t in PLAN_TYPES),
        "files": gen.files,
        "mb": gen.size_bytes / 1e6,
    }


def write_plain(root: Path, pages: int) -> None:
    """A plain site that writes ``pages`` HTML files: index, 404 and ``pages - 2`` small pages."""
    docs = root / "content"
    (docs / "pages").mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# Home\n\nA plain MkDocs site of small pages.\n", encoding="utf-8")
    for i in range(1, max(pages - 2, 5) + 1):
        (docs / "pages" / f"page-{i:05d}.md").write_text(PLAIN_PAGE.format(i=i), encoding="utf-8")
    (root / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")


# -- measuring one command -----------------------------------------------------------------
def _spawn_worker(cmd: list[str]) -> None:
    """Intermediate process: run ``cmd``, then print its wall time and rusage as JSON."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        log = err.read().decode("utf-8", "replace")
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_mb": usage.ru_maxrss / 1024,
                "returncode": proc.returncode,
                "warnings": sum(1 for line in log.splitlines() if line.startswith("WARNING")),
                "log_tail": log[-3000:],
            }
        )
    )


def run_once(cmd: list[str], cwd: Path) -> dict[str, Any]:
    load = os.getloadavg()[0]
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", "spawn", "--", *cmd],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
        env=ENV,
    )
    out: dict[str, Any] = json.loads(proc.stdout)
    if out["returncode"] != 0:
        raise SystemExit(f"{' '.join(cmd)} (in {cwd}) exited {out['returncode']}:\n{out['log_tail']}")
    out["loadavg"] = load
    return out


def best_of(cmd: list[str], cwd: Path, repeat: int) -> dict[str, Any]:
    runs = [run_once(cmd, cwd) for _ in range(repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    return {
        "seconds": best["seconds"],
        "cpu_seconds": min(r["cpu_seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "warnings": best["warnings"],
        "all_seconds": [r["seconds"] for r in runs],
        "loadavg": [r["loadavg"] for r in runs],
    }


def mkdocs_build(root: Path, repeat: int) -> dict[str, Any]:
    out = best_of([str(BIN / "mkdocs"), "build", "--strict", "-f", "mkdocs.yml", "-d", "site"], root, repeat)
    site = root / "site"
    out["pages"] = sum(1 for _ in site.rglob("*.html"))
    out["site_mb"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6
    return out


def phases_worker(root: Path) -> None:
    """In this (fresh) process: one build of ``root/mkdocs.yml`` with every phase timed (serve.Phases)."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from serve import Phases, vm

    logging.basicConfig(level=logging.ERROR)
    with Phases() as phases, tempfile.TemporaryDirectory(prefix="gt-site-phases-") as site:
        hwm, start = vm("VmHWM"), time.perf_counter()
        config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=site)
        config.plugins.on_startup(command="build", dirty=False)
        phases._add("load_config", time.perf_counter() - start, hwm)
        hwm, start = vm("VmHWM"), time.perf_counter()
        build(config)
        phases._add("build (all)", time.perf_counter() - start, hwm)
        config.plugins.on_shutdown()
    print(
        json.dumps(
            {
                "phases": phases.seconds,
                "peak_growth_mb": phases.peak_growth_mb,
                "peak_mb": vm("VmHWM"),
                "slowest_pages": sorted(((v, k) for k, v in phases.per_page.items()), reverse=True)[:8],
            }
        )
    )


def build_phases(root: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, __file__, "--worker", "phases", str(root)], check=True, capture_output=True, text=True, env=ENV
    )
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def check_cli(root: Path, repeat: int) -> dict[str, Any]:
    return best_of(
        [str(BIN / "goldenthread"), "check", "content", "-f", "mkdocs.yml", "--today", REFERENCE_DATE.isoformat()],
        root,
        repeat,
    )


# -- one size ------------------------------------------------------------------------------
def run_size(n: int, repeat: int, seed: int, keep: Path | None, log: bool, phases: bool = False) -> dict[str, Any]:
    def say(msg: str) -> None:
        if log:
            print(f"  N={n:,}: {msg}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix=f"gt-site-{n}-") as tmp:
        base = keep / f"n{n}" if keep else Path(tmp)
        wiki, plain = base / "wiki", base / "plain"
        gen = write_wiki(wiki, n, seed)
        say(f"generated {gen['items']:,} items in {gen['files']} files; building")
        build = mkdocs_build(wiki, repeat)
        say(f"build {build['seconds']:.1f} s, {build['pages']} pages; plain floor")
        write_plain(plain, build["pages"])
        floor = mkdocs_build(plain, repeat)
        say("check")
        cli = check_cli(wiki, repeat)
        analyse = check_bench.measure("check", wiki / "content", repeat)
        parse = check_bench.measure("parse", wiki / "content", repeat)
        if phases:
            say("one more build, every phase timed")
        breakdown = build_phases(wiki) if phases else None
    return {
        "n": n,
        **gen,
        "phases": breakdown,
        "build_s": build["seconds"],
        "build_cpu_s": build["cpu_seconds"],
        "pages": build["pages"],
        "site_mb": build["site_mb"],
        "peak_mb": build["peak_mb"],
        "build_warnings": build["warnings"],
        "floor_s": floor["seconds"],
        "floor_cpu_s": floor["cpu_seconds"],
        "floor_pages": floor["pages"],
        "floor_peak_mb": floor["peak_mb"],
        "ratio": build["seconds"] / floor["seconds"],
        "check_cli_s": cli["seconds"],
        "check_cli_cpu_s": cli["cpu_seconds"],
        "check_peak_mb": cli["peak_mb"],
        "check_s": analyse["seconds"],
        "yaml_floor_s": parse["seconds"],
        "build_runs": build["all_seconds"],
        "floor_runs": floor["all_seconds"],
        "check_cli_runs": cli["all_seconds"],
        "loadavg": build["loadavg"] + floor["loadavg"] + cli["loadavg"],
    }


def verdicts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_n = {r["n"]: r for r in rows}
    out: dict[str, Any] = {"peak": max(r["peak_mb"] for r in rows) < GOAL_PEAK_MB}
    if GOAL_N in by_n:
        out["time"] = by_n[GOAL_N]["build_s"] < GOAL_SECONDS
        out["time_cpu"] = by_n[GOAL_N]["build_cpu_s"] < GOAL_SECONDS
    if GOAL_N in by_n and SCALE_N in by_n:
        out["scale_factor"] = by_n[SCALE_N]["build_s"] / by_n[GOAL_N]["build_s"]
        out["scale_factor_cpu"] = by_n[SCALE_N]["build_cpu_s"] / by_n[GOAL_N]["build_cpu_s"]
        out["scale"] = out["scale_factor"] <= GOAL_SCALE
    return out


def machine() -> dict[str, Any]:
    info = check_bench.machine()
    for dist in ("mkdocs", "mkdocs-material", "pymdown-extensions", "Markdown", "Jinja2"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            info[dist] = None
    info["date"] = dt.date.today().isoformat()
    return info


def _ok(flag: bool) -> str:
    return "MET" if flag else "NOT MET"


def print_report(info: dict[str, Any], rows: list[dict[str, Any]], verdict: dict[str, Any]) -> None:
    print(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, MkDocs {info['mkdocs']}, "
        f"Material {info['mkdocs-material']}, PyYAML {info['pyyaml']}; {info['date']}"
    )
    loads = [x for r in rows for x in r["loadavg"]]
    print(
        f"load average (1 min) during the runs: {min(loads):.2f}–{max(loads):.2f} on {info['nproc']} CPUs"
        + (
            " — busy machine: wall times are inflated, CPU times are the steadier figure"
            if max(loads) > 0.5 * info["nproc"]
            else ""
        )
    )
    print(
        f"best of {info['repeat']} runs, each a fresh process. build = mkdocs build --strict (wall, "
        f"whole process); cpu = user+system;\nplain = mkdocs build --strict of as many small pages "
        f"(Material, search, tags; no goldenthread); peak = ru_maxrss of the build\n"
    )
    head = (
        f"{'plan items':>10} {'items':>6} {'build s':>8} {'cpu s':>6} {'pages':>6} {'peak MB':>8} "
        f"{'plain s':>8} {'cpu s':>6} {'ratio':>6}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['n']:>10,} {r['items']:>6,} {r['build_s']:>8.2f} {r['build_cpu_s']:>6.1f} {r['pages']:>6} "
            f"{r['peak_mb']:>8.0f} {r['floor_s']:>8.2f} {r['floor_cpu_s']:>6.1f} {r['ratio']:>5.1f}x"
        )
    print()
    if "time" in verdict:
        r = next(r for r in rows if r["n"] == GOAL_N)
        print(
            f"goal: {GOAL_N:,} plan items build in < {GOAL_SECONDS:.0f} s: {_ok(verdict['time'])} — "
            f"{r['build_s']:.1f} s wall, {r['build_cpu_s']:.1f} s CPU"
        )
    if "scale" in verdict:
        print(
            f"goal: {SCALE_N:,} in <= {GOAL_SCALE}x the {GOAL_N:,} time: {_ok(verdict['scale'])} — "
            f"{verdict['scale_factor']:.2f}x wall, {verdict['scale_factor_cpu']:.2f}x CPU"
        )
    print(
        f"goal: peak memory < {GOAL_PEAK_MB:.0f} MB: {_ok(verdict['peak'])} — "
        + ", ".join(f"{r['peak_mb']:.0f} MB at {r['n']:,}" for r in rows)
    )
    print(
        "\nperformance record (issue 6): check = goldenthread check (CLI, whole process); analyse = the "
        "check in-process\n(bench/run.py); YAML floor = read + yaml.load(CSafeLoader) of every file (bench/run.py)\n"
    )
    head = (
        f"{'plan items':>10} {'files':>5} {'YAML floor s':>12} {'analyse s':>9} {'check s':>8} "
        f"{'build s':>8} {'plain s':>8} {'pages':>6} {'peak MB':>8}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['n']:>10,} {r['files']:>5} {r['yaml_floor_s']:>12.3f} {r['check_s']:>9.3f} "
            f"{r['check_cli_s']:>8.2f} {r['build_s']:>8.2f} {r['floor_s']:>8.2f} {r['pages']:>6} "
            f"{r['peak_mb']:>8.0f}"
        )
    for r in rows:
        if r.get("phases"):
            from serve import format_phases

            p = r["phases"]
            print()
            for line in format_phases(
                p["phases"],
                p["peak_growth_mb"],
                p["slowest_pages"],
                f"where one build of {r['n']:,} plan items goes (in-process, peak {p['peak_mb']:.0f} MB)",
            ):
                print(line)


def profile_build(n: int, seed: int, top: int) -> None:
    """cProfile one ``mkdocs build`` of N plan items; print the top functions to stdout."""
    import pstats

    with tempfile.TemporaryDirectory(prefix=f"gt-site-profile-{n}-") as tmp:
        root = Path(tmp)
        write_wiki(root, n, seed)
        prof = root / "build.prof"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "cProfile",
                "-o",
                str(prof),
                "-m",
                "mkdocs",
                "build",
                "-q",
                "-f",
                "mkdocs.yml",
                "-d",
                "site",
            ],
            cwd=root,
            check=True,
            env=ENV,
        )
        print(f"profiled build of {n:,} plan items: {time.perf_counter() - start:.1f} s under cProfile\n")
        stats = pstats.Stats(str(prof))
        stats.sort_stats("cumulative").print_stats(r"goldenthread|mkdocs/commands/build|material", top)
        stats.sort_stats("tottime").print_stats(top)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[1_000, 5_000, 10_000],
        help="plan items per site (default 1000 5000 10000)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of k runs (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--save", type=Path, help="also write the JSON results to this file")
    parser.add_argument("--keep", type=Path, help="build under this folder and keep it")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="also time every phase of one more build per size (where the time and memory go)",
    )
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile one build of N plan items and exit")
    parser.add_argument("--top", type=int, default=30, help="functions shown by --profile")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:3] == ["--worker", "spawn", "--"]:
        _spawn_worker(argv[3:])
        return 0
    if argv[:2] == ["--worker", "phases"]:
        phases_worker(Path(argv[2]))
        return 0
    args = parser.parse_args(argv)
    if args.profile:
        profile_build(args.profile, args.seed, args.top)
        return 0
    info = {**machine(), "repeat": args.repeat, "seed": args.seed}
    rows = [run_size(n, args.repeat, args.seed, args.keep, log=True, phases=args.phases) for n in args.sizes]
    verdict = verdicts(rows)
    info["loadavg_end"] = os.getloadavg()[0]
    result = json.dumps({"machine": info, "results": rows, "verdict": verdict}, indent=2)
    if args.save:
        args.save.write_text(result + "\n", encoding="utf-8")
    if args.json:
        print(result)
    else:
        print_report(info, rows, verdict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
