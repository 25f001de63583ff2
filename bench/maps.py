"""The strategy map pages at scale: how long Chromium takes to open them and draw their diagrams.

Builds the side-by-side workload (:mod:`peer`: N campaigns over 20 objectives, one plan) with
``mkdocs build``, then opens the strategy map page and every per-objective map page (``maps/``),
each in a fresh browser context, and reports per page: time to the ``load`` event, time until
every Mermaid diagram on it has been drawn (an ``<svg>`` in each ``pre.mermaid``), the number of
diagrams and of drawn nodes, and the page's HTML size. Best of ``--repeat``.

Usage: ``.venv/bin/python bench/maps.py [--campaigns 10000] [--repeat 3] [--keep DIR] [--site DIR]``
(``--site`` measures an already built site instead of building one).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import peer

#: Material draws each diagram into a closed shadow root; opened here so the probe can count nodes.
OPEN_SHADOW_ROOTS = """
const attach = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""

#: Resolves when every Mermaid block on the page is drawn (or after 60 s), with what was drawn.
DRAWN = """async () => {
  const drawn = () => Array.from(document.querySelectorAll("div.mermaid"))
    .filter((d) => d.shadowRoot && d.shadowRoot.querySelector("svg"));
  const done = () => document.querySelectorAll("pre.mermaid").length === 0
    && drawn().length === document.querySelectorAll("div.mermaid").length;
  const until = Date.now() + 60000;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return {
    drawn_ms: performance.now(),
    diagrams: document.querySelectorAll(".mermaid").length,
    nodes: drawn().reduce((n, d) => n + d.shadowRoot.querySelectorAll("g.node").length, 0),
    all_drawn: done(),
  };
}"""


def measure(b: peer.Browser, url: str) -> dict[str, Any]:
    context = b.browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    page = context.new_page()
    try:
        page.goto(url, wait_until="load", timeout=peer.LOAD_TIMEOUT_MS)
        probe: dict[str, Any] = page.evaluate(peer.PAGE_PROBE)
        probe.update(page.evaluate(DRAWN))
    finally:
        context.close()
    return probe


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--campaigns", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path)
    parser.add_argument("--site", type=Path, help="an already built site to measure")
    args = parser.parse_args()
    if args.site:
        site = args.site
    else:
        root = args.keep or Path(tempfile.mkdtemp(prefix="gt-maps-"))
        peer.write_goldenthread(root, peer.workload(args.campaigns))
        start = time.perf_counter()
        subprocess.run(
            [str(peer.BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml")], check=True, env=peer.ENV
        )
        print(f"built {args.campaigns:,} campaigns in {time.perf_counter() - start:.1f} s: {root}", file=sys.stderr)
        site = root / "site"
    pages = ["graph/index.html", *sorted(str(p.relative_to(site)) for p in site.glob("maps/*/index.html"))]
    print(f"{'page':40} {'KB':>6} {'load ms':>8} {'drawn ms':>9} {'diagrams':>8} {'nodes':>6}")
    with peer.serve(site) as base, peer.chromium() as b:
        for rel in pages:
            if not (site / rel).exists():
                continue
            runs = [measure(b, base + rel) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["drawn_ms"])
            size = (site / rel).stat().st_size / 1024
            flag = "" if best["all_drawn"] else "  (not all drawn in 60 s)"
            print(
                f"{rel:40} {size:6.0f} {best['load']:8.0f} {best['drawn_ms']:9.0f} "
                f"{best['diagrams']:8d} {best['nodes']:6d}{flag}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
