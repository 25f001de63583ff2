"""The build is the gate: content without a golden thread never becomes a site.

Subprocess runs check what CI sees (exit code, the output naming file:line); in-process runs
cover every campaign of the example quickly.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from site_helpers import (
    REPO_ROOT,
    build_failing,
    build_site,
    copy_example,
    load_yaml,
    remove_key,
    run_mkdocs,
    write_site,
)
from wikis import VALID_WIKI, edit

# The minimal wiki (OBJ-GROW, PLAN-2027, the linked CMP-ONE and TAC-ONE) plus these files.
PLAN_A = """\
campaigns:
  - id: CMP-LINKED
    title: Linked campaign
    plan: PLAN-2027
    supports: [OBJ-GROW]
    start: 2027-02-01
    end: 2027-03-31
  - id: CMP-ORPHAN-A
    title: Orphan A
    plan: PLAN-2027
    start: 2027-02-01
    end: 2027-03-31
"""

PLAN_B = """\
# a second file, with the id written after other keys
campaigns:
  - title: Orphan B
    plan: PLAN-2027
    id: CMP-ORPHAN-B
    start: 2027-04-01
    end: 2027-05-31
"""

TACTICS = """\
tactics:
  - id: TAC-FINE
    title: Fine tactic
    campaign: CMP-LINKED
    channel: email
  - id: TAC-STRANDED
    title: Stranded tactic
    channel: email
    campaign: CMP-ORPHAN-A
