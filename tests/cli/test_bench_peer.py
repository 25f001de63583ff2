"""bench/peer.py end to end on a tiny workload (goldenthread's half), and the sphinx-needs sources it writes.

The full side-by-side run (thousands of campaigns, sphinx-needs installed) is a benchmark, not a
test: ``make bench-peer``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from browser_helpers import require_chromium
from site_helpers import REPO_ROOT, mkdocs_env

PEER = REPO_ROOT / "bench" / "peer.py"
sys.path.insert(0, str(PEER.parent))
import peer  # noqa: E402  (bench/peer.py)


def test_workload_supports_every_objective_with_one_or_two_each() -> None:
    wl = peer.workload(120, seed=3)
    assert len(wl.campaigns) == 120 and len(wl.objectives) == peer.OBJECTIVES
    assert all(1 <= len(c.supports) <= 2 for c in wl.campaigns)
    assert {o for c in wl.campaigns for o in c.supports} == {o[0] for o in wl.objectives}
    assert [len(chunk) for chunk in wl.chunks] == [50, 50, 20]
    assert peer.workload(120, seed=3) == wl


def test_sphinx_sources_hold_the_same_campaigns_fifty_per_document(tmp_path: Path) -> None:
    wl = peer.workload(120)
    peer.write_sphinx(tmp_path, wl)
    src = tmp_path / "src"
    docs = sorted((src / "campaigns").glob("*.rst"))
    needs = [re.findall(r"^\.\. campaign:: .*\n   :id: (CMP-\d+)", d.read_text(), re.M) for d in docs]
    assert [len(n) for n in needs] == [50, 50, 20]
    assert [i for n in needs for i in n] == [c.id for c in wl.campaigns]
    text = "".join(d.read_text() for d in docs)
    assert text.count(":supports: ") == 120
    assert (src / "tables.rst").read_text().count(".. needtable::") == 2
    assert "needs_links" in (src / "conf.py").read_text()


def test_table_rows_counts_the_biggest_table_or_its_data_rows() -> None:
    html = (
        "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr><tr><td>2</td></tr></tbody></table>"
        '<table data-gt-rows="7"><tbody><tr><td>x</td></tr></tbody></table>'
    )
    assert peer.table_rows(html) == 7
    assert peer.table_rows(html.split("<table data")[0]) == 2


@pytest.mark.browser
def test_goldenthread_half_runs_end_to_end(tmp_path: Path) -> None:
    require_chromium()
    args = ["--sizes", "20", "--only", "goldenthread", "--json", "--keep", str(tmp_path), "--page-limit", "6"]
    proc = subprocess.run(
        [sys.executable, str(PEER), *args],
        capture_output=True,
        text=True,
        env=mkdocs_env(),
        timeout=900,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    (row,) = json.loads(proc.stdout)["results"]
    site = row["sites"]["goldenthread"]
    assert site["pages_built"] > 20 and len(site["pages"]) == 6 and set(site["loads"]) == set(site["pages"])
    assert site["bad_status"] == {} and site["warnings"] == []
    assert all(p["load"] > 0 and p["bytes"] > 0 for p in site["loads"].values())
    assert not [rel for rel, p in site["loads"].items() if p["errors"]]
    tables = [t for t in site["tables"].values() if t]
    assert tables and max(t["rows"] for t in tables) >= 20
    # the biggest table was filtered and sorted, and each action changed the table
    assert any(t["filter_ms"] is not None and t["sort_ms"] is not None for t in tables)
    assert (tmp_path / "n20" / "goldenthread" / "content" / "plans" / "campaigns-001.yml").is_file()
    assert row["head_to_head"]["goldenthread"]["page"] in site["pages"]
