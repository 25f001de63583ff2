"""``mkdocs build`` logs diagnostics in the very words ``goldenthread check`` prints (one
formatter, core/diagnostic_text.py), capped per rule with the same hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from goldenthread.cli import main
from goldenthread.core.diagnostic_text import PER_RULE_CAP
from site_helpers import build_failing, write_site
from wikis import VALID_WIKI


def test_build_log_and_check_print_the_same_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    extra = "".join(
        f"  - id: CMP-LOOSE-{n}\n    title: Loose {n}\n    plan: PLAN-2027\n"
        f"    start: 2027-02-01\n    end: 2027-03-01\n"
        for n in range(PER_RULE_CAP + 3)
    )
    plan = VALID_WIKI["plan.yml"].replace("tactics:\n", extra + "tactics:\n")
    config = write_site(tmp_path, {**VALID_WIKI, "plan.yml": plan})
    logged = build_failing(config)
    monkeypatch.chdir(tmp_path)
    assert main(["check", "-f", str(config)]) == 1
    printed = capsys.readouterr().out
    expected = [line.removeprefix("goldenthread: ") for line in logged if "GT001" in line]
    first = "content/plan.yml:14:9: error[GT001] campaign CMP-LOOSE-0 has no golden thread"
    assert expected[0].startswith(first) and "\n    hint: " in expected[0]
    assert expected[-1] == (
        "… and 3 more GT001 (missing-thread) not shown; run 'goldenthread check --all' for every one"
    )
    assert len(expected) == PER_RULE_CAP + 1
    # every logged entry, hint line included, is what check printed for it, in the same order
    lines = printed.split("\n")
    at = [lines.index(entry.split("\n")[0]) for entry in expected]
    assert at == sorted(at)
    for entry, i in zip(expected, at, strict=True):
        assert "\n".join(lines[i : i + entry.count("\n") + 1]) == entry
