"""The files every site gets from goldenthread: its CSS and JavaScript, and Mermaid.

Written once here for the plugin and for ``goldenthread generate``, which publish the same files.
"""

from __future__ import annotations

import gzip
from importlib import resources

#: Where the files land in the site.
ASSET_DIR = "assets/goldenthread"
ASSETS = ("goldenthread.css", "goldenthread.js")
#: Mermaid, pinned and shipped with the plugin, so diagrams render without a CDN (privacy, offline
#: CI). The "tiny" build (2.6 MB, not 3.6): every diagram but mindmaps and architecture, no KaTeX,
#: none of which goldenthread draws (flowcharts and Gantt charts).
MERMAID_VENDORED = "vendor/mermaid-tiny-11.17.2.js.gz"
MERMAID_URL = f"{ASSET_DIR}/mermaid.min.js"


def asset(name: str) -> bytes:
    """One of :data:`ASSETS`, as shipped in the package."""
    return resources.files("goldenthread").joinpath("assets", name).read_bytes()


def mermaid_script() -> bytes:
    """The bundled Mermaid, ready to publish at :data:`MERMAID_URL`."""
    return gzip.decompress(resources.files("goldenthread").joinpath("assets", MERMAID_VENDORED).read_bytes())
