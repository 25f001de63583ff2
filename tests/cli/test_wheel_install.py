"""The documented path, end to end: a wheel from a clean clone, installed where this repository is invisible.

``git clone`` of the committed tree (so nothing uncommitted or untracked can leak in),
``python -m build`` (sdist and wheel, in build's isolated environment), ``twine check`` (the long
description renders on PyPI), then a fresh venv without this repository on any path:
``pip install <wheel>``, ``goldenthread init team-wiki``, ``mkdocs build --strict``.
Under a minute with a warm pip cache (the first run downloads setuptools and the dependencies).
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None, timeout: float = 300) -> str:
    proc = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    assert proc.returncode == 0, f"{args}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    return proc.stdout


def test_wheel_from_a_clean_clone_scaffolds_a_wiki_that_builds(tmp_path: Path):
    clone = tmp_path / "clone"
    _run("git", "clone", "--quiet", REPO, clone, cwd=tmp_path)
    dist = tmp_path / "dist"
    _run(sys.executable, "-m", "build", "--outdir", dist, cwd=clone, timeout=600)
    wheels, sdists = sorted(dist.glob("*.whl")), sorted(dist.glob("*.tar.gz"))
    assert len(wheels) == 1 and len(sdists) == 1, list(dist.iterdir())
    twine = Path(sys.executable).with_name("twine")
    out = _run(twine, "check", "--strict", wheels[0], sdists[0], cwd=tmp_path)
    assert out.count("PASSED") == 2, out

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    bin_dir = env_dir / "bin"
    # nothing of this repository or of the test environment reaches the fresh one
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "GOLDENTHREAD_"))}
    env.update(PATH=f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", NO_MKDOCS_2_WARNING="1")
    _run(
        bin_dir / "python",
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-compile",
        wheels[0],
        cwd=tmp_path,
        env=env,
        timeout=600,
    )

    work = tmp_path / "elsewhere"
    work.mkdir()
    _run(bin_dir / "goldenthread", "init", "team-wiki", cwd=work, env=env)
    wiki = work / "team-wiki"
    _run(bin_dir / "mkdocs", "build", "--strict", cwd=wiki, env=env)
    assert (wiki / "site" / "dashboard" / "index.html").is_file()
    where = _run(bin_dir / "python", "-c", "import goldenthread; print(goldenthread.__file__)", cwd=wiki, env=env)
    assert Path(where.strip()).is_relative_to(env_dir) and not Path(where.strip()).is_relative_to(REPO)
    out = _run(bin_dir / "goldenthread", "check", "--strict", cwd=wiki, env=env)
    assert "no problems" in out
