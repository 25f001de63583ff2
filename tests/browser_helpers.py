"""Headless Chromium for the browser tests: Debian's package, driven by Playwright.

Browser downloads do not work here, so tests use /usr/bin/chromium. Where it is missing they
skip with the reason, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: No background networking: this machine's closed network refuses Chromium's own connections.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = f"{CHROMIUM} is not installed (apt-get install chromium); browser tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(reason + " — CI must run them", pytrace=False)
    pytest.skip(reason)


@contextlib.contextmanager
def launch_chromium() -> Iterator[Any]:
    """A launched browser (skips or fails as above when Chromium is missing)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
