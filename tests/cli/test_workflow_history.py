"""Every shipped workflow job that checks or builds the wiki fetches the whole git history.

Review freshness dates a document without ``last_reviewed`` by its file's last commit; in the
one-commit clone ``actions/checkout`` makes by default every file carries the cut-off date and an
overdue page looks fresh (GT113 says so). A job that runs ``goldenthread`` or ``mkdocs build``
after checking out must therefore set ``fetch-depth: 0``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "plugins" / "goldenthread"
#: this repository's workflows and any the package ships (``goldenthread init`` writes them)
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml")) + sorted(
    p
    for p in PACKAGE.rglob("*")
    if p.suffix in (".yml", ".yaml") and "actions/checkout@" in p.read_text(encoding="utf-8", errors="replace")
)
NEEDS_HISTORY = ("goldenthread check", "goldenthread ", "mkdocs build", "properdocs build")


def history_problems(workflow: dict[str, Any]) -> list[str]:
    """Jobs that read content after a checkout without the whole history."""
    problems = []
    for name, job in (workflow.get("jobs") or {}).items():
        steps = job.get("steps") or []
        runs = " ".join(str(s.get("run", "")) for s in steps)
        if not any(cmd in runs for cmd in NEEDS_HISTORY):
            continue
        for step in steps:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                depth = (step.get("with") or {}).get("fetch-depth")
                if depth != 0:
                    problems.append(f"job {name!r}: actions/checkout with fetch-depth {depth!r}, not 0")
    return problems


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.relative_to(REPO).as_posix())
def test_jobs_that_read_content_fetch_the_whole_history(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert history_problems(workflow) == []


def test_the_guard_catches_a_shallow_checkout() -> None:
    workflow = {
        "jobs": {
            "build": {
                "steps": [
                    {"uses": "actions/checkout@0123", "with": {"persist-credentials": False}},
                    {"run": "mkdocs build --strict"},
                ]
            },
            "deploy": {"steps": [{"uses": "actions/checkout@0123"}, {"run": "echo deploy"}]},
        }
    }
    assert history_problems(workflow) == ["job 'build': actions/checkout with fetch-depth None, not 0"]


def test_the_shipped_workflows_are_covered() -> None:
    gated = [p.name for p in WORKFLOWS if p.parent.name == "workflows" and "mkdocs build" in p.read_text()]
    assert {"pr.yml", "strict.yml", "publish.yml"} <= set(gated)
