"""Benchmark ``goldenthread`` checks against the cost of merely parsing the same YAML.

For each size N: generate synthetic content (:mod:`generate`), then, each in a fresh
subprocess (so peak RSS is per measurement), time

* the **parse floor**: read every content file and ``yaml.load`` it with ``CSafeLoader``
  (front matter of Markdown pages included), and
* the **check**: :func:`goldenthread.analysis.analyse` on the folder.

Best of ``--repeat`` runs. Goals (from the issue): 10,000 items checked in < 1 s and within
3x the parse floor; cost linear in N.

Usage: ``.venv/bin/python bench/run.py [--sizes 1000 10000 50000] [--repeat 3] [--json]``;
``--profile 10000`` prints a cProfile of one check instead.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import REFERENCE_DATE, generate

GOAL_N = 10_000
GOAL_SECONDS = 1.0
GOAL_RATIO = 3.0
#: CPU time per item at the largest N may exceed that at the smallest by this factor and still count as
#: linear (CPU time, not wall time, so that other jobs on the machine do not decide the verdict).
LINEAR_TOLERANCE = 1.5
SUFFIXES = (".yml", ".yaml", ".md", ".markdown")


# -- workers (run in a child process) -------------------------------------------------------
def content_files(root: Path) -> list[Path]:
    """The files goldenthread reads: YAML and Markdown, skipping hidden and ``_`` names."""
    out: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "_")))
        out += [Path(dirpath, f) for f in sorted(filenames) if f.endswith(SUFFIXES) and not f.startswith((".", "_"))]
    return out


def _front_matter(text: str) -> str:
    if not text.startswith("---\n"):
        return ""
    end = text.find("\n---", 3)
    return text[4 : end + 1] if end >= 0 else ""


def parse_floor(root: Path) -> dict[str, Any]:
    """Read and ``yaml.load`` every content file: the least any checker must do."""
    import yaml

    loader = yaml.CSafeLoader
    start, cpu = time.perf_counter(), time.process_time()
    files = content_files(root)
    for path in files:
        text = path.read_bytes().decode("utf-8")
        if path.suffix in (".md", ".markdown"):
            text = _front_matter(text)
        yaml.load(text, Loader=loader)
    return {"seconds": time.perf_counter() - start, "cpu_seconds": time.process_time() - cpu, "files": len(files)}


def check(root: Path) -> dict[str, Any]:
    """Time :func:`goldenthread.analysis.analyse` (imports and settings excluded)."""
    from goldenthread.analysis import analyse
    from goldenthread.core.config import parse_settings

    settings = parse_settings({"today": str(REFERENCE_DATE)})
    start, cpu = time.perf_counter(), time.process_time()
    result = analyse(root, settings, label_root=root.parent)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    errors, warnings = result.counts()
    codes: dict[str, int] = {}
    for d in result.diagnostics:
        codes[d.code] = codes.get(d.code, 0) + 1
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "files": len(result.model.files),
        "items": len(result.model.items),
        "errors": errors,
        "warnings": warnings,
        "codes": codes,
    }


def profile(root: Path) -> dict[str, Any]:
    """cProfile the check; the top functions by own time go to stderr."""
    import cProfile
    import io
    import pstats

    import goldenthread.analysis  # imported outside the profile
    import goldenthread.core.config  # noqa: F401

    profiler = cProfile.Profile()
    out = profiler.runcall(check, root)
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(25)
    print(buf.getvalue(), file=sys.stderr)
    return out


WORKERS = {"parse": parse_floor, "check": check, "profile": profile}


def peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    ``VmHWM`` is per address space; ``getrusage(RUSAGE_SELF).ru_maxrss`` is not used first
    because Linux carries the *parent's* high-water mark across fork and exec into it, so a
    child spawned by a large driver would report the driver's size.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _worker(kind: str, root: str) -> None:
    base = peak_rss_mb()
    out = WORKERS[kind](Path(root))
    out["peak_mb"] = peak_rss_mb()
    out["base_mb"] = base
    print(json.dumps(out))


# -- driver ----------------------------------------------------------------------------------
def measure(kind: str, root: Path, repeat: int) -> dict[str, Any]:
    """Best-of-``repeat`` time of one worker, each run in a fresh interpreter."""
    runs = []
    for _ in range(repeat):
        proc = subprocess.run(
            [sys.executable, __file__, "--worker", kind, str(root)], check=True, capture_output=True, text=True
        )
        runs.append(json.loads(proc.stdout))
    best = min(runs, key=lambda r: r["seconds"])
    return {
        **best,
        "peak_mb": max(r["peak_mb"] for r in runs),
        "all_seconds": [r["seconds"] for r in runs],
        "cpu_seconds": min(r["cpu_seconds"] for r in runs),
    }


def machine() -> dict[str, Any]:
    import yaml

    model = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": platform.python_version(),
        "pyyaml": yaml.__version__,
        "libyaml": bool(yaml.__with_libyaml__),
        "loadavg_1min": os.getloadavg()[0],
    }


def run_size(n: int, repeat: int, seed: int, keep: Path | None) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"gt-bench-{n}-") as tmp:
        root = (keep / f"n{n}" if keep else Path(tmp)) / "content"
        start = time.perf_counter()
        gen = generate(root, n, seed)
        gen_s = time.perf_counter() - start
        floor = measure("parse", root, repeat)
        chk = measure("check", root, repeat)
    if chk["errors"]:
        raise SystemExit(
            f"generated content for N={n} has {chk['errors']} errors ({chk['codes']}): fix bench/generate.py"
        )
    return {
        "n": n,
        "files": gen.files,
        "mb": gen.size_bytes / 1e6,
        "links": gen.links,
        "generate_s": gen_s,
        "floor_s": floor["seconds"],
        "check_s": chk["seconds"],
        "floor_cpu_s": floor["cpu_seconds"],
        "check_cpu_s": chk["cpu_seconds"],
        "ratio": chk["seconds"] / floor["seconds"],
        "floor_peak_mb": floor["peak_mb"],
        "check_peak_mb": chk["peak_mb"],
        "check_base_mb": chk["base_mb"],
        "us_per_item": chk["seconds"] / n * 1e6,
        "errors": chk["errors"],
        "warnings": chk["warnings"],
        "codes": chk["codes"],
        "floor_runs": floor["all_seconds"],
        "check_runs": chk["all_seconds"],
    }


def verdicts(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    goal = next((r for r in rows if r["n"] == GOAL_N), None)
    if goal:
        out["goal_time"] = goal["check_s"] < GOAL_SECONDS
        out["goal_ratio"] = goal["ratio"] <= GOAL_RATIO
    if len(rows) > 1:
        small, large = min(rows, key=lambda r: r["n"]), max(rows, key=lambda r: r["n"])
        growth = large["us_per_item"] / small["us_per_item"]
        cpu_growth = (large["check_cpu_s"] / large["n"]) / (small["check_cpu_s"] / small["n"])
        out["linearity"] = {
            "small_n": small["n"],
            "large_n": large["n"],
            "per_item_growth": growth,
            "per_item_cpu_growth": cpu_growth,
            "linear": cpu_growth <= LINEAR_TOLERANCE,
        }
    return out


def print_report(info: dict[str, Any], rows: list[dict[str, Any]], verdict: dict[str, Any]) -> None:
    print(
        f"machine: {info['nproc']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"PyYAML {info['pyyaml']} (libyaml: {'yes' if info['libyaml'] else 'no'})"
    )
    busy = info["loadavg_1min"] > 0.5
    print(
        f"load average at start: {info['loadavg_1min']:.2f}"
        + (" — the machine is busy; timings will be noisy" if busy else "")
    )
    print(
        f"best of {info['repeat']} wall-clock runs; check = goldenthread.analysis.analyse; "
        f"floor = read + yaml.load(CSafeLoader);\npeak MB = VmHWM of the check process; "
        f"cpu = best process CPU time (steadier than wall time on a busy machine)\n"
    )
    head = (
        f"{'N':>7} {'files':>6} {'MB':>6} {'floor s':>8} {'check s':>8} {'ratio':>6} "
        f"{'peak MB':>8} {'µs/item':>8} {'warn':>5} {'cpu: floor':>11} {'check':>7}"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        print(
            f"{r['n']:>7,} {r['files']:>6} {r['mb']:>6.1f} {r['floor_s']:>8.3f} {r['check_s']:>8.3f} "
            f"{r['ratio']:>5.1f}x {r['check_peak_mb']:>8.0f} {r['us_per_item']:>8.0f} {r['warnings']:>5} "
            f"{r['floor_cpu_s']:>11.3f} {r['check_cpu_s']:>7.3f}"
        )
    print()
    for r in rows:
        if r["warnings"]:
            print(f"note: N={r['n']:,} content has warnings {r['codes']} — bench/generate.py should avoid them")
    if "goal_time" in verdict:
        ok = "MET" if verdict["goal_time"] and verdict["goal_ratio"] else "NOT MET"
        goal = next(r for r in rows if r["n"] == GOAL_N)
        print(
            f"goal (N={GOAL_N:,}: < {GOAL_SECONDS:.0f} s and <= {GOAL_RATIO:.0f}x floor): {ok} — "
            f"{goal['check_s']:.2f} s ({'ok' if verdict['goal_time'] else 'too slow'}), "
            f"{goal['ratio']:.1f}x floor ({'ok' if verdict['goal_ratio'] else 'too high'}); "
            f"CPU time {goal['check_cpu_s']:.2f} s, {goal['check_cpu_s'] / goal['floor_cpu_s']:.1f}x floor"
        )
    else:
        print(f"goal: not measured (N={GOAL_N:,} not among --sizes)")
    lin = verdict.get("linearity")
    if lin:
        print(
            f"linearity: CPU time per item at N={lin['large_n']:,} is {lin['per_item_cpu_growth']:.2f}x "
            f"that at N={lin['small_n']:,} — {'linear' if lin['linear'] else 'NOT linear'} "
            f"(tolerance {LINEAR_TOLERANCE}x; wall time {lin['per_item_growth']:.2f}x)"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3, help="best of k runs (default 3)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print results as JSON")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument("--profile", type=int, metavar="N", help="cProfile the check of N items and exit")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(*args.worker)
        return 0
    if args.profile:
        with tempfile.TemporaryDirectory(prefix="gt-bench-profile-") as tmp:
            generate(Path(tmp) / "content", args.profile, args.seed)
            subprocess.run([sys.executable, __file__, "--worker", "profile", str(Path(tmp) / "content")], check=True)
        return 0
    info = {**machine(), "repeat": args.repeat, "seed": args.seed}
    rows = []
    for n in args.sizes:
        rows.append(run_size(n, args.repeat, args.seed, args.keep))
        if not args.json:
            print(f"  N={n:,} done", file=sys.stderr)
    verdict = verdicts(rows)
    if args.json:
        print(json.dumps({"machine": info, "results": rows, "verdict": verdict}, indent=2))
    else:
        print_report(info, rows, verdict)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
