"""Screenshots of the example wiki's main pages at phone, laptop and desktop widths, to read by eye.

``make screenshots`` builds the example (strict) into a temporary folder, serves it on
127.0.0.1 and writes ``screenshots/<page>-<width>.png`` (git-ignored). Chromium is Debian's
(/usr/bin/chromium), driven by Playwright, as in the browser tests.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WIDTHS = (390, 1280, 1920)
#: name -> path in the example site
PAGES = {
    "home": "dashboard/",
    "traceability": "traceability/",
    "budget": "budget/",
    "timeline": "timeline/",
    "raci": "raci/",
    "kpis": "kpis/",
    "signals": "signals/",
    "freshness": "freshness/",
    "misalignment": "misalignment/",
    "owners": "owners/",
    "objective": "strategy/objectives/pipeline/",
    "kpi": "items/kpis/kpi-pipeline/",
    "campaign": "items/campaigns/cmp-webinar-close-clinic/",
    "plan": "items/plans/plan-2027/",
    "campaigns": "items/campaigns/",
    "objectives": "items/objectives/",
    "reviews": "items/reviews/",
    "tactics": "items/tactics/",
    "overview": "overview/",
}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--site", type=Path, help="a built site to use instead of building the example")
    parser.add_argument("--full-page", action="store_true", help="the whole page, not the first screen")
    parser.add_argument("pages", nargs="*", help=f"names among {', '.join(PAGES)} (default: all)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            mkdocs = Path(sys.executable).parent / "mkdocs"
            subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(site)], cwd=ROOT, check=True)
        with serve(site) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for width in WIDTHS:
                context = browser.new_context(viewport={"width": width, "height": 1000})
                context.route(lambda url: not url.startswith(base), lambda route: route.abort())
                page = context.new_page()
                for name in args.pages or PAGES:
                    page.goto(base + PAGES[name], wait_until="load")
                    target = args.out / f"{name}-{width}.png"
                    page.screenshot(path=str(target), full_page=args.full_page)
                    print(target.relative_to(ROOT) if target.is_relative_to(ROOT) else target)
                context.close()
            browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
