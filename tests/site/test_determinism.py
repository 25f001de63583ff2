"""Deterministic output: the same content and configuration give byte-identical results.

The example wiki (``today`` pinned in its ``mkdocs.yml``) is built twice, in two folders, by two
``mkdocs build`` processes with different hash seeds (so set and dict ordering cannot hide),
and every file of the two sites must be identical: nothing is excluded.

The one wall clock in a MkDocs build is the sitemap: ``sitemap.xml`` dates and the
``sitemap.xml.gz`` header carry the build time unless ``SOURCE_DATE_EPOCH`` is set (MkDocs
honours it, as reproducible-builds tools do). The builds here set it; so should any pipeline
that publishes the wiki and wants reproducible output (for example
``SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) mkdocs build``).

``goldenthread check --format json`` and ``goldenthread export`` are also run twice, with
different hash seeds, and must print and write the same bytes.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from hardening_helpers import run_builds
from site_helpers import REPO_ROOT, copy_example, mkdocs_env
from wikis import EXAMPLE_TODAY

SOURCE_DATE_EPOCH = "1795651200"  # 2026-11-26 00:00 UTC
SEEDS = ("1", "4242")


def _tree(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    roots = []
    for n in range(2):
        root = tmp_path_factory.mktemp(f"determinism-{n}")
        copy_example(root)
        roots.append(root)
    results = run_builds(roots, env=lambda n: {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH, "PYTHONHASHSEED": SEEDS[n]})
    for root in roots:
        code, out = results[root]
        assert code == 0, out[-3000:]
    return roots[0] / "site", roots[1] / "site"


def test_two_builds_are_byte_identical(two_builds: tuple[Path, Path]) -> None:
    first, second = (_tree(site) for site in two_builds)
    assert len(first) > 50 and "sitemap.xml.gz" in first and "search/search_index.json" in first
    assert set(first) == set(second), sorted(set(first) ^ set(second))[:20]
    differ = sorted(name for name in first if first[name] != second[name])
    assert not differ, f"{len(differ)} files differ between two builds, e.g. {differ[:10]}"


def _goldenthread(args: list[str], seed: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**mkdocs_env(), "PYTHONHASHSEED": seed}
    return subprocess.run(
        [sys.executable, "-m", "goldenthread", *args], cwd=cwd, env=env, capture_output=True, timeout=120, check=False
    )


def test_check_json_is_identical_across_runs() -> None:
    runs = [_goldenthread(["check", "--format", "json", "--today", EXAMPLE_TODAY], seed, REPO_ROOT) for seed in SEEDS]
    assert runs[0].returncode == runs[1].returncode == 0, runs[0].stderr.decode()[-2000:]
    assert runs[0].stdout.startswith(b"{") and runs[0].stdout == runs[1].stdout


def test_check_json_of_broken_content_is_identical_across_runs(tmp_path: Path) -> None:
    """Diagnostics (did-you-mean guesses, cycles, related positions) come out in the same order too."""
    docs = tmp_path / "content"
    docs.mkdir()
    (docs / "x.yml").write_text(
        "objectives:\n"
        "  - {id: OBJ-A, title: A, parent: OBJ-B}\n  - {id: OBJ-B, title: B, parent: OBJ-A}\n"
        "  - {id: OBJ-C, title: C, parent: OBJ-D}\n  - {id: OBJ-D, title: D, parent: OBJ-C}\n"
        "  - {id: OBJ-0NE, title: One}\n  - {id: OBJ-ONE, title: One again}\n"
        "campaigns:\n"
        "  - {id: CMP-A, title: A, plan: PLAN-X, supports: [OBJ-AA, OBJ-BB, OBJ-CC],\n"
        "     start: 2027-01-01, end: 2026-01-01}\n",
        encoding="utf-8",
    )
    runs = [
        _goldenthread(["check", "content", "--format", "json", "--today", EXAMPLE_TODAY], seed, tmp_path)
        for seed in SEEDS
    ]
    assert runs[0].returncode == 1
    assert runs[0].stdout == runs[1].stdout


def test_export_is_identical_across_runs(tmp_path: Path) -> None:
    outs = []
    for seed in SEEDS:
        out = tmp_path / seed
        run = _goldenthread(["export", "--today", EXAMPLE_TODAY, "-o", str(out)], seed, REPO_ROOT)
        assert run.returncode == 0, run.stderr.decode()[-2000:]
        outs.append(_tree(out))
    assert outs[0] == outs[1] and len(outs[0]) == 2
