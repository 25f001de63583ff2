"""The example wiki builds with ProperDocs, the maintained continuation of MkDocs 1.x.

ProperDocs reads the same ``mkdocs.yml`` and loads the same plugins (goldenthread, Material)
and hooks, so the wiki moves over without changes. The build runs as a subprocess, exactly
as a user would run it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from site_helpers import copy_example, mkdocs_env, parse_html


def _properdocs() -> str | None:
    script = Path(sys.executable).with_name("properdocs")
    return str(script) if script.exists() else shutil.which("properdocs")


PROPERDOCS = _properdocs()
pytestmark = pytest.mark.skipif(
    PROPERDOCS is None and os.environ.get("CI") != "true",
    reason="properdocs is not installed (pip install -e '.[test]' installs it)",
)


@pytest.mark.parametrize("preview", [None, "7"], ids=["published", "preview"])
def test_example_wiki_builds_with_properdocs(tmp_path: Path, preview: str | None) -> None:
    assert PROPERDOCS, "properdocs must be installed in CI"
    config = copy_example(tmp_path)
    env = mkdocs_env()
    env.pop("GOLDENTHREAD_PREVIEW_PR", None)
    env.pop("GOLDENTHREAD_PREVIEW_URL", None)
    if preview:
        env["GOLDENTHREAD_PREVIEW_PR"] = preview
    proc = subprocess.run(
        [PROPERDOCS, "build", "--strict", "-f", str(config), "-d", str(tmp_path / "site")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, log
    assert "WARNING" not in log and "ERROR" not in log, log
    site = tmp_path / "site"
    # goldenthread's generated pages, an authored item page with its card, and the published data
    assert (site / "items/campaigns/cmp-webinar-close-clinic/index.html").is_file()
    assert (site / "traceability/index.html").is_file()
    pipeline = parse_html((site / "strategy/objectives/pipeline/index.html").read_text(encoding="utf-8"))
    assert pipeline.find("div", cls="gt-card") is not None
    assert (site / "goldenthread.json").is_file() and (site / "goldenthread.schema.json").is_file()
    banner = parse_html((site / "index.html").read_text(encoding="utf-8")).find("aside", id="gt-preview-banner")
    assert (banner is not None) == bool(preview)