"""


def _line_of(text: str, pattern: str) -> int:
    lines = [n for n, line in enumerate(text.splitlines(), 1) if re.search(pattern, line)]
    assert len(lines) == 1, pattern
    return lines[0]


def _mkdocs_build(config_file: Path, *extra: str) -> tuple[int, str]:
    root = config_file.parent
    result = run_mkdocs("build", *extra, "-f", str(config_file), "-d", str(root / "site"), cwd=root)
    return result.returncode, result.stdout + result.stderr


def test_clean_small_wiki_builds(tmp_path: Path) -> None:
    files = {**VALID_WIKI, "plans/a.yml": PLAN_A.split("  - id: CMP-ORPHAN-A")[0]}
    code, output = _mkdocs_build(write_site(tmp_path, files), "--strict")
    assert code == 0, output
    assert (tmp_path / "site/items/campaigns/cmp-linked/index.html").is_file()


def test_unlinked_items_fail_the_build_all_named_in_one_run(tmp_path: Path) -> None:
    files = {**VALID_WIKI, "plans/a.yml": PLAN_A, "plans/b.yml": PLAN_B, "plans/tactics.yml": TACTICS}
    code, output = _mkdocs_build(write_site(tmp_path, files))  # no --strict: errors alone must fail it
    assert code != 0, output
    expected = {
        "CMP-ORPHAN-A": f"content/plans/a.yml:{_line_of(PLAN_A, r'id: CMP-ORPHAN-A')}:",
        "CMP-ORPHAN-B": f"content/plans/b.yml:{_line_of(PLAN_B, r'id: CMP-ORPHAN-B')}:",
        "TAC-STRANDED": f"content/plans/tactics.yml:{_line_of(TACTICS, r'campaign: CMP-ORPHAN-A')}:",
    }
    gt001 = [line for line in output.splitlines() if "[GT001]" in line]
    assert len(gt001) == len(expected), output
    for item_id, where in expected.items():
        assert any(where in line and item_id in line for line in gt001), f"{item_id} at {where}:\n{output}"
    assert not any("CMP-LINKED" in line or "TAC-FINE" in line for line in gt001)
    assert "3 errors in content" in output
    assert not (tmp_path / "site/index.html").exists(), "a failed build must not leave a site behind"


def test_warnings_fail_only_a_strict_build(tmp_path: Path) -> None:
    idle = edit(VALID_WIKI, "strategy.yml", "kpis:\n", "  - id: OBJ-IDLE\n    title: Nobody supports this\nkpis:\n")
    files = {**idle, "plans/a.yml": PLAN_A.split("  - id: CMP-ORPHAN-A")[0]}
    config_file = write_site(tmp_path, files)
    code, output = _mkdocs_build(config_file)
    assert code == 0, output
    assert "[GT101]" in output and "OBJ-IDLE" in output
    code, output = _mkdocs_build(config_file, "--strict")
    assert code != 0, output
    assert re.search(r"WARNING\s+-\s+goldenthread: content/strategy\.yml:\d+:\d+: warning\[GT101\]", output), output


def test_unknown_reference_in_prose_fails_the_build(tmp_path: Path) -> None:
    page = "# About\n\nSee [[OBJ-GROW]] and [[OBJ-TYPO]].\n"
    files = {**VALID_WIKI, "plans/a.yml": PLAN_A.split("  - id: CMP-ORPHAN-A")[0], "about.md": page}
    errors = build_failing(write_site(tmp_path, files))
    assert any("content/about.md:3:" in e and "[GT018]" in e and "OBJ-TYPO" in e for e in errors), errors


def test_block_style_supports_removed_fails_the_build(tmp_path: Path) -> None:
    plan = PLAN_A.split("  - id: CMP-ORPHAN-A")[0].replace(
        "    supports: [OBJ-GROW]\n", "    supports:\n      - id: OBJ-GROW\n        weight: 2\n    # why: pipeline\n"
    )
    files = {**VALID_WIKI, "plans/a.yml": plan}
    config_file = write_site(tmp_path, files)
    build_site(config_file)
    broken = remove_key(plan, "campaigns", "CMP-LINKED", "supports")
    assert "supports" not in load_yaml_text(broken)["campaigns"][0]
    assert "# why: pipeline" in broken
    (tmp_path / "content/plans/a.yml").write_text(broken, encoding="utf-8")
    errors = build_failing(config_file)
    assert [e for e in errors if "[GT001]" in e] == [
        f"goldenthread: content/plans/a.yml:{_line_of(broken, 'id: CMP-LINKED')}:9: error[GT001] campaign "
        "CMP-LINKED has no golden thread: it has no 'supports' link to an objective\n"
        "    hint: add 'supports: [OBJ-…]' naming the objective this campaign serves"
    ]


def load_yaml_text(text: str) -> Any:
    return yaml.safe_load(text)


# -- every campaign of the example ----------------------------------------------------------------
CAMPAIGNS_FILE = "content/plans/2027/campaigns.yml"
EXAMPLE_CAMPAIGNS = load_yaml(REPO_ROOT / CAMPAIGNS_FILE)["campaigns"]
EXAMPLE_TACTICS = load_yaml(REPO_ROOT / "content/plans/2027/tactics.yml")["tactics"]
#: Checked through the command line as well (exit code); the rest in-process.
VIA_CLI = {"CMP-PAID-SEARCH-CLOSE", "CMP-WEBINAR-CLOSE-CLINIC"}


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("gate-example")
    copy_example(root)
    return root


def _break(example_copy: Path, dest: Path, campaign_id: str) -> tuple[Path, str, int]:
    """A copy of the example with ``campaign_id``'s supports removed: (config, text, id line)."""
    shutil.copytree(example_copy, dest)
    path = dest / CAMPAIGNS_FILE
    original = path.read_text(encoding="utf-8")
    broken = remove_key(original, "campaigns", campaign_id, "supports")
    before = {c["id"]: c for c in yaml.safe_load(original)["campaigns"]}
    after = {c["id"]: c for c in yaml.safe_load(broken)["campaigns"]}
    assert "supports" not in after[campaign_id]
    assert after == {**before, campaign_id: {k: v for k, v in before[campaign_id].items() if k != "supports"}}
    path.write_text(broken, encoding="utf-8")
    return dest / "mkdocs.yml", broken, _line_of(broken, rf"- id: {re.escape(campaign_id)}\s*$")


def _stranded(campaign_id: str) -> set[str]:
    """Items that lose their thread with the campaign: itself and its tactics without own supports."""
    return {campaign_id} | {t["id"] for t in EXAMPLE_TACTICS if t["campaign"] == campaign_id and not t.get("supports")}


@pytest.mark.parametrize("campaign_id", [c["id"] for c in EXAMPLE_CAMPAIGNS])
def test_example_campaign_without_supports_fails_the_build(
    example_copy: Path, tmp_path: Path, campaign_id: str
) -> None:
    config_file, _, line = _break(example_copy, tmp_path / "wiki", campaign_id)
    if campaign_id in VIA_CLI:
        code, output = _mkdocs_build(config_file)
        assert code != 0, output
        errors = [line.split("-  ", 1)[-1] for line in output.splitlines() if line.startswith("ERROR")]
    else:
        errors = build_failing(config_file)
    named = {m.group(1) for e in errors if (m := re.search(r"\[GT001\] \w+ (\S+) has no golden thread", e))}
    assert named == _stranded(campaign_id), "\n".join(errors)
    assert any(e.startswith(f"goldenthread: {CAMPAIGNS_FILE}:{line}:") and campaign_id in e for e in errors), "\n".join(
        errors
    )
    assert not (tmp_path / "wiki/site/index.html").exists()
